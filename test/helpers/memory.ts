import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { connectChroma, type ChromaConnection } from "../../src/memory/chroma-connection.js";
import { createMemory, type Memory } from "../../src/memory/index.js";
import { createEmbeddings } from "../../src/embeddings/index.js";
import { loadSettings } from "../../src/config/settings.js";

/** A connection to the test run's Chroma server. */
export async function testChroma(): Promise<ChromaConnection> {
  return connectChroma(loadSettings({}, { chroma: { url: inject("chromaUrl") } }).chroma);
}

/** Four fresh memories on collections no other test uses. */
export async function freshMemory(options: { now?: () => number; workingTtlMinutes?: number } = {}) {
  const connection = await testChroma();
  const embedder = createEmbeddings({ provider: "local" });
  const prefix = `t_${randomUUID().slice(0, 8)}`;
  const memory: Memory = await createMemory({
    client: connection.client,
    embedder,
    prefix,
    workingTtlMinutes: options.workingTtlMinutes ?? 30,
    now: options.now,
  });
  return { memory, connection, embedder, prefix };
}
