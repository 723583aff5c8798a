import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_DATASET_PATH } from "../backend/index.js";
import type { Settings } from "../config/settings.js";
import { createLocalEngines } from "../engines/local/index.js";
import { openMemory, type OpenedMemory } from "../memory/open.js";
import { seedEmptyMemory } from "../memory/seed.js";
import { DEFAULT_PROMPTS } from "../prompts/defaults.js";
import { loadConversations } from "./conversations.js";
import { replayItems, splitMaterial, type ReplaySplit, type SampleSizes } from "./material.js";
import type { ReplayEnvironment } from "./paired.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEFAULT_CONVERSATIONS_FILE = path.join(ROOT, "data", "eval", "conversations.jsonl");

export interface OpenedReplayEnvironment {
  env: ReplayEnvironment;
  opened: OpenedMemory;
  close(): void;
}

/**
 * Opens the live store as the settings say (seeded when empty) and the
 * environment offline replays run in beside it: the backends' scratch state
 * goes to `workDir` (removed on close), replay memories to namespaces of their own.
 */
export async function openReplayEnvironment(settings: Settings, workDir: string): Promise<OpenedReplayEnvironment> {
  const opened = await openMemory(settings);
  try {
    await seedEmptyMemory(opened.memory, { knowledgeDir: path.join(ROOT, "data", "knowledge"), proceduresDir: path.join(ROOT, "data", "procedures"), prompts: DEFAULT_PROMPTS });
    const env = replayEnvironmentOn(opened, settings, workDir);
    return {
      env,
      opened,
      close: () => {
        fs.rmSync(workDir, { recursive: true, force: true });
        opened.close();
      },
    };
  } catch (error) {
    opened.close();
    throw error;
  }
}

/** The environment offline replays run in beside a store that is already open (Studio's, a service's). */
export function replayEnvironmentOn(opened: OpenedMemory, settings: Settings, workDir: string): ReplayEnvironment {
  return {
    live: { client: opened.connection.client, embedder: opened.embedder, prefix: settings.chroma.collectionPrefix, memory: opened.memory },
    localEngines: createLocalEngines(),
    baseDataset: JSON.parse(fs.readFileSync(DEFAULT_DATASET_PATH, "utf8")),
    workDir,
  };
}

/** The default replay material (every simulator scenario and the scripted conversations), split and sampled by the seed. */
export async function defaultReplaySplit(seed: number, sizes: SampleSizes, conversationsFile = DEFAULT_CONVERSATIONS_FILE): Promise<ReplaySplit> {
  return splitMaterial(replayItems(await loadConversations(conversationsFile)), seed, sizes);
}
