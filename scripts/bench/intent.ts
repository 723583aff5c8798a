/**
 * npx tsx scripts/bench/intent.ts [--seed N] [--per-label N] [--misses]
 * Accuracy and speed of the local intent engine on messages written the way
 * customers type: the seeded typo corpus of test/engines/local-intent-corpus.ts
 * (label right and confidence >= 0.8), the same messages without typos, the
 * Spanish/French table, and follow-ups that must stay non-requests. Then µs per
 * message of analyzeSync. Standalone on purpose: not a timed test.
 */
import { performance } from "node:perf_hooks";
import { Command } from "commander";
import { INTENTS } from "../../src/conversation/intents.js";
import { LocalEmbeddings } from "../../src/embeddings/index.js";
import { LocalIntentEngine } from "../../src/engines/local/intent.js";
import {
  clearMessages, FRESH_REQUESTS, FRESH_REQUESTS_2, GIBBERISH, heldOutTypoCorpus, HELD_OUT_REQUESTS, withTypos, NON_REQUESTS, OTHER_LANGUAGE_MESSAGES, seededRandom, typoCorpus, type LabelledMessage,
} from "../../test/engines/local-intent-corpus.js";
import { latencySummary } from "../../src/monitoring/stats.js";

const options = new Command("bench-intent")
  .description("Accuracy and speed of the local intent engine on customer-like messages")
  .option("--seed <n>", "seed of the typo corpus", Number, 20261206)
  .option("--per-label <n>", "messages per intent label", Number, 100)
  .option("--misses", "list every miss")
  .parse()
  .opts<{ seed: number; perLabel: number; misses?: boolean }>();
const { seed, perLabel } = options;
const verbose = Boolean(options.misses);
console.log(`seed ${seed}, ${perLabel} messages per label`);

const engine = new LocalIntentEngine({ embeddings: new LocalEmbeddings() });
const prompt = { version: 0, sections: [] };
const analyze = (message: string) => engine.analyzeSync({ message, recent: [], prompt });

function score(name: string, set: LabelledMessage[]): void {
  let right = 0;
  let sure = 0;
  const misses: string[] = [];
  const perLabelMiss = new Map<string, number>();
  for (const { text, label } of set) {
    const result = analyze(text);
    if (result.primary === label) right++;
    if (result.primary === label && result.confidence >= 0.8) sure++;
    else {
      misses.push(`${JSON.stringify(text)} -> ${result.primary} ${result.confidence} (want ${label})`);
      perLabelMiss.set(label, (perLabelMiss.get(label) ?? 0) + 1);
    }
  }
  const pct = (n: number) => ((100 * n) / set.length).toFixed(1);
  console.log(`${name}: label right ${pct(right)}%, label right with confidence >= 0.8 ${pct(sure)}% (${sure}/${set.length})`);
  if (perLabelMiss.size) console.log(`  misses by label: ${[...perLabelMiss].map(([l, n]) => `${l} ${n}`).join(", ")}`);
  if (verbose) for (const m of misses) console.log(`  ${m}`);
}

score("typos + lower case", typoCorpus(seed, perLabel));
score("same requests, no typos", clearMessages(seededRandom(seed), perLabel));
score("held-out phrasings, typos + lower case", heldOutTypoCorpus(seed, perLabel));
score("held-out phrasings, no typos", clearMessages(seededRandom(seed), perLabel, HELD_OUT_REQUESTS));
const fresh = Object.entries(FRESH_REQUESTS).flatMap(([label, texts]) => texts.map((text) => ({ text, label }) as LabelledMessage));
score("fresh phrasings (never tuned on), as written", fresh);
const freshRandom = seededRandom(seed);
score("fresh phrasings, with typos (5 variants each)", fresh.flatMap((m) => Array.from({ length: 5 }, () => ({ ...m, text: withTypos(m.text, freshRandom) }))));
const fresh2 = Object.entries(FRESH_REQUESTS_2).flatMap(([label, texts]) => texts.map((text) => ({ text, label }) as LabelledMessage));
score("second fresh set (never tuned on), as written", fresh2);
score("second fresh set, with typos (5 variants each)", fresh2.flatMap((m) => Array.from({ length: 5 }, () => ({ ...m, text: withTypos(m.text, freshRandom) }))));
score("spanish/french", OTHER_LANGUAGE_MESSAGES);

const nonRequestsKept = NON_REQUESTS.filter((m) => {
  const r = analyze(m);
  const kept = !INTENTS[r.primary].request || r.confidence < 0.4;
  if (!kept || verbose) console.log(`  non-request ${JSON.stringify(m)} -> ${r.primary} ${r.confidence}`);
  return kept;
}).length;
console.log(`non-requests kept non-requests: ${nonRequestsKept}/${NON_REQUESTS.length}`);
const gibberishLow = GIBBERISH.filter((m) => {
  const r = analyze(m);
  return r.primary === "out_of_scope" || r.confidence < 0.4;
}).length;
console.log(`gibberish out of scope or < 0.4: ${gibberishLow}/${GIBBERISH.length}`);

// Speed: every message of the typo set, several rounds, after a warm-up round.
const timing = typoCorpus(seed + 1, 30).map((m) => m.text).concat(OTHER_LANGUAGE_MESSAGES.map((m) => m.text));
for (const m of timing) analyze(m);
const samples: number[] = [];
// CPU time as well as wall time: on a shared machine the wall clock also counts other processes.
const cpuStart = process.cpuUsage();
for (let round = 0; round < 5; round++) {
  for (const m of timing) {
    const start = performance.now();
    analyze(m);
    samples.push((performance.now() - start) * 1000);
  }
}
const summary = (name: string, xs: number[]) => {
  const { n, mean, p50, p95 } = latencySummary(xs);
  console.log(`${name}: mean ${mean.toFixed(0)} µs, p50 ${p50.toFixed(0)} µs, p95 ${p95.toFixed(0)} µs over ${n} calls`);
};
const cpu = process.cpuUsage(cpuStart);
summary("analyzeSync (whole intent step)", samples);
console.log(`analyzeSync CPU time: ${((cpu.user + cpu.system) / samples.length).toFixed(0)} µs per message`);
// The new reading step alone (language, lexicon, typo correction), when the engine has it; every message
// carries typos never seen before, so the corrector's cache does not help.
const reader = engine as unknown as { readMessage?: (m: string) => unknown };
if (reader.readMessage) {
  const reading: number[] = [];
  const readCpu = process.cpuUsage();
  for (const m of typoCorpus(seed + 100, 60).map((x) => x.text)) {
    const start = performance.now();
    reader.readMessage(m);
    reading.push((performance.now() - start) * 1000);
  }
  const used = process.cpuUsage(readCpu);
  summary("readMessage (language + lexicon + typo correction)", reading);
  console.log(`readMessage CPU time: ${((used.user + used.system) / reading.length).toFixed(0)} µs per message`);
}
