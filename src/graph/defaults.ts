import path from "node:path";
import { loadSettings, type Settings } from "../config/settings.js";
import { createSimulatedBackend, type SimulatedBackendOptions } from "../backend/index.js";
import { createLocalEngines } from "../engines/local/index.js";
import { openMemory, type OpenedMemory } from "../memory/open.js";
import { FileMonitor } from "../monitoring/file-monitor.js";
import { monitoringSettingsFromEnv, type MonitoringSettings } from "../monitoring/settings.js";
import { seedEmptyMemory, type SeedReport } from "../memory/seed.js";
import { DEFAULT_PROMPTS } from "../prompts/defaults.js";
import { PROJECT_ROOT, type SupportDependencies } from "./dependencies.js";

export interface DefaultDependencies extends SupportDependencies {
  /** JSONL metrics and alerts in `MONITORING_DIR` (default `.data/monitoring`). */
  monitor: FileMonitor;
  /** What the first run loaded into an empty store. */
  seeded: SeedReport;
  /** The Chroma connection and embedder behind `memory` (offline replays run beside it). */
  store: OpenedMemory;
  close(): void;
}

/**
 * The defaults that need no key and no network: Chroma embedded (or CHROMA_URL),
 * the local embedder and engines, the simulated backend over its dataset. An
 * empty store is filled with the bundled knowledge base, procedures and prompts.
 */
export async function openDefaultDependencies(
  settings: Settings = loadSettings(),
  backendOptions: SimulatedBackendOptions = {},
  monitoring: MonitoringSettings = monitoringSettingsFromEnv(),
): Promise<DefaultDependencies> {
  const opened = await openMemory(settings);
  try {
    const seeded = await seedEmptyMemory(opened.memory, {
      knowledgeDir: path.join(PROJECT_ROOT, "data", "knowledge"),
      proceduresDir: path.join(PROJECT_ROOT, "data", "procedures"),
      prompts: DEFAULT_PROMPTS,
    });
    const backend = await createSimulatedBackend(backendOptions);
    const localEngines = createLocalEngines();
    const monitor = new FileMonitor(monitoring);
    return { memory: opened.memory, backend, localEngines, monitor, seeded, store: opened, close: () => opened.close() };
  } catch (error) {
    opened.close();
    throw error;
  }
}
