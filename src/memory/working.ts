import type { Collection, Metadata } from "chromadb";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { WorkingFact } from "./schemas.js";
import { withChromaErrors } from "./collections.js";

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
/** An unchanged fact is written again (renewing its expiry) at most this often. */
const RENEW_AFTER_MS = 60_000;
/** How many facts this process remembers as held in Chroma (for the check above); the oldest go first. */
const HELD_LIMIT = 10_000;

export class WorkingMemory {
  /** The facts Chroma holds as last read or written by this process, by fact id. */
  private readonly held = new Map<string, WorkingFact>();

  constructor(
    private readonly collection: Collection,
    private readonly embeddings: EmbeddingsInterface,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Stores or replaces facts (one per key) and renews their expiry. A fact that
   * Chroma already holds unchanged (as last read or written here) and that was
   * renewed less than a minute ago is not written again: the graph remembers
   * every turn, and one Chroma write costs more than the rest of a local turn.
   */
  async remember(facts: RememberInput[]): Promise<WorkingFact[]> {
    if (facts.length === 0) return [];
    const createdAt = this.now();
    const records = facts.map((fact) =>
      WorkingFact.parse({
        ...fact,
        // Chroma rejects a whole request whose text holds a lone surrogate (a cut emoji, hostile input).
        value: fact.value.toWellFormed(),
        createdAt: new Date(createdAt).toISOString(),
        expiresAt: new Date(createdAt + this.ttlMs).toISOString(),
      }),
    );
    const changed = records.filter((record) => !this.heldUnchanged(record, createdAt));
    if (changed.length === 0) return records;
    const vectors = await this.embeddings.embedDocuments(changed.map((r) => `${r.key}: ${r.value}`));
    await withChromaErrors("write working memory", () =>
      this.collection.upsert({
        ids: changed.map(factId),
        embeddings: vectors,
        documents: changed.map((r) => r.value),
        metadatas: changed.map(toMetadata),
      }),
    );
    for (const record of changed) this.noteHeld(record);
    return records;
  }

  /** Whether Chroma holds this fact with the same content, renewed less than RENEW_AFTER_MS ago. */
  private heldUnchanged(record: WorkingFact, now: number): boolean {
    const held = this.held.get(factId(record));
    if (!held || held.value !== record.value || held.kind !== record.kind || held.customerId !== record.customerId) return false;
    return Date.parse(held.expiresAt) - now > this.ttlMs - RENEW_AFTER_MS;
  }

  private noteHeld(fact: WorkingFact): void {
    const id = factId(fact);
    this.held.delete(id); // re-inserted last: the map's order is its age
    this.held.set(id, fact);
    if (this.held.size > HELD_LIMIT) this.held.delete(this.held.keys().next().value!);
  }

  private forgetHeld(threadId: string): void {
    for (const id of [...this.held.keys()]) if (id.startsWith(`${threadId}::`)) this.held.delete(id);
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
    // What Chroma holds now for this thread replaces what this process remembered of it.
    this.forgetHeld(threadId);
    for (const fact of live) this.noteHeld(fact);
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
    this.forgetHeld(threadId);
    await withChromaErrors("clear working memory", () => this.collection.delete({ where: { threadId } }));
  }

  /** Removes every expired fact of every thread. */
  async pruneExpired(): Promise<void> {
    this.held.clear();
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
