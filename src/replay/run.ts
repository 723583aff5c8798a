import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MemorySaver } from "@langchain/langgraph";
import { createSimulatedBackend } from "../backend/index.js";
import type { SupportDependencies } from "../graph/dependencies.js";
import { createSupportGraph } from "../graph/support-graph.js";
import type { ScriptedConversation } from "./conversations.js";
import { replayConversation, type ReplayResult } from "./replay.js";
import { summarizeReplay, type ReplaySummary } from "./summary.js";

export interface ReplayOptions {
  /** Names the run; thread ids are `replay-<label>-<conversation id>`. */
  label: string;
  /** Dataset of the fresh backend; default the bundled one. */
  datasetPath?: string;
  onResult?: (result: ReplayResult, index: number) => void;
}

/**
 * Replays every conversation against a graph on the given memory and engines,
 * on a fresh backend (its own temporary state, so each replay starts from the
 * dataset) and an in-memory checkpointer. In-graph evolution is off: the
 * learning loop decides when evolution runs.
 */
export async function replayAll(deps: SupportDependencies, conversations: ScriptedConversation[], options: ReplayOptions): Promise<ReplaySummary> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replay-backend-"));
  try {
    const backend = await createSimulatedBackend({ datasetPath: options.datasetPath, statePath: path.join(dir, "state.json"), auditPath: path.join(dir, "audit.jsonl") });
    const graph = createSupportGraph({ ...deps, backend }, { checkpointer: new MemorySaver() });
    const results: ReplayResult[] = [];
    for (const [index, conversation] of conversations.entries()) {
      const result = await replayConversation(graph, backend, conversation, `replay-${options.label}-${conversation.id}`, { evolveAfter: 0 });
      results.push(result);
      options.onResult?.(result, index);
    }
    return summarizeReplay(options.label, results);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
