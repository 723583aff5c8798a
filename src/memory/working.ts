import type { Collection, Metadata } from "chromadb";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { WorkingFact } from "./schemas.js";
import { withChromaErrors } from "./collections.js";
import { wellFormed } from "./well-formed.js";

export interface RememberInput {
  threadId: string;
  key: string;
  kind: WorkingFact["kind"];
  value: string;
  customerId?: string;
}

/**
 * Working memory: the live facts of one conversation, keyed by thread.
 * Every read is scoped to one thread; facts expire after `ttlMs` and expired
 * facts are pruned when their thread is read.
 */
export class WorkingMemory {
  constructor(
    private readonly collection: Collection,
    private readonly embeddings: EmbeddingsInterface,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores or replaces facts (one per key) and renews their expiry. */
  async remember(facts: RememberInput[]): Promise<WorkingFact[]> {
    if (facts.length === 0) return [];
    const createdAt = this.now();
    const records = facts.map((fact) =>
      WorkingFact.parse({
        ...fact,
        value: wellFormed(fact.value),
        createdAt: new Date(createdAt).toISOString(),
        expiresAt: new Date(createdAt + this.ttlMs).toISOString(),
      }),
    );
    const vectors = await this.embeddings.embedDocuments(records.map((r) => `${r.key}: ${r.value}`));
    await withChromaErrors("write working memory", () =>
      this.collection.upsert({
        ids: records.map(factId),
        embeddings: vectors,
        documents: records.map((r) => r.value),
        metadatas: records.map(toMetadata),
      }),
    );
    return records;
  }

  /** The live facts of one thread, oldest first. */
  async facts(threadId: string): Promise<WorkingFact[]> {
    const result = await withChromaErrors("read working memory", () =>
      this.collection.get({ where: { threadId }, include: ["metadatas", "documents"] }),
    );
    const now = this.now();
    const live: WorkingFact[] = [];
    const expired: string[] = [];
    result.ids.forEach((id, index) => {
      const fact = fromRecord(result.metadatas[index] ?? {}, result.documents[index] ?? "");
      if (fact.threadId !== threadId) return; // defence in depth: never hand out another thread's fact
      if (Date.parse(fact.expiresAt) <= now) expired.push(id);
      else live.push(fact);
    });
    if (expired.length > 0) await this.collection.delete({ ids: expired });
    return live.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Facts of one thread as a key -> value map. */
  async factMap(threadId: string): Promise<Record<string, string>> {
    return Object.fromEntries((await this.facts(threadId)).map((fact) => [fact.key, fact.value]));
  }

  /** Facts of one thread most similar to a query. */
  async search(threadId: string, query: string, k = 5): Promise<WorkingFact[]> {
    const [vector] = await this.embeddings.embedDocuments([query]);
    const result = await withChromaErrors("search working memory", () =>
      this.collection.query({
        queryEmbeddings: [vector!],
        nResults: k,
        where: { $and: [{ threadId }, { expiresAtMs: { $gt: this.now() } }] },
        include: ["metadatas", "documents"],
      }),
    );
    return (result.metadatas[0] ?? [])
      .map((metadata, index) => fromRecord(metadata ?? {}, result.documents[0]?.[index] ?? ""))
      .filter((fact) => fact.threadId === threadId);
  }

  async forget(threadId: string): Promise<void> {
    await withChromaErrors("clear working memory", () => this.collection.delete({ where: { threadId } }));
  }

  /** Removes every expired fact of every thread. */
  async pruneExpired(): Promise<void> {
    await withChromaErrors("prune working memory", () =>
      this.collection.delete({ where: { expiresAtMs: { $lte: this.now() } } }),
    );
  }
}

const factId = (fact: WorkingFact) => `${fact.threadId}::${fact.key}`;

function toMetadata(fact: WorkingFact): Metadata {
  return {
    threadId: fact.threadId,
    key: fact.key,
    kind: fact.kind,
    customerId: fact.customerId ?? "",
    createdAt: fact.createdAt,
    expiresAt: fact.expiresAt,
    expiresAtMs: Date.parse(fact.expiresAt),
  };
}

function fromRecord(metadata: Metadata, document: string): WorkingFact {
  return WorkingFact.parse({
    threadId: metadata.threadId,
    key: metadata.key,
    kind: metadata.kind,
    value: document,
    customerId: metadata.customerId || undefined,
    createdAt: metadata.createdAt,
    expiresAt: metadata.expiresAt,
  });
}
