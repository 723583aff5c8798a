/**
 * The public entry for services that embed the support graph: the factory and its
 * dependencies, the state and configuration schemas, and the default parts.
 */
// jstat ships no types: this brings the declaration into a consumer's own program (its tsconfig does not include src/types).
/// <reference path="./types/jstat.d.ts" />
export { createSupportGraph, type SupportGraph, type SupportGraphOptions } from "./graph/support-graph.js";
export { openDefaultDependencies, type DefaultDependencies } from "./graph/defaults.js";
export type { SupportDependencies } from "./graph/dependencies.js";
export { inputToFinishTurn } from "./graph/resume.js";
export { SupportState, TurnWork, type SupportStateValue, type SupportStateUpdate } from "./conversation/state.js";
export { SupportConfiguration, ensureConfiguration } from "./config/support-configuration.js";
export type { HandoverInterrupt } from "./nodes/await-human.js";
export * from "./domain/support.js";
export * from "./domain/customer-actions.js";
export { loadSettings, Settings } from "./config/settings.js";
export { openCheckpointer, openCheckpointerFromEnv, checkpointTargetFromEnv, CheckpointTarget, type OpenedCheckpointer } from "./config/checkpointer.js";
export { openMemory } from "./memory/open.js";
export { createMemory, type Memory } from "./memory/index.js";
export { connectChroma } from "./memory/chroma-connection.js";
export { createEmbeddings } from "./embeddings/index.js";
export { createSimulatedBackend, createBackendTools, type TelecomBackend } from "./backend/index.js";
export { createLocalEngines } from "./engines/local/index.js";
export { createEngines } from "./engines/llm/index.js";
export type { RoleEngines } from "./engines/types.js";
