/**
 * npm run eval:retrieval [-- --questions FILE] [--k N]
 * Retrieval quality of the knowledge base: recall@1, recall@5 and MRR over labelled
 * customer questions, for the local embedder and (when OPENAI_API_KEY is set) OpenAI.
 * Each embedder gets its own throwaway collections so nothing mixes vector spaces.
 */
import fs from "node:fs";
import { Command } from "commander";
import { z } from "zod";
import { loadSettings } from "../src/config/settings.js";
import { connectChroma } from "../src/memory/chroma-connection.js";
import { createMemory } from "../src/memory/index.js";
import { ingestKnowledge } from "../src/memory/ingest.js";
import { createEmbeddings } from "../src/embeddings/index.js";
import { runCli } from "./run-cli.js";

const Question = z.object({ question: z.string().min(1), source: z.string().min(1) });

const program = new Command("eval-retrieval")
  .option("--questions <file>", "labelled questions, one JSON object per line", "data/eval/retrieval-questions.jsonl")
  .option("--knowledge <dir>", "knowledge base to ingest", "data/knowledge")
  .option("--depth <n>", "how many passages to retrieve per question", "20");

runCli(async () => {
  program.parse();
  const options = program.opts<{ questions: string; knowledge: string; depth: string }>();
  const questions = fs
    .readFileSync(options.questions, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line, index) => {
      const parsed = Question.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${options.questions} line ${index + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
  const settings = loadSettings();
  const providers: ("local" | "openai")[] = settings.embeddings.openaiApiKey ? ["local", "openai"] : ["local"];
  const connection = await connectChroma(settings.chroma);
  try {
    console.log(`${questions.length} questions over ${new Set(questions.map((q) => q.source)).size} documents`);
    for (const provider of providers) {
      const embedder = createEmbeddings({ ...settings.embeddings, provider });
      const prefix = `eval_${provider}_${Date.now()}`;
      const memory = await createMemory({ client: connection.client, embedder, prefix, workingTtlMinutes: 30 });
      await ingestKnowledge(memory.semantic, [options.knowledge]);
      let hitsAt1 = 0;
      let hitsAt5 = 0;
      let reciprocalRanks = 0;
      const misses: string[] = [];
      for (const { question, source } of questions) {
        const passages = await memory.semantic.search(question, { k: Number(options.depth) });
        // Rank of the first passage from the labelled document; documents, not chunks, are what is judged.
        const documents = [...new Set(passages.map((p) => p.citation.source))];
        const rank = documents.indexOf(source) + 1;
        if (rank === 1) hitsAt1 += 1;
        if (rank >= 1 && rank <= 5) hitsAt5 += 1;
        if (rank >= 1) reciprocalRanks += 1 / rank;
        if (rank !== 1) misses.push(`  rank ${rank || "-"}: "${question}" -> wanted ${source}, got ${documents[0]}`);
      }
      const n = questions.length;
      console.log(
        `${embedder.id}: recall@1 ${(hitsAt1 / n).toFixed(3)}  recall@5 ${(hitsAt5 / n).toFixed(3)}  MRR ${(reciprocalRanks / n).toFixed(3)}`,
      );
      if (process.env.VERBOSE) console.log(misses.join("\n"));
      for (const name of await connection.client.listCollections()) {
        if (name.name.startsWith(prefix)) await connection.client.deleteCollection({ name: name.name });
      }
    }
  } finally {
    connection.close();
  }
});
