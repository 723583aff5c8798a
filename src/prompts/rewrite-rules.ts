import type { PromptSection, Role } from "../memory/schemas.js";
import type { WeakArea, WeakAreaName } from "./weak-areas.js";

export interface Rewrite {
  sections: PromptSection[];
  /** What changed, one line per section. */
  changes: string[];
}

/**
 * The rule-based rewrite: each weak area adds or revises one guideline section
 * in words the local engines read (see engines/local/guidelines.ts), so the
 * rewrite changes local behaviour too. Guardrail and instruction sections are
 * never touched. A rule that has nothing left to strengthen changes nothing.
 */
export function rewriteByRules(role: Role, sections: PromptSection[], areas: WeakArea[]): Rewrite {
  let current = sections.map((s) => ({ ...s }));
  const changes: string[] = [];
  for (const { area } of areas) {
    const section = RULES[area](role, current);
    if (!section) continue;
    const existing = current.find((s) => s.id === section.id);
    if (existing && existing.text === section.text) continue;
    if (existing && existing.kind !== "guideline") continue; // never overwrite a guardrail or instruction
    changes.push(`${existing ? "revised" : "added"} guideline "${section.id}": ${section.text}`);
    current = existing ? current.map((s) => (s.id === section.id ? section : s)) : insertBeforeGuardrails(current, section);
  }
  return { sections: current, changes };
}

type Rule = (role: Role, sections: PromptSection[]) => PromptSection | undefined;

const guideline = (id: string, title: string, text: string): PromptSection => ({ id, title, kind: "guideline", text });

const RULES: Record<WeakAreaName, Rule> = {
  empathy: (role) =>
    role === "dialogue"
      ? guideline(
          "empathy",
          "Empathy",
          "Always acknowledge the customer's situation warmly and sincerely at the start of every reply about a problem, and apologise when they are frustrated or the problem is urgent.",
        )
      : undefined,
  conciseness: (role, sections) => {
    if (role !== "dialogue") return undefined;
    const current = sections.find((s) => s.id === "conciseness")?.text.match(/at most (\d+) words/i);
    const limit = current ? Math.max(40, Math.round((Number(current[1]) * 0.75) / 10) * 10) : 120;
    return guideline("conciseness", "Conciseness", `Keep replies short and plain: at most ${limit} words, one question at a time.`);
  },
  contextUse: (role) =>
    role === "dialogue"
      ? guideline(
          "context",
          "Use of context",
          "Use what memory offers: mention the customer's history with us and what fixed similar cases before, so they never have to repeat themselves.",
        )
      : undefined,
  diagnosticCompleteness: (role, sections) => {
    if (role === "dialogue") {
      return guideline("completeness", "Completeness", "Explain what was checked on our side and what it showed, even when everything looked fine.");
    }
    if (role === "technical") {
      const base = sections.find((s) => s.id === "diagnostics")?.text ?? "";
      const addition = "Finish every procedure: confirm each fix with the customer's own check, and explain what was checked before handing over.";
      return base.includes(addition) ? undefined : guideline("diagnostics", "Diagnostics", `${base} ${addition}`.trim());
    }
    return undefined;
  },
};

/** New guidelines go after the existing guidelines and before the guardrails, so guardrails stay last. */
function insertBeforeGuardrails(sections: PromptSection[], section: PromptSection): PromptSection[] {
  const at = sections.findIndex((s) => s.kind === "guardrail");
  return at < 0 ? [...sections, section] : [...sections.slice(0, at), section, ...sections.slice(at)];
}
