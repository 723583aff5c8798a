import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DATASET_PATH } from "../../src/backend/index.js";
import type { DatasetInput } from "../../src/backend/schemas.js";
import { runScenario, type ScenarioResult } from "../../src/device-sim/evaluate.js";
import { generateScenarios } from "../../src/device-sim/scenarios.js";
import { createLocalEngines } from "../../src/engines/local/index.js";
import { PROJECT_ROOT } from "../../src/graph/dependencies.js";
import { seedEmptyMemory } from "../../src/memory/seed.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { degradedSections } from "../../src/prompts/degraded.js";
import { freshMemory } from "../helpers/memory.js";

/**
 * The verification lever end to end: the same simulated customers on the same
 * simulated phones, through the real graph, first with the default technical
 * prompt, then with the degraded "declare the fault fixed as soon as a fix is
 * suggested" version active. The customer notices: the agent says it's fixed
 * while the phone still fails its own check.
 */

// Scenarios whose most likely first fix is not the fault, so a fix declared without the check is wrong.
const IDS = ["mms_failing/home/none/mms_server_blank", "mms_failing/home/none/wifi_calling_mms", "mms_failing/home/none/messaging_permissions_denied", "slow_data/home/none/vpn_on", "no_data/home/none/apn_wrong"];
const scenarios = generateScenarios().filter((s) => IDS.includes(s.id));
const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), "degraded-verification-"));
let opened: Awaited<ReturnType<typeof freshMemory>>;
const baseDataset = JSON.parse(fs.readFileSync(DEFAULT_DATASET_PATH, "utf8")) as DatasetInput;
const localEngines = createLocalEngines();

beforeAll(async () => {
  opened = await freshMemory();
  await seedEmptyMemory(opened.memory, { knowledgeDir: path.join(PROJECT_ROOT, "data", "knowledge"), proceduresDir: path.join(PROJECT_ROOT, "data", "procedures"), prompts: DEFAULT_PROMPTS });
}, 120_000);
afterAll(() => {
  opened?.connection.close();
  fs.rmSync(tempRoot, { recursive: true, force: true });
});

async function runAll(): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) results.push(await runScenario(scenario, { memory: opened.memory, localEngines, baseDataset, tempRoot }));
  return results;
}

describe("a technical guideline that declares fixes without the customer's check lowers outcomes", () => {
  it("default: every scenario fixed and confirmed; degraded: 'fixed' said while the phone still fails", async () => {
    expect(scenarios.map((s) => s.id).sort()).toEqual([...IDS].sort());
    console.log(`scenarios (seeds fixed by the generator): ${scenarios.map((s) => `${s.id}#${s.seed}`).join(", ")}`);
    const strict = await runAll();
    expect(strict.map((r) => [r.scenario.id, r.success])).toEqual(scenarios.map((s) => [s.id, true]));

    const active = (await opened.memory.procedural.activePrompt("technical"))!;
    await opened.memory.procedural.addPromptVersion({ role: "technical", status: "active", parent: active.version, reason: "degraded: unchecked fix", sections: degradedSections("unchecked-fix", active.sections) });
    const lax = await runAll();
    const falselyFixed = lax.filter((r) => r.outcome === "resolved" && !r.finalCheckPasses);
    console.log(`strict ${strict.filter((r) => r.success).length}/${strict.length} met, mean turns ${mean(strict.map((r) => r.turns))}; unchecked ${lax.filter((r) => r.success).length}/${lax.length} met, ${falselyFixed.length} declared fixed while the phone still failed`);
    expect(falselyFixed.length).toBeGreaterThanOrEqual(4);
    expect(lax.filter((r) => r.success).length).toBeLessThanOrEqual(1);
  }, 600_000);
});

const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1);
