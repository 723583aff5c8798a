/**
 * What every benchmark shares: a throwaway store (embedded Chroma on a temporary
 * folder, never .data/), the four memories on it, percentiles, and the schema of
 * one benchmark's rows in bench/results.json.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { loadSettings } from "../../src/config/settings.js";
import { createEmbeddings, type EmbedderInfo } from "../../src/embeddings/index.js";
import { connectChroma, type ChromaConnection } from "../../src/memory/chroma-connection.js";
import { createMemory, type Memory } from "../../src/memory/index.js";
import { seedEmptyMemory } from "../../src/memory/seed.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { PROJECT_ROOT } from "../../src/graph/dependencies.js";
import { latencySummary } from "../../src/monitoring/stats.js";

export const COLLECTION_PREFIX = "bench";

/** One measured figure, with the target it is held against when it has one. */
export const BenchRow = z.object({
  benchmark: z.string(),
  metric: z.string(),
  value: z.number(),
  unit: z.string(),
  /** Episodes in episodic memory when it was measured, where that matters. */
  episodes: z.number().int().optional(),
  target: z.string().optional(),
  met: z.boolean().optional(),
  note: z.string().optional(),
});
export type BenchRow = z.infer<typeof BenchRow>;

/** A latency distribution in milliseconds. */
export const Distribution = z.object({ n: z.number().int(), mean: z.number(), p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() });
export type Distribution = z.infer<typeof Distribution>;

export function distribution(samples: number[]): Distribution {
  const { n, mean, p50, p95, p99, max } = latencySummary(samples);
  return { n, mean: round(mean), p50: round(p50), p95: round(p95), p99: round(p99), max: round(max) };
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function timed<T>(call: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await call();
  return [result, performance.now() - started];
}

/** A temporary folder under the OS temp dir, removed by `remove()`. */
export function tempDir(name: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface BenchStore {
  dir: string;
  connection: ChromaConnection;
  embedder: EmbedderInfo;
  memory: Memory;
  close(): void;
}

/**
 * A throwaway store: the embedded Chroma on its own temporary folder, the four
 * memories on it, optionally seeded with the bundled knowledge base, procedures
 * and prompts (as a first `npm run chat` does).
 */
export async function openBenchStore(name: string, options: { seed?: boolean } = {}): Promise<BenchStore> {
  const temp = tempDir(name);
  // An empty environment: CHROMA_URL or CHROMA_DATA_DIR of the caller must not point the benchmark at real data.
  const settings = loadSettings({}, { chroma: { dataDir: path.join(temp.dir, "chroma"), startTimeoutMs: 60_000 } });
  const connection = await connectChroma(settings.chroma);
  try {
    const embedder = createEmbeddings({ provider: "local" });
    const memory = await createMemory({ client: connection.client, embedder, prefix: COLLECTION_PREFIX, workingTtlMinutes: 30 });
    if (options.seed) {
      await seedEmptyMemory(memory, {
        knowledgeDir: path.join(PROJECT_ROOT, "data", "knowledge"),
        proceduresDir: path.join(PROJECT_ROOT, "data", "procedures"),
        prompts: DEFAULT_PROMPTS,
      });
    }
    return {
      dir: temp.dir,
      connection,
      embedder,
      memory,
      close: () => {
        connection.close();
        temp.remove();
      },
    };
  } catch (error) {
    connection.close();
    temp.remove();
    throw error;
  }
}

/** Sizes and repetitions of one run of the suite. */
export interface BenchOptions {
  quick: boolean;
  /** Episode counts of the turn-latency (and episodic retrieval) runs. */
  episodes: number[];
  /** Customer turns measured at each episode count. */
  turns: number;
  /** Queries per memory in the retrieval benchmark. */
  queries: number;
  /** Knowledge chunks of the ingestion benchmark. */
  chunks: number;
  /** Texts of the embedder throughput run. */
  texts: number;
  /** Launches of the chat per store state in the cold-start benchmark. */
  launches: number;
  log(line: string): void;
}

export interface BenchResult {
  rows: BenchRow[];
  /** Detailed figures kept in results.json (distributions, per-node breakdowns). */
  details: Record<string, unknown>;
}
