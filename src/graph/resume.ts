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
  const unfinished = await unfinishedTurn(graph, config);
  if (unfinished === "none") return false;
  // Nodes still to run go on from the checkpoint; a message saved with nothing run yet starts its turn now.
  await graph.invoke(unfinished === "nodes" ? null : { messages: [] }, config);
  return true;
}

/** Whether the thread's last checkpoint is inside a turn rather than finished or paused for a human. */
export async function hasUnfinishedTurn(graph: SupportGraph, config: RunnableConfig): Promise<boolean> {
  return (await unfinishedTurn(graph, config)) !== "none";
}

/**
 * "nodes": nodes are still to run; "message": the customer's message was saved but no reply follows it and nothing is
 * scheduled (the process died between saving the input and the first node); "none": the turn is done or waits for a person.
 */
async function unfinishedTurn(graph: SupportGraph, config: RunnableConfig): Promise<"nodes" | "message" | "none"> {
  const snapshot = await graph.getState(config);
  if (snapshot.tasks.some((task) => task.interrupts.length > 0)) return "none";
  if (snapshot.next.length > 0) return "nodes";
  const messages = (snapshot.values as { messages?: { getType(): string }[] }).messages ?? [];
  return messages.at(-1)?.getType() === "human" ? "message" : "none";
}
