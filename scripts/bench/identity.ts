/**
 * npx tsx scripts/bench/identity.ts [--rounds N]
 * Micro benchmark of readIdentityClaims: µs per message over customer-like
 * messages with and without identity details (numbers and dates make it parse
 * with libphonenumber-js and chrono-node; plain text only reads names).
 * Standalone on purpose: not part of `npm run bench` and not a timed test.
 */
import { performance } from "node:perf_hooks";
import { Command } from "commander";
import { readIdentityClaims } from "../../src/conversation/identity.js";
import { latencySummary } from "../../src/monitoring/stats.js";

const WITH_DETAILS = [
  "linda nguyen 555 010 0005",
  "Maria Gonzalez 1988-04-12",
  "Robert Miller here, 5550100004, my phone was cut off",
  "Aisha Khan, born 22/01/1990",
  "it's priya sharma, number 555 010 0009",
  "I'm James Carter, 555-010-0002",
  "Ahmed Hassan, born 21/08/1968, number 555 020 1200",
  "my number is 5550100002 and dob 12th april 88",
  "1-555-010-0001 12/04/1988",
  "hello, my name is sarah o'brien and my date of birth is 30 dec 1976",
];
const PLAIN = [
  "my phone has no service",
  "why?",
  "ok",
  "no thanks, I'll wait",
  "I'm abroad in spain",
  "its kevin patel",
  "David Okafor",
  "why is my bill $45.20 when it was 38 dollars last month",
  "the internet keeps dropping every evening since monday",
  "hello??",
];

function measure(messages: string[], rounds: number): { perMessageUs: number; p50Us: number; p95Us: number } {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const m of messages) {
      const start = performance.now();
      readIdentityClaims(m, { expectingIdentity: true });
      samples.push((performance.now() - start) * 1000);
    }
  }
  const { mean, p50, p95 } = latencySummary(samples);
  return { perMessageUs: mean, p50Us: p50, p95Us: p95 };
}

const { rounds } = new Command("bench-identity")
  .description("Micro benchmark of readIdentityClaims")
  .option("--rounds <n>", "rounds over the messages", Number, 200)
  .parse()
  .opts<{ rounds: number }>();
const coldStart = performance.now();
readIdentityClaims(WITH_DETAILS[0]!, { expectingIdentity: true });
const firstCallMs = performance.now() - coldStart;
measure([...WITH_DETAILS, ...PLAIN], 20); // warm-up
const withDetails = measure(WITH_DETAILS, rounds);
const plain = measure(PLAIN, rounds);
console.log(`readIdentityClaims, ${rounds} rounds, Node ${process.version}`);
console.log(`  first call (cold):           ${firstCallMs.toFixed(1)} ms`);
const line = (label: string, r: ReturnType<typeof measure>) =>
  console.log(`  ${label.padEnd(28)} mean ${r.perMessageUs.toFixed(1)} µs/message, p50 ${r.p50Us.toFixed(1)} µs, p95 ${r.p95Us.toFixed(1)} µs`);
line("messages with details:", withDetails);
line("messages without details:", plain);
