import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { RoleEngines } from "../engines/types.js";
import type { Role } from "../memory/schemas.js";
import { ensureConfiguration, SupportConfiguration } from "../config/support-configuration.js";
import type { SupportDependencies } from "./dependencies.js";
import { resolveEngines } from "./engines.js";

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

/** What selects the configuration: the run's own values (configurable, then context) and the environment they override. */
function configurationKey(config: LangGraphRunnableConfig): string {
  const values = { ...(config.configurable ?? {}), ...((config as { context?: object }).context ?? {}) } as Record<string, unknown>;
  const own = Object.keys(values)
    .filter((key) => key in SupportConfiguration.shape)
    .sort()
    .map((key) => [key, values[key]]);
  return JSON.stringify([own, ENV_KEYS.map((key) => process.env[key] ?? null)]);
}

/** The environment variables `ensureConfiguration` reads. */
const ENV_KEYS = [
  "LLM_MODEL", "OPENAI_BASE_URL", "SCORER", "PROMPT_CANDIDATE_SHARE", "ROLE_ENGINES",
  "PLANNER_ENGINE", "INTENT_ENGINE", "TECHNICAL_ENGINE", "KNOWLEDGE_ENGINE", "DIALOGUE_ENGINE",
];
