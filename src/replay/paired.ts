import type { DatasetInput } from "../backend/schemas.js";
import type { RoleEngines } from "../engines/types.js";
import type { PromptSection, Role } from "../memory/schemas.js";
import type { PairedEvaluator } from "../prompts/evolve.js";
import { materialId, type ReplayItem } from "./material.js";
import { openReplayNamespace, type LiveStore } from "./namespace.js";
import { runItem, type ItemResult } from "./run-item.js";

/** What offline replays run on. Nothing here is written to the live store except reads of knowledge and procedures. */
export interface ReplayEnvironment {
  live: LiveStore;
  localEngines: RoleEngines;
  baseDataset: DatasetInput;
  /** Folder for the backends' per-conversation state (emptied as each conversation ends). */
  workDir: string;
}

export interface PairedItem {
  id: string;
  parent: ItemResult;
  candidate: ItemResult;
}

/**
 * Replays the same conversations twice, in the same order, each side on a
 * namespace of its own that starts empty: the parent's prompts on one, the
 * candidate's on the other. Only the prompts differ, so any difference in a
 * conversation's scores is the candidate's doing. The namespaces are dropped
 * afterwards.
 */
export async function runPairedReplay(
  env: ReplayEnvironment,
  items: ReplayItem[],
  prompts: { parent: Record<Role, PromptSection[]>; candidate: Record<Role, PromptSection[]> },
  label: string,
  onItem?: (pair: PairedItem, index: number) => void,
): Promise<PairedItem[]> {
  const parent = await openReplayNamespace(env.live, prompts.parent, `${label}p`);
  try {
    const candidate = await openReplayNamespace(env.live, prompts.candidate, `${label}c`);
    try {
      const pairs: PairedItem[] = [];
      for (const [index, item] of items.entries()) {
        const threadId = `paired-${label}-${index}`;
        const base = { localEngines: env.localEngines, baseDataset: env.baseDataset, workDir: env.workDir };
        const pair = {
          id: item.id,
          parent: await runItem(item, { ...base, memory: parent.memory }, threadId),
          candidate: await runItem(item, { ...base, memory: candidate.memory }, threadId),
        };
        pairs.push(pair);
        onItem?.(pair, index);
      }
      return pairs;
    } finally {
      await candidate.drop();
    }
  } finally {
    await parent.drop();
  }
}

/** Replays conversations once, on a fresh namespace with the given prompts (the held-out report). */
export async function runIsolatedReplay(env: ReplayEnvironment, items: ReplayItem[], prompts: Record<Role, PromptSection[]>, label: string): Promise<ItemResult[]> {
  const namespace = await openReplayNamespace(env.live, prompts, label);
  try {
    const results: ItemResult[] = [];
    for (const [index, item] of items.entries()) {
      results.push(await runItem(item, { memory: namespace.memory, localEngines: env.localEngines, baseDataset: env.baseDataset, workDir: env.workDir }, `isolated-${label}-${index}`));
    }
    return results;
  } finally {
    await namespace.drop();
  }
}

/** The offline gate of prompt evolution over these conversations (see PairedEvaluator). */
export function replayEvaluator(env: ReplayEnvironment, items: ReplayItem[], onPair?: (label: string, pair: PairedItem, index: number) => void): PairedEvaluator {
  const material = materialId(items);
  return {
    material,
    async evaluate({ parent, candidate, label }) {
      const pairs = await runPairedReplay(env, items, { parent, candidate }, label, onPair ? (pair, index) => onPair(label, pair, index) : undefined);
      return { material, pairs: pairs.map((pair) => ({ parent: pair.parent.scores, candidate: pair.candidate.scores })) };
    },
  };
}
