/**
 * Retrieval: each memory's reads against a raw Chroma call on the same
 * collection, with the same query vector and the same `where` filter, measured
 * in the same run and interleaved (memory, raw, memory, raw, ...) so both see
 * the same machine. The memory call starts from text (it embeds the query); the
 * raw call is handed the vector, so the ratio includes the embedder.
 */
import type { Collection, Where } from "chromadb";
import { syntheticTexts } from "../bench-embedder.js";
import { collectionNames } from "../../src/memory/index.js";
import { fillEpisodes } from "./episodes.js";
import { COLLECTION_PREFIX, distribution, openBenchStore, round, timed, type BenchOptions, type BenchResult, type BenchRow, type BenchStore, type Distribution } from "./shared.js";

export interface RetrievalFigure {
  search: string;
  memory: Distribution;
  raw: Distribution;
  ratioP50: number;
  ratioP95: number;
}

const TARGET_RATIO = 2;

interface Pair {
  search: string;
  memory: (query: string) => Promise<unknown>;
  raw: (query: string, vector: number[]) => Promise<unknown>;
}

async function measurePairs(store: BenchStore, pairs: Pair[], queries: number): Promise<RetrievalFigure[]> {
  const texts = syntheticTexts(queries).map((text, i) => `${text} (${i})`);
  const vectors = await store.embedder.embeddings.embedDocuments(texts);
  const figures: RetrievalFigure[] = [];
  for (const pair of pairs) {
    // Warm both paths (lexical index, HTTP keep-alive) before timing.
    for (let i = 0; i < 5; i++) {
      await pair.memory(texts[i % texts.length]!);
      await pair.raw(texts[i % texts.length]!, vectors[i % vectors.length]!);
    }
    const memoryMs: number[] = [];
    const rawMs: number[] = [];
    for (let i = 0; i < texts.length; i++) {
      memoryMs.push((await timed(() => pair.memory(texts[i]!)))[1]);
      rawMs.push((await timed(() => pair.raw(texts[i]!, vectors[i]!)))[1]);
    }
    const memory = distribution(memoryMs);
    const raw = distribution(rawMs);
    figures.push({ search: pair.search, memory, raw, ratioP50: round(memory.p50 / raw.p50), ratioP95: round(memory.p95 / raw.p95) });
  }
  return figures;
}

const rawQuery = (collection: Collection, nResults: number, where?: Where) => (_query: string, vector: number[]) =>
  collection.query({ queryEmbeddings: [vector], nResults, where, include: ["documents", "metadatas", "distances"] });
const rawGet = (collection: Collection, where: Where) => () => collection.get({ where, include: ["documents", "metadatas"] });

async function collections(store: BenchStore) {
  const names = collectionNames(COLLECTION_PREFIX);
  const open = (name: string) => store.connection.client.getCollection({ name, embeddingFunction: undefined });
  return {
    working: await open(names.working),
    episodic: await open(names.episodic),
    semantic: await open(names.semantic),
    prompts: await open(names.prompts),
    procedures: await open(names.procedures),
  };
}

/** Episodic reads of a turn (similar cases, a customer's history) against raw Chroma. */
export async function measureEpisodicRetrieval(store: BenchStore, queries: number): Promise<RetrievalFigure[]> {
  const { episodic } = await collections(store);
  const customerId = "C-1001";
  return measurePairs(
    store,
    [
      { search: "episodic.searchCases (k=3)", memory: (q) => store.memory.episodic.searchCases(q, { k: 3 }), raw: rawQuery(episodic, 3) },
      { search: "episodic.history (customer filter)", memory: () => store.memory.episodic.history(customerId, { limit: 5 }), raw: rawGet(episodic, { customerId }) },
    ],
    queries,
  );
}

/** Every memory's reads, with the knowledge base and `options.episodes` (the middle size) loaded. */
export async function benchRetrieval(options: BenchOptions): Promise<BenchResult> {
  const episodes = options.episodes.includes(10_000) ? 10_000 : options.episodes[Math.floor(options.episodes.length / 2)]!;
  const store = await openBenchStore("retrieval", { seed: true });
  try {
    await fillEpisodes(store.memory.episodic, 0, episodes);
    // Working memory of 200 live conversations, five facts each.
    const now = Date.now();
    for (let t = 0; t < 200; t++) {
      await store.memory.working.remember(
        ["customer", "issue", "step", "observations", "pending_action"].map((key) => ({ threadId: `thread-${t}`, key, kind: "note" as const, value: `${key} of thread ${t} at ${now}` })),
      );
    }
    const c = await collections(store);
    const threadId = "thread-42";
    const figures = [
      ...(await measurePairs(
        store,
        [
          { search: "semantic.search (k=4, hybrid)", memory: (q) => store.memory.semantic.search(q, { k: 4 }), raw: rawQuery(c.semantic, 4) },
          {
            search: "semantic.search (k=4, category filter)",
            memory: (q) => store.memory.semantic.search(q, { k: 4, category: "troubleshooting" }),
            raw: rawQuery(c.semantic, 4, { category: "troubleshooting" }),
          },
          { search: "procedural.findProcedures (k=3)", memory: (q) => store.memory.procedural.findProcedures(q, 3), raw: rawQuery(c.procedures, 12) },
          { search: "procedural.activePrompts", memory: () => store.memory.procedural.activePrompts(), raw: rawGet(c.prompts, { status: "active" }) },
          { search: "working.factMap (thread filter)", memory: () => store.memory.working.factMap(threadId), raw: rawGet(c.working, { threadId }) },
          {
            // A write, for scale: what the graph's remember step pays when a fact changed (every call here changes one).
            search: "working.remember (write of 1 changed fact)",
            memory: (q) => store.memory.working.remember([{ threadId: "thread-7", key: "issue", kind: "issue", value: q }]),
            raw: (q, vector) =>
              c.working.upsert({
                ids: ["raw-thread::issue"],
                embeddings: [vector],
                documents: [q],
                metadatas: [{ threadId: "raw-thread", key: "issue", kind: "issue", customerId: "", createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 1_800_000).toISOString(), expiresAtMs: Date.now() + 1_800_000 }],
              }),
          },
          {
            search: "working.search (k=5, thread + expiry filter)",
            memory: (q) => store.memory.working.search(threadId, q, 5),
            raw: rawQuery(c.working, 5, { $and: [{ threadId }, { expiresAtMs: { $gt: Date.now() } }] }),
          },
        ],
        options.queries,
      )),
      ...(await measureEpisodicRetrieval(store, options.queries)),
    ];
    const rows: BenchRow[] = figures.map((f) => ({
      benchmark: "retrieval",
      metric: `${f.search} p50 ratio`,
      value: f.ratioP50,
      unit: "x raw",
      episodes,
      target: `<= ${TARGET_RATIO}x raw`,
      met: f.ratioP50 <= TARGET_RATIO && f.ratioP95 <= TARGET_RATIO,
      note: `p50 ${f.memory.p50} vs ${f.raw.p50} ms; p95 ${f.memory.p95} vs ${f.raw.p95} ms (${f.ratioP95}x)`,
    }));
    return { rows, details: { episodes, figures } };
  } finally {
    store.close();
  }
}
