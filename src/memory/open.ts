import type { Settings } from "../config/settings.js";
import { createEmbeddings, type EmbedderInfo } from "../embeddings/index.js";
import { connectChroma, type ChromaConnection } from "./chroma-connection.js";
import { createMemory, type Memory } from "./index.js";

export interface OpenedMemory {
  memory: Memory;
  connection: ChromaConnection;
  embedder: EmbedderInfo;
  close(): void;
}

/** Connects to Chroma (embedded or remote) and opens the four memories as the settings say. */
export async function openMemory(settings: Settings): Promise<OpenedMemory> {
  const embedder = createEmbeddings({
    provider: settings.embeddings.provider,
    openaiModel: settings.embeddings.openaiModel,
    openaiApiKey: settings.embeddings.openaiApiKey,
    openaiBaseUrl: settings.embeddings.openaiBaseUrl,
  });
  const connection = await connectChroma(settings.chroma);
  try {
    const memory = await createMemory({
      client: connection.client,
      embedder,
      prefix: settings.chroma.collectionPrefix,
      workingTtlMinutes: settings.memory.workingTtlMinutes,
    });
    return { memory, connection, embedder, close: () => connection.close() };
  } catch (error) {
    connection.close();
    throw error;
  }
}
