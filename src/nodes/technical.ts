import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { troubleshoot } from "../conversation/troubleshooting.js";
import type { SupportStateUpdate, SupportStateValue } from "../conversation/state.js";
import type { SupportDependencies } from "../graph/dependencies.js";
import { startNode } from "../graph/run.js";

/** The technical role: this turn of troubleshooting (src/conversation/troubleshooting.ts) on the graph's backend and memory. */
export function makeTechnicalNode(deps: SupportDependencies) {
  return async function technicalNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
    const run = startNode(deps, state, config);
    const found = await troubleshoot(
      { backend: deps.backend, ctx: { threadId: run.threadId }, procedures: deps.memory.procedural, technical: run.engines.technical, prompt: run.prompt, degraded: run.degraded },
      state,
    );
    const t = found.troubleshooting;
    return {
      troubleshooting: t,
      pendingAction: found.pendingAction,
      accountActions: found.accountActions,
      thisTurn: { requestedActions: found.requestedActions, notes: found.notes },
      degraded: run.degraded,
      trace: [run.trace("technical", "technical", t ? `${t.procedureId}:${t.stepId} ${t.status}` : undefined)],
    };
  };
}
