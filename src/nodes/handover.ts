import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { SupportDependencies } from "../graph/dependencies.js";
import type { SupportStateUpdate, SupportStateValue } from "../conversation/state.js";
import { lastCustomerMessage } from "../conversation/messages.js";
import { startNode } from "../graph/run.js";

/**
 * Hands the conversation to a human: opens a hand-over ticket with a summary a
 * person can act on. The graph pauses after the reply (see awaitHumanNode).
 */
export function makeHandoverNode(deps: SupportDependencies) {
  return async function handoverNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
    const run = startNode(deps, state, config);
    const reason = state.thisTurn.plan?.reason ?? "the customer needs a person";
    const summary = handoverSummary(state, reason);
    const intent = state.openIssue ?? state.intentAnalysis;
    const result = await deps.backend.transferToHuman(
      { threadId: run.threadId },
      {
        summary,
        reason,
        urgency: intent?.urgency,
        sentiment: intent?.sentiment,
        impact: state.troubleshooting?.observations.some((o) => o.observation === "no_service" || o.observation === "outage") ? "no_service" : undefined,
      },
    );
    const ticketId = result.ok ? result.ticket.id : undefined;
    // The backend keeps one hand-over ticket per conversation: a later message is added to it.
    const continued = Boolean(state.escalation?.ticketId && state.escalation.ticketId === ticketId);
    // Told to callers that listen on the "custom" stream mode (the chat script).
    config.writer?.({ type: "handover", ticketId });
    return {
      escalation: { reason, summary, ticketId, at: new Date().toISOString(), turn: state.turn, continued },
      status: "handed_over",
      thisTurn: {
        notes: [...(state.thisTurn.plan?.announce ? [state.thisTurn.plan.announce] : []), ...(result.ok ? [] : ["I couldn't open a ticket just now, but this conversation is flagged for a colleague, who will pick it up here."])],
      },
      pending: null,
      trace: [run.trace("handover", undefined, ticketId ? `ticket ${ticketId}` : "ticket not opened")],
    };
  };
}

/** What a person needs to pick the conversation up without asking the customer again. */
export function handoverSummary(state: SupportStateValue, reason: string): string {
  const intent = state.openIssue ?? state.intentAnalysis;
  const t = state.troubleshooting;
  const parts = [
    `Reason: ${reason}.`,
    `Customer: ${state.customer.verified ? `${state.customer.customerId} (${state.customer.firstName ?? ""}, verified)` : "not verified"}.`,
    intent ? `Issue: ${intent.primary} (confidence ${intent.confidence.toFixed(2)}, sentiment ${intent.sentiment}, urgency ${intent.urgency}).` : "",
    `Last message: "${lastCustomerMessage(state.messages).slice(0, 300)}".`,
    t ? `Troubleshooting ${t.procedureId} at ${t.stepId}; checks: ${t.observations.map((o) => `${o.stepId}=${o.observation}`).join(", ") || "none"}.` : "",
    state.accountActions.length ? `Account actions: ${state.accountActions.map((a) => `${a.action} ${a.ok ? "done" : `refused (${a.detail})`}`).join("; ")}.` : "",
  ];
  return parts.filter(Boolean).join(" ");
}
