import { ChromaUnavailableError } from "../memory/chroma-connection.js";

/**
 * Runs a call to a part that may be away (Chroma, the backend's files) and
 * degrades instead of failing the turn: the fallback value is used and the part
 * is named so the reply can say what is degraded.
 */
export async function degradeOnFailure<T>(part: string, call: () => Promise<T>, fallback: T, degraded: string[]): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ChromaUnavailableError || isTransient(error)) {
      if (!degraded.includes(part)) degraded.push(part);
      return fallback;
    }
    throw error;
  }
}

/** Errors worth a retry (and, when retries run out, a degraded answer). */
export function isTransient(error: unknown): boolean {
  const text = `${(error as Error)?.name} ${(error as Error)?.message} ${String((error as { cause?: unknown })?.cause ?? "")}`;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EBUSY|EAGAIN|socket hang up|fetch failed|ChromaConnectionError|timed? ?out/i.test(text);
}
