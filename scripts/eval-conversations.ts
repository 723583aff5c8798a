/**
 * npm run eval:conversations [-- --seed N] [--verbose] [--id X] [--category C] [--sample N] [--random N] [--concurrency N]
 * Runs the conversation suite (test/conversations) through the real support graph on the local
 * engines: a real Chroma (CHROMA_URL, else an embedded server on a temporary folder that is
 * removed afterwards), a fresh simulated backend per conversation with the tests' fixed "today",
 * and a SQLite checkpointer. Prints the share of conversations whose need was met, the consent
 * and truth breaches, a breakdown by category and intent, and one line per failure.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { startEmbeddedChroma, type EmbeddedChroma } from "../src/memory/chroma-server.js";
import { allConversations, coverageGaps, DEFAULT_SEED } from "../test/conversations/cases/index.js";
import { randomConversations } from "../test/conversations/cases/random.js";
import { formatFailures, formatSummary, formatTranscript, summarise } from "../test/conversations/report.js";
import { Rng } from "../test/conversations/rng.js";
import { openSuiteEnvironment, runAll } from "../test/conversations/run.js";
import { runCli } from "./run-cli.js";

const program = new Command("eval-conversations")
  .description("Run the conversation suite and print the share of needs met, consent and truth breaches, and every failure")
  .option("--seed <n>", "seed of the phrasings (default CONVERSATION_SEED, else the suite's fixed seed)")
  .option("--id <ids>", "only these conversations (comma-separated; a trailing * matches a prefix); prints their transcripts")
  .option("--category <name>", "only this category")
  .option("--verbose", "print every transcript")
  .option("--sample <n>", "print this many transcripts chosen by the seed")
  .option("--random <n>", "also run N random conversations (consent and truth properties only)", "0")
  .option("--concurrency <n>", "conversations in flight at once", "4");

runCli(async () => {
  program.parse();
  const o = program.opts<{ seed?: string; id?: string; category?: string; verbose?: boolean; sample?: string; random: string; concurrency: string }>();
  const seed = Number(o.seed ?? process.env.CONVERSATION_SEED ?? DEFAULT_SEED);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, not ${o.seed}`);
  let conversations = allConversations(seed);
  const gaps = coverageGaps(conversations);
  if (o.category) conversations = conversations.filter((c) => c.category === o.category);
  if (o.id) {
    const wanted = o.id.split(",").map((s) => s.trim()).filter(Boolean);
    conversations = conversations.filter((c) => wanted.some((w) => (w.endsWith("*") ? c.id.startsWith(w.slice(0, -1)) : c.id === w)));
    if (!conversations.length) throw new Error(`no conversation matches ${o.id}`);
  }

  let chroma: EmbeddedChroma | undefined;
  let chromaDir: string | undefined;
  let url = process.env.CHROMA_URL;
  if (!url) {
    chromaDir = fs.mkdtempSync(path.join(os.tmpdir(), "eval-conversations-chroma-"));
    chroma = await startEmbeddedChroma({ dataDir: chromaDir, startTimeoutMs: 60_000 });
    url = chroma.url;
  }
  const env = await openSuiteEnvironment(url);
  try {
    console.log(`conversation suite: ${conversations.length} conversations, seed ${seed} (CONVERSATION_SEED=${seed} to repeat)`);
    const started = Date.now();
    const runs = await runAll(env, conversations, seed, {
      concurrency: Number(o.concurrency),
      onResult: (run, done) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${done}/${conversations.length} ${run.verdict.met ? "met " : "FAIL"} ${run.conversation.id.padEnd(60).slice(0, 60)}`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    const summary = summarise(runs, seed);
    const printAll = o.verbose || !!o.id;
    if (printAll) for (const run of runs) console.log(`\n${formatTranscript(run)}`);
    if (o.sample) {
      const rng = new Rng(seed).fork("sample");
      const pool = [...runs];
      const n = Math.min(Number(o.sample), pool.length);
      console.log(`\n${n} transcripts chosen by the seed:`);
      for (let i = 0; i < n; i++) console.log(`\n${formatTranscript(pool.splice(rng.int(pool.length), 1)[0]!)}`);
    }
    const failures = formatFailures(runs);
    if (failures) console.log(`\nnot met (${runs.length - summary.met}):\n${failures}`);
    console.log(`\n${formatSummary(summary)}`);
    if (gaps.intents.length || gaps.actions.length) console.log(`\nnot covered: intents ${gaps.intents.join(", ") || "-"}; actions ${gaps.actions.join(", ") || "-"}`);
    if (Number(o.random) > 0) {
      const random = await runAll(env, randomConversations(seed, Number(o.random)), seed, { concurrency: Number(o.concurrency) });
      const broken = random.filter((r) => r.verdict.consentBreaches.length || r.verdict.falseClaims.length);
      for (const run of broken) console.log(`\n${formatTranscript(run)}`);
      console.log(
        `\nrandom conversations: ${random.length}; consent breaches ${random.reduce((n, r) => n + r.verdict.consentBreaches.length, 0)}; ` +
          `false claims ${random.reduce((n, r) => n + r.verdict.falseClaims.length, 0)} (in ${broken.length} conversations)`,
      );
    }
    console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await env.close();
    chroma?.release();
    if (chromaDir) fs.rmSync(chromaDir, { recursive: true, force: true });
  }
});
