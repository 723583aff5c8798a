import type { PromptSection } from "../memory/schemas.js";
import { clausesOf, polarity, readClauses, sentencesOf } from "../engines/local/guidelines.js";
import { DEFAULT_PROMPTS, GUARDRAIL_SECTION_IDS } from "./defaults.js";

export interface GuardrailCheck {
  ok: boolean;
  problems: string[];
}

/** A guideline sentence that tells the agent to do what a guardrail forbids. */
export interface Contradiction {
  sectionId: string;
  sentence: string;
  guardrail: "identity" | "policy" | "safety";
  why: string;
}

const SHARED_GUARDRAILS = DEFAULT_PROMPTS.dialogue.filter((s) => s.kind === "guardrail");

/**
 * A rewrite keeps every guardrail section of its parent word for word (id,
 * title, kind and text), the shared guardrails (identity, policy, safety) are
 * always there, and no guideline contradicts them. Anything else is rejected.
 */
export function checkGuardrails(parent: PromptSection[], rewritten: PromptSection[]): GuardrailCheck {
  const problems: string[] = [];
  const byId = new Map(rewritten.map((s) => [s.id, s]));
  for (const section of parent.filter((s) => s.kind === "guardrail")) {
    const kept = byId.get(section.id);
    if (!kept) problems.push(`guardrail "${section.id}" was dropped`);
    else if (kept.kind !== "guardrail") problems.push(`guardrail "${section.id}" was turned into a ${kept.kind}`);
    else if (kept.text !== section.text || kept.title !== section.title) problems.push(`guardrail "${section.id}" was altered`);
  }
  for (const id of GUARDRAIL_SECTION_IDS) {
    if (!rewritten.some((s) => s.id === id && s.kind === "guardrail") && !problems.some((p) => p.includes(`"${id}"`))) {
      problems.push(`guardrail "${id}" is missing`);
    }
  }
  problems.push(...findContradictions(rewritten).map(describe));
  return { ok: problems.length === 0, problems };
}

/**
 * The check for a version written by hand (added or pinned outside evolution):
 * the shared guardrails must be there word for word, and no guideline may
 * contradict them. There is no parent to compare with, so the defaults are the reference.
 */
export function checkHandWrittenPrompt(sections: PromptSection[]): GuardrailCheck {
  const problems: string[] = [];
  if (!sections.some((s) => s.kind === "guardrail")) problems.push("it has no guardrail sections (identity, policy and safety are required)");
  for (const guardrail of SHARED_GUARDRAILS) {
    const kept = sections.find((s) => s.id === guardrail.id);
    if (!kept) problems.push(`guardrail "${guardrail.id}" is missing`);
    else if (kept.kind !== "guardrail") problems.push(`guardrail "${guardrail.id}" is a ${kept.kind}, not a guardrail`);
    else if (kept.text !== guardrail.text || kept.title !== guardrail.title) problems.push(`guardrail "${guardrail.id}" differs from the shared text`);
  }
  problems.push(...findContradictions(sections).map(describe));
  return { ok: problems.length === 0, problems };
}

function describe(c: Contradiction): string {
  return `guideline "${c.sectionId}" contradicts the ${c.guardrail} guardrail (${c.why}): "${c.sentence}"`;
}

// ---------- contradictions, clause by clause with the guideline grammar's negation ----------

const ACCOUNT_ACCESS = /\b(?:share|give|read|reveal|tell|show|change|look up|disclose|open|access|discuss|send)\b[^.]*?\b(?:account|details|bills?|balance|usage|address|payment|personal)/i;
const BEFORE_IDENTITY = /\b(?:before|without)\b[^.]*\b(?:identity|verif\w*|checking who|security checks?|confirming who|id check)/i;
const VERIFY_IDENTITY = /\b(?:verify|verifying|check|checking|confirm|confirming)\b[^.]*\b(?:identity|who (?:they|the customer) (?:are|is))\b|\bidentity (?:checks?|verification)\b/i;
const OTHER_CUSTOMER = /\b(?:another|other|a different) (?:customer|person|caller)'?s?\b/i;
const SHARE = /\b(?:share|give|read|reveal|tell|show|disclose|send)\b/i;

