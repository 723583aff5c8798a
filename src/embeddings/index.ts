/**
 * Embedder factory. The local embedder is the default (no network, deterministic); OpenAI
 * embeddings (or any OpenAI-compatible server) are an option by configuration. Every embedder is
 * described by a stable `id` and its `dimension`, which collections record so that a collection is
 * never queried with vectors from a different embedder.
 */
import type { Embeddings } from "@langchain/core/embeddings";
import { OpenAIEmbeddings } from "@langchain/openai";
import { LocalEmbeddings, LOCAL_EMBEDDING_DIMENSION } from "./local-embeddings.js";

export { LocalEmbeddings, LOCAL_EMBEDDING_DIMENSION, LOCAL_EMBEDDER_VERSION, cosineSimilarity } from "./local-embeddings.js";
export type { LocalEmbeddingsOptions, ComponentWeights } from "./local-embeddings.js";
export { loadWordVectors, defaultVectorsPath, DEFAULT_VECTORS_FILE } from "./word-vectors.js";
export type { WordVectorTable } from "./word-vectors.js";
export { TELECOM_CONCEPTS } from "./telecom-lexicon.js";
export type { TelecomConcept } from "./telecom-lexicon.js";

/** What a collection records about the embedder it was built with. */
export interface EmbedderIdentity {
  /** Stable identifier, e.g. "local-wordvec-v1-256" or "openai:text-embedding-3-small". */
  readonly id: string;
  /** Length of every vector this embedder produces. */
  readonly dimension: number;
}

/** An embedder with its identity: what `createEmbeddings` returns. */
export interface EmbedderInfo extends EmbedderIdentity {
  readonly embeddings: Embeddings;
}

export interface CreateEmbeddingsOptions {
  provider: "local" | "openai";
  openaiModel?: string;
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  /** Requested output size for text-embedding-3 models (shortened embeddings). */
  dimensions?: number;
  /** Word-vector artifact of the local embedder. */
  vectorsPath?: string;
}

/** Native output size of known OpenAI embedding models. */
export const OPENAI_EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

export const DEFAULT_OPENAI_EMBEDDING_MODEL = "text-embedding-3-small";

/** Builds the configured embedder with its id and dimension. Throws a clear error on a bad configuration. */
export function createEmbeddings(options: CreateEmbeddingsOptions): EmbedderInfo {
  if (options.provider === "local") {
    const embeddings = new LocalEmbeddings({ vectorsPath: options.vectorsPath });
    return { embeddings, id: embeddings.id, dimension: LOCAL_EMBEDDING_DIMENSION };
  }
  if (options.provider === "openai") {
    const model = options.openaiModel?.trim() || DEFAULT_OPENAI_EMBEDDING_MODEL;
    const explicit = options.dimensions;
    if (explicit !== undefined && (!Number.isInteger(explicit) || explicit <= 0)) {
      throw new Error(`embeddings: dimensions must be a positive integer, got ${explicit}`);
    }
    if (explicit !== undefined && model === "text-embedding-ada-002") {
      throw new Error("embeddings: text-embedding-ada-002 does not support a custom dimensions option");
    }
    const dimension = explicit ?? OPENAI_EMBEDDING_DIMENSIONS[model];
    if (dimension === undefined) {
      throw new Error(
        `embeddings: unknown dimension for OpenAI model "${model}"; pass the dimensions option (known: ${Object.keys(OPENAI_EMBEDDING_DIMENSIONS).join(", ")})`,
      );
    }
    const embeddings = new OpenAIEmbeddings({
      model,
      ...(explicit !== undefined ? { dimensions: explicit } : {}),
      ...(options.openaiApiKey ? { apiKey: options.openaiApiKey } : {}),
      ...(options.openaiBaseUrl ? { configuration: { baseURL: options.openaiBaseUrl } } : {}),
    });
    const id = explicit !== undefined && explicit !== OPENAI_EMBEDDING_DIMENSIONS[model] ? `openai:${model}@${explicit}` : `openai:${model}`;
    return { embeddings, id, dimension };
  }
  throw new Error(`embeddings: unknown provider ${JSON.stringify((options as { provider: unknown }).provider)}`);
}
