import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlmJudge, OUTCOME_SCORES, scoreConversation, type ScorableState } from "../../src/scoring/index.js";
import { reply, startOpenAIStub, type OpenAIStub } from "../helpers/openai-stub.js";

const finished: ScorableState = {
  reply: "Great news, that's fixed now.",
  intentAnalysis: { primary: "mobile_no_data", secondary: [], entities: { amounts: [], dates: [] }, sentiment: "negative", urgency: "high", confidence: 0.8, alternatives: [] },
  openIssue: null,
  memory: { facts: {}, history: [], similarCases: [] },
  troubleshooting: null,
  status: "resolved",
  turn: 2,
  escalation: null,
  customer: { verified: true, failedAttempts: 0 },
  messages: [
    new HumanMessage("my data is gone!!"),
    new AIMessage({ content: "Please switch mobile data on and tell me if apps load.", name: "agent" }),
    new HumanMessage("apps load now"),
    new AIMessage({ content: "Great news, that's fixed now.", name: "agent" }),
  ],
};

const verdict = { needMet: 0.9, policy: 1, noRepeatedQuestion: 1, handoverNeeded: 1, empathy: 0.2, conciseness: 0.8, clarity: 0.7, diagnosticCompleteness: 0.5, rationale: "cold" };

describe("LLM judge through the OpenAI stub", () => {
  let stub: OpenAIStub;
  let judge: LlmJudge;
  beforeAll(async () => {
    stub = await startOpenAIStub();
    judge = new LlmJudge(new ChatOpenAI({ model: "stub", apiKey: "x", configuration: { baseURL: stub.url }, maxRetries: 0 }));
  });
  afterAll(() => stub.close());

  it("answers under the local scorer's outcome names, keeps the local ones it does not judge, and recomputes overall", async () => {
    stub.enqueue(reply.structured(verdict, { name: "record_scores" }));
    const { scores, episodeScores, fallback } = await scoreConversation(finished, { scorer: judge, rating: 4 });
    expect(fallback).toBeUndefined();
    expect(stub.requests.at(-1)?.lastUser).toContain("customer: my data is gone!!");
    expect(scores).toMatchObject({ needMet: 0.9, policy: 1, empathy: 0.2, conciseness: 0.8, clarity: 0.7, feedback: 0.75 });
    const local = (await scoreConversation(finished, { rating: 4 })).scores;
    for (const name of OUTCOME_SCORES) expect(name in scores, name).toBe(name in local);
    // No troubleshooting ran: the judge does not invent a diagnosis score.
    expect(scores.diagnosticCompleteness).toBeUndefined();
    expect(scores.overall).toBeLessThan(local.overall!);
    expect(episodeScores["dialogue.empathy"]).toBe(0.2);
  });

  it("falls back to the local scores, saying so, when the judge answers out of range", async () => {
    stub.enqueue(reply.structured({ ...verdict, needMet: 7 }, { name: "record_scores" }));
    const { scores, fallback } = await scoreConversation(finished, { scorer: judge });
    expect(fallback).toMatch(/judge failed, local scores used/);
    expect(scores.needMet).toBe(1); // the customer's own check said apps load
    expect(scores.empathy).toBe(0.2); // upset customer, no acknowledgement
  });
});
