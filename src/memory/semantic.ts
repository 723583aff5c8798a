import type { Collection, Metadata, Where } from "chromadb";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { Chroma } from "@langchain/community/vectorstores/chroma";
import type { KnowledgeCategory, KnowledgeChunk } from "./schemas.js";
import { withChromaErrors } from "./collections.js";

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

const ADD_BATCH = 500;

/**
 * Semantic memory: knowledge-base chunks with their citations. Also exposed as a
 * LangChain vector store and retriever so other chains can use the same collection.
 */
export class SemanticMemory {
  readonly vectorStore: Chroma;

  constructor(
    private readonly collection: Collection,
    private readonly embeddings: EmbeddingsInterface,
  ) {
    this.vectorStore = new Chroma(embeddings, { collectionName: collection.name });
    // Share the collection we opened (and checked for its embedder) instead of letting the store open its own.
    this.vectorStore.collection = collection;
  }

  asRetriever(k = 4) {
    return this.vectorStore.asRetriever({ k });
  }

  async search(query: string, options: KnowledgeSearchOptions = {}): Promise<Passage[]> {
    const [vector] = await this.embeddings.embedDocuments([query]);
    const where: Where | undefined = options.category ? { category: options.category } : undefined;
    const result = await withChromaErrors("search the knowledge base", () =>
      this.collection.query({
        queryEmbeddings: [vector!],
        nResults: options.k ?? 5,
        where,
        include: ["metadatas", "documents", "distances"],
      }),
    );
    return (result.ids[0] ?? []).map((_, index) => {
      const metadata = result.metadatas[0]?.[index] ?? {};
      return {
        text: result.documents[0]?.[index] ?? "",
        score: 1 - (result.distances[0]?.[index] ?? 1),
        category: String(metadata.category) as KnowledgeCategory,
        tags: splitTags(metadata.tags),
        citation: { source: String(metadata.source), title: String(metadata.title), section: String(metadata.section) },
      };
    });
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
    await withChromaErrors("replace knowledge chunks", () =>
      this.collection.delete({ where: { $and: [{ source }, { fileHash: { $ne: fileHash } }] } }),
    );
  }

  async removeSource(source: string): Promise<void> {
    await withChromaErrors("remove a knowledge source", () => this.collection.delete({ where: { source } }));
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
