import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { BaseMessage } from "@langchain/core/messages";
import { seedEmptyMemory } from "../../src/memory/seed.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { freshMemory } from "../helpers/memory.js";
import { TIER } from "../helpers/tier.js";

/**
 * The process is killed (SIGKILL) in the middle of a turn and started again: the
 * conversation goes on from the SQLite checkpointer, and every customer message
 * is answered exactly once.
 */
const ROOT = path.resolve(import.meta.dirname, "..", "..");

interface DriverRun {
  lines: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs the driver; `killOn` kills it with SIGKILL as soon as a stdout line matches. */
function drive(options: Record<string, unknown>, killOn?: RegExp): Promise<DriverRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/crash-driver.ts", JSON.stringify(options)], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      lines.push(line);
      if (killOn?.test(line)) child.kill("SIGKILL");
    });
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code !== 0 && signal !== "SIGKILL") reject(new Error(`driver exited with ${code}: ${stderr}`));
      else resolve({ lines, code, signal });
    });
  });
}

describe("a process killed mid-turn", async () => {
  const { memory, connection, prefix } = await freshMemory();
  await seedEmptyMemory(memory, { knowledgeDir: "data/knowledge", proceduresDir: "data/procedures", prompts: DEFAULT_PROMPTS });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crash-resume-"));
  const base = { chromaUrl: inject("chromaUrl"), prefix, dir, threadId: "crash-thread" };
  afterAll(() => {
    connection.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const transcript = async () => {
    const saver = SqliteSaver.fromConnString(path.join(dir, "checkpoints.sqlite"));
    const checkpoint = await saver.getTuple({ configurable: { thread_id: base.threadId } });
    saver.db.close();
    const messages = (checkpoint?.checkpoint.channel_values.messages ?? []) as BaseMessage[];
    return messages.map((m) => `${m.getType()}: ${m.text.slice(0, 40)}`);
  };

  // The short tier (npm test) kills the first turn and restarts (two processes); the full tier has a turn before and after.
  const FULL = TIER === "full";
  it(`resumes the unfinished turn on restart: no turn lost, none doubled (${FULL ? "four" : "two"} processes)`, async () => {
    const before: RegExp[] = [];
    if (FULL) {
      const first = await drive({ ...base, message: "my mobile data stopped working" });
      expect(first.lines.at(-1)).toMatch(/"done":true/);
      before.push(/^human: my mobile data/, /^ai: /);
    }

    // This turn verifies identity: the backend call is slowed and the process killed inside it.
    const killed = await drive({ ...base, message: "my mobile data stopped working. 555 010 0020, Noah Thompson", slowBackendMs: 60_000 }, /^slow-call /);
    expect(killed.signal).toBe("SIGKILL");
    expect(killed.lines.some((line) => line.includes('"done"'))).toBe(false);
    // The checkpoint holds the customer's message, not yet answered.
    expect(await transcript()).toEqual([...before, /^human: my mobile data stopped working\. 555/].map((re) => expect.stringMatching(re)));

    const restarted = await drive(base);
    const result = JSON.parse(restarted.lines.at(-1)!) as { resumed: boolean; reply: string };
    expect(result.resumed).toBe(true);
    expect(result.reply).toMatch(/Noah/);
    const after = await transcript();
    expect(after.map((line) => line.split(":")[0])).toEqual([...before.map((_, i) => (i % 2 ? "ai" : "human")), "human", "ai"]);
    if (!FULL) return;

    // A restart with nothing unfinished resumes nothing; the next message is one more turn.
    const next = await drive({ ...base, message: "ok I turned mobile data on" });
    expect(JSON.parse(next.lines.at(-1)!).resumed).toBe(false);
    expect((await transcript()).map((line) => line.split(":")[0])).toEqual(["human", "ai", "human", "ai", "human", "ai"]);
  }, 240_000); // four processes start one after the other, each loading the graph: slow on a busy machine
});
