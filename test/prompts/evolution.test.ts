import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readGuidelines } from "../../src/engines/local/guidelines.js";
import type { EpisodeInput } from "../../src/memory/schemas.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { ensureEvolutionConfig } from "../../src/prompts/evolution-config.js";
import { checkGuardrails } from "../../src/prompts/guardrails.js";
import { rewriteByRules } from "../../src/prompts/rewrite-rules.js";
import { detectWeakAreas } from "../../src/prompts/weak-areas.js";
import { attributeScores } from "../../src/scoring/attribution.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "evolution-"));
let n = 0;
let batch = 0;
const config = (over: Record<string, unknown> = {}) =>
  ensureEvolutionConfig({ decisionsFile: path.join(dir, `decisions-${++n}.jsonl`), minWeakSamples: 5, minOutcomes: 8, margin: 0.02, ...over });

/** Scripted scored conversations served by a given dialogue version. */
function episodes(count: number, dialogue: number, scores: Record<string, number>, tag: string): EpisodeInput[] {
  const start = ++batch * 1000;
  return Array.from({ length: count }, (_, i) => ({
    id: `${tag}-${i}`,
    threadId: `${tag}-${i}`,
    customerId: `anonymous:${tag}-${i}`,
    summary: `mobile_no_data (resolved) after 2 turn(s) ${tag} ${i}`,
    intent: "mobile_no_data",
    outcome: "resolved" as const,
    // Small spread so the t-test has variance to work with.
    scores: attributeScores(Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Math.min(1, Math.max(0, v + ((i % 3) - 1) * 0.03))]))),
    turns: 2,
    promptVersions: { dialogue, planner: 1, intent: 1, technical: 1, knowledge: 1 },
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, start + i)).toISOString(), // batches in order
  }));
}

describe("weak areas and the rule-based rewrite", () => {
  const ok = { empathy: 0.9, conciseness: 1, contextUse: 0.9, diagnosticCompleteness: 0.95 };
  const asEpisodes = (scores: Record<string, number>) => episodes(6, 1, scores, "w").map((e) => ({ ...e, scores: e.scores ?? {} })) as never[];

  it("finds each weak area at the brief's thresholds, for the roles that answer for it", () => {
    const cfg = config();
    const served = () => true;
    expect(detectWeakAreas(asEpisodes(ok), served, cfg)).toEqual({});
    const weak = detectWeakAreas(asEpisodes({ empathy: 0.5, conciseness: 0.4, contextUse: 0.6, diagnosticCompleteness: 0.8 }), served, cfg);
    expect(weak.dialogue?.map((w) => w.area).sort()).toEqual(["conciseness", "contextUse", "diagnosticCompleteness", "empathy"]);
    expect(weak.technical?.map((w) => w.area)).toEqual(["diagnosticCompleteness"]);
    expect(weak.dialogue?.find((w) => w.area === "conciseness")?.detail).toMatch(/about 2\d\d words > 200/);
    // Thresholds are configurable.
    expect(detectWeakAreas(asEpisodes({ ...ok, empathy: 0.8 }), served, config({ empathyBelow: 0.85 })).dialogue?.[0]?.area).toBe("empathy");
    // Too few conversations: nothing is called weak.
    expect(detectWeakAreas(asEpisodes({ empathy: 0.1 }).slice(0, 3), served, cfg)).toEqual({});
  });

  it("rewrites the dialogue prompt in words the local engine obeys, keeping every guardrail", () => {
    const areas = ["empathy", "conciseness", "contextUse", "diagnosticCompleteness"].map((area) => ({ area, role: "dialogue", metric: area, mean: 0.1, threshold: 0.9, samples: 9, detail: "" })) as never[];
    const before = readGuidelines({ version: 1, sections: DEFAULT_PROMPTS.dialogue });
    const { sections, changes } = rewriteByRules("dialogue", DEFAULT_PROMPTS.dialogue, areas);
    const after = readGuidelines({ version: 2, sections });
    expect(before).toMatchObject({ empathy: "brief", empathyNamesProblem: false, useContext: false, explainChecks: "default", maxWords: 120 });
    // Empathy where it matters: still only for an upset customer, now naming what went wrong (not a canned opener everywhere).
    expect(after).toMatchObject({ empathy: "brief", empathyNamesProblem: true, useContext: true, explainChecks: "always", maxWords: 90 });
    expect(changes).toHaveLength(4);
    expect(checkGuardrails(DEFAULT_PROMPTS.dialogue, sections)).toEqual({ ok: true, problems: [] });
  });

  it("rejects a rewrite that drops or alters a guardrail", () => {
    const parent = DEFAULT_PROMPTS.dialogue;
    const dropped = parent.filter((s) => s.id !== "identity");
    const altered = parent.map((s) => (s.id === "policy" ? { ...s, text: "Top-ups of any size are fine." } : s));
    const demoted = parent.map((s) => (s.id === "safety" ? { ...s, kind: "guideline" as const } : s));
    expect(checkGuardrails(parent, dropped).problems).toEqual(['guardrail "identity" was dropped']);
    expect(checkGuardrails(parent, altered).problems).toEqual(['guardrail "policy" was altered']);
    expect(checkGuardrails(parent, demoted).problems).toEqual(['guardrail "safety" was turned into a guideline']);
  });
});

// Evolution rounds (gate, canary, rollback watch, retired rewrites) are tested in evolve-rounds.test.ts and evolve-gate.test.ts.
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
