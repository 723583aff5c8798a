import type { Pending } from "./pending.js";

/**
 * Checks a reply written by a model against what actually happened in the turn,
 * before the customer reads it. A reply is rejected when it
 * - claims an action (a top-up, roaming on or off, a payment link, a resume, a
 *   plan change, a technician visit, a credit) that is not among this turn's
 *   successful account actions,
 * - leaves out the price of the proposal the customer is asked to say yes to, or
 * - shows internal text (ids, codes, JSON, stack traces, prompt headings).
 * The caller then uses the local reply, which is composed from the account
 * role's own sentences. Plain functions, so every engine can use them.
 */

/** What the reply is checked against. */
export interface ReplyFacts {
  /** Account actions of this turn, with whether they succeeded. */
  accountActions: { action: string; ok: boolean }[];
  /** What the reply's question waits for (a proposal with its price, an amount with its options). */
  pending?: Pending | null;
}

export type ReplyProblem =
  | { kind: "claims_action_not_taken"; action: string; words: string }
  | { kind: "drops_price"; price: number }
  | { kind: "internal_text"; words: string };

// "I've added", "I have just switched", "we've booked", "I added": the agent saying it did something.
// A negation ("I haven't added", "I didn't add") or a modal ("I can add") never matches.
const AGENT_DID = String.raw`\b(?:i|we)(?:'ve|’ve| have)?\s+(?:just\s+|now\s+|already\s+|also\s+|gone ahead and\s+|successfully\s+)?`;
const SAME_SENTENCE = String.raw`[^.!?]*`;
const re = (source: string) => new RegExp(source, "i");

/** Sentences that claim each action was done; "credit" stands for things the agent can never do in chat. */
const CLAIMS: Record<string, RegExp[]> = {
  top_up_data: [
    re(`${AGENT_DID}(?:added|applied|topped up|put|bought|purchased|given you|loaded|credited)${SAME_SENTENCE}\\b(?:gb|gigs?|data|top-?up)\\b`),
    re(String.raw`\b(?:top-?up|data|\d+(?:\.\d+)?\s?gb)\b[^.!?]*\b(?:has been|have been|has now been|is now|are now|was|were)\s+(?:added|applied|credited|topped up)\b`),
    re(String.raw`\b(?:your (?:line|phone|account) (?:is|has been) (?:now )?topped up)\b`),
  ],
  enable_roaming: [
    re(`${AGENT_DID}(?:switched|turned|put|set)${SAME_SENTENCE}\\broaming\\b${SAME_SENTENCE}\\bon\\b`),
    re(`${AGENT_DID}(?:switched on|turned on|enabled|activated|unblocked)${SAME_SENTENCE}\\broaming\\b`),
    re(String.raw`\broaming\b[^.!?]*\b(?:is now|'s now|has (?:now )?been)\s+(?:switched |turned )?(?:on|enabled|active|activated)\b`),
  ],
  disable_roaming: [
    re(`${AGENT_DID}(?:switched|turned|put|set)${SAME_SENTENCE}\\broaming\\b${SAME_SENTENCE}\\boff\\b`),
    re(`${AGENT_DID}(?:switched off|turned off|disabled|deactivated|blocked|barred)${SAME_SENTENCE}\\broaming\\b`),
    re(String.raw`\broaming\b[^.!?]*\b(?:is now|'s now|has (?:now )?been)\s+(?:switched |turned )?(?:off|disabled|deactivated)\b`),
  ],
  send_payment_request: [
    re(`${AGENT_DID}(?:sent|texted|emailed|messaged)${SAME_SENTENCE}\\b(?:link|payment request)\\b`),
    re(String.raw`\b(?:payment link|payment request|pay(?:ment)? link)\b[^.!?]*\b(?:has been|have been|was|is now|is on its way)\b`),
  ],
  resume_line: [
    re(`${AGENT_DID}(?:resumed|reactivated|restored|unsuspended|unblocked|reconnected)\\b`),
    re(`${AGENT_DID}(?:switched|turned|put)${SAME_SENTENCE}\\b(?:line|service|phone)\\b${SAME_SENTENCE}\\bback on\\b`),
    re(String.raw`\b(?:line|service|number)\b[^.!?]*\b(?:is now|'s now|has (?:now )?been|is)\s+(?:now\s+)?(?:active again|resumed|reactivated|restored|unsuspended|back on)\b`),
  ],
  change_plan: [
    re(`${AGENT_DID}(?:changed|switched|moved|upgraded|downgraded|put)${SAME_SENTENCE}\\b(?:plan|nimbus \\w+|lite|plus|max|unlimited|fib(?:re|er))\\b`),
    re(String.raw`\b(?:you'?re|you are|your line is|your account is)\s+now on\b`),
    re(String.raw`\bplan\b[^.!?]*\b(?:has been|is now|was)\s+(?:changed|switched|upgraded|downgraded|moved)\b`),
  ],
  book_technician: [
    re(`${AGENT_DID}(?:booked|scheduled|arranged|confirmed)${SAME_SENTENCE}\\b(?:technician|engineer|visit|appointment)\\b`),
    re(String.raw`\b(?:technician|visit|appointment)\b[^.!?]*\b(?:is|has been|is now)\s+(?:now\s+)?(?:booked|scheduled|arranged|confirmed)\b`),
  ],
  credit: [
    re(`${AGENT_DID}(?:refunded|credited|waived|reversed|removed${SAME_SENTENCE}\\b(?:charge|fee)|issued${SAME_SENTENCE}\\b(?:credit|refund))\\b`),
    re(String.raw`\b(?:credit|refund)\b[^.!?]*\b(?:has been|was|is now)\s+(?:issued|applied|added|processed)\b`),
  ],
};

