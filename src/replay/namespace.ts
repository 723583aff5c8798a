import { randomUUID } from "node:crypto";
import type { ChromaClient } from "chromadb";
import { openCollection, type CollectionEmbedder } from "../memory/collections.js";
import { collectionNames, EpisodicMemory, ProceduralMemory, WorkingMemory, type Memory } from "../memory/index.js";
import type { PromptSection, Role } from "../memory/schemas.js";

/** The live store a replay namespace is made beside. */
export interface LiveStore {
  client: ChromaClient;
  embedder: CollectionEmbedder;
  /** Collection prefix of the live memory. */
  prefix: string;
  memory: Memory;
}

export interface ReplayNamespace {
  name: string;
  memory: Memory;
  /** Deletes the namespace's own collections. */
  drop(): Promise<void>;
}

/**
 * A memory of its own for a replay: its own working memory, episodes and role
 * prompts (collections `<live prefix>_rp<id>_*`), so nothing a replay does is
 * ever read by a customer's turn. The knowledge base and the diagnostic
 * procedures are the live ones, read only (no turn writes them).
 */
export async function openReplayNamespace(live: LiveStore, prompts: Record<Role, PromptSection[]>, label = "ns"): Promise<ReplayNamespace> {
  const prefix = `${live.prefix}_rp${randomUUID().slice(0, 8)}_${label.replace(/[^a-zA-Z0-9]/g, "").slice(0, 12) || "ns"}`;
  const own = collectionNames(prefix);
  const shared = collectionNames(live.prefix);
  const [working, episodic, promptCollection, procedures] = await Promise.all([
    openCollection(live.client, own.working, live.embedder),
    openCollection(live.client, own.episodic, live.embedder),
    openCollection(live.client, own.prompts, live.embedder),
    openCollection(live.client, shared.procedures, live.embedder),
  ]);
  const embeddings = live.embedder.embeddings;
  const memory: Memory = {
    working: new WorkingMemory(working, embeddings, 30 * 60_000),
    episodic: new EpisodicMemory(episodic, embeddings),
    semantic: live.memory.semantic,
    procedural: new ProceduralMemory(promptCollection, procedures, embeddings),
  };
  const drop = async () => {
    await Promise.all([own.working, own.episodic, own.prompts].map((name) => live.client.deleteCollection({ name }).catch(() => undefined)));
  };
  try {
    for (const [role, sections] of Object.entries(prompts) as [Role, PromptSection[]][]) {
      await memory.procedural.addPromptVersion({ role, status: "active", parent: null, reason: `replay ${label}`, sections });
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { name: prefix, memory, drop };
}
