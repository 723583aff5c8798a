import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ChatOpenAI } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EpisodeInput, Role } from "../../src/memory/schemas.js";
import { DecisionLog } from "../../src/prompts/decision-log.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { ensureEvolutionConfig } from "../../src/prompts/evolution-config.js";
import { evolvePrompts, sameGuidance } from "../../src/prompts/evolve.js";
import { rewriteByRules } from "../../src/prompts/rewrite-rules.js";
import { detectWeakAreas } from "../../src/prompts/weak-areas.js";
import { freshMemory } from "../helpers/memory.js";
import { reply, startOpenAIStub, type OpenAIStub } from "../helpers/openai-stub.js";

/**
 * Evolution rounds over scored episodes in a real Chroma, without a replay
 * (the gate's replays are in evolve-gate.test.ts): what is decided before and
 * after the gate, from live outcomes and the decision log.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "evolve-rounds-"));
// At file level, so the folder goes even when a name filter skips every test.
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const config = (over: Record<string, unknown> = {}) => ensureEvolutionConfig({ decisionsFile: path.join(dir, `decisions-${++n}.jsonl`), minWeakSamples: 5, minOutcomes: 6, ...over });

/** Scored conversations served by a dialogue version, spread a little so tests have variance. */
function episodes(count: number, dialogue: number, scores: Record<string, number>, tag: string, from: Date): EpisodeInput[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${tag}-${i}`,
    threadId: `${tag}-${i}`,
    customerId: `anonymous:${tag}-${i}`,
    summary: `mobile_no_data (resolved) after 3 turn(s), ${tag} ${i}`,
    intent: "mobile_no_data",
    outcome: "resolved" as const,
    scores: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Math.min(1, Math.max(0, v + ((i % 3) - 1) * 0.03))])),
    turns: 3,
    promptVersions: { dialogue, planner: 1, intent: 1, technical: 1, knowledge: 1 },
    createdAt: new Date(from.getTime() + i * 1000).toISOString(),
  }));
}

async function seededMemory() {
  const opened = await freshMemory();
  for (const [role, sections] of Object.entries(DEFAULT_PROMPTS) as [Role, typeof DEFAULT_PROMPTS.dialogue][]) {
    await opened.memory.procedural.addPromptVersion({ role, status: "active", parent: null, reason: "default", sections });
  }
  return opened;
}

const healthy = { needMet: 0.9, policy: 1, noRepeatedQuestion: 1, handoverNeeded: 1, turnsToOutcome: 0.8, empathy: 0.9, contextUse: 0.9 };

describe("evolution rounds before and after the gate", () => {
  let stub: OpenAIStub;
  beforeAll(async () => {
    stub = await startOpenAIStub();
  });
  afterAll(async () => {
    await stub.close();
  });

  it("calls an outcome score weak for the roles that answer for it", () => {
    const weak = detectWeakAreas(episodes(6, 1, { ...healthy, needMet: 0.5 }, "w", new Date()) as never[], () => true, config());
    expect(Object.keys(weak).sort()).toEqual(["knowledge", "planner", "technical"]);
    expect(weak.technical?.[0]).toMatchObject({ area: "needMet", metric: "needMet" });
    expect(weak.technical?.[0]?.detail).toMatch(/need met 0\.50 < 0\.8/);
  });

  it("proposes nothing without a replay to gate it, and never serves an ungated rewrite", async () => {
    const { memory, connection } = await seededMemory();
    try {
      const cfg = config();
      await memory.episodic.record(episodes(8, 1, { ...healthy, empathy: 0.4 }, "base", new Date("2026-01-01T00:00:00Z")));
      const round = await evolvePrompts({ memory, config: cfg });
      expect(round.lines.join("\n")).toMatch(/dialogue: weak areas: empathy 0\.40 < 0\.7 .*no replay material to gate a rewrite/);
      expect((await memory.procedural.promptVersions("dialogue")).map((v) => `${v.version}:${v.status}`)).toEqual(["1:active"]);
    } finally {
      connection.close();
    }
  });

  it("does not propose a rewrite again that was retired before, even re-spaced and re-cased", async () => {
    const { memory, connection } = await seededMemory();
    try {
      const cfg = config();
      await memory.episodic.record(episodes(8, 1, { ...healthy, empathy: 0.4 }, "base", new Date("2026-01-01T00:00:00Z")));
      const [weak] = detectWeakAreas(await memory.episodic.list(), () => true, cfg).dialogue!;
      const { sections } = rewriteByRules("dialogue", DEFAULT_PROMPTS.dialogue, [weak!]);
      // Last round the gate stopped it; it was stored retired, in other spacing and case.
      const retired = sections.map((s) => (s.kind === "guideline" ? { ...s, text: `  ${s.text.toUpperCase().replace(/ /g, "  ")} ` } : s));
      expect(sameGuidance(retired, sections)).toBe(true);
      expect(sameGuidance(DEFAULT_PROMPTS.dialogue, sections)).toBe(false);
      await memory.procedural.addPromptVersion({ role: "dialogue", status: "retired", parent: 1, reason: "stopped at the offline gate", sections: retired });

      const round = await evolvePrompts({ memory, config: cfg });
      const rejected = round.decisions.find((d) => d.role === "dialogue" && d.kind === "rejected");
      expect(rejected?.reason).toMatch(/the rewrite is v2 \(retired\) again, not proposed twice/);
      expect((await memory.procedural.promptVersions("dialogue")).map((v) => v.version)).toEqual([1, 2]);
    } finally {
      connection.close();
    }
  });

  it("promotes a gated candidate after its live share, with the paired figures it passed the gate on", async () => {
    const { memory, connection } = await seededMemory();
    try {
      const cfg = config();
      const log = new DecisionLog(cfg.decisionsFile);
      const created = await memory.procedural.addPromptVersion({ role: "dialogue", status: "candidate", parent: 1, reason: "gate passed", sections: DEFAULT_PROMPTS.dialogue.map((s) => (s.id === "empathy" ? { ...s, text: `${s.text} Name what went wrong.` } : s)) });
      const gateFigures = { metric: "empathy", candidateN: 12, parentN: 12, candidateMean: 0.8, parentMean: 0.5, difference: 0.3, pValue: 0.001, test: "one-sided paired t-test" };
      log.append({ at: new Date().toISOString(), role: "dialogue", kind: "proposed", version: 2, parent: 1, metrics: ["empathy"], figures: gateFigures, material: "m1", reason: "gate passed" });
      const since = new Date(Date.parse(created.createdAt) + 1000);
      // Its live share: about as good as its parent on every guard.
      await memory.episodic.record([...episodes(7, 2, { ...healthy, empathy: 0.95 }, "cand", since), ...episodes(7, 1, healthy, "par", since)]);
      const round = await evolvePrompts({ memory, config: cfg, log });
      const promoted = round.decisions.find((d) => d.kind === "promoted");
      expect(promoted).toMatchObject({ role: "dialogue", version: 2, parent: 1, metrics: ["empathy"], material: "m1" });
      expect(promoted?.figures).toMatchObject({ test: "one-sided paired t-test", pValue: 0.001 });
      expect((await memory.procedural.activePrompt("dialogue"))?.version).toBe(2);
    } finally {
      connection.close();
    }
  });

  it("retires a gated candidate whose live share is clearly worse on a guard it did not target", async () => {
    const { memory, connection } = await seededMemory();
    try {
      const cfg = config();
      const log = new DecisionLog(cfg.decisionsFile);
      const created = await memory.procedural.addPromptVersion({ role: "dialogue", status: "candidate", parent: 1, reason: "gate passed", sections: DEFAULT_PROMPTS.dialogue });
      log.append({ at: new Date().toISOString(), role: "dialogue", kind: "proposed", version: 2, parent: 1, metrics: ["empathy"], reason: "gate passed" });
      const since = new Date(Date.parse(created.createdAt) + 1000);
      await memory.episodic.record([...episodes(7, 2, { ...healthy, empathy: 1, needMet: 0.3 }, "cand", since), ...episodes(7, 1, healthy, "par", since)]);
      const round = await evolvePrompts({ memory, config: cfg, log });
      const retired = round.decisions.find((d) => d.kind === "retired");
      expect(retired).toMatchObject({ role: "dialogue", version: 2, metrics: ["needMet"] });
      expect(retired?.reason).toMatch(/live share worse than v1: needMet 0\.296 \(n=7\) vs 0\.896 \(n=7\), p=0\.000/);
      expect((await memory.procedural.promptVersion("dialogue", 2))?.status).toBe("retired");
      expect((await memory.procedural.activePrompt("dialogue"))?.version).toBe(1);
    } finally {
      connection.close();
    }
  });

  it("rejects an LLM rewrite that alters a guardrail before any replay", async () => {
    const { memory, connection } = await seededMemory();
    try {
      const model = new ChatOpenAI({ model: "stub", apiKey: "x", configuration: { baseURL: stub.url }, maxRetries: 0 });
      const cfg = config({ rewriter: "llm" });
      await memory.episodic.record(episodes(8, 1, { ...healthy, empathy: 0.4 }, "base", new Date("2026-01-01T00:00:00Z")));
      const badSections = DEFAULT_PROMPTS.dialogue.map((s) => (s.id === "policy" ? { ...s, text: "Do whatever the customer asks." } : s));
      stub.enqueue(reply.structured({ sections: badSections, changes: ["relaxed policy"] }, { name: "submit_prompt" }));
      const round = await evolvePrompts({ memory, config: cfg, chatModel: model });
      expect(stub.requests.at(-1)?.system).toMatch(/GUIDELINE sections only/);
      expect(round.decisions.find((d) => d.kind === "rejected")?.reason).toMatch(/guardrail "policy" was altered/);
      expect((await memory.procedural.promptVersions("dialogue")).map((v) => v.version)).toEqual([1]);
    } finally {
      connection.close();
    }
  });
});
