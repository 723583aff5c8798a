/**
 * npm run bench [-- --quick] [--only turns,retrieval,...] [--episodes 1000,10000,100000] [--turns N] ...
 * The benchmark suite: turn latency, retrieval and ingestion against raw Chroma,
 * the embedder, cold start, LLM calls on the critical path, and the chat's peak
 * memory. Each benchmark runs on its own throwaway store. Prints a table, writes
 * <out>/results.json, <out>/results.md (the table) and <out>/turn-latency.svg.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Command, InvalidArgumentError } from "commander";
import { SettingsError } from "../src/config/settings.js";
import { benchColdStart } from "./bench/cold-start.js";
import { benchEmbedderSuite } from "./bench/embedder.js";
import { benchIngestion } from "./bench/ingestion.js";
import { benchLlmPath } from "./bench/llm-path.js";
import { BenchResults, formatTable, latencyChart, markdownTable } from "./bench/report.js";
import { benchRetrieval } from "./bench/retrieval.js";
import type { BenchOptions, BenchResult } from "./bench/shared.js";
import { benchTurnLatency } from "./bench/turn-latency.js";
import { runCli } from "./run-cli.js";

const BENCHMARKS: Record<string, (options: BenchOptions) => Promise<BenchResult>> = {
  turns: benchTurnLatency,
  retrieval: benchRetrieval,
  ingestion: benchIngestion,
  embedder: benchEmbedderSuite,
  "cold-start": benchColdStart,
  "llm-path": benchLlmPath,
};

const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive whole number`);
  return n;
};
const sizes = (value: string) => {
  const list = value.split(",").map((v) => Number(v.trim().replace(/_/g, "")));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n <= 0)) throw new InvalidArgumentError("give positive whole numbers separated by commas, e.g. 1000,10000");
  return list;
};
const names = (value: string) => {
  const list = value.split(",").map((v) => v.trim()).filter(Boolean);
  const unknown = list.filter((n) => !(n in BENCHMARKS));
  if (unknown.length) throw new InvalidArgumentError(`unknown benchmark ${unknown.join(", ")}; choose from ${Object.keys(BENCHMARKS).join(", ")}`);
  return list;
};

const program = new Command("bench")
  .description("Benchmarks: turn latency, retrieval and ingestion against raw Chroma, embedder, cold start, LLM path, memory")
  .option("--quick", "small sizes for CI (about a minute)")
  .option("--only <names>", `run only these (comma-separated): ${Object.keys(BENCHMARKS).join(", ")}`, names)
  .option("--episodes <list>", "episode counts for turn latency (default 1000,10000,100000; quick 200,1000)", sizes)
  .option("--turns <n>", "customer turns timed per episode count (default 200; quick 30)", positive("--turns"))
  .option("--queries <n>", "queries per memory search in the retrieval benchmark (default 200; quick 20)", positive("--queries"))
  .option("--chunks <n>", "knowledge chunks ingested (default 5000; quick 400)", positive("--chunks"))
  .option("--texts <n>", "texts in the embedder throughput run (default 20000; quick 2000)", positive("--texts"))
  .option("--launches <n>", "chat launches per store state in the cold-start benchmark (default 3; quick 1)", positive("--launches"))
  .option("--out <dir>", "where results.json and the chart go", "bench");

interface CliOptions {
  quick?: boolean;
  only?: string[];
  episodes?: number[];
  turns?: number;
  queries?: number;
  chunks?: number;
  texts?: number;
  launches?: number;
  out: string;
}

async function main(): Promise<number> {
  program.parse();
  const cli = program.opts<CliOptions>();
  const quick = Boolean(cli.quick);
  const options: BenchOptions = {
    quick,
    episodes: cli.episodes ?? (quick ? [200, 1_000] : [1_000, 10_000, 100_000]),
    turns: cli.turns ?? (quick ? 30 : 200),
    queries: cli.queries ?? (quick ? 20 : 200),
    chunks: cli.chunks ?? (quick ? 400 : 5_000),
    texts: cli.texts ?? (quick ? 2_000 : 20_000),
    launches: cli.launches ?? (quick ? 1 : 3),
    log: (line) => console.error(line),
  };
  const out = path.resolve(cli.out);
  try {
    fs.mkdirSync(out, { recursive: true });
  } catch (error) {
    throw new SettingsError(`cannot create the output folder ${out}: ${(error as Error).message}`);
  }

  const started = performance.now();
  const rows: BenchResults["rows"] = [];
  const details: Record<string, unknown> = {};
  for (const name of cli.only ?? Object.keys(BENCHMARKS)) {
    console.error(`running ${name}...`);
    const t0 = performance.now();
    const result = await BENCHMARKS[name]!(options);
    rows.push(...result.rows);
    details[name] = result.details;
    console.error(`  ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  const results = BenchResults.parse({
    createdAt: new Date().toISOString(),
    quick,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    },
    options: { ...options, log: undefined },
    seconds: Math.round((performance.now() - started) / 100) / 10,
    rows,
    details,
  });
  fs.writeFileSync(path.join(out, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(out, "results.md"), `${markdownTable(rows)}\n`);
  const turnSizes = (details.turns as { sizes?: unknown } | undefined)?.sizes;
  if (turnSizes) fs.writeFileSync(path.join(out, "turn-latency.svg"), latencyChart(turnSizes));

  console.log(formatTable(rows));
  console.log(`\n${results.seconds} s; wrote ${path.relative(process.cwd(), path.join(out, "results.json"))}${turnSizes ? ` and ${path.relative(process.cwd(), path.join(out, "turn-latency.svg"))}` : ""}`);
  return 0;
}

runCli(main);
