/**
 * The support graph as `npm run chat` runs it (SQLite checkpointer, simulated
 * backend on its own state folder, local engines), on a benchmark's store, with
 * a `say` that times each customer turn.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Command } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { createSimulatedBackend } from "../../src/backend/index.js";
import { createLocalEngines } from "../../src/engines/local/index.js";
import type { SupportDependencies } from "../../src/graph/dependencies.js";
import type { SupportStateValue } from "../../src/conversation/state.js";
import { createSupportGraph } from "../../src/graph/support-graph.js";
import type { Memory } from "../../src/memory/index.js";
import type { Say } from "./conversations.js";
import { tempDir } from "./shared.js";

export interface TimedTurn {
  /** The whole turn, to the end of the graph run. */
  ms: number;
  /** Until the reply was written (streamed to the customer); memory, scoring and monitoring follow. */
  replyMs: number;
  state: SupportStateValue;
}

export async function openBenchGraph(memory: Memory, overrides: Partial<SupportDependencies> = {}) {
  const temp = tempDir("backend");
  const backend = await createSimulatedBackend({ statePath: path.join(temp.dir, "state.json"), auditPath: path.join(temp.dir, "audit.jsonl") });
  const checkpointer = SqliteSaver.fromConnString(path.join(temp.dir, "checkpoints.sqlite"));
  // As scripts/chat.ts opens it.
  checkpointer.db.pragma("journal_mode = WAL");
  checkpointer.db.pragma("synchronous = NORMAL");
  const deps: SupportDependencies = { memory, backend, localEngines: createLocalEngines(), ...overrides };
  const graph = createSupportGraph(deps, { checkpointer });
  let threads = 0;

  /** A `say` on a new thread; every timed turn is handed to `onTurn`. */
  function conversation(onTurn: (turn: TimedTurn) => void, configurable: Record<string, unknown> = {}): Say {
    const config = { configurable: { thread_id: `bench-${process.pid}-${++threads}`, ...configurable } };
    let paused = false;
    return async (text) => {
      // As the chat does: a thread paused for a human is released (untimed) before the next message.
      if (paused) await graph.invoke(new Command({ resume: { reply: "" } }), config);
      const started = performance.now();
      let replyMs = NaN;
      let state = {} as SupportStateValue & { __interrupt__?: unknown[] };
      const stream = await graph.stream({ messages: [{ role: "user", content: text }] } as never, { ...config, streamMode: ["custom", "updates", "values"] });
      for await (const [mode, payload] of stream as AsyncIterable<[string, unknown]>) {
        // The customer reads the reply when the dialogue step writes it, before memory is written.
        const reply = mode === "custom" ? (payload as { type?: string }).type === "reply" : mode === "updates" && "dialogue" in (payload as object);
        if (reply && Number.isNaN(replyMs)) replyMs = performance.now() - started;
        if (mode === "values") state = payload as typeof state;
        if (mode === "updates" && "__interrupt__" in (payload as object)) state = { ...state, __interrupt__: (payload as { __interrupt__: unknown[] }).__interrupt__ };
      }
      const ms = performance.now() - started;
      paused = Array.isArray(state.__interrupt__) && state.__interrupt__.length > 0;
      onTurn({ ms, replyMs: Number.isNaN(replyMs) ? ms : replyMs, state });
      return state;
    };
  }

  return {
    graph,
    deps,
    checkpointer,
    conversation,
    close: () => {
      checkpointer.db.close();
      temp.remove();
    },
  };
}
