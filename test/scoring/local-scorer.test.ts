import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import type { IntentAnalysis, Troubleshooting } from "../../src/domain/support.js";
import { attributeScores, scoreConversation, scoreTurnLocally, type ScorableState } from "../../src/scoring/index.js";

const intent = (over: Partial<IntentAnalysis> = {}): IntentAnalysis => ({
  primary: "mobile_no_data",
  secondary: [],
  entities: { amounts: [], dates: [] },
  sentiment: "neutral",
  urgency: "medium",
  confidence: 0.9,
  alternatives: [],
  ...over,
});

function state(over: Partial<ScorableState> = {}): ScorableState {
  return {
    reply: "",
    intentAnalysis: intent(),
    openIssue: intent(),
    memory: { facts: {}, history: [], similarCases: [] },
    troubleshooting: null,
    status: "open",
    turn: 1,
    escalation: null,
    customer: { verified: false, failedAttempts: 0 },
    messages: [],
    ...over,
  };
}

const troubleshooting = (over: Partial<Troubleshooting>): Troubleshooting => ({
  procedureId: "mobile_data",
  layer: "data",
  stepId: "done",
  status: "resolved",
  observations: [],
  faultsFound: [],
  faultsFixed: [],
  queue: [],
  completed: [],
  ...over,
});

describe("turn scores", () => {
  it("rewards acknowledging an upset customer and fails a reply that ignores it", () => {
    const upset = intent({ sentiment: "negative", urgency: "high" });
    const warm = scoreTurnLocally(state({ intentAnalysis: upset, reply: "I'm sorry about the trouble, I understand how frustrating this is. Please restart your phone." }));
    const cold = scoreTurnLocally(state({ intentAnalysis: upset, reply: "Please restart your phone." }));
    expect(warm.empathy).toBe(1);
    expect(cold.empathy).toBe(0);
    // A calm problem without acknowledgement is a missed courtesy, not a failure; a greeting needs none.
    expect(scoreTurnLocally(state({ reply: "Please restart your phone." })).empathy).toBe(0.5);
    expect(scoreTurnLocally(state({ intentAnalysis: intent({ primary: "greeting" }), reply: "Hi there." })).empathy).toBeUndefined();
  });

  it("scores conciseness by length: full up to 100 words, 0.5 at 200", () => {
    const words = (n: number) => Array.from({ length: n }, () => "word").join(" ") + ".";
    expect(scoreTurnLocally(state({ reply: words(80) })).conciseness).toBe(1);
    expect(scoreTurnLocally(state({ reply: words(200) })).conciseness).toBeCloseTo(0.5);
    expect(scoreTurnLocally(state({ reply: words(320) })).conciseness).toBe(0);
  });

  it("scores context use only when memory offered something relevant", () => {
    const offered = { facts: {}, history: [], similarCases: [{ intent: "mobile_no_data", outcome: "resolved" as const, resolutionPath: ["s1:mobile_data_on"], similarity: 0.8 }] };
    expect(scoreTurnLocally(state({ reply: "Please turn mobile data on." })).contextUse).toBeUndefined();
    expect(scoreTurnLocally(state({ memory: offered, reply: "Please turn mobile data on." })).contextUse).toBe(0);
    expect(scoreTurnLocally(state({ memory: offered, reply: "In similar cases, turning mobile data on fixed this." })).contextUse).toBe(1);
    // A customer verified earlier must not be asked for their identity again.
    const known = { facts: { customer: "C001 (verified)" }, history: [], similarCases: [] };
    expect(scoreTurnLocally(state({ memory: known, reply: "Please send me the phone number on the account." })).contextUse).toBe(0);
  });

  it("marks replies with internal text or several questions as less clear", () => {
    expect(scoreTurnLocally(state({ reply: "Please restart your phone. Did that help?" })).clarity).toBe(1);
    expect(scoreTurnLocally(state({ reply: "Step reseat_sim failed. Did it? Why? When?" })).clarity).toBeLessThan(0.5);
  });
});

describe("conversation scores", () => {
  it("scores a resolved troubleshooting conversation with explained checks as complete, attributed to roles", async () => {
    const finished = state({
      status: "resolved",
      turn: 3,
      troubleshooting: troubleshooting({ faultsFound: ["mobile_data_off"], faultsFixed: ["mobile_data_off"] }),
      messages: [new HumanMessage("no data"), new AIMessage({ content: "I checked your line and the network on our side, and everything looks fine there.", name: "agent" })],
      turnScores: [{ turn: 1, words: 20, conciseness: 1, clarity: 1, empathy: 1 }, { turn: 2, words: 20, conciseness: 1, clarity: 0.8, empathy: 0 }],
      reply: "Great news, that's fixed now.",
    });
    const { scores, episodeScores } = await scoreConversation(finished, { rating: 5 });
    expect(scores.resolution).toBe(1);
    expect(scores.diagnosticCompleteness).toBe(1);
    expect(scores.turnsToResolution).toBeCloseTo(0.9);
    expect(scores.feedback).toBe(1);
    // Turns 1 (1) and 2 (0) plus the final turn, scored now: a calm problem left unacknowledged (0.5).
    expect(scores.empathy).toBeCloseTo(0.5);
    expect(episodeScores["technical.diagnosticCompleteness"]).toBe(1);
    expect(episodeScores["dialogue.empathy"]).toBe(episodeScores.empathy);
    expect(episodeScores["intent.intentConfidence"]).toBeCloseTo(0.9);
    expect(episodeScores["planner.mean"]).toBeGreaterThan(0.9);
  });

  it("counts an unexplained, unfinished diagnosis and an unsolved end as incomplete", async () => {
    const { scores } = await scoreConversation(
      state({ status: "closed", turn: 4, troubleshooting: troubleshooting({ status: "awaiting_customer", faultsFound: ["sim"] }), reply: "Bye." }),
    );
    expect(scores.resolution).toBe(0.2);
    expect(scores.diagnosticCompleteness).toBeCloseTo(0.24);
    expect(scores.feedback).toBeUndefined();
  });

  it("attributes a score to every role that answers for it", () => {
    const scores = attributeScores({ contextUse: 0.4, resolution: 1 });
    expect(scores["dialogue.contextUse"]).toBe(0.4);
    expect(scores["knowledge.contextUse"]).toBe(0.4);
    expect(scores["technical.resolution"]).toBe(1);
    expect(scores["planner.resolution"]).toBe(1);
    expect(scores["knowledge.mean"]).toBe(0.4);
  });
});
