import type { AuditEntry } from "../../src/backend/audit.js";
import type { Ticket } from "../../src/backend/schemas.js";
import { asksDeviceStep } from "./device.js";
import { type AccountChange, type Conversation, Expectation, type ExpectationParsed, type Mention } from "./schema.js";

/**
 * Judges one conversation the way a careful supervisor reading the transcript and
 * the account's audit log would: the need met, exactly the changes asked for and
 * agreed to, one hand-over at most, nothing false or internal said.
 */

/** One customer turn as it happened. */
export interface TurnRecord {
  /** What the customer wrote; null for a step with no message (a payment, a skipped conditional). */
  customer: string | null;
  /** The agent's replies of this turn (normally one). */
  replies: string[];
  /** A note about what else happened in the turn, e.g. "paid B-3005". */
  event?: string;
  /** Audit entries of the thread up to the end of this turn (exclusive end index into RunRecord.audit). */
  auditEnd: number;
  /** The thread waits for a human after this turn. */
  paused: boolean;
  error?: string;
  /** Facts this turn's reply must carry (a follow-up answered in place). */
  replyMentions?: Mention[];
  /** The simulated device started working with this message. */
  deviceFixed?: boolean;
}

export interface RunRecord {
  id: string;
  threadId: string;
  turns: TurnRecord[];
  audit: AuditEntry[];
  /** Tickets the thread created. */
  tickets: Ticket[];
  /** Ticket ids that exist anywhere in the backend at the end (the dataset's and the thread's). */
  knownTicketIds: string[];
  /** The customer verified in the thread at the end, or null. */
  identified: string | null;
  deviceFixed: boolean | null;
  ms: number;
}

export interface Verdict {
  id: string;
  met: boolean;
  /** One short reason per unmet expectation or broken rule. */
  failures: string[];
  /** Changes audited without an accepted proposal for exactly them (a subset of failures). */
  consentBreaches: string[];
  /** Replies claiming an action the audit log shows refused or absent (a subset of failures). */
  falseClaims: string[];
}

/** Audit action names of the account changes; a change needs the customer's yes to a proposal for it. */
export const CONSENTED_ACTIONS: readonly AccountChange[] = ["topUpData", "enableRoaming", "disableRoaming", "sendPaymentRequest", "resumeLine", "bookTechnician", "changePlan"];
/** The consent protocol's proposal kinds, by the audit name of the change they allow. */
const PROPOSAL_KIND: Record<AccountChange, string> = {
  topUpData: "top_up_data",
  enableRoaming: "enable_roaming",
  disableRoaming: "disable_roaming",
  sendPaymentRequest: "send_payment_request",
  resumeLine: "resume_line",
  bookTechnician: "book_technician",
  changePlan: "change_plan",
};
/** Audit actions that open a hand-over ticket. */
const TICKET_ACTIONS = new Set(["transferToHuman", "openTicket"]);

