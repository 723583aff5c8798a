import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LlmJudge, scoreConversation, type ScorableState } from "../../src/scoring/index.js";
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
  messages: [new HumanMessage("my data is gone!!"), new AIMessage({ content: "Great news, that's fixed now.", name: "agent" })],
};

describe("LLM judge through the OpenAI stub", () => {
  let stub: OpenAIStub;
  let judge: LlmJudge;
  beforeAll(async () => {
    stub = await startOpenAIStub();
    judge = new LlmJudge(new ChatOpenAI({ model: "stub", apiKey: "x", configuration: { baseURL: stub.url }, maxRetries: 0 }));
  });
  afterAll(() => stub.close());

  it("takes the judged measures from the model and keeps the local ones it does not judge", async () => {
    stub.enqueue(reply.structured({ resolution: 0.9, empathy: 0.2, conciseness: 0.8, clarity: 0.7, diagnosticCompleteness: 0.5, rationale: "cold" }, { name: "record_scores" }));
    const { scores, episodeScores, fallback } = await scoreConversation(finished, { scorer: judge, rating: 4 });
    expect(fallback).toBeUndefined();
    expect(stub.requests.at(-1)?.lastUser).toContain("customer: my data is gone!!");
    expect(scores).toMatchObject({ resolution: 0.9, empathy: 0.2, conciseness: 0.8, clarity: 0.7, feedback: 0.75, intentConfidence: 0.8 });
    // No troubleshooting ran: the judge does not invent a diagnosis score.
    expect(scores.diagnosticCompleteness).toBeUndefined();
    expect(episodeScores["dialogue.empathy"]).toBe(0.2);
  });

  it("falls back to the local scores, saying so, when the judge answers out of range", async () => {
    stub.enqueue(reply.structured({ resolution: 7, empathy: 0.2, conciseness: 0.8, clarity: 0.7, rationale: "x" }, { name: "record_scores" }));
    const { scores, fallback } = await scoreConversation(finished, { scorer: judge });
    expect(fallback).toMatch(/judge failed, local scores used/);
    expect(scores.resolution).toBe(1);
    expect(scores.empathy).toBe(0); // upset customer, no acknowledgement in the reply
  });
});
