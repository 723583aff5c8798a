import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { SupportDependencies } from "../graph/dependencies.js";
import type { SupportStateUpdate, SupportStateValue } from "../conversation/state.js";
import { degradeOnFailure } from "./guard.js";
import { lastCustomerMessage, startNode } from "./node-run.js";

/** The knowledge role: retrieves passages from semantic memory and synthesises an answer with citations. */
export function makeKnowledgeNode(deps: SupportDependencies) {
  return async function knowledgeNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
    const run = startNode(deps, state, config);
    const question = lastCustomerMessage(state.messages);
    const passages = await degradeOnFailure("knowledge base", () => deps.memory.semantic.search(question, { k: run.config.knowledgeK }), [], run.degraded);
    const knowledge = await run.engines.knowledge.synthesize({ question, passages, prompt: run.prompt("knowledge") });
    return {
      thisTurn: { knowledgeFindings: knowledge },
      degraded: run.degraded,
      trace: [run.trace("knowledge", "knowledge", `${passages.length} passages, ${knowledge.covered ? "covered" : "not covered"}`, { retrievalHits: passages.length })],
    };
  };
}
