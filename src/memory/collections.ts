import type { ChromaClient, Collection } from "chromadb";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { ChromaUnavailableError } from "./chroma-connection.js";

/** What a collection needs to know about the embedder that fills it. */
export interface CollectionEmbedder {
  id: string;
  dimension: number;
  embeddings: EmbeddingsInterface;
}

export class EmbedderMismatchError extends Error {
  override name = "EmbedderMismatchError";
}

/**
 * Opens (or creates) a collection that remembers the embedder it was built with.
 * Opening it with another embedder fails instead of mixing two vector spaces.
 */
export async function openCollection(client: ChromaClient, name: string, embedder: CollectionEmbedder): Promise<Collection> {
  const collection = await withChromaErrors(`open collection "${name}"`, async () => {
    try {
      return await client.getCollection({ name, embeddingFunction: undefined });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      try {
        return await client.createCollection({
          name,
          embeddingFunction: null,
          metadata: { embedder: embedder.id, dimension: embedder.dimension },
          configuration: { hnsw: { space: "cosine" } },
        });
      } catch (createError) {
        // Another process created it between our get and create.
        if (isAlreadyExists(createError)) return client.getCollection({ name });
        throw createError;
      }
    }
  });
  const builtWith = collection.metadata?.embedder;
  if (builtWith !== embedder.id) {
    throw new EmbedderMismatchError(
      `Collection "${name}" was built with the embedder "${String(builtWith)}" but this process uses "${embedder.id}". ` +
        `Use the same EMBEDDINGS_PROVIDER as when it was built, or set another CHROMA_COLLECTION_PREFIX (or CHROMA_DATA_DIR) to build a new store.`,
    );
  }
  return collection;
}

/** Waits before each new attempt when Chroma answers "Nothing found on disk" (see withChromaErrors); about 1.3 s in all. */
const FIRST_WRITE_RETRY_MS = [10, 20, 40, 80, 160, 320, 640];

/**
 * Runs a Chroma call and turns a connection failure into one clear message.
 *
 * A vector query that reaches a collection while its first record is being written fails with "Error creating hnsw
 * segment reader: Nothing found on disk" (Chroma 1.x, local server: the collection has its dimension but its vector
 * index is not built yet, for the ~100 ms the first write takes). With several conversations at once this hits
 * whichever conversation searches episodic memory while the first episode is written, so it is retried: the index
 * exists a moment later, and then every query answers.
 */
export async function withChromaErrors<T>(what: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (isConnectionFailure(error)) {
        throw new ChromaUnavailableError(`Chroma is unreachable (could not ${what}): ${(error as Error).message}`);
      }
      const wait = FIRST_WRITE_RETRY_MS[attempt];
      if (wait === undefined || !isIndexBeingBuilt(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function errorText(error: unknown): string {
  return `${(error as Error)?.name ?? ""} ${(error as Error)?.message ?? String(error)}`;
}
const isNotFound = (error: unknown) => /not ?found|does not exist/i.test(errorText(error));
const isAlreadyExists = (error: unknown) => /already exists|unique/i.test(errorText(error));
const isIndexBeingBuilt = (error: unknown) => /hnsw segment reader: Nothing found on disk/i.test(errorText(error));
const isConnectionFailure = (error: unknown) =>
  /ChromaConnectionError|ECONNREFUSED|fetch failed|Failed to connect|socket hang up|ETIMEDOUT/i.test(
    errorText(error) + " " + String((error as { cause?: unknown })?.cause ?? ""),
  );
