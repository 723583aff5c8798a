import { randomUUID } from "node:crypto";
import { Command, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { StateSnapshot } from "@langchain/langgraph";
import { createEmbedServer } from "@langchain/langgraph-api/experimental/embed";
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { SupportGraph } from "../graph/support-graph.js";
import type { ThreadRunLock } from "./run-lock.js";
import type { ThreadRegistry } from "./threads.js";

export interface ServingAppOptions {
  graph: SupportGraph;
  checkpointer: BaseCheckpointSaver;
  threads: ThreadRegistry;
  runLock: ThreadRunLock;
  /** Shown by GET /info, e.g. "Postgres postgres://…:***@db/support". */
  checkpoints: string;
  /**
   * When a run's checkpoints are written (LangGraph `durability`). "exit" (default): one checkpoint when the turn
   * ends, before it is answered (the least database work: a third more turns a second than "sync" on the load test);
   * a process killed mid-turn leaves nothing of the turn, and the client's retry runs it again whole (the backend
   * does not repeat a change or a hand-over note on the way, and the message is taken once by its id).
   * "sync": each step's checkpoint before the next step runs, so a killed turn is finished from its last node.
   * "async": the same checkpoints as "sync", written behind the steps.
   */
  durability?: Durability;
}

import { DEFAULT_DURABILITY, type Durability } from "./durability.js";

/** What POST /threads/{id}/runs/wait and runs/stream accept (the SDK's body; the fields read here, others pass on). */
const RunRequest = z.looseObject({
  assistant_id: z.string(),
  input: z.unknown().optional(),
  command: z.looseObject({ resume: z.unknown().optional(), goto: z.unknown().optional(), update: z.unknown().optional() }).nullish(),
  config: z.looseObject({ configurable: z.record(z.string(), z.unknown()).optional() }).nullish(),
  if_not_exists: z.enum(["create", "reject"]).nullish(),
});

type RunRequest = z.infer<typeof RunRequest>;

const ThreadId = z.uuid();

/**
 * The serving service: the subset of the LangGraph API that `@langchain/langgraph-sdk` uses, on the checkpointer
 * the environment selects, so any number of these processes can serve the same threads (Postgres).
 * - threads: create, get, update, delete, search-free; state, state at a checkpoint, history
 *   (`createEmbedServer` of @langchain/langgraph-api, the LangGraph API server's own handlers);
 * - POST /threads/{id}/runs/wait: a run, answered with the state after it (`__interrupt__` when it paused for a
 *   human); `command: { resume }` resumes a paused thread;
 * - POST /threads/{id}/runs/stream: a run streamed as server-sent events (the handler of the same source);
 * - both retry-safe: one run per thread at a time across all processes, and a customer message whose id the thread
 *   already holds is not taken twice: a turn a killed process (or a dropped stream) left half-done is finished from
 *   its checkpoint, a finished one is answered from the state;
 * - GET /ok (health for a load balancer) and GET /info.
 */
export function createServingApp(options: ServingAppOptions): Hono {
  const { graph, threads, runLock } = options;
  const app = new Hono();

  app.get("/ok", (c) => c.json({ ok: true }));
  app.get("/info", (c) => c.json({ service: "telecom-support-graph", graphs: ["support"], checkpoints: options.checkpoints }));

  /** The thread of a run request, created first when the body asks for it (`if_not_exists: "create"`). */
  async function runRequest(c: Context): Promise<{ threadId: string; payload: RunRequest; raw: unknown }> {
    const threadId = ThreadId.safeParse(c.req.param("thread_id"));
    if (!threadId.success) throw new HTTPException(422, { message: "thread_id must be a UUID" });
    const raw: unknown = await c.req.json().catch(() => undefined);
    const body = RunRequest.safeParse(raw);
    if (!body.success) throw new HTTPException(422, { message: `invalid run: ${body.error.issues[0]?.message ?? "bad body"}` });
    const payload = body.data;
    if (payload.assistant_id !== "support") throw new HTTPException(404, { message: `Assistant ${payload.assistant_id} not found (this service serves "support")` });
    await threads.get(threadId.data).catch(async (error: unknown) => {
      if (payload.if_not_exists !== "create") throw error;
      await threads.set(threadId.data, { kind: "put" });
    });
    return { threadId: threadId.data, payload, raw };
  }

  const configOf = (threadId: string, payload: RunRequest) => ({ configurable: { ...(payload.config?.configurable ?? {}), thread_id: threadId } });
  const runGraph = (threadId: string, payload: RunRequest, input: unknown) =>
    runToEnd(graph, input, { ...configOf(threadId, payload), durability: options.durability ?? DEFAULT_DURABILITY });

  /**
   * What a retried request finds (called under the thread's run lock): the turn already answered (its state is the
   * answer), or nothing of it done yet (run it). A turn a killed process or a dropped stream left half-done is finished
   * from its last checkpoint first; if only the message itself had been saved, the turn runs again (the message's id
   * replaces the saved copy, so it is not doubled).
   */
  async function settleRetry(threadId: string, payload: RunRequest): Promise<{ answered: Record<string, unknown> } | { run: true }> {
    if (payload.command) return { run: true };
    const ids = messageIdsOf(payload.input);
    if (ids.length === 0) return { run: true };
    // The common case, a message never seen, needs no read of the thread's state (a full checkpoint load).
    if (await threads.firstReceipt(threadId, ids)) return { run: true };
    const before = await graph.getState(configOf(threadId, payload));
    const seen = received(before.values, ids);
    if (seen === "answered") return { answered: answer(before) };
    if (seen === "unanswered") {
      const finished = await runGraph(threadId, payload, null);
      if (received(finished, ids) === "answered") return { answered: finished };
    }
    return { run: true };
  }

  app.post("/threads/:thread_id/runs/wait", async (c) => {
    const { threadId, payload } = await runRequest(c);
    const values = await runLock.withThread(threadId, async () => {
      const retry = await settleRetry(threadId, payload);
      if ("answered" in retry) return retry.answered;
      return runGraph(threadId, payload, payload.command ? new Command(payload.command as ConstructorParameters<typeof Command>[0]) : (payload.input ?? null));
    });
    return new Response(toApiJson(values), { headers: { "content-type": "application/json" } });
  });

  const embed = createEmbedServer({ graph: { support: graph as never }, threads, checkpointer: options.checkpointer });

  /**
   * runs/stream with the same guarantees as runs/wait: one run per thread across all processes (the lock is held
   * until the stream ends or the client goes away) and a retried message is not taken twice. A new turn streams
   * through the LangGraph API server's own handler; a retry of an answered turn streams its state as one `values`
   * event (a turn left half-done is finished first, without streaming its events).
   */
  app.post("/threads/:thread_id/runs/stream", async (c) => {
    const { threadId, payload, raw } = await runRequest(c);
    let respond!: (response: Response) => void;
    let fail!: (error: unknown) => void;
    const response = new Promise<Response>((resolve, reject) => ((respond = resolve), (fail = reject)));
    runLock
      .withThread(threadId, async () => {
        const retry = await settleRetry(threadId, payload);
        if ("answered" in retry) return respond(answeredStream(retry.answered));
        const streamed = await embed.fetch(
          new Request(c.req.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(raw), signal: c.req.raw.signal }),
        );
        if (!streamed.body) return respond(streamed);
        // The lock is held until the stream is read to its end or cancelled (the client went away).
        await new Promise<void>((release) => respond(new Response(releasingAtEnd(streamed.body!, release), streamed)));
      })
      .catch(fail);
    return response;
  });

  app.route("/", embed);

  app.onError((error, c) => {
    if (error instanceof HTTPException) return c.json({ error: error.name, message: error.message }, error.status);
    console.error(`[serve] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return c.json({ error: error instanceof Error ? error.name : "Error", message: error instanceof Error ? error.message : String(error) }, 500);
  });
  return app;
}

/**
 * Whether the thread holds the input's messages (by id) and whether the agent answered after them: "new" (not
 * there), "answered" (an AI message follows), "unanswered" (there, but the turn did not finish).
 */
function received(values: unknown, ids: string[]): "new" | "answered" | "unanswered" {
  const messages = (values as { messages?: { id?: string; getType?: () => string }[] }).messages ?? [];
  const last = Math.max(...ids.map((id) => messages.findIndex((m) => m.id === id)));
  if (ids.some((id) => !messages.some((m) => m.id === id))) return "new";
  return messages.slice(last + 1).some((m) => m.getType?.() === "ai") ? "answered" : "unanswered";
}

function messageIdsOf(input: unknown): string[] {
  const messages = (input as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages)) return [];
  const ids = messages.map((m) => (m as { id?: unknown })?.id);
  return ids.every((id): id is string => typeof id === "string" && id.length > 0) ? ids : [];
}

/**
 * Runs the graph and answers as the LangGraph API's runs/wait does: the state's values after the run, plus
 * `__interrupt__` when it paused for a human. Streamed ("values" for the state, "updates" for the interrupt, which
 * invoke's output leaves out), so no second read of the state is needed.
 */
async function runToEnd(graph: SupportGraph, input: unknown, config: { configurable: Record<string, unknown>; durability: Durability }): Promise<Record<string, unknown>> {
  let values: Record<string, unknown> = {};
  // An interrupt may come on both streams: keep each once, by id.
  const interrupts = new Map<unknown, unknown>();
  for await (const [mode, chunk] of await graph.stream(input as never, { ...config, streamMode: ["values", "updates"] })) {
    const paused = (chunk as { __interrupt__?: unknown }).__interrupt__;
    if (Array.isArray(paused)) for (const item of paused) interrupts.set((item as { id?: unknown }).id ?? item, item);
    else if (mode === "values") values = chunk as Record<string, unknown>;
  }
  return interrupts.size ? { ...values, __interrupt__: [...interrupts.values()] } : values;
}

/** A run's SSE stream that answers with the state it already has: `metadata`, then one `values` event. */
function answeredStream(values: Record<string, unknown>): Response {
  const events = [`event: metadata\ndata: ${JSON.stringify({ run_id: randomUUID(), attempt: 1 })}\n\n`, `event: values\ndata: ${toApiJson(values)}\n\n`];
  return new Response(events.join(""), { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
}

/**
 * The same bytes, calling `release` once the stream has ended. When the client goes away the run is stopped (the
 * request's signal) and its stream read on to its end before `release`: the run may still be writing its last
 * checkpoint, and a retry must not start beside it.
 */
function releasingAtEnd(body: ReadableStream<Uint8Array>, release: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          release();
        } else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
        release();
      }
    },
    cancel() {
      void (async () => {
        try {
          while (!(await reader.read()).done);
        } catch {
          // the run's stream failed: it has ended all the same
        }
        release();
      })();
    },
  });
}

/** The state as the LangGraph API's runs/wait answers it: the values, plus `__interrupt__` when paused. */
function answer(snapshot: StateSnapshot): Record<string, unknown> {
  const interrupts = snapshot.tasks.flatMap((task) => task.interrupts);
  return { ...(snapshot.values as Record<string, unknown>), ...(interrupts.length ? { __interrupt__: interrupts } : {}) };
}

/** JSON as the LangGraph API writes it: LangChain messages as `{ ...data, type }`. */
export function toApiJson(value: unknown): string {
  return JSON.stringify(value, function (key, replaced) {
    const raw = (this as Record<string, unknown>)[key];
    if (raw && typeof raw === "object" && typeof (raw as { toDict?: unknown }).toDict === "function") {
      const { type, data } = (raw as { toDict(): { type: string; data: Record<string, unknown> } }).toDict();
      return { ...data, type };
    }
    return replaced;
  });
}
