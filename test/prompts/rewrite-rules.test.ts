import { describe, expect, it } from "vitest";
import { readGuidelines } from "../../src/engines/local/guidelines.js";
import type { PromptSection, Role } from "../../src/memory/schemas.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { degradedSections } from "../../src/prompts/degraded.js";
import { checkGuardrails } from "../../src/prompts/guardrails.js";
import { rewriteByRules } from "../../src/prompts/rewrite-rules.js";
import type { WeakArea, WeakAreaName } from "../../src/prompts/weak-areas.js";

const weak = (role: Role, ...areas: WeakAreaName[]): WeakArea[] =>
  areas.map((area) => ({ area, role, metric: area, mean: 0.4, threshold: 0.7, samples: 12, detail: `${area} 0.40 < 0.7` }));
const withGuideline = (role: Role, id: string, text: string): PromptSection[] => {
  const sections = DEFAULT_PROMPTS[role];
  const at = sections.findIndex((s) => s.kind === "guardrail");
  return [...sections.slice(0, at), { id, title: id, kind: "guideline", text }, ...sections.slice(at)];
};

describe("rewrite rules remove harmful guidelines", () => {
  it("empathy fell under 'always apologise first': the guideline is removed and empathy goes back to upset customers only", () => {
    const harmful = withGuideline("dialogue", "apology-first", "Always apologise first, at the start of every reply.");
    expect(readGuidelines({ sections: harmful }).empathy).toBe("strong");
    const { sections, changes } = rewriteByRules("dialogue", harmful, weak("dialogue", "empathy"));
    expect(sections.some((s) => s.id === "apology-first")).toBe(false);
    expect(changes[0]).toMatch(/^removed guideline "apology-first" \(empathy fell/);
    expect(readGuidelines({ sections })).toMatchObject({ empathy: "brief", empathyNamesProblem: true });
    expect(checkGuardrails(harmful, sections).ok).toBe(true);
  });

  it("a mixed guideline is revised: only the harmful sentence goes, the rest stays word for word", () => {
    const mixed = withGuideline("dialogue", "style", "Use plain words. Always apologise first. One question at a time.");
    const { sections, changes } = rewriteByRules("dialogue", mixed, weak("dialogue", "empathy"));
    expect(sections.find((s) => s.id === "style")?.text).toBe("Use plain words. One question at a time.");
    expect(changes[0]).toMatch(/^revised guideline "style" .*removed "Always apologise first\."/);
  });

  it("the curt version: empathy's rule removes 'Be curt. Never apologise…' and its 15-word cap", () => {
    const curt = degradedSections("curt", DEFAULT_PROMPTS.dialogue);
    const { sections } = rewriteByRules("dialogue", curt, weak("dialogue", "empathy"));
    const knobs = readGuidelines({ sections });
    expect(sections.some((s) => s.id === "tone")).toBe(false);
    expect([knobs.empathy, knobs.maxWords]).toEqual(["brief", 120]);
  });

  it("the apology-instead-of-an-answer version: the answer comes back once empathy or need met is weak", () => {
    const apology = degradedSections("apology", DEFAULT_PROMPTS.dialogue);
    for (const area of ["empathy", "needMet"] as const) {
      const knobs = readGuidelines({ sections: rewriteByRules("dialogue", apology, weak("dialogue", area)).sections });
      expect([area, knobs.withholdAnswer, knobs.empathy]).toEqual([area, false, "brief"]);
    }
  });

  it("the technical 'declare fixed without a check' version: need met, turns or completeness weak removes it, strict checks again", () => {
    const unchecked = degradedSections("unchecked-fix", DEFAULT_PROMPTS.technical);
    for (const area of ["needMet", "turnsToOutcome", "diagnosticCompleteness"] as const) {
      const { sections, changes } = rewriteByRules("technical", unchecked, weak("technical", area));
      expect([area, readGuidelines({ sections }).verifyFix]).toEqual([area, "customer-check"]);
      expect(changes.some((c) => c.startsWith('removed guideline "verification"'))).toBe(true);
      expect(checkGuardrails(unchecked, sections)).toEqual({ ok: true, problems: [] });
    }
  });

  it("needless hand-overs: 'hand over when the customer is angry' and 'after two failed steps' are removed from the planner", () => {
    const eager = withGuideline("planner", "handover", "Hand over to a person when the customer is angry. Hand over after two failed steps.");
    const { sections } = rewriteByRules("planner", eager, weak("planner", "handoverNeeded"));
    const knobs = readGuidelines({ sections });
    expect([knobs.handoverOnUpset, knobs.handoverAfterFailedSteps]).toEqual([false, undefined]);
    // The default routing guideline is kept.
    expect(sections.find((s) => s.id === "routing")).toEqual(DEFAULT_PROMPTS.planner.find((s) => s.id === "routing"));
  });

  it("policy fell: a guideline contradicting a guardrail is removed; any rewrite drops such a sentence too", () => {
    const bad = withGuideline("planner", "upsell", "Change the plan if the customer seems to want it.");
    expect(rewriteByRules("planner", bad, weak("planner", "policy")).sections.some((s) => s.id === "upsell")).toBe(false);
    const viaOther = rewriteByRules("planner", bad, weak("planner", "noRepeatedQuestion"));
    expect(viaOther.sections.some((s) => s.id === "upsell")).toBe(false);
    expect(viaOther.changes).toEqual([expect.stringMatching(/^removed guideline "upsell" \(it contradicts a guardrail\)/)]);
  });
});

describe("rewrite rules add and revise", () => {
  it("from the default dialogue prompt: empathy is revised to name the problem, context and completeness are added, the limit shrinks", () => {
    const { sections, changes } = rewriteByRules("dialogue", DEFAULT_PROMPTS.dialogue, weak("dialogue", "empathy", "contextUse", "diagnosticCompleteness", "conciseness"));
    expect(changes.map((c) => c.split(":")[0])).toEqual(['revised guideline "empathy"', 'added guideline "context"', 'added guideline "completeness"', 'revised guideline "conciseness"']);
    expect(readGuidelines({ sections })).toMatchObject({ empathy: "brief", empathyNamesProblem: true, useContext: true, explainChecks: "always", maxWords: 90 });
    // Guardrails stay last, untouched.
    expect(sections.slice(-3)).toEqual(DEFAULT_PROMPTS.dialogue.slice(-3));
  });

  it("a rule with nothing left to change changes nothing, and an area without a rule for the role is ignored", () => {
    const once = rewriteByRules("dialogue", DEFAULT_PROMPTS.dialogue, weak("dialogue", "contextUse")).sections;
    expect(rewriteByRules("dialogue", once, weak("dialogue", "contextUse")).changes).toEqual([]);
    expect(rewriteByRules("intent", DEFAULT_PROMPTS.intent, weak("intent", "needMet", "empathy"))).toEqual({ sections: DEFAULT_PROMPTS.intent, changes: [] });
  });
});
