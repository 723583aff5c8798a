import type { RunnableConfig } from "@langchain/core/runnables";
import type { SupportGraph } from "./support-graph.js";

/**
 * What finishes a turn that a killed or crashed process left half-done, or
 * undefined when the thread has none. The checkpointer holds the state after the
 * last completed node: `null` goes on from there, so the customer's message is
 * answered once and never sent twice; a message saved with nothing run after it
 * (the process died between saving the input and the first node) starts its turn
 * with an empty input. A thread paused for a human agent is left paused.
 */
export async function inputToFinishTurn(graph: SupportGraph, config: RunnableConfig): Promise<null | { messages: [] } | undefined> {
  const snapshot = await graph.getState(config);
  if (snapshot.tasks.some((task) => task.interrupts.length > 0)) return undefined;
  if (snapshot.next.length > 0) return null;
  const messages = (snapshot.values as { messages?: { getType(): string }[] }).messages ?? [];
  return messages.at(-1)?.getType() === "human" ? { messages: [] } : undefined;
}
