import type { PromptSection } from "../../memory/schemas.js";
import type { RolePrompt } from "../types.js";

/**
 * Reads the guideline sections of a role prompt into knobs the local engines
 * obey, so that prompt evolution changes local behaviour too. Every knob's
 * default is the behaviour the engines had before any guideline said otherwise.
 *
 * The grammar is small and sentence based:
 *   guideline  := sentence+            (split on . ! ? ; newlines and bullets)
 *   sentence   := clause ("," | "but" | ":" clause)*   (a comma before when/if/unless/only/before/after does not split)
 *   clause     := words, where a NEGATION CUE (never, not, no, don't, without, avoid, skip, stop, no need to ...)
 *                 scopes over every word after it up to the end of the clause.
 * A topic (e.g. apologising) found in a clause is negated when an odd number of
 * cues precede it: "never apologise" is a never, "never declare it fixed without
 * the customer's check" (two cues before "check") is a strict check. A
 * condition ("only when they are upset", "unless the customer is angry") narrows
 * a topic instead of switching it on or off. A never wins over any positive
 * wording elsewhere in the prompt.
 *
 *   role       guideline wording (examples)                                  knob
 *   ---------  ------------------------------------------------------------  -------------------------------------------
 *   dialogue   "at most N words", "N words or fewer", "be curt"              maxWords (curt: 40)
 *              "at most N sentences"                                         maxSentences (knowledge answers too)
 *              "acknowledge ... when they are frustrated"                    empathy "brief": only an upset customer
 *              "always apologise at the start of every reply", "warmly"      empathy "strong": an opening on every problem
 *              "never apologise", "be curt" (with no positive empathy)       empathy "off"
 *              "... naming what went wrong"                                  the acknowledgement names the problem
 *              "mention the customer's history / what fixed similar cases"   useContext
 *              "explain what was checked" / "do not explain what was checked" explainChecks always / never
 *              "don't greet them by name"                                    useName off
 *              "an apology instead of an answer", "give no prices, facts"    withholdAnswer (harmful, obeyed so the loss shows)
 *   knowledge  "at most N sentences", "short", "detailed"                    knowledgeSentences (N, 2, 5)
 *              "use at most N passages", "only the best passage"             maxPassages
 *   technical  "customer-side checks first", "carrier side before ..."       stepOrder device-first / carrier-first
 *              "declare it fixed without a check", "tell them it is fixed"   verifyFix "none" (default: the customer's check)
 *              "explain what was checked on our side"                        explainChecks (the carrier checks are said)
 *   planner    "clarify when confidence is below 0.5"                        clarifyBelow
 *              "never ask a clarifying question"                             clarify "never"
 *              "ask up to two clarifying questions"                          clarifyTimes 2
 *              "hand over after two failed steps"                            handoverAfterFailedSteps
 *              "hand over when the customer is angry" / "never ... upset"    handoverOnUpset
 *              "never hand over before trying two steps"                     minStepsBeforeHandover
 *
 * Guardrail and instruction sections are never read as knobs.
 */

export type EmpathyLevel = "off" | "brief" | "strong";
/** "default": said only while a problem is still open; "always": even when everything was fine; "never". */
export type ExplainChecks = "default" | "always" | "never";

export interface GuidelineKnobs {
  // dialogue
  maxWords?: number;
  maxSentences?: number;
  empathy: EmpathyLevel;
  /** A guideline says never to apologise or acknowledge feelings (it wins over any positive wording). */
  empathyNever: boolean;
  /** "Be curt": short, no warmth. */
  curt: boolean;
  /** The acknowledgement names what went wrong rather than a generic sorry. */
  empathyNamesProblem: boolean;
  useContext: boolean;
  explainChecks: ExplainChecks;
  useName: boolean;
  /** "an apology instead of an answer", "give no prices, facts or steps": the reply withholds what was found (a harmful guideline the engine still obeys, so its loss shows in the scores). */
  withholdAnswer: boolean;
  // knowledge
  /** Knowledge answers: how many sentences to extract. */
  knowledgeSentences?: number;
  /** Knowledge answers: how many of the retrieved passages (best first) to draw on. */
  maxPassages?: number;
  // technical
  stepOrder: "carrier-first" | "device-first";
  verifyFix: "customer-check" | "none";
  // planner
  clarifyBelow?: number;
  clarify: "default" | "never";
  /** Clarifying questions before a still-unclear request goes to a person: 1 (default) or 2 ("clarify up to twice"). */
  clarifyTimes: 1 | 2;
  handoverAfterFailedSteps?: number;
  handoverOnUpset: boolean;
  minStepsBeforeHandover?: number;
}

