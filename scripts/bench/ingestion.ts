/**
 * Ingestion: the bundled knowledge base copied until it holds at least
 * `chunks` chunks, loaded with `ingestKnowledge` (read, chunk, embed, upsert,
 * replace) into an empty semantic memory; against raw Chroma `add` of the same
 * vectors, in the same batch sizes (ADD_BATCH chunks per write, as the ingester
 * writes new sources), into an empty collection on the same server.
 */
import fs from "node:fs";
import type { Metadata } from "chromadb";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PROJECT_ROOT } from "../../src/graph/dependencies.js";
import { ingestKnowledge } from "../../src/memory/ingest.js";
import { listKnowledgeFiles, loadKnowledgeFile } from "../../src/memory/knowledge-files.js";
import { ADD_BATCH } from "../../src/memory/semantic.js";
import { openBenchStore, round, tempDir, timed, type BenchOptions, type BenchResult } from "./shared.js";

const TARGET_SHARE = 0.7;

/** Copies of the knowledge base, each file made distinct (its own title line), until `chunks` is reached. */
async function scaledKnowledgeBase(dir: string, chunks: number): Promise<{ files: number; chunks: number }> {
  // Markdown and text files, whose first paragraph can be varied per copy.
  const files = (await listKnowledgeFiles([path.join(PROJECT_ROOT, "data", "knowledge")])).files.filter((f) => /\.(md|txt)$/.test(f));
  let total = 0;
  let written = 0;
  for (let copy = 0; total < chunks; copy++) {
    const copyDir = path.join(dir, `copy-${copy}`);
    fs.mkdirSync(copyDir, { recursive: true });
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      const target = path.join(copyDir, path.basename(file));
      // A different first paragraph per copy: distinct hashes and texts, same structure and chunking.
      const varied = file.endsWith(".txt")
        ? `${text.trimEnd()}\n\nRegion ${copy} edition.\n` // a text file's first line is its title
        : text.replace(/^(---[\s\S]*?---\s*)?/, (front) => `${front}Region ${copy} edition.\n\n`);
      fs.writeFileSync(target, varied);
      total += (await loadKnowledgeFile(target)).chunks.length;
      written += 1;
    }
  }
  return { files: written, chunks: total };
}

export async function benchIngestion(options: BenchOptions): Promise<BenchResult> {
  const kb = tempDir("kb");
  const store = await openBenchStore("ingestion");
  try {
    const scaled = await scaledKnowledgeBase(kb.dir, options.chunks);
    options.log(`  ingestion: ${scaled.chunks} chunks in ${scaled.files} files`);

    const [summary, ingestMs] = await timed(() => ingestKnowledge(store.memory.semantic, [kb.dir]));

    // The same chunks and texts, embedded beforehand (raw Chroma gets ready vectors), in the ingester's
    // batches: new sources go in writes of ADD_BATCH chunks.
    const { files } = await listKnowledgeFiles([kb.dir]);
    const all: { id: string; embedding: number[]; document: string; metadata: Metadata }[] = [];
    let embedMs = 0;
    for (const file of files) {
      const loaded = await loadKnowledgeFile(file);
      const started = performance.now();
      const vectors = await store.embedder.embeddings.embedDocuments(loaded.chunks.map((c) => `${c.title}. ${c.section}. ${c.text}`));
      embedMs += performance.now() - started;
      loaded.chunks.forEach((c, i) =>
        all.push({
          id: `raw-${c.id}`,
          embedding: vectors[i]!,
          document: c.text,
          metadata: { source: c.source, title: c.title, section: c.section, category: c.category, chunkIndex: c.chunkIndex },
        }),
      );
    }
    const batches: { ids: string[]; embeddings: number[][]; documents: string[]; metadatas: Metadata[] }[] = [];
    for (let start = 0; start < all.length; start += ADD_BATCH) {
      const part = all.slice(start, start + ADD_BATCH);
      batches.push({ ids: part.map((r) => r.id), embeddings: part.map((r) => r.embedding), documents: part.map((r) => r.document), metadatas: part.map((r) => r.metadata) });
    }
    const raw = await store.connection.client.createCollection({ name: "bench_raw_ingest", embeddingFunction: null, configuration: { hnsw: { space: "cosine" } } });
    const [, rawMs] = await timed(async () => {
      for (const batch of batches) await raw.add(batch);
    });

    const chunks = summary.chunksAdded;
    const ours = chunks / (ingestMs / 1000);
    const floor = chunks / (rawMs / 1000);
    const share = ours / floor;
    const batchSizes = batches.map((b) => b.ids.length);
    return {
      rows: [
        {
          benchmark: "ingestion",
          metric: "throughput share of raw add",
          value: round(share * 100, 1),
          unit: "%",
          target: `>= ${TARGET_SHARE * 100} %`,
          met: share >= TARGET_SHARE,
          note: `${Math.round(ours)} vs raw ${Math.round(floor)} chunks/s (${chunks} chunks)`,
        },
        { benchmark: "ingestion", metric: "embedding share of ingest time", value: round((embedMs / ingestMs) * 100, 1), unit: "%", note: `${Math.round(embedMs)} of ${Math.round(ingestMs)} ms` },
      ],
      details: {
        files: scaled.files,
        chunks,
        ingestMs: round(ingestMs),
        rawAddMs: round(rawMs),
        embedMs: round(embedMs),
        chunksPerSecond: round(ours, 1),
        rawChunksPerSecond: round(floor, 1),
        meanBatch: round(batchSizes.reduce((a, b) => a + b, 0) / batchSizes.length, 1),
        maxBatch: Math.max(...batchSizes),
        skipped: summary.skipped,
      },
    };
  } finally {
    store.close();
    kb.remove();
  }
}
