import type { TelecomBackend } from "../../backend/types.js";
import type { Role } from "../../memory/schemas.js";
import type { RoleEngines } from "../types.js";
import type { ChatModelSource, LlmEngineOptions, OnLlmCall } from "./call.js";
import { createChatModel, type LlmSettings } from "./chat-model.js";
import { LlmDialogueEngine } from "./dialogue.js";
import { withFallback, type OnFallback } from "./fallback.js";
import { LlmIntentEngine } from "./intent.js";
import { LlmKnowledgeEngine } from "./knowledge.js";
import { LlmPlannerEngine } from "./planner.js";
import { LlmTechnicalEngine } from "./technical.js";

export { createChatModel, PLACEHOLDER_API_KEY, type ChatModelOptions, type LlmSettings } from "./chat-model.js";
export {
  LlmOutputError,
  LlmUnavailableError,
  structuredCall,
  structuredCallWithTools,
  type ChatModelSource,
  type LlmCall,
  type OnLlmCall,
  type LlmEngineOptions,
} from "./call.js";
export { withFallback, classifyLlmError, ROLE_METHODS, type FallbackEvent, type FallbackReason, type OnFallback } from "./fallback.js";
export { LlmIntentEngine } from "./intent.js";
export { LlmPlannerEngine } from "./planner.js";
export { LlmTechnicalEngine, TECHNICAL_READ_ONLY_TOOLS, type LlmTechnicalEngineOptions } from "./technical.js";
export { LlmKnowledgeEngine, KnowledgeDraft } from "./knowledge.js";
export { LlmDialogueEngine } from "./dialogue.js";

/** Which engine answers each role, and the LLM settings (the graph's SupportConfiguration has these fields). */
export type EngineSettings = LlmSettings & { [R in Role as `${R}Engine`]: "local" | "llm" };

export interface CreateEnginesOptions {
  config: EngineSettings;
  /** The local engines: used for roles configured "local" and as the fallback of LLM roles. */
  local: RoleEngines;
  /** A chat model of the caller's choosing (AzureChatOpenAI, a test double); default `createChatModel(config)`. */
  chatModel?: ChatModelSource;
  /** The carrier, whose read-only checks the LLM technical engine may call. */
  backend?: TelecomBackend;
  onFallback?: OnFallback;
  onLlmCall?: OnLlmCall;
}

const ROLES = ["planner", "intent", "technical", "knowledge", "dialogue"] as const;

/**
 * The engines of a run, chosen per role by `config.<role>Engine`. LLM engines are
 * wrapped with the local engine as fallback. Never throws for a missing key or
 * provider: the LLM roles then fall back on every call ("unavailable") and say so.
 * Cheap to build, so a graph can build one set per run with run-local callbacks.
 */
export function createEngines(options: CreateEnginesOptions): RoleEngines {
  const { config, local, onFallback } = options;
  const engines: RoleEngines = { ...local };
  const llmRoles = ROLES.filter((role) => config[`${role}Engine`] === "llm");
  if (llmRoles.length === 0) return engines;

  const base: LlmEngineOptions = { model: options.chatModel ?? createChatModel(config), timeoutMs: config.llmTimeoutMs, onLlmCall: options.onLlmCall };
  const llm: RoleEngines = {
    planner: new LlmPlannerEngine(base),
    intent: new LlmIntentEngine(base),
    technical: new LlmTechnicalEngine({ ...base, backend: options.backend }),
    knowledge: new LlmKnowledgeEngine(base),
    dialogue: new LlmDialogueEngine(base),
  };
  for (const role of llmRoles) engines[role] = withFallback(role, llm[role], local[role], onFallback) as never;
  return engines;
}
