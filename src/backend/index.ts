import { basename, dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SimulatedTelecomBackend } from "./simulated.js";
import { environment, type Environment } from "../config/settings.js";

export * from "./schemas.js";
export * from "./types.js";
export { AuditLog, AuditEntry, type AuditQuery, type AuditQueryResult } from "./audit.js";
export { DatasetError, loadDataset, parseDataset, checkConsistency } from "./dataset.js";
export { normalizePhone, normalizeName, parseDateOfBirth } from "./identity.js";
export * as policy from "./policy.js";
export { derivePriority } from "./policy.js";
export { SimulatedTelecomBackend, MAX_FAILED_VERIFICATIONS } from "./simulated.js";
export { createBackendTools, BACKEND_TOOL_NAMES, type BackendToolName } from "./tools.js";

/** Repository root, found from this file so scripts work from any working directory. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEFAULT_DATASET_PATH = join(ROOT, "data", "telecom", "dataset.json");

export interface SimulatedBackendOptions {
  /** Dataset file; default env TELECOM_DATASET, else data/telecom/dataset.json. */
  datasetPath?: string;
  /** State file; default <TELECOM_STATE_DIR or .data/telecom>/<dataset name>.state.json. */
  statePath?: string;
  /** Audit log; default <TELECOM_STATE_DIR or .data/telecom>/<dataset name>.audit.jsonl. */
  auditPath?: string;
  now?: () => Date;
}

export interface ResolvedBackendPaths {
  datasetPath: string;
  statePath: string;
  auditPath: string;
}

/** Where the files of a backend live; the reset script uses the same rules. */
export function resolveBackendPaths(
  options: Omit<SimulatedBackendOptions, "now"> = {},
  env: Environment = environment(),
): ResolvedBackendPaths {
  const datasetPath = resolve(options.datasetPath ?? env.TELECOM_DATASET ?? DEFAULT_DATASET_PATH);
  const stateDir = resolve(env.TELECOM_STATE_DIR ?? join(ROOT, ".data", "telecom"));
  // Named after the dataset so two datasets never share state.
  const name = basename(datasetPath, extname(datasetPath));
  return {
    datasetPath,
    statePath: resolve(options.statePath ?? join(stateDir, `${name}.state.json`)),
    auditPath: resolve(options.auditPath ?? join(stateDir, `${name}.audit.jsonl`)),
  };
}

/** The built-in carrier. Rejects with a DatasetError naming the record and field when a file is bad. */
export async function createSimulatedBackend(options: SimulatedBackendOptions = {}): Promise<SimulatedTelecomBackend> {
  return SimulatedTelecomBackend.open({ ...resolveBackendPaths(options), now: options.now });
}