export const DEFAULT_KNOBS: Readonly<GuidelineKnobs> = Object.freeze({
  empathy: "off",
  empathyNever: false,
  curt: false,
  empathyNamesProblem: false,
  useContext: false,
  explainChecks: "default",
  useName: true,
  withholdAnswer: false,
  stepOrder: "carrier-first",
  verifyFix: "customer-check",
  clarify: "default",
  clarifyTimes: 1,
  handoverOnUpset: false,
});

// ---------- the sentence grammar ----------

/** A negation cue; "no more than 120 words" is a quantity, not a negation. */
const NEGATION =
  /\b(?:never|not|no(?! (?:more|fewer|less|later|longer) than)|don'?t|doesn'?t|didn'?t|won'?t|isn'?t|aren'?t|mustn'?t|shouldn'?t|can'?t|cannot|without|avoid|skip|stop|nor|refrain from|instead of)\b/gi;

export interface Clause {
  text: string;
  /** The whole sentence the clause belongs to (conditions are read there). */
  sentence: string;
}

export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+|\n+|^\s*[-*•]\s+/m)
    .map((s) => s.replace(/^\s*[-*•]\s+/, "").trim())
    .filter(Boolean);
}

export function clausesOf(sentence: string): Clause[] {
  return sentence
    .split(/,(?!\s*(?:unless|except|only|when|if|before|after|until|once|even|as soon as|so that)\b)\s*|\s+but\s+|:\s+|\s+-\s+/i)
    .map((text) => text.trim())
    .filter(Boolean)
    .map((text) => ({ text, sentence }));
}

/** +1 when the topic is asked for, -1 when a negation cue scopes over it, 0 when the clause does not mention it. */
export function polarity(clause: string, topic: RegExp): -1 | 0 | 1 {
  const match = new RegExp(topic.source, topic.flags.replace("g", "")).exec(clause);
  if (!match) return 0;
  const before = clause.slice(0, match.index);
  const cues = before.match(new RegExp(NEGATION.source, "gi"))?.length ?? 0;
  return cues % 2 === 1 ? -1 : 1;
}

