import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import type { IntentAnalysis, Troubleshooting } from "../../src/domain/support.js";
import { attributeScores, scoreConversation, scoreTurnLocally, transcriptOf, type ScorableState } from "../../src/scoring/index.js";

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
    accountActions: [],
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

const agent = (text: string) => new AIMessage({ content: text, name: "agent" });

describe("turn scores", () => {
  it("acknowledging an upset customer earns empathy, ignoring one costs, and a calm problem needs no apology", () => {
    const upset = [new HumanMessage("my data is gone AGAIN, this is ridiculous!!")];
    expect(scoreTurnLocally(state({ messages: upset, reply: "I'm sorry, that's frustrating. Please restart your phone." })).empathy).toBe(1);
    expect(scoreTurnLocally(state({ messages: upset, reply: "Please restart your phone." })).empathy).toBe(0.2);
    expect(scoreTurnLocally(state({ messages: [new HumanMessage("my data stopped working")], reply: "Please restart your phone." })).empathy).toBeUndefined();
    // A canned apology on a price question is filler, and costs.
    const price = state({ intentAnalysis: intent({ primary: "data_topup" }), messages: [new HumanMessage("how much is 1gb extra")], reply: "I'm sorry about the trouble. 1 GB is $5." });
    expect(scoreTurnLocally(price).empathy).toBe(0.4);
  });

  it("scores conciseness by length: full up to 100 words, 0.5 at 200", () => {
    const words = (n: number) => Array.from({ length: n }, () => "word").join(" ") + ".";
    expect(scoreTurnLocally(state({ reply: words(80) })).conciseness).toBe(1);
    expect(scoreTurnLocally(state({ reply: words(200) })).conciseness).toBeCloseTo(0.5);
    expect(scoreTurnLocally(state({ reply: words(320) })).conciseness).toBe(0);
  });

  it("marks replies with internal text, several questions or a bare command as less clear", () => {
    expect(scoreTurnLocally(state({ reply: "Please restart your phone and tell me what the screen shows. Did that help?" })).clarity).toBe(1);
    expect(scoreTurnLocally(state({ reply: "Step reseat_sim failed. Did it? Why? When?" })).clarity).toBeLessThan(0.5);
    expect(scoreTurnLocally(state({ reply: "Number and name." })).clarity).toBe(0.5);
  });

  it("records how many account actions existed, which places each action in its turn", () => {
    const done = { action: "top_up_data", args: {}, ok: true, detail: "added 1 GB for $5", at: "2026-11-21T12:00:00Z" };
    expect(scoreTurnLocally(state({ accountActions: [done] })).actions).toBe(1);
  });
});

describe("conversation scores from the graph's state", () => {
  it("a fault the customer confirmed fixed meets the need; the diagnosis is complete and attributed to the technical role", async () => {
    const finished = state({
      status: "resolved",
      turn: 3,
      customer: { verified: true, failedAttempts: 0, customerId: "C-1002" },
      troubleshooting: troubleshooting({ faultsFound: ["device:mobile_data_off"], faultsFixed: ["device:mobile_data_off"] }),
      messages: [
        new HumanMessage("my mobile data stopped working"),
        agent("Is mobile data switched on? Please check and tell me if apps load."),
        new HumanMessage("it was off, turned it on and apps load now thanks"),
        agent("Thanks, so mobile data is on. Great news, that's fixed now."),
      ],
      reply: "Thanks, so mobile data is on. Great news, that's fixed now.",
    });
    const { scores, episodeScores } = await scoreConversation(finished, { rating: 5 });
    expect(scores.needMet).toBe(1);
    expect(scores.policy).toBe(1);
    expect(scores.diagnosticCompleteness).toBe(1);
    expect(scores.feedback).toBe(1);
    expect(scores.overall).toBeGreaterThan(0.85);
    expect(episodeScores["technical.needMet"]).toBe(1);
    expect(episodeScores["technical.diagnosticCompleteness"]).toBe(1);
    // The knowledge role could not have met a troubleshooting need, so it is not charged with it.
    expect(episodeScores["knowledge.needMet"]).toBeUndefined();
  });

  it("'fixed' said before the customer's own check is a false claim: policy falls and the need is not met", async () => {
    const { scores } = await scoreConversation(
      state({
        status: "resolved",
        turn: 2,
        troubleshooting: troubleshooting({ status: "resolved" }),
        messages: [new HumanMessage("no data on my phone"), agent("Please switch mobile data on. Great news, that's fixed now.")],
        reply: "Please switch mobile data on. Great news, that's fixed now.",
      }),
    );
    expect(scores.needMet).toBe(0);
    expect(scores.policy).toBeLessThanOrEqual(0.4);
    expect(scores.overall).toBeLessThan(0.15);
  });

  it("places each account action in the turn whose score was recorded after it, so a claim before the change is caught", () => {
    const topUp = { action: "top_up_data", args: {}, ok: true, detail: "added 1 GB for $5", at: "2026-11-21T12:00:00Z" };
    const s = state({
      turn: 2,
      accountActions: [topUp],
      messages: [new HumanMessage("add 1gb pls"), agent("I've added 1 GB to your line for $5."), new HumanMessage("yes go ahead"), agent("Done.")],
      turnScores: [
        { turn: 1, words: 8, conciseness: 1, clarity: 1, actions: 0 },
        { turn: 2, words: 1, conciseness: 1, clarity: 1, actions: 1 },
      ],
    });
    const transcript = transcriptOf(s);
    expect(transcript.turns[0]!.events).toEqual([]);
    expect(transcript.turns[1]!.events.map((e) => e.action)).toEqual(["top_up_data"]);
  });

  it("reads an offer and the customer's no from the replies when there is no audit: a price heard and declined is a question answered", async () => {
    const declined = state({
      openIssue: intent({ primary: "data_topup" }),
      customer: { verified: true, failedAttempts: 0, customerId: "C-1002" },
      messages: [
        new HumanMessage("James Carter 555 010 0002, can you add 2gb to my line"),
        agent("Hi James. I can add 2 GB of data to 555-010-0002 for $10.00, charged to your next bill. Would you like me to go ahead?"),
        new HumanMessage("no thanks, too pricey"),
        agent("No problem, I haven't added anything. Is there anything else I can help with?"),
      ],
    });
    const transcript = transcriptOf(declined);
    expect(transcript.turns[0]!.events.map((e) => e.kind)).toEqual(["proposal"]);
    expect(transcript.turns[1]!.events).toMatchObject([{ kind: "decision", accepted: false }]);
    const { scores } = await scoreConversation(declined);
    expect(scores.needMet).toBe(1);
    expect(scores.policy).toBe(1);
  });

  it("attributes a score only to the roles that answer for it", () => {
    const scores = attributeScores({ needMet: 1, empathy: 0.4, noRepeatedQuestion: 0.65 }, "info");
    expect(scores["dialogue.empathy"]).toBe(0.4);
    expect(scores["knowledge.needMet"]).toBe(1);
    expect(scores["planner.needMet"]).toBe(1);
    expect(scores["intent.noRepeatedQuestion"]).toBe(0.65);
    expect(scores["technical.needMet"]).toBeUndefined();
    expect(scores["dialogue.mean"]).toBe(0.4);
  });
});
