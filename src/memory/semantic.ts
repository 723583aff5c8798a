import type { Collection, Metadata, Where } from "chromadb";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { Chroma } from "@langchain/community/vectorstores/chroma";
import type { KnowledgeCategory, KnowledgeChunk } from "./schemas.js";
import { withChromaErrors } from "./collections.js";
import { DEFAULT_RANKING_WEIGHTS, rankCandidates, type RankingCandidate, type RankingWeights } from "./hybrid-ranking.js";
import { LexicalIndex } from "./lexical-index.js";

export interface Citation {
  source: string;
  title: string;
  section: string;
}

export interface Passage {
  text: string;
  score: number;
  category: KnowledgeCategory;
  tags: string[];
  citation: Citation;
}

export interface KnowledgeSearchOptions {
  k?: number;
  category?: KnowledgeCategory;
}

/** The ingested state of one source file. */
export interface SourceState {
  fileHash: string;
  chunkCount: number;
}

/** Chunks per Chroma write: each write costs a round trip and a log flush, whatever its size. */
export const ADD_BATCH = 500;
/** How many chunks the vector query returns before fusion (all of them in a small knowledge base). */
const VECTOR_CANDIDATES = 100;
/** Lexical-only chunks (outside the vector candidates) taken into fusion, best BM25 first. */
const LEXICAL_CANDIDATES = 50;

/** What the lexical index keeps of a chunk to build a passage without asking Chroma again. */
interface IndexedChunk {
  text: string;
  metadata: Metadata;
}

export interface SemanticMemoryOptions {
  /** Fusion weights of the hybrid ranking (evaluation and tests). */
  ranking?: Partial<RankingWeights>;
}

/**
 * Semantic memory: knowledge-base chunks with their citations. Also exposed as a
 * LangChain vector store and retriever so other chains can use the same collection.
 */
export class SemanticMemory {
  readonly vectorStore: Chroma;
  private readonly ranking: RankingWeights;
  /** BM25 over the chunks in the collection; built lazily, dropped when the collection changes. */
  private lexical: Promise<LexicalIndex<IndexedChunk>> | undefined;

  constructor(
    private readonly collection: Collection,
    private readonly embeddings: EmbeddingsInterface,
    options: SemanticMemoryOptions = {},
  ) {
    this.ranking = { ...DEFAULT_RANKING_WEIGHTS, ...options.ranking };
    this.vectorStore = new Chroma(embeddings, { collectionName: collection.name });
    // Share the collection we opened (and checked for its embedder) instead of letting the store open its own.
    this.vectorStore.collection = collection;
  }

  asRetriever(k = 4) {
    return this.vectorStore.asRetriever({ k });
  }

  /**
   * The k passages most relevant to a query, best first. Hybrid ranking: the vector query from Chroma
   * fused with BM25 over the same chunks, plus a bonus for chunks whose document matches elsewhere too
   * (see hybrid-ranking.ts). `score` is that fused relevance (higher is better), not a cosine.
   */
  async search(query: string, options: KnowledgeSearchOptions = {}): Promise<Passage[]> {
    const k = options.k ?? 5;
    const [vector] = await this.embeddings.embedDocuments([query]);
    const where: Where | undefined = options.category ? { category: options.category } : undefined;
    const [result, index] = await Promise.all([
      withChromaErrors("search the knowledge base", () =>
        this.collection.query({
          queryEmbeddings: [vector!],
          nResults: Math.max(k, VECTOR_CANDIDATES),
          where,
          // Texts and metadata come from the lexical index: asking Chroma for them triples the query time.
          include: ["distances"],
        }),
      ),
      this.lexicalIndex(),
    ]);
    const ids = result.ids[0] ?? [];
    // A chunk Chroma knows and the index does not: another process changed the collection.
    const fresh = ids.every((id) => index.has(id)) ? index : await this.lexicalIndex(true);

    const candidates = new Map<string, RankingCandidate>();
    ids.forEach((id, i) => {
      const chunk = fresh.get(id)?.value;
      if (chunk) candidates.set(id, { id, document: String(chunk.metadata.source), vector: 1 - (result.distances[0]?.[i] ?? 1), lexical: 0 });
    });
    const lexical = fresh.score(query, options.category ? (chunk) => chunk.metadata.category === options.category : undefined);
    const lexicalOnly = [...lexical].filter(([id]) => !candidates.has(id)).sort((a, b) => b[1] - a[1]).slice(0, LEXICAL_CANDIDATES);
    for (const [id, score] of lexical) {
      const known = candidates.get(id);
      if (known) known.lexical = score;
    }
    for (const [id, score] of lexicalOnly) {
      candidates.set(id, { id, document: String(fresh.get(id)!.value.metadata.source), vector: undefined, lexical: score });
    }
    // The best BM25 chunk is always a candidate, so BM25 is normalised by the query's best score.
    return rankCandidates([...candidates.values()], this.ranking)
      .slice(0, k)
      .map(({ id, score }) => {
        const { text, metadata } = fresh.get(id)!.value;
        return {
          text,
          score,
          category: String(metadata.category) as KnowledgeCategory,
          tags: splitTags(metadata.tags),
          citation: { source: String(metadata.source), title: String(metadata.title), section: String(metadata.section) },
        };
      });
  }

