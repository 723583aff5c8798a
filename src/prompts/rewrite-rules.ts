import type { PromptSection, Role } from "../memory/schemas.js";
import { clausesOf, readClauses, sentencesOf, type GuidelineKnobs } from "../engines/local/guidelines.js";
import { contradiction } from "./guardrails.js";
import type { WeakArea, WeakAreaName } from "./weak-areas.js";

export interface Rewrite {
  sections: PromptSection[];
  /** What changed, one line per section. */
  changes: string[];
}

/**
 * The rule-based rewrite. For each weak area of a role, a rule may
 *   - REMOVE the guideline sentences whose reading causes the loss (found by
 *     reading each sentence with the engines' own guideline grammar, negation
 *     included: "always apologise first" when empathy fell, "declare it fixed
 *     without a check" when needs stopped being met); a section left empty is removed;
 *   - ADD or REVISE one guideline in words the local engines read.
 * Any rewrite also drops guideline sentences that contradict a guardrail, so the
 * result passes the guardrail check. Guardrail and instruction sections are
 * never touched. A rule with nothing to change changes nothing.
 */
export function rewriteByRules(role: Role, sections: PromptSection[], areas: WeakArea[]): Rewrite {
  let current = sections.map((s) => ({ ...s }));
  const changes: string[] = [];
  const remove = (harmful: Harm, why: string) => {
    const result = removeSentences(current, harmful, why);
    current = result.sections;
    changes.push(...result.changes);
  };
  const upsert = (section: PromptSection | undefined) => {
    if (!section) return;
    const existing = current.find((s) => s.id === section.id);
    if (existing && existing.text === section.text) return;
    if (existing && existing.kind !== "guideline") return; // never overwrite a guardrail or instruction
    changes.push(`${existing ? "revised" : "added"} guideline "${section.id}": ${section.text}`);
    current = existing ? current.map((s) => (s.id === section.id ? section : s)) : insertBeforeGuardrails(current, section);
  };

  for (const { area } of areas) {
    const rule = RULES[area];
    if (!rule) continue;
    for (const step of rule(role, current)) {
      if (step.kind === "remove") remove(step.harmful, step.why);
      else upsert(step.section);
    }
  }
  if (areas.length > 0) remove((_, sentence) => contradiction(sentence) !== undefined, "it contradicts a guardrail");
  return { sections: current, changes };
}

// ---------- harms: what a sentence reads as, and when that hurts ----------

/** Whether a guideline sentence (read alone) causes a loss. */
type Harm = (knobs: GuidelineKnobs, sentence: string) => boolean;

const HARMS = {
  /** A canned apology on every reply, or an apology in place of the answer. */
  cannedApology: (k) => k.empathy === "strong" || k.withholdAnswer,
  /** No acknowledgement even for an upset customer. */
  noEmpathy: (k) => k.empathyNever || k.curt,
  /** Replies cut below what an answer needs. */
  tooShort: (k) => k.maxWords !== undefined && k.maxWords < 40,
  withheldAnswer: (k) => k.withholdAnswer,
  /** A fix declared without the customer's own check. */
  unverified: (k) => k.verifyFix === "none",
  /** What was checked is never said. */
  silentChecks: (k) => k.explainChecks === "never",
  /** The phone's steps before a carrier-side cause that would explain it at once. */
  deviceFirst: (k) => k.stepOrder === "device-first",
  /** A person brought in before the agent tried: on mood, after one or two steps, or instead of a question. */
  earlyHandover: (k) => k.handoverOnUpset || (k.handoverAfterFailedSteps !== undefined && k.handoverAfterFailedSteps < 3) || k.clarify === "never",
  /** The same unclear question asked again rather than a person. */
  repeatedClarify: (k) => (k.minStepsBeforeHandover ?? 0) > 0 || k.clarifyTimes === 2,
  /** Knowledge answers from too little of what was found. */
  thinAnswers: (k) => k.maxPassages === 1 || (k.knowledgeSentences !== undefined && k.knowledgeSentences < 2),
} satisfies Record<string, Harm>;

const any = (...harms: Harm[]): Harm => (k, s) => harms.some((h) => h(k, s));

type Step = { kind: "remove"; harmful: Harm; why: string } | { kind: "upsert"; section: PromptSection | undefined };
type Rule = (role: Role, sections: PromptSection[]) => Step[];

const guideline = (id: string, title: string, text: string): PromptSection => ({ id, title, kind: "guideline", text });
const removeIf = (harmful: Harm, why: string): Step => ({ kind: "remove", harmful, why });
const upsert = (section: PromptSection | undefined): Step => ({ kind: "upsert", section });

/** Empathy where it matters: an upset customer acknowledged once, in words that name the problem; never a canned opener, never instead of the answer. */
export const EMPATHY_GUIDELINE = guideline(
  "empathy",
  "Empathy",
  "Acknowledge an upset customer once, naming what went wrong; say sorry only when they are frustrated or the problem is urgent, and never in place of the answer.",
);

