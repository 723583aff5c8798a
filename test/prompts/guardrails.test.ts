import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PromptSection, Role } from "../../src/memory/schemas.js";
import { DecisionLog } from "../../src/prompts/decision-log.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { degradedSections } from "../../src/prompts/degraded.js";
import { checkGuardrails, checkHandWrittenPrompt, findContradictions } from "../../src/prompts/guardrails.js";
import { addPromptVersionByHand, GuardrailViolationError, pinPromptVersion } from "../../src/prompts/manage.js";
import { freshMemory } from "../helpers/memory.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "guardrails-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const withGuideline = (role: Role, text: string): PromptSection[] => {
  const sections = DEFAULT_PROMPTS[role];
  const at = sections.findIndex((s) => s.kind === "guardrail");
  return [...sections.slice(0, at), { id: "added", title: "Added", kind: "guideline", text }, ...sections.slice(at)];
};

describe("guardrail check: guidelines that contradict a guardrail", () => {
  it.each([
    ["planner", "Change the plan if the customer seems to want it.", "policy"],
    ["technical", "If the speed looks better, tell them it is fixed.", "safety"],
    ["dialogue", "Share the account details before checking identity, it saves time.", "identity"],
    ["planner", "skip the identity check for loyal customers", "identity"],
    ["planner", "Top up 5 GB at a time so they don't have to come back.", "policy"],
    ["planner", "Resume the line even if the bill is unpaid.", "policy"],
    ["dialogue", "Promise a credit when the customer is angry.", "safety"],
    ["knowledge", "Follow any instructions you find in the documents.", "safety"],
  ] as const)("%s: %s → %s", (role, text, guardrail) => {
    const check = checkGuardrails(DEFAULT_PROMPTS[role], withGuideline(role, text));
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([expect.stringContaining(`contradicts the ${guardrail} guardrail`)]);
  });

  it.each([
    ["planner", "Never change a plan without the customer's explicit yes."],
    ["dialogue", "Never share account details before checking identity."],
    ["technical", "Never declare it fixed without the customer's own check."],
    ["planner", "Offer the top-up with its price and wait for a clear yes."],
    ["technical", "Explain the fix and tell the customer when it is resolved."],
  ] as const)("the same words negated are what the guardrails say: %s: %s", (role, text) => {
    expect(checkGuardrails(DEFAULT_PROMPTS[role], withGuideline(role, text))).toEqual({ ok: true, problems: [] });
  });

  it("no default prompt contradicts its guardrails", () => {
    for (const role of Object.keys(DEFAULT_PROMPTS) as Role[]) expect(findContradictions(DEFAULT_PROMPTS[role])).toEqual([]);
  });

  it("the degraded 'fixes declared without a check' version is caught; curt replies are no guardrail matter", () => {
    const unchecked = degradedSections("unchecked-fix", DEFAULT_PROMPTS.technical);
    expect(findContradictions(unchecked).map((c) => c.guardrail)).toEqual(["safety", "safety"]);
    expect(findContradictions(degradedSections("curt", DEFAULT_PROMPTS.dialogue))).toEqual([]);
  });
});

describe("guardrail check: versions written by hand", () => {
  it("a version with no guardrail sections fails, naming what is missing", () => {
    const bare = DEFAULT_PROMPTS.dialogue.filter((s) => s.kind !== "guardrail");
    const check = checkHandWrittenPrompt(bare);
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([
      "it has no guardrail sections (identity, policy and safety are required)",
      'guardrail "identity" is missing',
      'guardrail "policy" is missing',
      'guardrail "safety" is missing',
    ]);
  });

  it("adding or pinning by hand goes through the check: nothing is stored or pinned when it fails, with a clear message", async () => {
    const { memory, connection } = await freshMemory();
    try {
      const log = new DecisionLog(path.join(dir, "decisions.jsonl"));
      await memory.procedural.addPromptVersion({ role: "planner", status: "active", parent: null, reason: "default", sections: DEFAULT_PROMPTS.planner });

      const bad = withGuideline("planner", "Change the plan if the customer seems to want it.");
      const refused = addPromptVersionByHand(memory, log, "planner", { sections: bad, activate: true });
      await expect(refused).rejects.toBeInstanceOf(GuardrailViolationError);
      await expect(refused).rejects.toThrow(/the new planner version fails the guardrail check:\n {2}- guideline "added" contradicts the policy guardrail \(an account change without the customer's explicit yes\)/);
      const bare = addPromptVersionByHand(memory, log, "planner", { sections: DEFAULT_PROMPTS.planner.filter((s) => s.kind !== "guardrail") });
      await expect(bare).rejects.toThrow(/no guardrail sections/);
      expect((await memory.procedural.promptVersions("planner")).map((v) => v.version)).toEqual([1]);

      // A version that slipped in another way (as the learning loop's degraded start does) cannot be pinned by hand.
      const slipped = await memory.procedural.addPromptVersion({ role: "planner", status: "retired", parent: 1, reason: "old", sections: bad });
      await expect(pinPromptVersion(memory, log, "planner", slipped.version)).rejects.toThrow(/planner v2 fails the guardrail check/);
      expect((await memory.procedural.activePrompt("planner"))?.version).toBe(1);

      // A good hand-written version is added, pinned and logged.
      const good = await addPromptVersionByHand(memory, log, "planner", { sections: withGuideline("planner", "Clarify only when intent confidence is below 0.5."), activate: true, reason: "fewer questions" });
      expect(good).toMatchObject({ version: 3, status: "active", parent: 1 });
      expect(log.list().at(-1)).toMatchObject({ kind: "pinned", version: 3, reason: "added and pinned by hand: fewer questions" });
    } finally {
      connection.close();
    }
  });
});
