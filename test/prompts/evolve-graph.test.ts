import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DATASET_PATH } from "../../src/backend/index.js";
import { createLocalEngines } from "../../src/engines/local/index.js";
import { createEvolutionGraph } from "../../src/graph/evolution-graph.js";
import { collectionNames } from "../../src/memory/index.js";
import type { Role } from "../../src/memory/schemas.js";
import { seedEmptyMemory } from "../../src/memory/seed.js";
import { DecisionLog } from "../../src/prompts/decision-log.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { degradedSections } from "../../src/prompts/degraded.js";
import { ensureEvolutionConfig } from "../../src/prompts/evolution-config.js";
import { gateVerdict } from "../../src/prompts/evolve.js";
import { replayItems } from "../../src/replay/material.js";
import { replayEvaluator, type ReplayEnvironment } from "../../src/replay/paired.js";
import { freshMemory } from "../helpers/memory.js";

/**
 * The evolution graph with its offline gate on real replays: the customer
 * simulator's scenarios (phones with known faults) played through the real
 * support graph, parent and candidate each on a Chroma namespace of its own.
 * Two scenarios with several faults each: declaring a fix without the
 * customer's check leaves the phone broken in both, which is what the
 * simulator's ground truth (verifiedSuccess) sees.
 */
const SCENARIOS = ["no_data/home/none/airplane_on+mobile_data_off+apn_wrong", "slow_data/home/none/network_3g_only+data_saver_on+vpn_on"];

describe("the evolution graph and its offline gate", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "evolve-graph-"));
  let opened: Awaited<ReturnType<typeof freshMemory>>;
  let env: ReplayEnvironment;
  const items = replayItems([]).filter((item) => item.kind === "scenario" && SCENARIOS.includes(item.scenario.id));

  beforeAll(async () => {
    opened = await freshMemory();
    await seedEmptyMemory(opened.memory, { knowledgeDir: path.resolve("data/knowledge"), proceduresDir: path.resolve("data/procedures"), prompts: DEFAULT_PROMPTS });
    env = {
      live: { client: opened.connection.client, embedder: opened.embedder, prefix: opened.prefix, memory: opened.memory },
      localEngines: createLocalEngines(),
      baseDataset: JSON.parse(fs.readFileSync(DEFAULT_DATASET_PATH, "utf8")),
      workDir: path.join(dir, "work"),
    };
  });
  afterAll(() => {
    opened.connection.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("rolls back a version pinned by hand that declares fixes without a check, and the replay leaves live memory untouched", async () => {
    expect(items).toHaveLength(2);
    const config = ensureEvolutionConfig({ decisionsFile: path.join(dir, "decisions.jsonl") });
    const log = new DecisionLog(config.decisionsFile);
    // A version that reached the store active without the hand-edit check (pinning by hand now refuses it).
    const degraded = await opened.memory.procedural.addPromptVersion({ role: "technical", status: "active", parent: 1, reason: "hand edit", sections: degradedSections("unchecked-fix", DEFAULT_PROMPTS.technical) });
    log.append({ at: new Date().toISOString(), role: "technical", kind: "pinned", version: degraded.version, parent: 1, reason: "pinned by hand" });
    // This file's own collections: other test files create theirs on the shared Chroma server at the same time.
    const ownCollections = async () => (await opened.connection.client.listCollections()).map((c) => c.name).filter((name) => name.startsWith(opened.prefix)).sort();
    const collectionsBefore = await ownCollections();

    const graph = createEvolutionGraph({ memory: opened.memory, evaluator: replayEvaluator(env, items) });
    const result = await graph.invoke({}, { configurable: { decisionsFile: config.decisionsFile } });

    const rolledBack = result.decisions.find((d) => d.kind === "rolled_back");
    expect(rolledBack).toMatchObject({ role: "technical", version: 2, parent: 1, metrics: expect.arrayContaining(["verifiedSuccess"]) });
    expect(rolledBack?.guards?.find((g) => g.score === "verifiedSuccess")).toMatchObject({ n: 2, parentMean: 1, candidateMean: 0, fell: true });
    expect(result.lines.join("\n")).toMatch(/technical: rolled back v2 to v1: .*verifiedSuccess 1\.000 → 0\.000/);
    expect((await opened.memory.procedural.activePrompt("technical"))?.version).toBe(1);
    expect((await opened.memory.procedural.promptVersion("technical", 2))?.status).toBe("retired");
    // The replays wrote nothing live: no episode, no working memory, no leftover namespace, no scratch backend state.
    expect(await opened.memory.episodic.count()).toBe(0);
    const working = await opened.connection.client.getCollection({ name: collectionNames(opened.prefix).working });
    expect(await working.count()).toBe(0);
    expect(await ownCollections()).toEqual(collectionsBefore);
    expect(fs.readdirSync(env.workDir)).toEqual([]);
    // The decision log holds the pin and the rollback with its figures.
    expect(log.list().filter((d) => d.kind !== "evolution_run").map((d) => `${d.role} ${d.kind} v${d.version}`)).toEqual(["technical pinned v2", "technical rolled_back v2"]);
  });

  it("stops a rewrite that leaves the customers' phones broken, whatever score it was written for", async () => {
    const evaluator = replayEvaluator(env, items);
    const config = ensureEvolutionConfig({ decisionsFile: path.join(dir, "unused.jsonl") });
    const harmful = { ...DEFAULT_PROMPTS, technical: degradedSections("unchecked-fix", DEFAULT_PROMPTS.technical) } as Record<Role, typeof DEFAULT_PROMPTS.technical>;
    const verdict = gateVerdict(await evaluator.evaluate({ role: "technical", parent: DEFAULT_PROMPTS, candidate: harmful, label: "harm" }), ["noRepeatedQuestion"], config);
    // Fewer questions (no re-check after a fix) is what it was written for; the simulator's ground truth fell in both conversations.
    expect(verdict.pass).toBe(false);
    expect(verdict.summary).toMatch(/guards fell: .*verifiedSuccess 1\.000 → 0\.000 \(-1\.000, n=2/);
  });
});
