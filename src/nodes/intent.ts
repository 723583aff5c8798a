import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { IntentAnalysis, IntentLabel } from "../domain/support.js";
import type { SupportStateUpdate, SupportStateValue } from "../graph/state.js";
import { lastCustomerMessage, recentTurns, startNode } from "./node-run.js";

/** Intents that are not a request of their own: they continue the open issue. */
const CONTINUATIONS: IntentLabel[] = ["provide_identity", "troubleshooting_answer", "greeting", "human_request", "goodbye", "out_of_scope"];

/** Analyses the customer's message and keeps the identity claims and the open issue. */
export async function intentNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
  const run = startNode(state, config);
  const message = lastCustomerMessage(state.messages);
  const intent = await run.engines.intent.analyze({
    message,
    recent: recentTurns(state.messages),
    pendingAction: state.pendingAction ?? undefined,
    prompt: run.prompt("intent"),
  });
  const customer = { ...state.customer };
  if (!customer.verified) {
    customer.phoneNumber = intent.entities.phoneNumber ?? customer.phoneNumber;
    customer.fullName = intent.entities.fullName ?? customer.fullName;
    customer.dateOfBirth = intent.entities.dateOfBirth ?? customer.dateOfBirth;
  }
  const newIssue = isNewIssue(intent, run.config.clarifyBelow);
  return {
    intentAnalysis: intent,
    customer,
    openIssue: newIssue ? intent : state.openIssue,
    openIssueMessage: newIssue ? message : state.openIssueMessage,
    trace: [run.trace("intent", "intent", `${intent.primary} (${intent.confidence.toFixed(2)})`)],
  };
}

function isNewIssue(intent: IntentAnalysis, clarifyBelow: number): boolean {
  return !CONTINUATIONS.includes(intent.primary) && intent.confidence >= clarifyBelow;
}
