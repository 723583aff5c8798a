/**
 * Measures the local embedder: artifact load time, batch throughput (texts/s) and single-query
 * latency (ms/query), on one core.
 *
 *   npx tsx scripts/bench-embedder.ts [--texts N] [--json]
 *
 * `benchEmbedder` is exported for reuse by the benchmark suite.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { Embeddings } from "@langchain/core/embeddings";
import { Command, InvalidArgumentError } from "commander";
import { LocalEmbeddings, loadWordVectors, defaultVectorsPath } from "../src/embeddings/index.js";
import { latencySummary } from "../src/monitoring/stats.js";

export interface EmbedderBenchResult {
  loadMs: number;
  texts: number;
  textsPerSecond: number;
  msPerQuery: { mean: number; p50: number; p95: number };
}

const SUBJECTS = ["my phone", "the wifi", "my broadband", "mobile data", "the router", "my bill", "roaming", "picture messages", "my line", "the internet"];
const PROBLEMS = [
  "keeps dropping every 30 minutes",
  "has no signal since this morning",
  "is very slow in the evening",
  "was charged twice this month",
  "won't work abroad in Spain",
  "fails to send to my friends",
  "got suspended after a missed payment",
  "needs a top-up of 2 GB",
  "should move to my new address",
  "is higher than last month",
];

/** Deterministic synthetic customer texts (short, support-like, some unique words). */
export function syntheticTexts(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`${SUBJECTS[i % SUBJECTS.length]} ${PROBLEMS[Math.floor(i / SUBJECTS.length) % PROBLEMS.length]} ref${i % 997}`);
  }
  return out;
}

export async function benchEmbedder(embeddings?: Embeddings, texts = 20_000): Promise<EmbedderBenchResult> {
  const t0 = performance.now();
  loadWordVectors(defaultVectorsPath());
  const loadMs = performance.now() - t0;
  const emb = embeddings ?? new LocalEmbeddings();
  const corpus = syntheticTexts(texts);
  await emb.embedDocuments(corpus.slice(0, 500)); // warm-up (JIT, caches)

  const t1 = performance.now();
  await emb.embedDocuments(corpus);
  const batchMs = performance.now() - t1;

  const lat: number[] = [];
  const queries = syntheticTexts(2_000).map((q, i) => `${q} question ${i}`);
  for (const q of queries) {
    const s = performance.now();
    await emb.embedQuery(q);
    lat.push(performance.now() - s);
  }
  const { mean, p50, p95 } = latencySummary(lat);
  return {
    loadMs,
    texts,
    textsPerSecond: texts / (batchMs / 1000),
    msPerQuery: { mean, p50, p95 },
  };
}

async function main(): Promise<void> {
  const program = new Command("bench-embedder")
    .description("Measures the local embedder: artifact load, batch throughput, single-query latency")
    .option("--texts <n>", "texts in the throughput run", (value) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("--texts must be a positive whole number");
      return n;
    }, 20_000)
    .option("--json", "print the result as JSON");
  program.parse();
  const options = program.opts<{ texts: number; json?: boolean }>();
  const r = await benchEmbedder(undefined, options.texts);
  if (options.json) {
    console.log(JSON.stringify(r));
    return;
  }
  console.log(`artifact load: ${r.loadMs.toFixed(1)} ms`);
  console.log(`throughput:    ${Math.round(r.textsPerSecond)} texts/s (${r.texts} texts)`);
  console.log(`query latency: mean ${r.msPerQuery.mean.toFixed(3)} ms, p50 ${r.msPerQuery.p50.toFixed(3)} ms, p95 ${r.msPerQuery.p95.toFixed(3)} ms`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
