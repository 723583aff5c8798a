import type { RoleEngines } from "../engines/types.js";
import type { LlmCall } from "../engines/llm/call.js";
import { createEngines } from "../engines/llm/index.js";
import type { SupportConfiguration } from "../config/support-configuration.js";
import type { SupportDependencies } from "./dependencies.js";

export interface EngineHooks {
  onFallback: (event: { role: string; reason: string }) => void;
  onLlmCall: (call: LlmCall) => void;
}

const ROLES = ["planner", "intent", "technical", "knowledge", "dialogue"] as const;

/** The engine of every role for this run: a service's own, else LLM or local as configured. */
export function resolveEngines(config: SupportConfiguration, deps: SupportDependencies, hooks: EngineHooks): RoleEngines {
  const allLocal = ROLES.every((role) => config[`${role}Engine`] === "local");
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
