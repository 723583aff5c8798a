import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { SupportStateValue } from "../../src/conversation/state.js";
import { createSupportGraph } from "../../src/graph/support-graph.js";
import { scoreConversation } from "../../src/scoring/index.js";
import { allConversations, DEFAULT_SEED } from "../conversations/cases/index.js";
import { openSuiteEnvironment, runConversation, type ConversationRun, type SuiteEnvironment } from "../conversations/run.js";

/**
 * The scorer on real graph states: conversations of the suite played through the
 * support graph on real Chroma, then scored from the final state alone (what the
 * remember node does) and from the state with the backend's audit log (what a
 * replay does). Seed fixed: DEFAULT_SEED.
 */
describe(`scoring real conversations from the graph's state (seed ${DEFAULT_SEED})`, () => {
  let env: SuiteEnvironment;
  const runs = new Map<string, { run: ConversationRun; state: SupportStateValue }>();

  beforeAll(async () => {
    env = await openSuiteEnvironment(inject("chromaUrl"));
    const wanted = ["data-james-amount-1", "broadband-wifi-range-1", "handover-human-3"];
    const reader = createSupportGraph({ memory: env.memory, localEngines: env.localEngines } as never, { checkpointer: env.checkpointer });
    for (const conversation of allConversations(DEFAULT_SEED).filter((c) => wanted.includes(c.id))) {
      const run = await runConversation(env, conversation, DEFAULT_SEED);
      const state = (await reader.getState({ configurable: { thread_id: run.record.threadId } })).values as SupportStateValue;
      runs.set(conversation.id, { run, state });
    }
  }, 120_000);
  afterAll(async () => env?.close());

  /** The audit entries of a run, each with the 1-based turn it happened in. */
  const auditOf = (run: ConversationRun) => {
    let start = 0;
    return run.record.turns.flatMap((turn, i) => {
      const entries = run.record.audit.slice(start, turn.auditEnd).map((entry) => ({ turn: i + 1, entry }));
      start = turn.auditEnd;
      return entries;
    });
  };

  it("a top-up done on the customer's yes meets the need, from the state alone and with the audit", async () => {
    const { run, state } = runs.get("data-james-amount-1")!;
    const fromState = await scoreConversation(state);
    const withAudit = await scoreConversation(state, { audit: auditOf(run) });
    for (const { scores } of [fromState, withAudit]) {
      expect(scores.needMet).toBe(1);
      expect(scores.policy).toBe(1);
      expect(scores.overall).toBeGreaterThan(0.8);
    }
    expect(withAudit.episodeScores["planner.needMet"]).toBe(1);
    expect(withAudit.episodeScores["technical.needMet"]).toBeUndefined();
  });

  it("the same speed-test request repeated after the customer answered is no outcome and a question asked again and again", async () => {
    const { run, state } = runs.get("broadband-wifi-range-1")!;
    const { scores, episodeScores } = await scoreConversation(state, { audit: auditOf(run) });
    expect(scores.needMet).toBe(0);
    expect(scores.noRepeatedQuestion).toBe(0);
    expect(scores.overall).toBeLessThan(0.1);
    expect(episodeScores["technical.needMet"]).toBe(0);
  });

  it("a customer who asks for a person and is handed over at once got what they needed, from the state alone too", async () => {
    const { run, state } = runs.get("handover-human-3")!;
    for (const { scores } of [await scoreConversation(state), await scoreConversation(state, { audit: auditOf(run) })]) {
      expect(scores.needMet).toBe(1);
      expect(scores.handoverNeeded).toBe(1);
      expect(scores.policy).toBe(1);
    }
  });
});
