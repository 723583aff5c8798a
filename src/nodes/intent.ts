import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { understandMessage } from "../conversation/understanding.js";
import type { SupportStateUpdate, SupportStateValue } from "../conversation/state.js";
import type { SupportDependencies } from "../graph/dependencies.js";
import { startNode } from "../graph/run.js";

/** The intent role: this message understood (src/conversation/understanding.ts); a new request becomes the open issue. */
export function makeIntentNode(deps: SupportDependencies) {
  return async function intentNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
    const run = startNode(deps, state, config);
    const { intent, customer, gaveIdentity, request, followUp, startsNew } = await understandMessage(run.engines.intent, run.prompt("intent"), run.config, state);
    return {
      intentAnalysis: intent,
      customer,
      thisTurn: { followUp, newRequest: startsNew },
      issueTurn: startsNew ? state.turn : state.issueTurn,
      openIssue: startsNew ? intent : state.openIssue,
      openIssueMessage: startsNew ? request : state.openIssueMessage,
      trace: [run.trace("intent", "intent", `${intent.primary} (${intent.confidence.toFixed(2)})${followUp ? `, follow-up: ${followUp}` : ""}${gaveIdentity ? ", identity details" : ""}`)],
    };
  };
}
