import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { allConversations, coverageGaps, DEFAULT_SEED } from "./cases/index.js";
import { formatFailures, formatSummary, summarise, type SuiteSummary } from "./report.js";
import { openSuiteEnvironment, runAll, type ConversationRun, type SuiteEnvironment } from "./run.js";
import { everyNth, TIER, tierSize } from "../helpers/tier.js";

/**
 * The conversation suite (issue 10): every conversation through the real graph on real
 * Chroma, a fresh backend each, judged on what the customer would notice.
 * MIN_SHARE_MET is what the agent reached when it was last raised (rounded down); raise it
 * as the agent improves, never lower it to make a change pass.
 * `npm test` runs every third conversation against the same thresholds; `npm run test:full` runs them all.
 */
const MIN_SHARE_MET = 0.75;
const SEED = Number(process.env.CONVERSATION_SEED ?? DEFAULT_SEED);
const conversations = allConversations(SEED);
/** `npm test`: every third conversation (some of every family), the offset chosen by the seed. */
const sample = everyNth(conversations, tierSize(3, 1), SEED);

describe(`conversation suite (${TIER} tier: ${sample.length} of ${conversations.length} conversations, seed ${SEED}; CONVERSATION_SEED=${SEED} to repeat)`, () => {
  let env: SuiteEnvironment;
  let runs: ConversationRun[] = [];
  let summary: SuiteSummary;

  beforeAll(async () => {
    env = await openSuiteEnvironment(inject("chromaUrl"));
    runs = await runAll(env, sample, SEED, { concurrency: 4 });
    summary = summarise(runs, SEED);
    console.log(`${formatSummary(summary)}\n\n${formatFailures(runs)}`);
  }, 300_000);
  afterAll(async () => env?.close());

  it("has at least 150 conversations covering every intent and every account action", () => {
    expect(conversations.length).toBeGreaterThanOrEqual(150);
    expect(coverageGaps(conversations)).toEqual({ intents: [], actions: [] });
  });

  it("never changes an account without the customer's yes to exactly that proposal", () => {
    const breaches = runs.flatMap((r) => r.verdict.consentBreaches.map((b) => `${r.conversation.id}: ${b}`));
    expect(breaches).toEqual([]);
  });

  it("never claims an action the audit log shows refused or absent", () => {
    const claims = runs.flatMap((r) => r.verdict.falseClaims.map((c) => `${r.conversation.id}: ${c}`));
    expect(claims).toEqual([]);
  });

  it(`meets the customer's need in at least ${MIN_SHARE_MET * 100}% of conversations`, () => {
    expect(runs).toHaveLength(sample.length);
    expect(summary.share).toBeGreaterThanOrEqual(MIN_SHARE_MET);
  });
});
