import type { Collection, Metadata } from "chromadb";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { WorkingFact } from "./schemas.js";
import { withChromaErrors } from "./collections.js";
import { coalescedThreadReads, coalescedUpserts, type CoalescedThreadReads, type CoalescedUpserts } from "./coalescing.js";

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
 * facts are pruned when their thread is read. Reads and writes of concurrent
 * turns in this process are coalesced (src/memory/coalescing.ts): one Chroma
 * request for all of them, one in flight at a time.
 */
/** An unchanged fact is written again (renewing its expiry) at most this often. */
const RENEW_AFTER_MS = 60_000;
/** How many threads' facts this process remembers as held in Chroma (for the check above); the least recent go first. */
const HELD_THREADS = 2_000;

export class WorkingMemory {
  /**
   * The facts Chroma holds as last read or written by this process, by thread and key (by thread so that a read
   * replaces one thread's facts without scanning every thread's).
   */
  private readonly held = new Map<string, Map<string, WorkingFact>>();
  private readonly writes: CoalescedUpserts;
  private readonly threadReads: CoalescedThreadReads;

  constructor(
    private readonly collection: Collection,
    private readonly embeddings: EmbeddingsInterface,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.writes = coalescedUpserts(collection, "write working memory");
    this.threadReads = coalescedThreadReads(collection, "read working memory");
  }

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
    // The same key twice in one call: the later fact is the one written (and held).
    const changedById = new Map(changed.map((record) => [factId(record), record]));
    await this.writes.upsert(
      changed.map((record, index) => ({
        id: factId(record),
        embedding: vectors[index]!,
        document: record.value,
        metadata: toMetadata(record),
      })),
      // Only the facts Chroma now holds from this call: a concurrent later write of the same fact wins over ours.
      (writtenIds) => {
        for (const id of writtenIds) this.noteHeld(changedById.get(id)!);
      },
    );
    return records;
  }

  /** Whether Chroma holds this fact with the same content, renewed less than RENEW_AFTER_MS ago. */
  private heldUnchanged(record: WorkingFact, now: number): boolean {
    const held = this.held.get(record.threadId)?.get(record.key);
    if (!held || held.value !== record.value || held.kind !== record.kind || held.customerId !== record.customerId) return false;
    return Date.parse(held.expiresAt) - now > this.ttlMs - RENEW_AFTER_MS;
  }

  private noteHeld(fact: WorkingFact): void {
    const facts = this.held.get(fact.threadId) ?? new Map<string, WorkingFact>();
    this.held.delete(fact.threadId); // re-inserted last: the map's order is its age
    this.held.set(fact.threadId, facts.set(fact.key, fact));
    if (this.held.size > HELD_THREADS) this.held.delete(this.held.keys().next().value!);
  }

  private forgetHeld(threadId: string): void {
    this.held.delete(threadId);
  }

  /** The live facts of one thread, oldest first. */
  async facts(threadId: string): Promise<WorkingFact[]> {
    const records = await this.threadReads.byThread(threadId);
    const now = this.now();
    const live: WorkingFact[] = [];
    const expired: string[] = [];
    for (const record of records) {
      const fact = fromRecord(record.metadata, record.document);
      if (fact.threadId !== threadId) continue; // defence in depth: never hand out another thread's fact
      if (Date.parse(fact.expiresAt) <= now) expired.push(record.id);
      else live.push(fact);
    }
    // What Chroma holds now for this thread replaces what this process remembered of it.
    this.forgetHeld(threadId);
    for (const fact of live) this.noteHeld(fact);
    if (expired.length > 0) {
      // Only while still expired: a write that renewed one of these facts after the read keeps it.
      await withChromaErrors("prune working memory", () =>
        this.collection.delete({ ids: expired, where: { expiresAtMs: { $lte: now } } }),
      );
    }
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
