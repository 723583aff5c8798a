import { AIMessage } from "@langchain/core/messages";
import { Command, type NodeError } from "@langchain/langgraph";
import type { SupportStateUpdate, SupportStateValue } from "../conversation/state.js";

/**
 * What a node contributes when it still fails after its retries (a part that
 * hangs past the node timeout, an error no engine fallback caught): the turn goes
 * on without it, and the part is named so the reply can say what is degraded.
 */
/** The caller sent something the graph cannot take as a turn; reported as it is, never degraded around. */
export class InvalidInputError extends Error {
  override name = "InvalidInputError";
}

export function degradeWithout(part: string, next: string) {
  // A handled failure does not follow the node's edges by itself: the handler says where the turn goes on.
  return (_state: SupportStateValue, failure: NodeError) => {
    if (failure.error instanceof InvalidInputError) throw failure.error;
    return new Command({
      update: {
        degraded: [part],
        trace: [{ node: failure.node, ms: 0, llmCalls: 0, note: `failed after retries, turn goes on without it: ${failure.error.message.slice(0, 200)}` }],
      } satisfies SupportStateUpdate,
      goto: next,
    });
  };
}

/** The reply itself failed: the customer still gets an answer, never silence or a stack trace. */
export function apologiseForReply(next: string) {
  return (_state: SupportStateValue, failure: NodeError) => {
    const reply = "I'm sorry, something went wrong on our side while I was writing my answer. Could you send your message again in a moment?";
    return new Command({
      update: {
        reply,
        messages: [new AIMessage({ content: reply, name: "agent" })],
        degraded: ["dialogue"],
        trace: [{ node: failure.node, ms: 0, llmCalls: 0, note: `failed after retries: ${failure.error.message.slice(0, 200)}` }],
      } satisfies SupportStateUpdate,
      goto: next,
    });
  };
}
