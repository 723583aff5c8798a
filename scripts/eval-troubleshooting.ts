/**
 * npm run eval:troubleshooting [-- --limit N] [--only TEXT] [--transcripts N] [--json FILE]
 * Runs every generated troubleshooting scenario (src/device-sim/scenarios.ts) through the real
 * support graph on the local engines: real Chroma (embedded, or CHROMA_URL) on collections of
 * its own that are dropped afterwards, a SQLite checkpointer and a fresh backend per scenario in
 * a temp folder, and the simulated customer on the simulated phone. Prints the share resolved or
 * correctly handed over, the share with a policy breach, mean turns to resolution, and the
 * breakdown by symptom, fault count and carrier fault; then the transcripts of the longest failures.
 */
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { loadSettings } from "../src/config/settings.js";
import { DEFAULT_DATASET_PATH } from "../src/backend/index.js";
import type { DatasetInput } from "../src/backend/schemas.js";
import { createLocalEngines } from "../src/engines/local/index.js";
import { openMemory } from "../src/memory/open.js";
import { seedEmptyMemory } from "../src/memory/seed.js";
import { PROJECT_ROOT } from "../src/graph/dependencies.js";
import { DEFAULT_PROMPTS } from "../src/prompts/defaults.js";
import { formatTranscript, runScenario, summarize, type ScenarioResult } from "../src/device-sim/evaluate.js";
import { generateScenarios } from "../src/device-sim/scenarios.js";
import { runCli } from "./run-cli.js";

const program = new Command("eval-troubleshooting")
  .option("--limit <n>", "run only the first N scenarios (after --only)")
  .option("--only <text>", "run only scenarios whose id contains this text")
  .option("--transcripts <n>", "print this many transcripts of the hardest cases", "3")
  .option("--json <file>", "write every result (with transcripts) to this file");

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

runCli(async () => {
  program.parse();
  const options = program.opts<{ limit?: string; only?: string; transcripts: string; json?: string }>();
  let scenarios = generateScenarios();
  if (options.only) scenarios = scenarios.filter((s) => s.id.includes(options.only!));
  if (options.limit) scenarios = scenarios.slice(0, Number(options.limit));

  const prefix = `evaltrbl_${process.pid}`;
  const settings = loadSettings(process.env, { chroma: { collectionPrefix: prefix } });
  const opened = await openMemory(settings);
  try {
    await seedEmptyMemory(opened.memory, {
      knowledgeDir: path.join(PROJECT_ROOT, "data", "knowledge"),
      proceduresDir: path.join(PROJECT_ROOT, "data", "procedures"),
      prompts: DEFAULT_PROMPTS,
    });
    const baseDataset = JSON.parse(fs.readFileSync(DEFAULT_DATASET_PATH, "utf8")) as DatasetInput;
    const env = { memory: opened.memory, localEngines: createLocalEngines(), baseDataset };
    const results: ScenarioResult[] = [];
    const started = Date.now();
    for (const [i, scenario] of scenarios.entries()) {
      const result = await runScenario(scenario, env);
      results.push(result);
      // Progress on stderr: one line per scenario (overwritten on a terminal).
      const line = `${i + 1}/${scenarios.length} ${result.success ? "ok  " : "FAIL"} ${String(result.turns).padStart(2)} turns ${scenario.id}`;
      process.stderr.write(process.stderr.isTTY ? `\r${line.padEnd(110).slice(0, 110)}` : `${line}\n`);
    }
    if (process.stderr.isTTY) process.stderr.write("\n");
    const summary = summarize(results);
    console.log(`troubleshooting scenarios: ${summary.total} (seeds fixed per scenario id), ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`resolved or correctly handed over: ${pct(summary.successShare)}`);
    console.log(`with a policy breach: ${pct(summary.breachShare)}`);
    console.log(`mean customer turns to resolution: ${summary.meanTurnsToResolution.toFixed(1)}`);
    const table = (title: string, rows: Record<string, { n: number; success: number }>) => {
      console.log(`\n${title}`);
      for (const [k, v] of Object.entries(rows).sort()) console.log(`  ${k.padEnd(28)} ${String(v.success).padStart(4)}/${String(v.n).padEnd(4)} ${pct(v.success / v.n)}`);
    };
    table("by symptom", summary.bySymptom);
    table("by number of faults", summary.byFaultCount);
    table("by carrier fault", summary.byCarrierFault);
    if (Object.keys(summary.failures).length) {
      console.log("\nfailures");
      for (const [k, v] of Object.entries(summary.failures).sort((a, b) => b[1] - a[1])) console.log(`  ${String(v).padStart(4)}  ${k}`);
    }
    const hardest = results.filter((r) => !r.success).sort((a, b) => b.scenario.deviceFaults.length - a.scenario.deviceFaults.length || b.turns - a.turns);
    const shown = (hardest.length ? hardest : [...results].sort((a, b) => b.turns - a.turns)).slice(0, Number(options.transcripts));
    for (const r of shown) console.log(`\n${formatTranscript(r)}`);
    if (options.json) fs.writeFileSync(options.json, JSON.stringify({ summary, results }, null, 2));
    return summary.breachShare > 0 ? 1 : 0;
  } finally {
    for (const existing of await opened.connection.client.listCollections()) {
      if (existing.name.startsWith(prefix)) await opened.connection.client.deleteCollection({ name: existing.name });
    }
    opened.close();
  }
});
