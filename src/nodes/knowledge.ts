import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { SupportDependencies } from "../graph/dependencies.js";
import type { SupportStateUpdate, SupportStateValue } from "../conversation/state.js";
import { degradeOnFailure } from "../conversation/degrade.js";
import { lastCustomerMessage } from "../conversation/messages.js";
import { startNode } from "../graph/run.js";

/** The knowledge role: retrieves passages from semantic memory and synthesises an answer with citations. */
export function makeKnowledgeNode(deps: SupportDependencies) {
  return async function knowledgeNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
    const run = startNode(deps, state, config);
    const message = lastCustomerMessage(state.messages);
    const passages = await degradeOnFailure("knowledge base", () => deps.memory.semantic.search(message, { k: run.config.knowledgeK }), [], run.degraded);
    const knowledge = await run.engines.knowledge.synthesize({ question: message, passages, prompt: run.prompt("knowledge") });
    return {
      thisTurn: { knowledgeFindings: knowledge },
      degraded: run.degraded,
      trace: [run.trace("knowledge", "knowledge", `${passages.length} passages, ${knowledge.covered ? "covered" : "not covered"}`, { retrievalHits: passages.length })],
    };
  };
}
