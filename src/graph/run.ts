import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { TraceEntry } from "../domain/support.js";
import type { RoleEngines, RolePrompt } from "../engines/types.js";
import type { LlmCall } from "../engines/llm/call.js";
import { createEngines } from "../engines/llm/index.js";
import type { SupportStateValue } from "../conversation/state.js";
import { Role } from "../memory/schemas.js";
import { DEFAULT_PROMPTS } from "../prompts/defaults.js";
import { ensureConfiguration, SupportConfiguration } from "../config/support-configuration.js";
import type { SupportDependencies } from "./dependencies.js";
import { environmentOf, type EnvironmentVariable } from "../config/settings.js";

/** LLM use and fallbacks of one role, counted over the run; a node's trace reports the part made during its own call. */
export interface RoleUsage {
  llmCalls: number;
  tokens: number;
  llmErrors: number;
  fallbacks: string[];
}

/**
 * What every node of one run shares: the thread, the configuration (parsed once),
 * and the engine of each role (built on first use). One per thread and
 * configuration: the next turn of the same thread with the same settings reuses it.
 */
export interface SupportRun {
  threadId: string;
  settings: SupportConfiguration;
  readonly engines: RoleEngines;
  usage(role: Role): RoleUsage;
}

interface EngineHooks {
  onFallback: (event: { role: string; reason: string }) => void;
  onLlmCall: (call: LlmCall) => void;
}

const RUNS_KEPT = 256;
const runsByDeps = new WeakMap<SupportDependencies, Map<string, SupportRun>>();

/** The per-run object of this call: the only place that reads `thread_id` and the run's configuration. */
export function supportRunOf(deps: SupportDependencies, config: LangGraphRunnableConfig): SupportRun {
  const threadId = String(config.configurable?.thread_id ?? "");
  const key = `${threadId}\u0000${configurationKey(config)}`;
  let runs = runsByDeps.get(deps);
  if (!runs) runsByDeps.set(deps, (runs = new Map()));
  const kept = runs.get(key);
  if (kept) return kept;
  const run = newRun(deps, threadId, ensureConfiguration(config));
  runs.set(key, run);
  // Oldest first out: a Map iterates in insertion order.
  if (runs.size > RUNS_KEPT) runs.delete(runs.keys().next().value!);
  return run;
}

function newRun(deps: SupportDependencies, threadId: string, settings: SupportConfiguration): SupportRun {
  const usage = new Map<Role, RoleUsage>();
  const usageOf = (role: Role) => {
    let counted = usage.get(role);
    if (!counted) usage.set(role, (counted = { llmCalls: 0, tokens: 0, llmErrors: 0, fallbacks: [] }));
    return counted;
  };
  let engines: RoleEngines | undefined;
  return {
    threadId,
    settings,
    // Built on first use: a run whose nodes call no engine never builds LLM clients.
    get engines() {
      engines ??= resolveEngines(settings, deps, {
        onFallback: ({ role, reason }) => usageOf(role as Role).fallbacks.push(`${role}: ${reason}`),
        onLlmCall: (call) => {
          const counted = usageOf(call.role);
          counted.llmCalls += 1;
          counted.tokens += call.totalTokens;
          if (!call.ok) counted.llmErrors += 1;
        },
      });
      return engines;
    },
    usage: usageOf,
  };
}

/** The engine of every role for this run: a service's own, else LLM or local as configured. */
function resolveEngines(config: SupportConfiguration, deps: SupportDependencies, hooks: EngineHooks): RoleEngines {
  const allLocal = Role.options.every((role) => config[`${role}Engine`] === "local");
  const selected = allLocal
    ? deps.localEngines
    : createEngines({
        config,
        local: deps.localEngines,
        chatModel: deps.chatModel,
        backend: deps.backend,
        onFallback: hooks.onFallback,
        onLlmCall: hooks.onLlmCall,
      });
  return { ...selected, ...deps.engines };
}

/** What selects the configuration: the run's own values (configurable, then context) and the environment they override. */
function configurationKey(config: LangGraphRunnableConfig): string {
  const values = { ...(config.configurable ?? {}), ...((config as { context?: object }).context ?? {}) } as Record<string, unknown>;
  const own = Object.keys(values)
    .filter((key) => key in SupportConfiguration.shape)
    .sort()
    .map((key) => [key, values[key]]);
  const env = environmentOf(ENV_KEYS);
  return JSON.stringify([own, ENV_KEYS.map((key) => env[key] ?? null)]);
}

/** The environment variables `ensureConfiguration` reads. */
const ENV_KEYS: EnvironmentVariable[] = [
  "LLM_MODEL", "OPENAI_BASE_URL", "SCORER", "PROMPT_CANDIDATE_SHARE", "ROLE_ENGINES",
  "PLANNER_ENGINE", "INTENT_ENGINE", "TECHNICAL_ENGINE", "KNOWLEDGE_ENGINE", "DIALOGUE_ENGINE",
];

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

const ROLES = Role.options;
