/** The local embedder: texts per second in batches and milliseconds per single query (scripts/bench-embedder.ts). */
import { benchEmbedder } from "../bench-embedder.js";
import { round, type BenchOptions, type BenchResult } from "./shared.js";

export async function benchEmbedderSuite(options: BenchOptions): Promise<BenchResult> {
  const result = await benchEmbedder(undefined, options.texts);
  return {
    rows: [
      { benchmark: "embedder", metric: "throughput", value: Math.round(result.textsPerSecond), unit: "texts/s", note: `${result.texts} texts in one batch` },
      { benchmark: "embedder", metric: "query p50", value: round(result.msPerQuery.p50, 3), unit: "ms", note: `p95 ${round(result.msPerQuery.p95, 3)} ms` },
      { benchmark: "embedder", metric: "word-vector load", value: round(result.loadMs, 1), unit: "ms" },
    ],
    details: { ...result },
  };
}