  /** The BM25 index of the collection's chunks, built from Chroma on first use (or when `rebuild`). */
  private lexicalIndex(rebuild = false): Promise<LexicalIndex<IndexedChunk>> {
    if (rebuild || !this.lexical) {
      const building = withChromaErrors("index the knowledge base", () =>
        this.collection.get({ include: ["metadatas", "documents"] }),
      ).then(
        (all) =>
          new LexicalIndex(
            all.ids.map((id, i) => {
              const metadata = all.metadatas[i] ?? {};
              const text = all.documents[i] ?? "";
              return { id, text: `${String(metadata.title ?? "")}. ${String(metadata.section ?? "")}. ${text}`, value: { text, metadata } };
            }),
          ),
      );
      // A failed build is not cached: the next search tries again.
      building.catch(() => {
        if (this.lexical === building) this.lexical = undefined;
      });
      this.lexical = building;
    }
    return this.lexical;
  }

  /** Every ingested source with its file hash. */
  async sources(): Promise<Map<string, SourceState>> {
    const result = await withChromaErrors("list knowledge sources", () => this.collection.get({ include: ["metadatas"] }));
    const sources = new Map<string, SourceState>();
    for (const metadata of result.metadatas) {
      if (!metadata) continue;
      const source = String(metadata.source);
      const state = sources.get(source) ?? { fileHash: String(metadata.fileHash), chunkCount: 0 };
      state.chunkCount += 1;
      sources.set(source, state);
    }
    return sources;
  }

  async sourceState(source: string): Promise<SourceState | undefined> {
    const result = await withChromaErrors("read knowledge source", () =>
      this.collection.get({ where: { source }, include: ["metadatas"] }),
    );
    const first = result.metadatas[0];
    return first ? { fileHash: String(first.fileHash), chunkCount: result.ids.length } : undefined;
  }

  /** Replaces every chunk of a source with new ones. */
  async replaceSource(source: string, fileHash: string, chunks: KnowledgeChunk[]): Promise<void> {
    const vectors = await this.embeddings.embedDocuments(chunks.map(embeddingText));
    // New chunks first, then the old ones go: a failure half way never leaves a source with no chunks.
    const ids = chunks.map((chunk) => `${chunk.id}@${fileHash.slice(0, 12)}`);
    for (let start = 0; start < chunks.length; start += ADD_BATCH) {
      const batch = chunks.slice(start, start + ADD_BATCH);
      await withChromaErrors("write the knowledge base", () =>
        this.collection.upsert({
          ids: ids.slice(start, start + ADD_BATCH),
          embeddings: vectors.slice(start, start + ADD_BATCH),
          documents: batch.map((chunk) => chunk.text),
          metadatas: batch.map((chunk) => toMetadata(chunk, fileHash)),
        }),
      );
    }
    this.lexical = undefined;
    await withChromaErrors("replace knowledge chunks", () =>
      this.collection.delete({ where: { $and: [{ source }, { fileHash: { $ne: fileHash } }] } }),
    );
    this.lexical = undefined;
  }

  /**
   * Adds the chunks of sources the collection does not hold yet, all sources
   * together in writes of ADD_BATCH chunks: no old chunks to replace, so no
   * delete per source, and one write for many small files.
   */
  async addSources(sources: { source: string; fileHash: string; chunks: KnowledgeChunk[] }[]): Promise<void> {
    const records = sources.flatMap(({ fileHash, chunks }) => chunks.map((chunk) => ({ chunk, fileHash })));
    if (records.length === 0) return;
    const vectors = await this.embeddings.embedDocuments(records.map(({ chunk }) => embeddingText(chunk)));
    for (let start = 0; start < records.length; start += ADD_BATCH) {
      const batch = records.slice(start, start + ADD_BATCH);
      await withChromaErrors("write the knowledge base", () =>
        this.collection.upsert({
          ids: batch.map(({ chunk, fileHash }) => `${chunk.id}@${fileHash.slice(0, 12)}`),
          embeddings: vectors.slice(start, start + ADD_BATCH),
          documents: batch.map(({ chunk }) => chunk.text),
          metadatas: batch.map(({ chunk, fileHash }) => toMetadata(chunk, fileHash)),
        }),
      );
      this.lexical = undefined;
    }
  }

  async removeSource(source: string): Promise<void> {
    await withChromaErrors("remove a knowledge source", () => this.collection.delete({ where: { source } }));
    this.lexical = undefined;
  }

  async count(): Promise<number> {
    return withChromaErrors("count knowledge chunks", () => this.collection.count());
  }
}

/** The title and section go into the vector too: they say what a chunk is about. */
const embeddingText = (chunk: KnowledgeChunk) => `${chunk.title}. ${chunk.section}. ${chunk.text}`;

function toMetadata(chunk: KnowledgeChunk, fileHash: string): Metadata {
  return {
    source: chunk.source,
    title: chunk.title,
    section: chunk.section,
    category: chunk.category,
    // Chroma metadata holds scalars; the tags are kept as "|a|b|" so a $contains-style match stays possible.
    tags: chunk.tags.length ? `|${chunk.tags.join("|")}|` : "",
    contentHash: chunk.contentHash,
    chunkIndex: chunk.chunkIndex,
    fileHash,
  };
}

const splitTags = (value: unknown) => String(value ?? "").split("|").filter(Boolean);