const RULES: Partial<Record<WeakAreaName, Rule>> = {
  empathy: (role) =>
    role === "dialogue"
      ? [
          removeIf(any(HARMS.cannedApology, HARMS.noEmpathy, HARMS.tooShort), "empathy fell: a canned apology, an apology instead of the answer, or no room to acknowledge an upset customer"),
          upsert(EMPATHY_GUIDELINE),
        ]
      : [],
  conciseness: (role, sections) => {
    if (role !== "dialogue") return [];
    const current = sections.find((s) => s.id === "conciseness")?.text.match(/at most (\d+) words/i);
    const limit = current ? Math.max(40, Math.round((Number(current[1]) * 0.75) / 10) * 10) : 120;
    return [removeIf(HARMS.cannedApology, "replies too long: a canned apology on every reply"), upsert(guideline("conciseness", "Conciseness", `Keep replies short and plain: at most ${limit} words, one question at a time.`))];
  },
  contextUse: (role) =>
    role === "dialogue"
      ? [upsert(guideline("context", "Use of context", "Use what memory offers: mention the customer's history with us and what fixed similar cases before, so they never have to repeat themselves."))]
      : [],
  diagnosticCompleteness: (role, sections) => {
    if (role === "dialogue") {
      return [removeIf(HARMS.silentChecks, "diagnostic completeness fell: checks left unsaid"), upsert(guideline("completeness", "Completeness", "Explain what was checked on our side and what it showed, even when everything looked fine."))];
    }
    if (role === "technical") {
      const base = sections.find((s) => s.id === "diagnostics")?.text ?? "";
      const addition = "Finish every procedure: confirm each fix with the customer's own check, and explain what was checked before handing over.";
      return [
        removeIf(any(HARMS.unverified, HARMS.silentChecks), "diagnostic completeness fell: fixes not verified or checks left unsaid"),
        upsert(base.includes(addition) ? undefined : guideline("diagnostics", "Diagnostics", `${base} ${addition}`.trim())),
      ];
    }
    return [];
  },
  needMet: (role) => {
    const why = "needs met fell";
    // Removing the harmful sentence is enough: the engines' default is the strict check and the carrier side first.
    if (role === "technical") return [removeIf(any(HARMS.unverified, HARMS.deviceFirst), `${why}: fixes declared without the customer's check, or the phone before the line`)];
    if (role === "planner") return [removeIf(any(HARMS.earlyHandover, HARMS.repeatedClarify), `${why}: hand-overs before trying, or the same question again`)];
    if (role === "knowledge") return [removeIf(HARMS.thinAnswers, `${why}: answers from too little of what was found`)];
    if (role === "dialogue") return [removeIf(any(HARMS.withheldAnswer, HARMS.cannedApology, HARMS.tooShort), `${why}: the answer withheld, replaced by an apology or cut short`)];
    return [];
  },
  policy: () => [removeIf((_, sentence) => contradiction(sentence) !== undefined, "policy kept fell: it contradicts a guardrail")],
  handoverNeeded: (role) =>
    role === "planner" || role === "technical" ? [removeIf(HARMS.earlyHandover, "needless hand-overs: a person brought in before the agent tried")] : [],
  noRepeatedQuestion: (role) => (role === "planner" ? [removeIf(HARMS.repeatedClarify, "questions asked twice: the same unclear question asked again")] : []),
  turnsToOutcome: (role) => {
    if (role === "technical") return [removeIf(any(HARMS.deviceFirst, HARMS.unverified), "turns to the outcome rose: the phone's steps before the line, or fixes that did not hold")];
    if (role === "planner") return [removeIf(HARMS.repeatedClarify, "turns to the outcome rose: the same unclear question asked again")];
    return [];
  },
};

function readSentence(sentence: string): GuidelineKnobs {
  return readClauses(clausesOf(sentence));
}

/** Drops every harmful sentence from the guideline sections; a section left with none is removed. */
function removeSentences(sections: PromptSection[], harmful: Harm, why: string): Rewrite {
  const changes: string[] = [];
  const out: PromptSection[] = [];
  for (const section of sections) {
    if (section.kind !== "guideline") {
      out.push(section);
      continue;
    }
    const sentences = sentencesOf(section.text);
    const kept = sentences.filter((sentence) => !harmful(readSentence(sentence), sentence));
    if (kept.length === sentences.length) out.push(section);
    else if (kept.length === 0) changes.push(`removed guideline "${section.id}" (${why}): ${section.text}`);
    else {
      const text = kept.join(" ");
      changes.push(`revised guideline "${section.id}" (${why}): removed "${sentences.filter((s) => !kept.includes(s)).join(" ")}"`);
      out.push({ ...section, text });
    }
  }
  return { sections: out, changes };
}

/** New guidelines go after the existing guidelines and before the guardrails, so guardrails stay last. */
function insertBeforeGuardrails(sections: PromptSection[], section: PromptSection): PromptSection[] {
  const at = sections.findIndex((s) => s.kind === "guardrail");
  return at < 0 ? [...sections, section] : [...sections.slice(0, at), section, ...sections.slice(at)];
}
