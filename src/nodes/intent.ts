import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { IntentAnalysis } from "../domain/support.js";
import type { SupportStateUpdate, SupportStateValue } from "../graph/state.js";
import { mergeClaims, readIdentityClaims } from "../conversation/identity.js";
import { INTENTS } from "../conversation/intents.js";
import { readFollowUp, readGigabytes } from "../conversation/reading.js";
import { lastCustomerMessage, recentTurns, startNode } from "./node-run.js";

/**
 * Reads the customer's message against what is pending first (a proposal, an
 * identity question, a device check), then as a possible new request. Identity
 * details accumulate across messages; the open issue changes only when the
 * message clearly starts something else.
 */
export async function intentNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
  const run = startNode(state, config);
  const message = lastCustomerMessage(state.messages);
  const customer = { ...state.customer };
  const expectingIdentity = !customer.verified && (state.pending?.kind === "identity" || Boolean(state.openIssue && INTENTS[state.openIssue.primary].needsIdentity));
  const identity = customer.verified ? { claims: {}, rest: message } : readIdentityClaims(message, { expectingIdentity, dateOrder: run.config.dateOrder });
  const gaveIdentity = Object.keys(identity.claims).length > 0;
  if (gaveIdentity) Object.assign(customer, mergeClaims(customer, identity.claims));

  // What is left once identity details are taken out is what the customer is asking ("Robert Miller here, 5550100004, my phone was cut off").
  const request = gaveIdentity ? identity.rest : message;
  const analysed = request.trim()
    ? await run.engines.intent.analyze({ message: request, recent: recentTurns(state.messages), pendingAction: state.pendingAction ?? undefined, prompt: run.prompt("intent") })
    : null;
  const intent: IntentAnalysis = analysed
    ? gaveIdentity && !INTENTS[analysed.primary].request
      ? { ...analysed, primary: "provide_identity", entities: { ...analysed.entities, ...identity.claims } }
      : { ...analysed, entities: { ...analysed.entities, ...identity.claims } }
    : { primary: "provide_identity", secondary: [], entities: { ...identity.claims, amounts: [], dates: [] }, sentiment: "neutral", urgency: "low", confidence: 1, alternatives: [] };

  // A follow-up ("why?", "ok", "how much?") only means something after the agent said or asked something.
  const inConversation = state.pending !== null || state.topic !== null || state.openIssue !== null || state.escalation !== null;
  const followUp = inConversation ? readFollowUp(request, state.pending) : null;
  const answersProposal =
    (state.pending?.kind === "consent" || state.pending?.kind === "amount") &&
    ((followUp !== null && followUp !== "ack" && followUp !== "when") || (state.pending.kind === "amount" && readGigabytes(request) !== undefined));
  const record = INTENTS[intent.primary];
  // Public information is cheap to give and shows what was understood: answered at a lower confidence than account work.
  const clearRequest = record.request && intent.confidence >= (record.needsIdentity ? run.config.clarifyBelow : Math.min(run.config.clarifyBelow, 0.6));
  // Only a message that clearly starts something else changes the topic: "what's the roaming charge for?" after a bill stays on the bill.
  const startsNew = clearRequest && !answersProposal && !relatesToTopic(intent, state);
  return {
    intentAnalysis: intent,
    customer,
    followUp: startsNew ? null : followUp,
    newRequest: startsNew,
    issueTurn: startsNew ? state.turn : state.issueTurn,
    openIssue: startsNew ? intent : state.openIssue,
    openIssueMessage: startsNew ? request : state.openIssueMessage,
    trace: [run.trace("intent", "intent", `${intent.primary} (${intent.confidence.toFixed(2)})${followUp ? `, follow-up: ${followUp}` : ""}${gaveIdentity ? ", identity details" : ""}`)],
  };
}

/** The message is about the request already open (more detail on it, or a question about it), not a new one. */
function relatesToTopic(intent: IntentAnalysis, state: SupportStateValue): boolean {
  const current = state.topic?.intent ?? state.openIssue?.primary;
  if (!current) return false;
  const service = INTENTS[current].service;
  return intent.primary === current || intent.secondary.includes(current) || (service !== undefined && INTENTS[intent.primary].service === service);
}
