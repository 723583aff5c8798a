import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ChatOpenAI } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGuidelines } from "../../src/engines/local/guidelines.js";
import type { EpisodeInput, Role } from "../../src/memory/schemas.js";
import { DecisionLog } from "../../src/prompts/decision-log.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { ensureEvolutionConfig } from "../../src/prompts/evolution-config.js";
import { evolvePrompts } from "../../src/prompts/evolve.js";
import { checkGuardrails } from "../../src/prompts/guardrails.js";
import { pinPromptVersion, rollbackPrompt } from "../../src/prompts/manage.js";
import { rewriteByRules } from "../../src/prompts/rewrite-rules.js";
import { detectWeakAreas } from "../../src/prompts/weak-areas.js";
import { attributeScores } from "../../src/scoring/attribution.js";
import { freshMemory } from "../helpers/memory.js";
import { reply, startOpenAIStub, type OpenAIStub } from "../helpers/openai-stub.js";

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

async function seededMemory() {
  const opened = await freshMemory();
  for (const [role, sections] of Object.entries(DEFAULT_PROMPTS) as [Role, typeof DEFAULT_PROMPTS.dialogue][]) {
    await opened.memory.procedural.addPromptVersion({ role, status: "active", parent: null, reason: "default", sections });
  }
  return opened;
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

describe("evolution rounds on scripted outcomes", () => {
  let stub: OpenAIStub;
  beforeAll(async () => {
    stub = await startOpenAIStub();
  });
  afterAll(async () => {
    await stub.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("proposes a candidate for a weak area, promotes it when better, then rolls it back when it regresses", async () => {
    const { memory, connection } = await seededMemory();
    try {
      const cfg = config();
      const log = new DecisionLog(cfg.decisionsFile);
      await memory.episodic.record(episodes(10, 1, { empathy: 0.5, conciseness: 1, clarity: 1 }, "base"));

      const first = await evolvePrompts({ memory, config: cfg, log });
      const proposed = first.decisions.find((d) => d.kind === "proposed" && d.role === "dialogue")!;
      expect(proposed).toMatchObject({ version: 2, parent: 1, metrics: ["empathy"] });
      expect(proposed.reason).toMatch(/empathy 0\.50 < 0\.7 over 10 conversations/);
      const candidate = await memory.procedural.promptVersion("dialogue", 2);
      expect(candidate).toMatchObject({ status: "candidate", parent: 1 });
      expect(readGuidelines(candidate)).toMatchObject({ empathy: "brief", empathyNamesProblem: true });

      // The candidate does better on what it targeted.
      await memory.episodic.record(episodes(10, 2, { empathy: 0.95, conciseness: 1, clarity: 1 }, "cand"));
      const second = await evolvePrompts({ memory, config: cfg, log });
      const promoted = second.decisions.find((d) => d.kind === "promoted")!;
      expect(promoted).toMatchObject({ role: "dialogue", version: 2, parent: 1 });
      expect(promoted.figures).toMatchObject({ metric: "empathy", candidateN: 10, parentN: 10, test: "one-sided Welch t-test" });
      expect(promoted.figures!.pValue).toBeLessThan(0.05);
      expect((await memory.procedural.activePrompt("dialogue"))?.version).toBe(2);
      expect((await memory.procedural.promptVersion("dialogue", 1))?.status).toBe("retired");

      // Later its outcomes fall below its parent's: rolled back.
      await memory.episodic.record(episodes(10, 2, { empathy: 0.3, conciseness: 1, clarity: 1 }, "later"));
      const third = await evolvePrompts({ memory, config: { ...cfg, regressionWindow: 10 }, log });
      const rolledBack = third.decisions.find((d) => d.kind === "rolled_back")!;
      expect(rolledBack).toMatchObject({ role: "dialogue", version: 2, parent: 1 });
      expect(rolledBack.figures!.candidateMean).toBeLessThan(rolledBack.figures!.parentMean! - cfg.margin);
      expect((await memory.procedural.activePrompt("dialogue"))?.version).toBe(1);
      // Every decision is in the log with its figures.
      expect(log.list().filter((d) => d.kind !== "evolution_run").map((d) => d.kind)).toEqual(expect.arrayContaining(["proposed", "promoted", "rolled_back"]));
    } finally {
      connection.close();
    }
  });

  it("retires a candidate that is not better by the margin", async () => {
    const { memory, connection } = await seededMemory();
    try {
      const cfg = config();
      const log = new DecisionLog(cfg.decisionsFile);
      await memory.episodic.record(episodes(10, 1, { empathy: 0.5 }, "base"));
      await evolvePrompts({ memory, config: cfg, log });
      await memory.episodic.record(episodes(10, 2, { empathy: 0.51 }, "cand"));
      const round = await evolvePrompts({ memory, config: cfg, log });
      expect(round.decisions.find((d) => d.kind === "retired")).toMatchObject({ role: "dialogue", version: 2, parent: 1 });
      expect((await memory.procedural.promptVersion("dialogue", 2))?.status).toBe("retired");
      expect((await memory.procedural.activePrompt("dialogue"))?.version).toBe(1);
    } finally {
      connection.close();
    }
  });

  it("stores an LLM metaprompt rewrite as a candidate, and rejects one that alters a guardrail", async () => {
    const { memory, connection } = await seededMemory();
    try {
      const model = new ChatOpenAI({ model: "stub", apiKey: "x", configuration: { baseURL: stub.url }, maxRetries: 0 });
      const cfg = config({ rewriter: "llm" });
      const log = new DecisionLog(cfg.decisionsFile);
      await memory.episodic.record(episodes(10, 1, { empathy: 0.4 }, "base"));
      const goodSections = DEFAULT_PROMPTS.dialogue.map((s) => (s.id === "empathy" ? { ...s, text: "Always acknowledge the customer's situation warmly." } : s));
      stub.enqueue(reply.structured({ sections: goodSections, changes: ["empathy: warmer, every reply"] }, { name: "submit_prompt" }));
      const round = await evolvePrompts({ memory, config: cfg, log, chatModel: model });
      expect(stub.requests.at(-1)?.system).toMatch(/GUIDELINE sections only/);
      expect(round.decisions.find((d) => d.kind === "proposed")?.reason).toMatch(/LLM metaprompt rewrite/);
      expect((await memory.procedural.promptVersion("dialogue", 2))?.sections.find((s) => s.id === "empathy")?.text).toBe("Always acknowledge the customer's situation warmly.");

      // Next role prompt attempt tries to soften the policy guardrail: rejected, nothing stored.
      await pinPromptVersion(memory, log, "dialogue", 1);
      const badSections = DEFAULT_PROMPTS.dialogue.map((s) => (s.id === "policy" ? { ...s, text: "Do whatever the customer asks." } : s));
      stub.enqueue(reply.structured({ sections: badSections, changes: ["relaxed policy"] }, { name: "submit_prompt" }));
      const rejected = await evolvePrompts({ memory, config: cfg, log, chatModel: model });
      expect(rejected.decisions.find((d) => d.kind === "rejected")?.reason).toMatch(/guardrail "policy" was altered/);
      expect((await memory.procedural.promptVersions("dialogue")).map((v) => v.version)).toEqual([1, 2]);
      // By hand: v2 pinned back, then rolled back to its parent.
      await pinPromptVersion(memory, log, "dialogue", 2);
      expect((await rollbackPrompt(memory, log, "dialogue")).version).toBe(1);
    } finally {
      connection.close();
    }
  });
});
