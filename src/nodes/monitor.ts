import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { SupportDependencies } from "../graph/dependencies.js";
import type { SupportStateUpdate, SupportStateValue } from "../conversation/state.js";
import { scoreRecordOf, turnMetricOf } from "../monitoring/turn-metrics.js";
import { startNode } from "../graph/run.js";

/**
 * Hands the measurements of the turn (latency per node and per turn, LLM calls
 * and tokens, errors and fallbacks, retrieval hits) and, when the turn finished
 * the conversation, its scores to the monitor, which raises alerts. Without a monitor it does nothing. Monitoring never fails a turn.
 */
export function makeMonitorNode(deps: SupportDependencies) {
  return async function monitorNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
    const run = startNode(deps, state, config);
    const monitor = deps.monitor;
    if (!monitor) return {};
    const threadId = run.threadId;
    let note: string | undefined;
    try {
      const now = new Date();
      const alerts = await monitor.recordTurn(turnMetricOf(state, threadId, now));
      const scores = scoreRecordOf(state, threadId, now);
      if (scores) alerts.push(...(await monitor.recordScores(scores)));
      if (alerts.length) note = alerts.map((alert) => `${alert.level}: ${alert.message}`).join("; ");
    } catch (error) {
      note = `not recorded: ${error instanceof Error ? error.message : String(error)}`;
    }
    return { trace: [run.trace("monitor", undefined, note)] };
  };
}