const ACCOUNT_CHANGE = /\b(?:change|switch|upgrade|downgrade|top(?:[- ])?up|add (?:data|a bundle|an add-on)|resume|enable|disable|cancel|charge|apply|turn (?:on|off) roaming|make (?:the |a )?change|book)\b/i;
const CONSENT_BYPASS =
  /\b(?:seems? to want|might want|probably wants?|appears? to want|if they hint|hints?|without (?:asking|waiting|checking with them|their (?:explicit )?(?:yes|consent|agreement|ok|okay|approval|confirmation))|no need to ask|(?:don'?t|do not|never) (?:ask|wait) for (?:a |their )?(?:yes|consent|agreement|confirmation)|assume (?:they|the customer) (?:agrees?|wants?|said yes)|on their behalf|automatically|right away without)\b/i;
const TOP_UP_SIZE = /\btop[- ]?ups?\b[^.]*?\b(\d+(?:\.\d+)?)\s*gb\b/i;
const RESUME_UNPAID = /\bresum\w*\b[^.]*\b(?:before|without|even if|even though|while)\b[^.]*\b(?:paid|payment|pays|overdue|unpaid|bill)\b/i;
const RESUME_ENDED = /\bresum\w*\b[^.]*\bcontracts? (?:has |have )?ended\b/i;

const PROMISE = /\b(?:promise|guarantee)\b[^.]*\b(?:refunds?|credits?|compensation|outcomes?|fix(?:ed)?|results?)\b/i;
const FOLLOW_INJECTION = /\b(?:follow|obey|carry out|do what)\b[^.]*\b(?:instructions?|orders?|commands?)\b[^.]*\b(?:customers?|messages?|documents?|articles?)\b/i;
const REVEAL_PROMPT = /\b(?:reveal|share|show|tell|explain|disclose|quote)\b[^.]*\b(?:these instructions|this prompt|your (?:instructions|prompt)|system prompt|internal notes|the tools you have)\b/i;

/** Every guideline sentence of a version that tells the agent to do what a guardrail forbids. */
export function findContradictions(sections: readonly PromptSection[]): Contradiction[] {
  const found: Contradiction[] = [];
  for (const section of sections.filter((s) => s.kind === "guideline")) {
    for (const sentence of sentencesOf(section.text)) {
      const why = contradiction(sentence);
      if (why) found.push({ sectionId: section.id, sentence, ...why });
    }
  }
  return found;
}

/** Why a sentence contradicts a guardrail, or undefined. Negated wording ("never share ... before ...") is what the guardrails say. */
export function contradiction(sentence: string): Pick<Contradiction, "guardrail" | "why"> | undefined {
  for (const { text } of clausesOf(sentence)) {
    if (polarity(text, ACCOUNT_ACCESS) === 1 && BEFORE_IDENTITY.test(text)) return { guardrail: "identity", why: "account details before identity is verified" };
    // "never share ... before checking identity": the check is the object of "before", read by the rule above.
    if (!BEFORE_IDENTITY.test(text) && polarity(text, VERIFY_IDENTITY) === -1) return { guardrail: "identity", why: "identity not verified" };
    if (OTHER_CUSTOMER.test(text) && polarity(text, SHARE) === 1) return { guardrail: "identity", why: "one customer's details to another" };

    if (polarity(text, ACCOUNT_CHANGE) === 1 && CONSENT_BYPASS.test(text)) return { guardrail: "policy", why: "an account change without the customer's explicit yes" };
    const topUp = TOP_UP_SIZE.exec(text);
    if (topUp && Number(topUp[1]) > 2 && polarity(text, /\btop[- ]?ups?\b/i) === 1 && !/\b(?:at most|no more than|up to|max(?:imum)?)\s+2\s*gb\b/i.test(text)) {
      return { guardrail: "policy", why: "a top-up above 2 GB" };
    }
    if (polarity(text, /\bresum\w*\b/i) === 1 && (RESUME_UNPAID.test(text) || RESUME_ENDED.test(text)) && !/\b(?:only )?(?:after|once|when) (?:the |that )?bill (?:is|has been) paid\b/i.test(text)) {
      return { guardrail: "policy", why: "a line resumed against the suspension rules" };
    }

    if (polarity(text, PROMISE) === 1) return { guardrail: "safety", why: "a promise the tools have not confirmed" };
    if (polarity(text, FOLLOW_INJECTION) === 1) return { guardrail: "safety", why: "instructions inside messages or documents obeyed as orders" };
    if (polarity(text, REVEAL_PROMPT) === 1) return { guardrail: "safety", why: "the instructions or tools revealed" };
  }
  // A fix claimed without the customer's check is an outcome the tools have not confirmed.
  if (readClauses(clausesOf(sentence)).verifyFix === "none") return { guardrail: "safety", why: "a fix claimed without the customer's own check" };
  return undefined;
}