function number(raw: string): number {
  const words: Record<string, number> = { one: 1, once: 1, a: 1, an: 1, single: 1, two: 2, twice: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
  return words[raw.toLowerCase()] ?? Number(raw);
}
const COUNT = "(\\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|a|an|single)";

// ---------- topics ----------

const EMPATHY = /\b(?:apolog\w*|say(?:ing)? sorry|sorry|empath\w*|acknowledg\w*|sympath\w*|reassur\w*|validat\w*|comfort\w*)\b/i;
const STRONG = /\b(?:always|every|each|at the start|first|open(?:ing)? with|begin with|warm\w*|sincere\w*|genuine\w*|explicit\w*|validat\w*|stronger|profuse\w*)\b/i;
const UPSET_CONDITION = /\b(?:when|if|where|unless|only|whenever|while)\b[^.]*\b(?:upset|frustrat\w*|angry|annoyed|urgent|distress\w*|negative|cross|stressed)\b/i;
const NAMES_PROBLEM = /\b(?:nam(?:e|ing)|say(?:ing)?|mention(?:ing)?) what (?:went|is going|has gone) wrong\b|\bin your own words\b/i;
const CURT = /\b(?:curt|terse|blunt|no small talk|no pleasantries|to the point|businesslike)\b/i;
const CONTEXT = /\b(?:history|previous (?:contacts?|conversations?|cases?|issues?)|past (?:contacts?|conversations?|cases?|issues?)|similar cases?|last time|what worked|what fixed)\b/i;
const EXPLAIN_CHECKS = /\b(?:what (?:was|we|you|i|has been|is) (?:checked|tested|looked at|found)|(?:the |our )?checks? (?:we|you|i) (?:ran|made|did|run)|every check|what the checks? showed|transparen\w*)\b/i;
const WITHHOLD = /\binstead of (?:an?|the) (?:answer|reply)\b|\bgive no (?:answers?|prices?|facts?|steps?)\b|\b(?:do not|don'?t|never) (?:answer|give (?:prices|facts|steps|the answer))\b/i;
const NAME = /\b(?:first )?name\b/i;
const GREET = /\b(?:use|greet|address|call)\b/i;

const PASSAGES = new RegExp(`\\b(?:at most|no more than|up to|only|just|use|draw on|cite)\\s+(?:only\\s+)?(?:the\\s+)?(?:${COUNT}\\s+)?(?:(?:best|top|single|most relevant)\\s+)*(passages?|sources?|documents?|articles?)\\b`, "i");
const DETAILED = /\b(?:detailed|thorough\w*|in full|in depth|more detail)\b/i;
const SHORT = /\b(?:short(?:er)?|brief(?:er)?|concise|succinct)\b/i;

const CARRIER_SIDE = /\b(?:carrier[- ]side|our side|network side|account side|line checks?|outages?|backend|our tools|network checks?)\b/i;
const DEVICE_SIDE = /\b(?:customer[- ]side|device[- ]side|on the (?:phone|device)|phone settings|device checks?|cheapest|simplest|quickest|easiest|the customer'?s? (?:own )?(?:checks?|steps?))\b/i;
const FIXED = /\b(?:fix(?:ed|es)?|resolved|solved|sorted|working again|a fix)\b/i;
const VERIFY = /\b(?:checks?|confirm\w*|verif\w*|speed tests?|test mms|test (?:picture )?messages?|re-?test\w*)\b/i;
const DECLARE_FIXED = /\b(?:tell|declare|say|call|assume|consider|treat|mark|announce|report)\b[^.]*\b(?:fixed|resolved|solved|sorted|working)\b/i;

const CONDITION = /\b(?:when|once|after|if|only|until|as soon as)\b/i;
const DONE_CONDITION = /\b(?:as soon as|once|after|when)\b[^.]*\b(?:suggest\w*|done|did|tried|made|applied|changed|switched)\b/i;

const CLARIFY = /\b(?:clarif\w*|clarifying questions?|ask (?:what|which) they mean)\b/i;
const CONFIDENCE = /\bconfiden\w*\b[^.]*?\b(?:below|under|less than|lower than)\s+(0?\.\d+|\d{1,2}\s*%)/i;
const HANDOVER = /\b(?:hand(?:ing)?[- ]?(?:it |them |the customer )?over|hand-?overs?|escalat\w*|transfer\w* (?:to|them)|pass(?:ing)? (?:it |them )?(?:on |over )?to (?:a )?(?:person|human|colleague))\b/i;
const FAILED_STEPS = new RegExp(`\\b(?:after|when|once)\\s+${COUNT}\\s+(?:failed|unsuccessful|fruitless)?\\s*(?:steps?|fix(?:es)?|attempts?|tries)\\b(?:\\s+(?:have |has )?(?:failed|did not (?:help|work|fix it)|didn'?t (?:help|work|fix it)))?`, "i");
const BEFORE_STEPS = new RegExp(`\\bbefore\\s+(?:trying|attempting|working through|at least)?\\s*(?:at least\\s+)?${COUNT}\\s+(?:\\w+\\s+)?(?:steps?|fix(?:es)?|attempts?|checks?)\\b`, "i");
const UPSET = /\b(?:upset|angry|furious|frustrat\w*|annoyed|rude|shouting|negative)\b/i;

/** The guideline clauses of a prompt: guardrails and instructions are never knobs. */
export function guidelineClauses(sections: readonly PromptSection[]): Clause[] {
  return sections.filter((s) => s.kind === "guideline").flatMap((s) => sentencesOf(s.text).flatMap(clausesOf));
}

export function readGuidelines(prompt: RolePrompt | { sections: readonly PromptSection[] } | undefined): GuidelineKnobs {
  return readClauses(guidelineClauses(prompt?.sections ?? []));
}

/** The knobs a set of clauses sets (used per sentence by the rewrite rules to find a harmful one). */
export function readClauses(clauses: readonly Clause[]): GuidelineKnobs {
  const knobs: GuidelineKnobs = { ...DEFAULT_KNOBS };
  let empathyNever = false;
  let empathyWanted: EmpathyLevel = "off";
  let curt = false;
  let explainNever = false;

  for (const { text, sentence } of clauses) {
    // ----- length -----
    const words = /\b(?:at most|no more than|under|fewer than|less than|maximum of|max(?:imum)?|up to|within)\s+(\d{1,4})\s+words\b|\b(\d{1,4})\s+words\s+(?:or (?:fewer|less)|max(?:imum)?)\b/i.exec(text);
    if (words) {
      const n = Number(words[1] ?? words[2]);
      if (n >= 10) knobs.maxWords = Math.min(knobs.maxWords ?? Infinity, n);
    }
    const sentences = /\b(?:at most|no more than|up to|maximum of|max(?:imum)?|in)\s+(\d{1,2}|one|two|three|four|five|six|a single)\s+sentences?\b/i.exec(text);
    if (sentences) {
      const n = number(sentences[1]!.replace(/^a single$/i, "one"));
      if (n >= 1) {
        knobs.maxSentences = Math.min(knobs.maxSentences ?? Infinity, n);
        knobs.knowledgeSentences = Math.min(knobs.knowledgeSentences ?? Infinity, n);
      }
    } else if (polarity(text, SHORT) === 1 && !words && !/\bsentences?\b/i.test(sentence) && knobs.knowledgeSentences === undefined) {
      knobs.knowledgeSentences = 2;
    } else if (polarity(text, DETAILED) === 1 && knobs.knowledgeSentences === undefined) {
      knobs.knowledgeSentences = 5;
    }
    if (polarity(text, CURT) === 1) curt = true;

    // ----- passages -----
    const passages = PASSAGES.exec(text);
    if (passages && polarity(text, PASSAGES) === 1) {
      const n = passages[1] ? number(passages[1]) : /s$/i.test(passages[2]!) ? undefined : 1;
      if (n && n >= 1) knobs.maxPassages = Math.min(knobs.maxPassages ?? Infinity, n);
    }

    // ----- empathy -----
    const empathy = polarity(text, EMPATHY);
    if (empathy === -1) {
      // "never apologise unless they are upset" narrows; "never apologise" is a never.
      if (UPSET_CONDITION.test(sentence)) empathyWanted = maxEmpathy(empathyWanted, "brief");
      else empathyNever = true;
    } else if (empathy === 1) {
      const always = /\b(?:always|every|each)\b/i.test(text);
      const strong = always || (STRONG.test(text) && !UPSET_CONDITION.test(text) && !/\bonly\b/i.test(text));
      empathyWanted = maxEmpathy(empathyWanted, strong ? "strong" : "brief");
      if (NAMES_PROBLEM.test(sentence)) knobs.empathyNamesProblem = true;
    }

    if (WITHHOLD.test(text)) knobs.withholdAnswer = true;

    // ----- context, checks, name -----
    if (polarity(text, CONTEXT) === 1) knobs.useContext = true;
    const explain = polarity(text, EXPLAIN_CHECKS);
    if (explain === -1) explainNever = true;
    else if (explain === 1) knobs.explainChecks = "always";
    if (NAME.test(text) && GREET.test(text) && polarity(text, GREET) === -1) knobs.useName = false;

    // ----- technical: step order -----
    const carrier = CARRIER_SIDE.exec(text);
    const device = DEVICE_SIDE.exec(text);
    if (carrier && device && /\b(?:before|ahead of|then|first)\b/i.test(text)) {
      // "X before Y" / "X first, then Y": whichever is named first goes first; "before Y, X" the other way round.
      const leadingBefore = /^(?:\w+\s+)?before\b/i.test(text);
      const deviceNamedFirst = device.index < carrier.index;
      knobs.stepOrder = deviceNamedFirst !== leadingBefore ? "device-first" : "carrier-first";
    } else if ((carrier || device) && /\b(?:first|start with|begin with|before)\b/i.test(text) && !/^(?:\w+\s+)?before\b/i.test(text)) {
      const side = polarity(text, carrier ? CARRIER_SIDE : DEVICE_SIDE);
      const deviceFirst = carrier ? side === -1 : side === 1;
      knobs.stepOrder = deviceFirst ? "device-first" : "carrier-first";
    }

    // ----- technical: how strictly a fix is verified -----
    // "never ask them to check the signal afterwards" is about verifying a fix too.
    if (FIXED.test(sentence) || /\bafterwards?\b|\bafter (?:a|the|each|every) (?:fix|change|step)\b/i.test(sentence)) {
      const verify = polarity(text, VERIFY);
      const declare = polarity(text, DECLARE_FIXED);
      // "declare it fixed without a check", "no need for a speed test": none; "fixed only when their check confirms it": strict.
      if (verify === -1) knobs.verifyFix = "none";
      else if (verify === 1) knobs.verifyFix = "customer-check";
      // "tell them it is fixed", "declare it fixed as soon as a fix is suggested"; not "tell them when it is resolved".
      else if (declare === 1 && (!CONDITION.test(text) || DONE_CONDITION.test(text))) knobs.verifyFix = "none";
      else if (declare === -1) knobs.verifyFix = "customer-check";
    }

    // ----- planner: clarifying -----
    const clarify = polarity(text, CLARIFY);
    if (clarify === -1 && !/\b(?:twice|again|more than once|the same)\b/i.test(text)) knobs.clarify = "never";
    if (clarify === 1 && /\b(?:twice|two|2)\b/i.test(text) && !/\b(?:never|not|don'?t)\b[^.]*\b(?:twice|two|2)\b/i.test(text)) knobs.clarifyTimes = 2;
    if (clarify === 1) {
      const threshold = CONFIDENCE.exec(text);
      if (threshold) {
        const raw = threshold[1]!.replace(/\s/g, "");
        const value = raw.endsWith("%") ? Number(raw.slice(0, -1)) / 100 : Number(raw);
        if (value > 0 && value < 1) knobs.clarifyBelow = value;
      }
    }

    // ----- planner: handing over -----
    const handover = polarity(text, HANDOVER);
    if (handover !== 0) {
      const before = BEFORE_STEPS.exec(text);
      const after = FAILED_STEPS.exec(text);
      if (handover === -1 && before) knobs.minStepsBeforeHandover = Math.max(knobs.minStepsBeforeHandover ?? 0, number(before[1]!));
      else if (handover === 1 && after) knobs.handoverAfterFailedSteps = Math.min(knobs.handoverAfterFailedSteps ?? Infinity, number(after[1]!));
      if (UPSET.test(text) && !before && !after) {
        // "hand over when the customer is angry" / "never hand over just because they are upset".
        knobs.handoverOnUpset = handover === 1;
      }
    }
  }

  if (curt) knobs.maxWords = Math.min(knobs.maxWords ?? Infinity, 40);
  // A never is a never; curt wording without any positive empathy reads as none.
  knobs.empathy = empathyNever ? "off" : curt && empathyWanted === "off" ? "off" : empathyWanted;
  if (empathyNever) knobs.empathyNamesProblem = false;
  if (explainNever) knobs.explainChecks = "never";
  knobs.empathyNever = empathyNever;
  knobs.curt = curt;
  return knobs;
}

function maxEmpathy(a: EmpathyLevel, b: EmpathyLevel): EmpathyLevel {
  const order: EmpathyLevel[] = ["off", "brief", "strong"];
  return order[Math.max(order.indexOf(a), order.indexOf(b))]!;
}
