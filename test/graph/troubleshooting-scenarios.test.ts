import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_DATASET_PATH } from "../../src/backend/index.js";
import type { DatasetInput } from "../../src/backend/schemas.js";
import { createLocalEngines } from "../../src/engines/local/index.js";
import { formatTranscript, runScenario, summarize, type ScenarioResult } from "../../src/device-sim/evaluate.js";
import { generateScenarios } from "../../src/device-sim/scenarios.js";
import { seedEmptyMemory } from "../../src/memory/seed.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { freshMemory } from "../helpers/memory.js";
import { tierSize } from "../helpers/tier.js";

/**
 * A fast sample of the generated troubleshooting scenarios (the full set runs in
 * `npm run eval:troubleshooting`): every 14th scenario in `npm run test:full`, every
 * 28th in `npm test`, so each symptom, place, fault count and carrier fault is
 * represented. Each has its fixed seed.
 */
const ALL = generateScenarios();
const SAMPLE = ALL.filter((_, i) => i % tierSize(28, 14) === 0);

describe("troubleshooting scenarios through the real graph (sample)", async () => {
  const { memory, connection } = await freshMemory();
  await seedEmptyMemory(memory, { knowledgeDir: "data/knowledge", proceduresDir: "data/procedures", prompts: DEFAULT_PROMPTS });
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), "troubleshooting-scenarios-"));
  const baseDataset = JSON.parse(fs.readFileSync(DEFAULT_DATASET_PATH, "utf8")) as DatasetInput;
  const env = { memory, localEngines: createLocalEngines(), baseDataset, tempRoot };
  const results: ScenarioResult[] = [];
  afterAll(() => {
    connection.close();
    fs.rmSync(tempRoot, { recursive: true, force: true });
  });

  it(`${SAMPLE.length} scenarios: fixed on the customer's own check or handed over only where a person is needed, no policy breach`, { timeout: 240_000 }, async () => {
    console.log(`troubleshooting sample seeds: ${SAMPLE.map((s) => s.seed).join(", ")}`);
    for (const scenario of SAMPLE) results.push(await runScenario(scenario, env));
    const summary = summarize(results);
    for (const failed of results.filter((r) => !r.success)) console.log(formatTranscript(failed));
    expect(summary.breachShare).toBe(0);
    expect(summary.successShare).toBeGreaterThanOrEqual(0.9);
    // Every scenario folder was removed after its run.
    expect(fs.readdirSync(tempRoot)).toEqual([]);
  });

  it("the sample covers every symptom, at home and abroad, with and without a carrier fault", () => {
    expect(new Set(SAMPLE.map((s) => s.symptom)).size).toBe(4);
    expect(new Set(SAMPLE.map((s) => s.location))).toEqual(new Set(["home", "abroad"]));
    expect(SAMPLE.some((s) => s.carrierFault !== "none")).toBe(true);
    expect(SAMPLE.some((s) => s.deviceFaults.length >= 3)).toBe(true);
  });
});
