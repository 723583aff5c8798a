import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AIMessage } from "@langchain/core/messages";
import type { SupportDependencies } from "../graph/dependencies.js";
import type { SupportStateUpdate, SupportStateValue } from "../conversation/state.js";
import type { ConversationStatus } from "../domain/support.js";
import { lastCustomerMessage, lastAgentReply } from "../conversation/messages.js";
import { startNode } from "../graph/run.js";

/** The dialogue role: writes the reply the customer reads, grounded in what the other roles found. */
export function makeDialogueNode(deps: SupportDependencies) {
  return async function dialogueNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
    const run = startNode(deps, state, config);
    const { reply } = await run.engines.dialogue.compose({
      message: lastCustomerMessage(state.messages),
      customer: state.customer,
      intent: state.intentAnalysis,
      plan: state.thisTurn.plan,
      troubleshooting: state.troubleshooting,
      // A device check still waiting for its answer is asked again after another question is answered.
      requestedActions:
        state.thisTurn.requestedActions.length === 0 && state.pendingAction && state.troubleshooting?.status === "awaiting_customer" && !state.thisTurn.taken.includes("technical")
          ? [state.pendingAction]
          : state.thisTurn.requestedActions,
      knowledge: state.thisTurn.knowledgeFindings,
      accountActions: state.accountActions
        .filter((action) => action.at >= state.thisTurn.startedAt)
        .map(({ action, ok, detail }) => ({ action, ok, detail })),
      escalation: state.escalation?.turn === state.turn ? state.escalation : null,
      memory: state.memory,
      notes: state.thisTurn.notes,
      degraded: state.degraded,
      observationsBeforeTurn: state.thisTurn.observationsBefore,
      greeted: state.thisTurn.greeted,
      followUp: state.thisTurn.followUp,
      newRequest: state.thisTurn.newRequest,
      lastReply: lastAgentReply(state.messages),
      openTicketId: state.escalation && state.escalation.turn >= state.issueTurn ? state.escalation.ticketId : undefined,
      topic: state.topic,
      pending: state.pending,
      prompt: run.prompt("dialogue"),
    });
    // Streamed to callers that listen on the "custom" stream mode (the chat script).
    config.writer?.({ type: "reply", text: reply });
    return {
      reply,
      messages: [new AIMessage({ content: reply, name: "agent" })],
      status: nextStatus(state),
      trace: [run.trace("dialogue", "dialogue", `${reply.split(/\s+/).length} words`)],
    };
  };
}

/** When the conversation ends: closed by the customer, resolved by their own check, or handed over. */
function nextStatus(state: SupportStateValue): ConversationStatus {
  if (state.status === "handed_over" && state.escalation?.turn === state.turn) return "handed_over";
  if (state.thisTurn.plan?.next.includes("close")) return "closed";
  const t = state.troubleshooting;
  if (t?.status === "resolved" && t.queue.length === 0 && state.thisTurn.taken.includes("technical")) return "resolved";
  return "open";
}