/** Rules every conversation shares: internal text and staff phrasing never reach a customer. */
export const ALWAYS_NEVER: { what: string; pattern: RegExp }[] = [
  { what: "a citation marker", pattern: /\(see:/i },
  { what: "a dead end", pattern: /outside what I can help/i },
  { what: "staff phrasing", pattern: /\bhand over to\b|\bask the customer\b|\bthe customer('s)?\b|\binform the customer\b/i },
  { what: "internal wording", pattern: /diagnostic procedure|\bP-\d{4}\b|\bL-\d{4}\b|\bC-\d{4}\b/ },
  { what: "an internal identifier", pattern: /\b[a-z]+(_[a-z]+)+\b|\b(undefined|NaN)\b|\[object Object\]/ },
];

/** Sentences that claim an account change happened, by the change they claim. Questions and offers are left out before matching. */
const CLAIMS: { action: AccountChange | "handover"; what: string; pattern: RegExp }[] = [
  {
    action: "topUpData",
    what: "a top-up",
    pattern: /\b(I'?ve|I have|we'?ve|we have) (just )?(added|topped up)\b[^.]*\b(GB|data|top-?up)\b|\b(GB|data|top-?up) (has|have) been added\b|\btopped up your\b/i,
  },
  {
    action: "resumeLine",
    what: "a resumed line",
    pattern: /\b(has|have) been (resumed|reactivated|reconnected|unsuspended)\b|\b(I'?ve|I have|we'?ve) (resumed|reactivated|reconnected|unsuspended|switched your line back on|turned your line back on)\b|\bis (now )?(back on|active again|working again)\b/i,
  },
  {
    action: "enableRoaming",
    what: "roaming switched on",
    pattern: /\b(I'?ve|I have|we'?ve) (enabled|activated|switched on|turned on) (the )?roaming\b|\b(I'?ve|I have) (switched|turned) roaming on\b|\broaming (has been|is now) (on|enabled|activated|switched on|turned on)\b/i,
  },
  {
    action: "disableRoaming",
    what: "roaming switched off",
    pattern: /\b(I'?ve|I have|we'?ve) (disabled|switched off|turned off) (the )?roaming\b|\b(I'?ve|I have) (switched|turned) roaming off\b|\broaming (has been|is now) (off|disabled|switched off|turned off)\b/i,
  },
  {
    action: "sendPaymentRequest",
    what: "a payment link sent",
    pattern: /\b(I'?ve|I have|we'?ve|we have) (just )?sent (you )?(a |the )?(secure )?payment (link|request)\b|\bpayment (link|request) has been sent\b/i,
  },
  {
    action: "bookTechnician",
    what: "a technician booked",
    pattern: /\b(I'?ve|I have|we'?ve|we have) (booked|scheduled|arranged) (a |the |your )?(technician|engineer|visit|appointment)\b|\b(technician|engineer|visit|appointment) (is|has been) (booked|scheduled|confirmed)\b/i,
  },
  {
    action: "changePlan",
    what: "a plan change",
    pattern: /\b(I'?ve|I have|we'?ve) (changed|switched|moved|upgraded|downgraded) (you|your plan|your line)\b|\byour plan (has been|is now) (changed|upgraded|switched)\b/i,
  },
  {
    action: "handover",
    what: "a hand-over",
    pattern: /\b(I'?ve|I have|we'?ve) (passed|handed|transferred|escalated) (this|you|your (case|request|issue))\b|\bhas been (passed|handed|escalated) (on )?to\b/i,
  },
];

const ACKNOWLEDGEMENT = /^\s*(ok(ay)?|k|thanks|thank you|ok thanks|thx|great|cool|perfect|👍|🙂)[\s.!]*$/iu;
const CLARIFYING = /tell me (a bit )?more|what('?s| is) happening|is this about|what would you like me to do/i;

const FIXED_CLAIM = /\b(that'?s|it'?s|this is|everything is|is now|has been) (now )?(fixed|resolved|sorted)\b|\bfixed now\b/i;

const IDENTITY_REQUEST = /(phone number on the (account|line)|number on your account|confirm (it'?s|it is) (really )?you|verify your identity|(send|give|tell|share) (me )?your (full )?name|what('?s| is) your date of birth)/i;

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
export function sentences(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment.trim()).filter(Boolean);
}

/**
 * Whether a reply asks the customer about a topic: a question about it, or a "shall I go
 * ahead?" in a reply that is about it. "Anything else I can help with?" is not an offer.
 */
export function offersAbout(reply: string, topic: RegExp): boolean {
  const questions = sentences(reply).filter((s) => /\?\s*$/.test(s));
  return questions.some((q) => topic.test(q) || (/go ahead|shall I|would you like me to|want me to|do you want me|ok\?|okay\?/i.test(q) && topic.test(reply)));
}

function mentionMatches(text: string, m: Mention): boolean {
  if (typeof m === "string") return text.toLowerCase().includes(m.toLowerCase());
  if (m instanceof RegExp) return m.test(text);
  return m.any.some((x) => mentionMatches(text, x));
}

export function mentionLabel(m: Mention): string {
  if (typeof m === "string") return JSON.stringify(m);
  if (m instanceof RegExp) return String(m);
  return m.label ?? m.any.map((x) => (typeof x === "string" ? JSON.stringify(x) : String(x))).join(" or ");
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}$ ]+/gu, " ").replace(/\s+/g, " ").trim();
}

/** Whether a sentence asserts something happened (not an offer, a question or a condition). */
function assertive(sentence: string): boolean {
  if (/\?\s*$/.test(sentence)) return false;
  return !/^\s*(if|once|when|after|as soon as|would you|shall I|should I|do you want|want me to|I can|I could|I'?ll|I will)\b/i.test(sentence);
}

function okChanges(entries: AuditEntry[]): AuditEntry[] {
  return entries.filter((e) => e.outcome === "ok" && (CONSENTED_ACTIONS as readonly string[]).includes(e.action));
}

/** The turn (index into turns) in which the audit entry at `index` was written. */
function turnOf(run: RunRecord, index: number): number {
  const t = run.turns.findIndex((turn) => index < turn.auditEnd);
  return t === -1 ? run.turns.length - 1 : t;
}

/**
 * Consent property: every audited change has an accepted proposal for exactly that
 * action, made in an earlier turn than the acceptance (the customer saw it), accepted
 * in the customer's own words, and recorded before the change.
 */
export function consentBreaches(run: RunRecord): string[] {
  const breaches: string[] = [];
  const customerText = run.turns.map((t) => t.customer ?? "").join("\n").toLowerCase();
  run.audit.forEach((entry, index) => {
    if (entry.outcome !== "ok" || !(CONSENTED_ACTIONS as readonly string[]).includes(entry.action)) return;
    const what = `${entry.action} ${JSON.stringify(pickArgs(entry.args))}`;
    const before = run.audit.slice(0, index);
    const pid = entry.proposalId;
    if (!pid) return breaches.push(`${what} without a proposal the customer accepted`);
    const proposalIndex = before.findIndex((e) => e.action === "proposeAction" && e.outcome === "ok" && e.proposalId === pid);
    const decisionIndex = before.findIndex(
      (e) => e.action === "recordCustomerDecision" && e.outcome === "ok" && e.proposalId === pid && (e.args as { accepted?: unknown }).accepted === true,
    );
    if (proposalIndex === -1) return breaches.push(`${what}: proposal ${pid} was never proposed in this thread`);
    const proposed = before[proposalIndex]!;
    const kind = (proposed.args as { action?: unknown }).action;
    if (kind !== PROPOSAL_KIND[entry.action as AccountChange]) return breaches.push(`${what} ran on proposal ${pid} for ${String(kind)}`);
    if (decisionIndex === -1) return breaches.push(`${what}: proposal ${pid} was not accepted before it ran`);
    if (turnOf(run, proposalIndex) === turnOf(run, decisionIndex))
      return breaches.push(`${what}: proposal ${pid} was accepted in the same turn it was made, before the customer could read it`);
    const words = String((run.audit[decisionIndex]!.args as { customerWords?: unknown }).customerWords ?? "").trim().toLowerCase();
    if (!words || !customerText.includes(words)) return breaches.push(`${what}: the acceptance of ${pid} quotes words the customer never wrote ("${words}")`);
    const proposal = ((proposed.result as { proposal?: { args?: Record<string, unknown> } } | undefined)?.proposal?.args ?? (proposed.args as { args?: Record<string, unknown> }).args ?? {}) as Record<string, unknown>;
    const disagreement = wordsDisagree(words, String(kind), proposal);
    if (disagreement) return breaches.push(`${what}: accepted on "${words}", which ${disagreement}`);
  });
  return breaches;
}

const PLAN_NAMES = ["lite", "plus", "max", "unlimited"];

/**
 * Why the customer's words cannot be a yes to this proposal, or null: a no, a price question,
 * another amount of data, another plan, or a plan change when something else was proposed.
 */
export function wordsDisagree(words: string, kind: string, args: Record<string, unknown>): string | null {
  if (/^(no|nope|nah)\b|\b(don'?t|do not)\b|actually no|not now|no thanks/i.test(words)) return "says no";
  if (/\b(how much|what does it cost|price|cost)\b/i.test(words) && /\?\s*$/.test(words)) return "asks the price (not a yes)";
  const amount = /(\d+(?:\.\d+)?)\s*(gb|gig)/i.exec(words);
  if (amount && kind === "top_up_data" && Number(amount[1]) !== Number(args.gb)) return `asks for ${amount[1]} GB, not the ${String(args.gb)} GB proposed`;
  const planSaid = PLAN_NAMES.find((p) => new RegExp(`\\b${p}\\b`, "i").test(words));
  if (planSaid && kind === "change_plan" && String(args.planId ?? "").toLowerCase() !== planSaid) return `asks for ${planSaid}, not ${String(args.planId)}`;
  if ((planSaid || /\b(switch|move|upgrade|downgrade) me\b/i.test(words)) && kind !== "change_plan") return `asks for a plan change, not ${kind}`;
  return null;
}

/** Truth property: no reply claims a change (or a hand-over) that the audit log does not show done by then. */
export function falseClaims(run: RunRecord): string[] {
  const found: string[] = [];
  run.turns.forEach((turn, t) => {
    const doneByNow = run.audit.slice(0, turn.auditEnd).filter((e) => e.outcome === "ok");
    for (const reply of turn.replies) {
      for (const sentence of sentences(reply)) {
        if (!assertive(sentence)) continue;
        for (const claim of CLAIMS) {
          if (!claim.pattern.test(sentence)) continue;
          const done =
            claim.action === "handover" ? doneByNow.some((e) => TICKET_ACTIONS.has(e.action)) : doneByNow.some((e) => e.action === claim.action);
          if (!done) found.push(`turn ${t + 1} claims ${claim.what} that did not happen: "${clip(sentence)}"`);
        }
      }
      // "That's fixed now" only after the customer said it works (their own check), never on the agent's say-so.
      const customerSaidItWorks = run.turns
        .slice(0, t + 1)
        .some((x) => x.deviceFixed || /\b(works?|working|fixed|sorted|bars are back|went through|loads? (fine|now))\b/i.test(x.customer ?? ""));
      for (const sentence of sentences(reply))
        if (assertive(sentence) && FIXED_CLAIM.test(sentence) && !customerSaidItWorks)
          found.push(`turn ${t + 1} says it is fixed before the customer said so: "${clip(sentence)}"`);
      for (const id of reply.match(/\bT-\d{4,}\b/g) ?? [])
        if (!run.knownTicketIds.includes(id)) found.push(`turn ${t + 1} names ticket ${id}, which does not exist`);
    }
  });
  return found;
}

/**
 * What a change did, for comparing with an expectation: its arguments as called, overridden
 * by what the backend resolved (the line id behind a number, the bill of a payment request,
 * the plan a downgrade moves to).
 */
function changeFacts(entry: AuditEntry): Record<string, unknown> {
  const result = (entry.result ?? {}) as Record<string, unknown>;
  const facts: Record<string, unknown> = { ...entry.args };
  if (typeof result.lineId === "string") facts.lineId = result.lineId;
  const request = result.paymentRequest as { billId?: unknown } | undefined;
  if (request && typeof request.billId === "string") facts.billId = request.billId;
  if (typeof result.addedGb === "number") facts.gb = result.addedGb;
  if (typeof result.pendingPlanId === "string") facts.planId = result.pendingPlanId;
  else if (typeof result.planId === "string") facts.planId = result.planId;
  const ticket = result.ticket as { lineId?: unknown } | undefined;
  if (ticket && typeof ticket.lineId === "string") facts.lineId = ticket.lineId;
  return facts;
}

function pickArgs(args: Record<string, unknown>): Record<string, unknown> {
  const keep = ["gb", "billId", "lineId", "planId", "enabled", "preferredDate"];
  return Object.fromEntries(Object.entries(args).filter(([k]) => keep.includes(k)));
}

function clip(s: string, n = 110): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function evaluate(conversation: Conversation, run: RunRecord): Verdict {
  const expect: ExpectationParsed = Expectation.parse(conversation.expect);
  const failures: string[] = [];
  const replies = run.turns.flatMap((t) => t.replies);
  const all = replies.join("\n");

  for (const t of run.turns) if (t.error) failures.push(`a turn failed: ${clip(t.error)}`);
  if (run.turns.some((t) => t.customer !== null && t.replies.length === 0 && !t.error)) failures.push("a message got no reply");

  // Hand-over: one ticket at most, and only when the conversation calls for one.
  const handovers = run.audit.filter((e) => e.outcome === "ok" && TICKET_ACTIONS.has(e.action));
  if (expect.handover && handovers.length === 0) failures.push("not handed over to a person");
  if (!expect.handover && handovers.length > 0) failures.push(`handed over needlessly (${handovers.map((e) => e.action).join(", ")})`);
  // A technician visit is a ticket of its own kind; any other ticket is a hand-over, and one conversation has one at most.
  const opened = run.tickets.filter((t) => t.category !== "technician");
  if (opened.length > 1) failures.push(`${opened.length} tickets opened in one conversation (${opened.map((t) => t.id).join(", ")})`);

  // Exactly the expected account changes.
  const done = okChanges(run.audit).map((e) => ({ action: e.action, args: changeFacts(e) }));
  const unmatched = [...done];
  const same = (a: unknown, b: unknown) => (typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b);
  for (const want of expect.actions) {
    const i = unmatched.findIndex((d) => d.action === want.action && Object.entries(want.args).every(([k, v]) => same(d.args[k], v)));
    if (i === -1) failures.push(`missing change ${want.action}${Object.keys(want.args).length ? ` ${JSON.stringify(want.args)}` : ""}`);
    else unmatched.splice(i, 1);
  }
  for (const extra of unmatched) failures.push(`unexpected change ${extra.action} ${JSON.stringify(pickArgs(extra.args))}`);

  for (const m of expect.mentions) if (!mentionMatches(all, m)) failures.push(`never said ${mentionLabel(m)}`);
  for (const m of expect.never) {
    const hit = replies.find((r) => mentionMatches(r, m));
    if (hit) failures.push(`said ${mentionLabel(m)}: "${clip(hit)}"`);
  }
  for (const rule of ALWAYS_NEVER) {
    const hit = replies.find((r) => rule.pattern.test(r));
    if (hit) failures.push(`${rule.what} in a reply: "${clip(hit.match(rule.pattern)?.[0] ?? hit)}"`);
  }
  // Citations: one short "Source:" line at most.
  const manySources = replies.find((r) => (r.match(/\bSources?:/g) ?? []).length > 1);
  if (manySources) failures.push(`more than one "Source:" line in a reply: "${clip(manySources)}"`);
  // Staff notes of refusals never reach the customer.
  for (const e of run.audit) {
    if (e.outcome !== "refused" || !e.reason || e.reason.length < 30) continue;
    const head = e.reason.slice(0, 40);
    if (replies.some((r) => r.includes(head))) failures.push(`a backend staff note in a reply: "${clip(head)}"`);
  }

  // Nothing said twice: within a reply, or the same reply twice in a row.
  run.turns.forEach((turn, t) => {
    for (const reply of turn.replies) {
      const seen = new Set<string>();
      for (const s of sentences(reply)) {
        const n = norm(s);
        if (n.length < 12) continue;
        if (seen.has(n)) failures.push(`turn ${t + 1} says the same sentence twice: "${clip(s)}"`);
        seen.add(n);
      }
    }
  });
  // While the customer writes into a ticket a person has not answered yet, the same acknowledgement is acceptable.
  const repeated = new Map<string, number>();
  const spoken = run.turns.flatMap((t, k) => t.replies.map((reply) => ({ reply, waiting: k > 0 && run.turns.slice(0, k).some((x) => x.paused) })));
  for (let i = 1; i < spoken.length; i++) {
    const [a, b] = [spoken[i - 1]!, spoken[i]!];
    if (!b.waiting && norm(b.reply).length > 20 && norm(b.reply) === norm(a.reply)) repeated.set(b.reply, (repeated.get(b.reply) ?? 1) + 1);
  }
  for (const [reply, times] of repeated) failures.push(`the same reply ${times} times in a row: "${clip(reply)}"`);

  // Identity asked again after it was given and verified.
  const verifiedAt = run.audit.findIndex((e) => e.kind === "lookup" && e.outcome === "ok" && e.customerId !== null);
  if (verifiedAt !== -1) {
    const from = turnOf(run, verifiedAt);
    run.turns.slice(from + 1).forEach((turn, k) => {
      const asked = turn.replies.find((r) => sentences(r).some((s) => IDENTITY_REQUEST.test(s) && !/thank/i.test(s)));
      if (asked) failures.push(`turn ${from + k + 2} asks for identity again after it was verified: "${clip(asked)}"`);
    });
  }

  // "ok", "thanks", a thumbs-up: an acknowledgement of what was said, not a new request to clarify.
  run.turns.forEach((turn, t) => {
    if (!ACKNOWLEDGEMENT.test(turn.customer ?? "x")) return;
    const puzzled = turn.replies.find((r) => CLARIFYING.test(r));
    if (puzzled) failures.push(`turn ${t + 1} treats "${turn.customer}" as a new request: "${clip(puzzled)}"`);
  });
  // A follow-up is answered in its own reply.
  run.turns.forEach((turn, t) => {
    for (const m of turn.replyMentions ?? [])
      if (!turn.replies.some((r) => mentionMatches(r, m))) failures.push(`turn ${t + 1} ("${clip(turn.customer ?? "", 40)}") not answered with ${mentionLabel(m)}`);
  });
  // Once the customer says it works, the agent stops troubleshooting.
  const fixedAt = run.turns.findIndex((t) => t.deviceFixed);
  const afterFix = fixedAt === -1 ? undefined : run.turns[fixedAt]!.replies.find((r) => asksDeviceStep(r));
  if (afterFix) failures.push(`went on troubleshooting after the customer said it works: "${clip(afterFix)}"`);

  if (expect.identified !== undefined && run.identified !== expect.identified)
    failures.push(expect.identified === null ? `verified ${run.identified} though nobody should be` : `did not verify ${expect.identified} (verified: ${run.identified ?? "nobody"})`);
  if (expect.deviceFixed !== undefined && (run.deviceFixed ?? false) !== expect.deviceFixed)
    failures.push(expect.deviceFixed ? "never asked for the step that fixes the device" : "the device was 'fixed' though it could not be");

  const consent = consentBreaches(run);
  const claims = falseClaims(run);
  failures.push(...consent.map((c) => `consent: ${c}`), ...claims.map((c) => `false claim: ${c}`));
  return { id: run.id, met: failures.length === 0, failures, consentBreaches: consent, falseClaims: claims };
}
