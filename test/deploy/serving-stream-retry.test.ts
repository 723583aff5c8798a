import { randomUUID } from "node:crypto";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServingApp } from "../../src/server/app.js";
import { openThreadRunLock } from "../../src/server/run-lock.js";
import { openThreadRegistry, type ThreadRegistry } from "../../src/server/threads.js";
import type { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { testSupportGraph } from "../helpers/graph.js";

/**
 * `runs/stream` of the serving service (`npm run serve`), retried by a client with the same message id: after an
 * answered turn (the answer was lost on the way back) and after a dropped connection mid-turn. The turn must be
 * taken once and answered once either way. Real parts: the test Chroma, the simulated backend, SQLite checkpoints.
 */
let setup: Awaited<ReturnType<typeof testSupportGraph>>;
let threads: ThreadRegistry;
let server: ServerType;
let client: Client;

beforeAll(async () => {
  setup = await testSupportGraph();
  const target = { kind: "sqlite" as const, file: path.join(setup.dir, "checkpoints.sqlite") };
  threads = await openThreadRegistry({ saver: setup.checkpointer, target, close: async () => (setup.checkpointer as SqliteSaver).db.close() });
  const app = createServingApp({ graph: setup.graph, checkpointer: setup.checkpointer, threads, runLock: openThreadRunLock(target), checkpoints: "SQLite (test)" });
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => resolve(info.port));
  });
  client = new Client({ apiUrl: `http://127.0.0.1:${port}`, callerOptions: { maxRetries: 0 } });
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  setup?.close();
});

interface Values {
  reply?: string;
  messages?: { type: string; content: unknown; id?: string }[];
}

/** Streams one customer message and returns the events' names and the last `values` event. */
async function streamTurn(threadId: string, message: { content: string; id: string }, signal?: AbortSignal, onEvent?: (event: string) => void) {
  const events: string[] = [];
  let values: Values | undefined;
  for await (const chunk of client.runs.stream(threadId, "support", {
    input: { messages: [{ role: "user", ...message }] },
    streamMode: ["values", "updates", "custom"],
    signal,
  })) {
    events.push(chunk.event);
    if (chunk.event === "values") values = chunk.data as Values;
    onEvent?.(chunk.event);
  }
  return { events, values };
}

async function stateOf(threadId: string) {
  const messages = ((await client.threads.getState(threadId)).values as Values).messages ?? [];
  return { human: messages.filter((m) => m.type === "human").map((m) => String(m.content)), ai: messages.filter((m) => m.type === "ai").length };
}

describe("runs/stream retried with the same message id", () => {
  it("a retry of an answered turn answers from the thread: the question is not asked twice", async () => {
    const { thread_id } = await client.threads.create();
    const message = { content: "hey how much is the travel pass for europe? going to spain next week", id: randomUUID() };
    const first = await streamTurn(thread_id, message);
    expect(first.events).toContain("custom"); // the reply streamed as it was written
    expect(first.values?.reply).toMatch(/travel pass/i);

    const retried = await streamTurn(thread_id, message);
    expect(retried.values?.reply).toBe(first.values?.reply);
    expect(await stateOf(thread_id)).toEqual({ human: [message.content], ai: 1 });
  });

  it("a retry sent while the first request still runs waits for it: the customer is looked up once, not twice", async () => {
    const { thread_id } = await client.threads.create();
    await streamTurn(thread_id, { content: "hi my internet at home keeps dropping every evening, router lights go orange", id: randomUUID() });
    const message = { content: "sure its James Carter, 555 010 0002", id: randomUUID() };
    // The client gave up waiting and sent the same message again (to another replica, behind a load balancer).
    const [first, retried] = await Promise.all([streamTurn(thread_id, message), streamTurn(thread_id, message)]);
    expect(retried.values?.reply).toBe(first.values?.reply);
    expect(await stateOf(thread_id)).toEqual({ human: [expect.any(String), message.content], ai: 2 });
    // The account system saw the look-up once (a second run of the turn would have looked the customer up again).
    const lookups = (await setup.backend.queryAudit({ threadId: thread_id })).entries.filter((entry) => entry.action.startsWith("findCustomer"));
    expect(lookups).toHaveLength(1);
  });

  it("a stream dropped mid-turn and retried leaves the message once, answered once", async () => {
    const { thread_id } = await client.threads.create();
    const opener = { content: "my mobile data stopped working this morning, 4g icon is there but nothing loads", id: randomUUID() };
    await streamTurn(thread_id, opener);

    // The connection drops as soon as the turn has begun (its first node reported).
    const message = { content: "its james carter, 555 010 0002", id: randomUUID() };
    const dropped = new AbortController();
    await streamTurn(thread_id, message, dropped.signal, (event) => event === "updates" && dropped.abort()).catch((error: unknown) => {
      if ((error as Error).name !== "AbortError") throw error;
    });
    expect(dropped.signal.aborted).toBe(true);

    const retried = await streamTurn(thread_id, message);
    expect(retried.values?.reply).toMatch(/james/i);
    expect(await stateOf(thread_id)).toEqual({ human: [opener.content, message.content], ai: 2 });
  });
});
