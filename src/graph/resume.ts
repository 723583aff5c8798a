import type { RunnableConfig } from "@langchain/core/runnables";
import type { SupportGraph } from "./support-graph.js";

/**
 * Finishes a turn that a killed or crashed process left half-done. The SQLite
 * checkpointer holds the state after the last completed node; running the graph
 * with no input goes on from there, so the customer's message is answered once
 * and never sent twice. A thread paused for a human agent is left paused.
 * Returns whether a turn was resumed.
 */
export async function resumeUnfinishedTurn(graph: SupportGraph, config: RunnableConfig): Promise<boolean> {
  if (!(await hasUnfinishedTurn(graph, config))) return false;
  await graph.invoke(null, config);
  return true;
}

/** Whether the thread's last checkpoint is inside a turn (nodes still to run) rather than paused for a human. */
export async function hasUnfinishedTurn(graph: SupportGraph, config: RunnableConfig): Promise<boolean> {
  const snapshot = await graph.getState(config);
  const pausedForHuman = snapshot.tasks.some((task) => task.interrupts.length > 0);
  return snapshot.next.length > 0 && !pausedForHuman;
}
