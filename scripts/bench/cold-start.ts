/**
 * Cold start and memory of the chat: `npm run chat` launched with a question
 * piped in, timed to its banner (ready for input; piped, there is no prompt) and
 * to its first reply, on an empty store (the chat starts Chroma and loads the
 * knowledge base) and on a full one (knowledge base and episodes already there).
 * Peak resident memory (VmHWM) of the chat's node process and of the Chroma
 * server it starts, read from /proc while they run.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PROJECT_ROOT } from "../../src/graph/dependencies.js";
import { fillEpisodes } from "./episodes.js";
import { COLLECTION_PREFIX, distribution, openBenchStore, round, tempDir, type BenchOptions, type BenchResult, type BenchRow } from "./shared.js";

const TARGET_MS = 3_000;
const QUESTION = "how much does a Travel Pass cost per day?";

export interface Launch {
  readyMs: number;
  firstReplyMs: number;
  chatPeakRssMiB: number;
  chromaPeakRssMiB: number;
}

/** Processes under `root` (npm, sh, tsx, node, the Chroma server), from /proc. */
function descendants(root: number): { pid: number; cmd: string }[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: { pid: number; cmd: string }[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      try {
        found.push({ pid: child, cmd: fs.readFileSync(`/proc/${child}/cmdline`, "utf8").replace(/\0/g, " ") });
      } catch {
        continue;
      }
      walk(child);
    }
  };
  walk(root);
  return found;
}

function peakRssMiB(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** One `npm run chat` with the question piped in; resolves when it has exited. */
export async function launchChat(dataDir: string, stateDir: string): Promise<Launch> {
  const started = performance.now();
  const child = spawn("npm", ["run", "--silent", "chat"], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      CHROMA_URL: "",
      CHROMA_DATA_DIR: dataDir,
      CHROMA_COLLECTION_PREFIX: COLLECTION_PREFIX,
      TELECOM_STATE_DIR: path.join(stateDir, "telecom"),
      CHECKPOINT_DB: path.join(stateDir, "checkpoints.sqlite"),
      MONITORING_DIR: path.join(stateDir, "monitoring"),
      PROMPT_DECISIONS_FILE: path.join(stateDir, "prompt-decisions.jsonl"),
      NO_COLOR: "1",
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let readyMs = NaN;
  let firstReplyMs = NaN;
  let output = "";
  let chatPeak = 0;
  let chromaPeak = 0;
  const poll = setInterval(() => {
    for (const { pid, cmd } of descendants(child.pid!)) {
      if (/chroma.* run --path/.test(cmd)) chromaPeak = Math.max(chromaPeak, peakRssMiB(pid));
      else if (/scripts\/chat\.ts/.test(cmd)) chatPeak = Math.max(chatPeak, peakRssMiB(pid));
    }
  }, 25);
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (Number.isNaN(readyMs) && output.includes("Nimbus Mobile support")) {
      readyMs = performance.now() - started;
      child.stdin.write(`${QUESTION}\n`);
    }
    if (Number.isNaN(firstReplyMs) && /^agent:/m.test(output)) {
      firstReplyMs = performance.now() - started;
      child.stdin.end(); // end of input: the chat leaves
    }
  });
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearInterval(poll);
  if (code !== 0 || Number.isNaN(firstReplyMs)) {
    throw new Error(`npm run chat failed (exit ${code}): ${(errors || output).trim().split("\n").slice(-3).join(" / ")}`);
  }
  return { readyMs: round(readyMs, 0), firstReplyMs: round(firstReplyMs, 0), chatPeakRssMiB: round(chatPeak, 1), chromaPeakRssMiB: round(chromaPeak, 1) };
}

export async function benchColdStart(options: BenchOptions): Promise<BenchResult> {
  const episodes = options.episodes.includes(10_000) ? 10_000 : Math.max(...options.episodes);
  const empty: Launch[] = [];
  const full: Launch[] = [];
  for (let i = 0; i < options.launches; i++) {
    const temp = tempDir("cold-empty");
    try {
      empty.push(await launchChat(path.join(temp.dir, "chroma"), temp.dir));
    } finally {
      temp.remove();
    }
  }
  // A full store: what a first chat loads, plus the episodes, written beforehand and left on disk.
  const store = await openBenchStore("cold-full", { seed: true });
  const dataDir = path.join(store.dir, "chroma");
  try {
    await fillEpisodes(store.memory.episodic, 0, episodes);
    store.connection.close(); // the chat starts its own server on the folder
    for (let i = 0; i < options.launches; i++) full.push(await launchChat(dataDir, store.dir));
  } finally {
    store.close();
  }

  const rowsOf = (label: string, launches: Launch[], extra: string): BenchRow[] => {
    const ready = distribution(launches.map((l) => l.readyMs));
    const reply = distribution(launches.map((l) => l.firstReplyMs));
    return [
      { benchmark: "cold start", metric: `${label}: ready for input (median)`, value: ready.p50, unit: "ms", target: `< ${TARGET_MS} ms`, met: ready.p50 < TARGET_MS, note: `${extra}; ${launches.length} launch(es), max ${ready.max} ms` },
      { benchmark: "cold start", metric: `${label}: first reply (median)`, value: reply.p50, unit: "ms", note: `max ${reply.max} ms` },
    ];
  };
  const all = [...empty, ...full];
  return {
    rows: [
      ...rowsOf("empty store", empty, "starts Chroma, loads the knowledge base"),
      ...rowsOf("full store", full, `knowledge base and ${episodes.toLocaleString("en")} episodes`),
      { benchmark: "memory", metric: "chat process peak RSS", value: Math.max(...all.map((l) => l.chatPeakRssMiB)), unit: "MiB", note: "node running scripts/chat.ts, one question" },
      { benchmark: "memory", metric: "Chroma server peak RSS", value: Math.max(...all.map((l) => l.chromaPeakRssMiB)), unit: "MiB", note: `embedded server, full store (${episodes.toLocaleString("en")} episodes)` },
    ],
    details: { episodes, empty, full },
  };
}
