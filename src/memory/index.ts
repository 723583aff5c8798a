import type { ChromaClient } from "chromadb";
import { openCollection, type CollectionEmbedder } from "./collections.js";
import { EpisodicMemory } from "./episodic.js";
import { ProceduralMemory } from "./procedural.js";
import { SemanticMemory } from "./semantic.js";
import { WorkingMemory } from "./working.js";

export interface Memory {
  working: WorkingMemory;
  episodic: EpisodicMemory;
  semantic: SemanticMemory;
  procedural: ProceduralMemory;
}

export interface MemoryOptions {
  client: ChromaClient;
  embedder: CollectionEmbedder;
  /** Prefix of the collection names. */
  prefix: string;
  workingTtlMinutes: number;
  /** Clock for working-memory expiry; tests move it. */
  now?: () => number;
}

/** Collection names of the four memories under one prefix. */
export function collectionNames(prefix: string) {
  return {
    working: `${prefix}_working`,
    episodic: `${prefix}_episodic`,
    semantic: `${prefix}_semantic`,
    prompts: `${prefix}_procedural_prompts`,
    procedures: `${prefix}_procedural_procedures`,
  };
}

/** Opens the four memories, each on its own collection(s). */
export async function createMemory(options: MemoryOptions): Promise<Memory> {
  const names = collectionNames(options.prefix);
  const open = (name: string) => openCollection(options.client, name, options.embedder);
  const [working, episodic, semantic, prompts, procedures] = await Promise.all([
    open(names.working),
    open(names.episodic),
    open(names.semantic),
    open(names.prompts),
    open(names.procedures),
  ]);
  const embeddings = options.embedder.embeddings;
  return {
    working: new WorkingMemory(working, embeddings, options.workingTtlMinutes * 60_000, options.now),
    episodic: new EpisodicMemory(episodic, embeddings),
    semantic: new SemanticMemory(semantic, embeddings),
    procedural: new ProceduralMemory(prompts, procedures, embeddings),
  };
}

export { WorkingMemory, EpisodicMemory, SemanticMemory, ProceduralMemory };
export * from "./schemas.js";
