import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { createSimulatedBackend } from "../../src/backend/index.js";
import { createLocalEngines } from "../../src/engines/local/index.js";
import { createSupportGraph, type SupportGraphOptions } from "../../src/graph/support-graph.js";
import type { SupportDependencies } from "../../src/graph/dependencies.js";
import type { SupportStateValue } from "../../src/conversation/state.js";
import { seedEmptyMemory } from "../../src/memory/seed.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { freshMemory } from "./memory.js";

/**
 * A support graph on real parts: fresh collections on the test Chroma, seeded with
 * the bundled knowledge base, procedures and prompts; the simulated backend on a
 * temporary state folder; local engines; a SQLite checkpointer on a temporary file.
 */
export async function testSupportGraph(overrides: Partial<SupportDependencies> = {}, graphOptions: SupportGraphOptions = {}) {
  const { memory, connection } = await freshMemory();
  await seedEmptyMemory(memory, { knowledgeDir: "data/knowledge", proceduresDir: "data/procedures", prompts: DEFAULT_PROMPTS });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "support-graph-"));
  const backend = await createSimulatedBackend({ statePath: path.join(dir, "state.json"), auditPath: path.join(dir, "audit.jsonl") });
  const checkpointer = SqliteSaver.fromConnString(path.join(dir, "checkpoints.sqlite"));
  const deps: SupportDependencies = { memory, backend, localEngines: createLocalEngines(), ...overrides };
  const graph = createSupportGraph(deps, { checkpointer, ...graphOptions });
  let threads = 0;

  /** One customer turn; resolves to the state after it. */
  async function say(threadId: string, text: string, configurable: Record<string, unknown> = {}): Promise<SupportStateValue> {
    await graph.invoke({ messages: [{ role: "user", content: text }] }, { configurable: { thread_id: threadId, ...configurable } });
    return (await graph.getState({ configurable: { thread_id: threadId } })).values as SupportStateValue;
  }

  /** Resumes a thread paused for a human with the human agent's reply. */
  async function humanReplies(threadId: string, text: string): Promise<SupportStateValue> {
    await graph.invoke(new Command({ resume: text }), { configurable: { thread_id: threadId } });
    return (await graph.getState({ configurable: { thread_id: threadId } })).values as SupportStateValue;
  }

  return {
    graph,
    deps,
    memory,
    backend,
    checkpointer,
    dir,
    say,
    humanReplies,
    newThread: () => `thread-${process.pid}-${Date.now()}-${++threads}`,
    close: () => {
      connection.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
