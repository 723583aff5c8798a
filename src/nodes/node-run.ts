import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { isAIMessage, isHumanMessage, type BaseMessage } from "@langchain/core/messages";
import type { TraceEntry } from "../domain/support.js";
import type { ChatTurn, RoleEngines, RolePrompt } from "../engines/types.js";
import { ensureConfiguration, type SupportConfiguration } from "../graph/configuration.js";
import { dependenciesOf, type SupportDependencies } from "../graph/dependencies.js";
import { resolveEngines } from "../graph/engines.js";
import type { Role } from "../memory/schemas.js";
import type { SupportStateValue } from "../graph/state.js";
import { DEFAULT_PROMPTS } from "../prompts/defaults.js";

/**
 * What every node needs for one call: its dependencies, the run's configuration,
 * the engines it selects, and a trace entry that records time, engine, LLM calls
 * and fallbacks.
 */
export interface NodeRun {
  deps: SupportDependencies;
  config: SupportConfiguration;
  engines: RoleEngines;
  degraded: string[];
  prompt(role: Role): RolePrompt;
  /** The trace entry of this node call; `retrievalHits` for nodes that retrieve. */
  trace(node: string, role?: Role, note?: string, extra?: { retrievalHits?: number }): TraceEntry;
}

export function startNode(state: SupportStateValue, runnableConfig: LangGraphRunnableConfig): NodeRun {
  const started = performance.now();
  const deps = dependenciesOf(runnableConfig);
  const config = ensureConfiguration(runnableConfig);
  const fallbacks: string[] = [];
  let llmCalls = 0;
  let tokens = 0;
  let llmErrors = 0;
  let engines: RoleEngines | undefined;
  return {
    deps,
    config,
    // Resolved on first use: nodes that call no engine never build LLM clients.
    get engines() {
      engines ??= resolveEngines(config, deps, {
        onFallback: ({ role, reason }) => fallbacks.push(`${role}: ${reason}`),
        onLlmCall: (call) => {
          llmCalls += 1;
          tokens += call.totalTokens;
          if (!call.ok) llmErrors += 1;
        },
      });
      return engines;
    },
    degraded: [...state.degraded],
    prompt: (role) => {
      const active = state.prompts?.[role];
      return active ? { version: active.version, sections: active.sections } : { version: 0, sections: DEFAULT_PROMPTS[role] };
    },
    trace: (node, role, note, extra) => ({
      node,
      ms: Math.round((performance.now() - started) * 100) / 100,
      // "llm" only when a model actually answered this step; a configured LLM role may still decide by policy.
      engine: role ? (fallbacks.length === 0 && llmCalls > llmErrors ? "llm" : "local") : undefined,
      fallback: fallbacks.length ? fallbacks.join("; ") : undefined,
      llmCalls,
      tokens,
      llmErrors,
      note,
      ...extra,
    }),
  };
}

export function messageText(message: BaseMessage | undefined): string {
  if (!message) return "";
  const content = message.content;
  if (typeof content === "string") return content;
  return content.map((part) => ("text" in part && typeof part.text === "string" ? part.text : "")).join("");
}

/** The customer's message of this turn. */
export function lastCustomerMessage(messages: BaseMessage[]): string {
  return messageText([...messages].reverse().find((m) => isHumanMessage(m)));
}

/** Recent turns before the current message, oldest first. */
export function recentTurns(messages: BaseMessage[], limit = 6): ChatTurn[] {
  return messages
    .slice(0, -1)
    .filter((m) => isHumanMessage(m) || isAIMessage(m))
    .slice(-limit)
    .map((m) => ({ role: isHumanMessage(m) ? "customer" : "agent", text: messageText(m) }));
}
