/**
 * npm run eval:retrieval [-- --questions FILE] [--knowledge DIR] [--depth N] [--split all|dev|heldout] [--ranking hybrid|vector]
 * Retrieval quality of the knowledge base: recall@1, recall@5 and MRR over labelled customer
 * questions, for the local embedder and (when OPENAI_API_KEY is set) OpenAI, with the figures of
 * every question and of its two halves: "dev" (what ranking and embedder changes are tuned on) and
 * "held-out" (only ever reported). A question's half is fixed by a hash of its text.
 * Each embedder gets its own throwaway collection so nothing mixes vector spaces.
 * VERBOSE=1 lists the misses of the dev half (VERBOSE=all: of every question).
 */
import fs from "node:fs";
import { Command } from "commander";
import { z } from "zod";
import { loadSettings } from "../src/config/settings.js";
import { connectChroma } from "../src/memory/chroma-connection.js";
import { openCollection } from "../src/memory/collections.js";
import { collectionNames } from "../src/memory/index.js";
import { ingestKnowledge } from "../src/memory/ingest.js";
import { SemanticMemory } from "../src/memory/semantic.js";
import { createEmbeddings } from "../src/embeddings/index.js";
import { fnv1a32 } from "../src/embeddings/hash.js";
import { runCli } from "./run-cli.js";
import { latencySummary } from "../src/monitoring/stats.js";

const Question = z.object({ question: z.string().min(1), source: z.string().min(1) });
type Half = "dev" | "heldout";

/** Deterministic half of a question: about one in two is dev. */
export const splitOf = (question: string): Half => ((fnv1a32(question) & 1) === 0 ? "dev" : "heldout");

const program = new Command("eval-retrieval")
  .option("--questions <file>", "labelled questions, one JSON object per line", "data/eval/retrieval-questions.jsonl")
  .option("--knowledge <dir>", "knowledge base to ingest", "data/knowledge")
  .option("--depth <n>", "how many passages to retrieve per question", "20")
  .option("--split <half>", "which questions to evaluate: all, dev or heldout", "all")
  .option("--ranking <kind>", "hybrid (default) or vector (the vector query alone, for comparison)", "hybrid");

interface Tally {
  n: number;
  at1: number;
  at5: number;
  rr: number;
}
const emptyTally = (): Tally => ({ n: 0, at1: 0, at5: 0, rr: 0 });
const show = (t: Tally) =>
  t.n === 0
    ? "no questions"
    : `recall@1 ${(t.at1 / t.n).toFixed(3)}  recall@5 ${(t.at5 / t.n).toFixed(3)}  MRR ${(t.rr / t.n).toFixed(3)}  (n=${t.n})`;

runCli(async () => {
  program.parse();
  const options = program.opts<{ questions: string; knowledge: string; depth: string; split: string; ranking: string }>();
  if (!["all", "dev", "heldout"].includes(options.split)) throw new Error(`--split must be all, dev or heldout, got ${options.split}`);
  if (!["hybrid", "vector"].includes(options.ranking)) throw new Error(`--ranking must be hybrid or vector, got ${options.ranking}`);
  const questions = fs
    .readFileSync(options.questions, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line, index) => {
      const parsed = Question.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${options.questions} line ${index + 1}:\n${z.prettifyError(parsed.error)}`);
      return { ...parsed.data, half: splitOf(parsed.data.question) };
    })
    .filter((q) => options.split === "all" || q.half === options.split);
  const settings = loadSettings();
  const providers: ("local" | "openai")[] = settings.embeddings.openaiApiKey ? ["local", "openai"] : ["local"];
  const connection = await connectChroma(settings.chroma);
  try {
    const dev = questions.filter((q) => q.half === "dev").length;
    console.log(
      `${questions.length} questions (${dev} dev, ${questions.length - dev} held-out) over ${new Set(questions.map((q) => q.source)).size} documents; ranking: ${options.ranking}`,
    );
    for (const provider of providers) {
      const embedder = createEmbeddings({ ...settings.embeddings, provider });
      const prefix = `eval_${provider}_${Date.now()}`;
      const name = collectionNames(prefix).semantic;
      const collection = await openCollection(connection.client, name, embedder);
      const ranking = options.ranking === "vector" ? { lexical: 0, sibling: 0 } : {};
      const semantic = new SemanticMemory(collection, embedder.embeddings, { ranking });
      const ingested = await ingestKnowledge(semantic, [options.knowledge]);
      // A document that failed to load cannot be found: say so rather than hide it in the figures.
      for (const { file, reason } of ingested.skipped) {
        const asked = questions.filter((q) => q.source === file).length;
        console.log(`  skipped ${file}: ${reason}${asked ? ` (${asked} question(s) ask for it)` : ""}`);
      }
      const tallies: Record<"all" | Half, Tally> = { all: emptyTally(), dev: emptyTally(), heldout: emptyTally() };
      const misses: string[] = [];
      const latencies: number[] = [];
      for (const { question, source, half } of questions) {
        const started = performance.now();
        const passages = await semantic.search(question, { k: Number(options.depth) });
        latencies.push(performance.now() - started);
        // Rank of the first passage from the labelled document; documents, not chunks, are what is judged.
        const documents = [...new Set(passages.map((p) => p.citation.source))];
        const rank = documents.indexOf(source) + 1;
        for (const t of [tallies.all, tallies[half]]) {
          t.n += 1;
          if (rank === 1) t.at1 += 1;
          if (rank >= 1 && rank <= 5) t.at5 += 1;
          if (rank >= 1) t.rr += 1 / rank;
        }
        const listed = process.env.VERBOSE === "all" || half === "dev";
        if (rank !== 1 && listed) misses.push(`  [${half}] rank ${rank || "-"}: "${question}" -> wanted ${source}, got ${documents[0]}`);
      }
      console.log(`${embedder.id}: ${show(tallies.all)}`);
      console.log(`  dev:      ${show(tallies.dev)}`);
      console.log(`  held-out: ${show(tallies.heldout)}`);
      const latency = latencySummary(latencies);
      console.log(`  query latency (first query builds the lexical index): p50 ${latency.p50.toFixed(1)} ms  p95 ${latency.p95.toFixed(1)} ms  max ${latency.max.toFixed(1)} ms`);
      if (process.env.VERBOSE) console.log(misses.join("\n"));
      for (const existing of await connection.client.listCollections()) {
        if (existing.name.startsWith(prefix)) await connection.client.deleteCollection({ name: existing.name });
      }
    }
  } finally {
    connection.close();
  }
});
