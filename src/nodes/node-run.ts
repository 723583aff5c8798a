import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { TraceEntry } from "../domain/support.js";
import type { RoleEngines, RolePrompt } from "../engines/types.js";
import type { SupportConfiguration } from "../config/support-configuration.js";
import type { SupportDependencies } from "../graph/dependencies.js";
import { supportRunOf, type RoleUsage } from "../graph/run.js";
import type { Role } from "../memory/schemas.js";
import type { SupportStateValue } from "../conversation/state.js";
import { DEFAULT_PROMPTS } from "../prompts/defaults.js";

/**
 * What a node needs for one call: the run it belongs to (thread, configuration,
 * engines), its dependencies, and a trace entry that records time, engine, LLM
 * calls and fallbacks of this call.
 */
export interface NodeRun {
  threadId: string;
  deps: SupportDependencies;
  config: SupportConfiguration;
  engines: RoleEngines;
  degraded: string[];
  prompt(role: Role): RolePrompt;
  /** The trace entry of this node call; `retrievalHits` for nodes that retrieve. */
  trace(node: string, role?: Role, note?: string, extra?: { retrievalHits?: number }): TraceEntry;
}

export function startNode(deps: SupportDependencies, state: SupportStateValue, runnableConfig: LangGraphRunnableConfig): NodeRun {
  const started = performance.now();
  const run = supportRunOf(deps, runnableConfig);
  // The run counts LLM use per role over all its nodes; this call's trace reports what happened since it started.
  const before = new Map<Role, RoleUsage>();
  const since = (role: Role): RoleUsage => {
    const now = run.usage(role);
    const start = before.get(role) ?? { llmCalls: 0, tokens: 0, llmErrors: 0, fallbacks: [] };
    return { llmCalls: now.llmCalls - start.llmCalls, tokens: now.tokens - start.tokens, llmErrors: now.llmErrors - start.llmErrors, fallbacks: now.fallbacks.slice(start.fallbacks.length) };
  };
  for (const role of ROLES) before.set(role, { ...run.usage(role), fallbacks: [...run.usage(role).fallbacks] });
  return {
    threadId: run.threadId,
    deps,
    config: run.settings,
    get engines() {
      return run.engines;
    },
    degraded: [...state.degraded],
    prompt: (role) => {
      const active = state.prompts?.[role];
      return active ? { version: active.version, sections: active.sections } : { version: 0, sections: DEFAULT_PROMPTS[role] };
    },
    trace: (node, role, note, extra) => {
      const used = role ? since(role) : { llmCalls: 0, tokens: 0, llmErrors: 0, fallbacks: [] };
      return {
        node,
        ms: Math.round((performance.now() - started) * 100) / 100,
        // "llm" only when a model actually answered this step; a configured LLM role may still decide by policy.
        engine: role ? (used.fallbacks.length === 0 && used.llmCalls > used.llmErrors ? "llm" : "local") : undefined,
        fallback: used.fallbacks.length ? used.fallbacks.join("; ") : undefined,
        llmCalls: used.llmCalls,
        tokens: used.tokens,
        llmErrors: used.llmErrors,
        note,
        ...extra,
      };
    },
  };
}

const ROLES: Role[] = ["planner", "intent", "technical", "knowledge", "dialogue"];
