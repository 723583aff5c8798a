import type { Collection, Metadata, Where } from "chromadb";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { Episode, type EpisodeInput, type EpisodeOutcome } from "./schemas.js";
import { withChromaErrors } from "./collections.js";
import { coalescedUpserts, type CoalescedUpserts } from "./coalescing.js";

export interface EpisodeFilters {
  intent?: string;
  outcome?: EpisodeOutcome;
  /** Only episodes created at or after this time. */
  since?: Date;
  /** Only episodes created at or before this time. */
  until?: Date;
  k?: number;
}

/**
 * What one conversation teaches others, with nothing that identifies the
 * customer: no customer or thread id, no summary text.
 */
export interface CaseLesson {
  intent: string;
  outcome: EpisodeOutcome;
  resolutionPath: string[];
  scores: Record<string, number>;
  turns: number;
  createdAt: string;
  similarity: number;
}

/**
 * Episodic memory: past interactions with their outcome and scores.
 * Full episodes are only ever returned for the customer they belong to; across
 * customers only anonymous lessons are shared.
 */
export class EpisodicMemory {
  /** Episodes of concurrent conversations go to Chroma together (src/memory/coalescing.ts). */
  private readonly writes: CoalescedUpserts;

  constructor(
    private readonly collection: Collection,
    private readonly embeddings: EmbeddingsInterface,
  ) {
    this.writes = coalescedUpserts(collection, "write episodic memory");
  }

  async record(input: EpisodeInput | EpisodeInput[]): Promise<Episode[]> {
    // toWellFormed: Chroma rejects a whole request whose text holds a lone surrogate (a cut emoji, hostile input).
    const episodes = (Array.isArray(input) ? input : [input]).map((e) => Episode.parse({ ...e, summary: e.summary.toWellFormed() }));
    if (episodes.length === 0) return [];
    const vectors = await this.embeddings.embedDocuments(episodes.map(embeddingText));
    await this.writes.upsert(
      episodes.map((episode, index) => ({
        id: episode.id,
        embedding: vectors[index]!,
        document: episode.summary,
        metadata: toMetadata(episode),
      })),
    );
    return episodes;
  }

  /** Lessons from any customer's similar cases: have we seen this before, and what worked? */
  async searchCases(query: string, filters: EpisodeFilters = {}): Promise<CaseLesson[]> {
    const result = await this.query(query, whereOf(filters), filters.k ?? 5);
    return result.map(({ id, metadata, document, similarity }) => {
      const { intent, outcome, resolutionPath, scores, turns, createdAt } = fromRecord(id, metadata, document);
      return { intent, outcome, resolutionPath, scores, turns, createdAt, similarity };
    });
  }

  /** A customer's history, oldest first (or the newest `limit` of it). */
  async history(customerId: string, options: { limit?: number; since?: Date } = {}): Promise<Episode[]> {
    const result = await withChromaErrors("read episodic memory", () =>
      this.collection.get({ where: whereOf({ customerId, since: options.since }), include: ["metadatas", "documents"] }),
    );
    const episodes = result.ids
      .map((id, index) => fromRecord(id, result.metadatas[index] ?? {}, result.documents[index] ?? ""))
      .filter((episode) => episode.customerId === customerId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return options.limit ? episodes.slice(-options.limit) : episodes;
  }

  /** Every episode (or those created in a time window), oldest first: what prompt evolution reads. */
  async list(options: { since?: Date; until?: Date } = {}): Promise<Episode[]> {
    const result = await withChromaErrors("read episodic memory", () =>
      this.collection.get({ where: whereOf(options), include: ["metadatas", "documents"] }),
    );
    return result.ids
      .map((id, index) => fromRecord(id, result.metadatas[index] ?? {}, result.documents[index] ?? ""))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async count(): Promise<number> {
    return withChromaErrors("count episodes", () => this.collection.count());
  }

  private async query(query: string, where: Where | undefined, k: number) {
    const [vector] = await this.embeddings.embedDocuments([query]);
    const result = await withChromaErrors("search episodic memory", () =>
      this.collection.query({
        queryEmbeddings: [vector!],
        nResults: k,
        where,
        include: ["metadatas", "documents", "distances"],
      }),
    );
    return (result.ids[0] ?? []).map((id, index) => ({
      id,
      metadata: result.metadatas[0]?.[index] ?? {},
      document: result.documents[0]?.[index] ?? "",
      // Cosine distance in [0, 2] -> similarity in [-1, 1].
      similarity: 1 - (result.distances[0]?.[index] ?? 1),
    }));
  }
}

function whereOf(filters: EpisodeFilters & { customerId?: string }): Where | undefined {
  const clauses: Where[] = [];
  if (filters.customerId !== undefined) clauses.push({ customerId: filters.customerId });
  if (filters.intent) clauses.push({ intent: filters.intent });
  if (filters.outcome) clauses.push({ outcome: filters.outcome });
  if (filters.since) clauses.push({ createdAtMs: { $gte: filters.since.getTime() } });
  if (filters.until) clauses.push({ createdAtMs: { $lte: filters.until.getTime() } });
  if (clauses.length === 0) return undefined;
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}

const embeddingText = (episode: Episode) => `${episode.intent}. ${episode.summary}`;

function toMetadata(episode: Episode): Metadata {
  return {
    threadId: episode.threadId,
    customerId: episode.customerId,
    intent: episode.intent,
    outcome: episode.outcome,
    turns: episode.turns,
    createdAt: episode.createdAt,
    createdAtMs: Date.parse(episode.createdAt),
    scores: JSON.stringify(episode.scores),
    resolutionPath: JSON.stringify(episode.resolutionPath),
    promptVersions: JSON.stringify(episode.promptVersions),
  };
}

function fromRecord(id: string, metadata: Metadata, summary: string): Episode {
  return Episode.parse({
    id,
    threadId: metadata.threadId,
    customerId: metadata.customerId,
    intent: metadata.intent,
    outcome: metadata.outcome,
    turns: metadata.turns,
    createdAt: metadata.createdAt,
    scores: JSON.parse(String(metadata.scores ?? "{}")),
    resolutionPath: JSON.parse(String(metadata.resolutionPath ?? "[]")),
    promptVersions: JSON.parse(String(metadata.promptVersions ?? "{}")),
    summary,
  });
}
