import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { TelecomBackend } from "../backend/types.js";
import type { RoleEngines } from "../engines/types.js";
import type { Memory } from "../memory/index.js";
import type { Monitor } from "../monitoring/monitor.js";

/**
 * What the support graph runs on. A service or a test hands in its own; the
 * defaults (embedded Chroma, simulated backend, local engines) come from
 * `openDefaultDependencies`.
 */
export interface SupportDependencies {
  memory: Memory;
  backend: TelecomBackend;
  /** The local engine of every role: the default, and the fallback of the LLM engines. */
  localEngines: RoleEngines;
  /** Chat model of the LLM engines; a ChatOpenAI from the run configuration when omitted. */
  chatModel?: BaseChatModel;
  /** Engines that replace a role's engine outright (e.g. a service's own planner). */
  engines?: Partial<RoleEngines>;
  /** Receives every turn's measurements and raises alerts; no monitoring when omitted. */
  monitor?: Monitor;
}

/** Repository root, so the bundled data is found from any working directory. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
