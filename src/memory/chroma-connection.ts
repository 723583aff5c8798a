import { ChromaClient } from "chromadb";
import type { Settings } from "../config/settings.js";
import { ChromaStartError, startEmbeddedChroma, type EmbeddedChroma } from "./chroma-server.js";

export interface ChromaConnection {
  client: ChromaClient;
  url: string;
  /** Set when this connection runs on the embedded server. */
  embedded?: EmbeddedChroma;
  close(): void;
}

/** Raised when Chroma cannot be started or reached; its message is meant for the user as is. */
export class ChromaUnavailableError extends Error {
  override name = "ChromaUnavailableError";
}

/**
 * Connects to the remote Chroma named by `url`, or starts (or reuses) the embedded
 * server on `dataDir` when no url is set. Fails with one clear message.
 */
export async function connectChroma(chroma: Settings["chroma"]): Promise<ChromaConnection> {
  let embedded: EmbeddedChroma | undefined;
  let url = chroma.url;
  if (!url) {
    try {
      embedded = await startEmbeddedChroma({ dataDir: chroma.dataDir, startTimeoutMs: chroma.startTimeoutMs });
    } catch (error) {
      const reason = error instanceof ChromaStartError ? error.message : (error as Error).message;
      throw new ChromaUnavailableError(`Could not start the embedded Chroma on ${chroma.dataDir}. ${reason}`);
    }
    url = embedded.url;
  }
  const client = createClient(url, chroma);
  try {
    await client.heartbeat();
  } catch (error) {
    embedded?.release();
    throw new ChromaUnavailableError(
      `Chroma does not answer at ${url} (${(error as Error).message}). ` +
        (chroma.url ? "Check CHROMA_URL and that the server runs, or unset CHROMA_URL to use the embedded server." : ""),
    );
  }
  return { client, url, embedded, close: () => embedded?.release() };
}

function createClient(url: string, chroma: Settings["chroma"]): ChromaClient {
  const parsed = new URL(url);
  const ssl = parsed.protocol === "https:";
  return new ChromaClient({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : ssl ? 443 : 80,
    ssl,
    tenant: chroma.tenant,
    database: chroma.database,
    headers: chroma.authToken ? { "x-chroma-token": chroma.authToken } : undefined,
  });
}