/** Text meant for staff or machines, never for the customer. Ticket numbers (T-…) are the customer's, so allowed. */
const INTERNAL: RegExp[] = [
  /\(see:/i,
  /\b(?:C|L|B|D|P|PM|PR|OUT|AREA)-\d{3,}\b/,
  /\b[a-z]+(?:_[a-z0-9]+)+\b/,
  /[{}]|```/,
  /\bat \S+\.(?:ts|js):\d+/,
  /\b(?:Type|Reference|Syntax)?Error:/,
  /^\s*#{1,3} /m,
  /\b(?:staff note|customerMessage|nextStep|proposalId|thread_?id|system prompt|tool call|function call)\b/i,
  /\b(?:undefined|NaN|null)\b/,
];

/** Amounts of money written in the reply ("$10", "$10.00", "$ 1,200.50"). */
function amountsIn(text: string): number[] {
  return [...text.matchAll(/\$\s?(\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)/g)].map((m) => Number(m[1]!.replace(/,/g, "")));
}

function firstMatch(text: string, patterns: RegExp[]): string | undefined {
  for (const pattern of patterns) {
    const m = pattern.exec(text);
    if (m) return m[0];
  }
  return undefined;
}

/** Every problem of the reply against the turn's facts; an empty list means it may be sent. */
export function findUntruthful(reply: string, facts: ReplyFacts): ReplyProblem[] {
  const problems: ReplyProblem[] = [];
  const done = new Set(facts.accountActions.filter((a) => a.ok).map((a) => a.action));
  for (const [action, patterns] of Object.entries(CLAIMS)) {
    if (done.has(action)) continue;
    const words = firstMatch(reply, patterns);
    if (words) problems.push({ kind: "claims_action_not_taken", action, words });
  }
  const pending = facts.pending;
  const prices = pending?.kind === "consent" ? (pending.price && pending.price > 0 ? [pending.price] : []) : pending?.kind === "amount" ? pending.options.map((o) => o.price) : [];
  const written = amountsIn(reply);
  for (const price of prices) if (!written.some((amount) => Math.abs(amount - price) < 0.005)) problems.push({ kind: "drops_price", price });
  const internal = firstMatch(reply, INTERNAL);
  if (internal) problems.push({ kind: "internal_text", words: internal });
  return problems;
}

/** One line for the trace and logs. */
export function describeProblems(problems: ReplyProblem[]): string {
  return problems
    .map((p) =>
      p.kind === "claims_action_not_taken"
        ? `claims ${p.action} ("${p.words.trim()}") which did not happen this turn`
        : p.kind === "drops_price"
          ? `leaves out the price $${p.price.toFixed(2)} of the pending proposal`
          : `shows internal text ("${p.words.trim()}")`,
    )
    .join("; ");
}
