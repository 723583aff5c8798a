import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { reply, startOpenAIStub, type StubRequest } from "../helpers/openai-stub.js";
import { testSupportGraph } from "../helpers/graph.js";

const INTENT = {
  primary: "plan_info",
  secondary: [],
  entities: { amounts: [], dates: [] },
  sentiment: "neutral",
  urgency: "low",
  confidence: 0.93,
  alternatives: [],
};
const isIntentRequest = (request: StubRequest) => /Classify the customer's message/.test(request.system);

describe("the support graph on LLM engines (real ChatOpenAI client, local OpenAI-compatible stub)", async () => {
  const stub = await startOpenAIStub();
  const t = await testSupportGraph();
  afterAll(async () => {
    t.close();
    await stub.close();
  });
  beforeEach(() => stub.reset());
  const llm = { intentEngine: "llm", dialogueEngine: "llm", llmBaseUrl: stub.url, llmMaxRetries: 0, llmTimeoutMs: 3_000 };

  it("uses the model for the configured roles, with the role prompt as system prompt, in at most 2 sequential calls", async () => {
    stub.respondWith((request) =>
      isIntentRequest(request) ? reply.structured(INTENT) : reply.structured({ reply: "Nimbus Plus is $30 a month with 20 GB." }),
    );
    const state = await t.say(t.newThread(), "what does the Nimbus Plus plan cost?", llm);
    expect(state.reply).toBe("Nimbus Plus is $30 a month with 20 GB.");
    expect(state.intentAnalysis?.primary).toBe("plan_info");
    expect(stub.requests).toHaveLength(2);
    expect(stub.requests[0]!.system).toMatch(/## Identity/);
    const byNode = Object.fromEntries(state.trace.map((entry) => [entry.node, entry]));
    expect(byNode.intent).toMatchObject({ engine: "llm", llmCalls: 1 });
    expect(byNode.dialogue).toMatchObject({ engine: "llm", llmCalls: 1 });
    expect(byNode.knowledge).toMatchObject({ engine: "local", llmCalls: 0 });
  });

  it("falls back to the local engine on a 429 and says so in the trace; the turn goes on", async () => {
    stub.respondWith((request) => (isIntentRequest(request) ? reply.rateLimit(0) : reply.structured({ reply: "Here is what I found." })));
    const state = await t.say(t.newThread(), "what does the Nimbus Plus plan cost?", llm);
    const intent = state.trace.find((entry) => entry.node === "intent")!;
    expect(intent.engine).toBe("local");
    expect(intent.fallback).toMatch(/rate_limit/);
    expect(state.intentAnalysis?.primary).toBe("plan_info");
    expect(state.reply).toBe("Here is what I found.");
  });

  it("falls back on malformed output and on a timeout", async () => {
    stub.respondWith((request) => (isIntentRequest(request) ? reply.delay(5_000, reply.structured(INTENT)) : reply.malformed()));
    const state = await t.say(t.newThread(), "what does the Nimbus Plus plan cost?", { ...llm, llmTimeoutMs: 500 });
    const byNode = Object.fromEntries(state.trace.map((entry) => [entry.node, entry]));
    expect(byNode.intent?.fallback).toMatch(/timeout/);
    expect(byNode.dialogue?.fallback).toMatch(/malformed/);
    expect(state.reply).toMatch(/Nimbus/); // the local dialogue answered from the knowledge base
  });
});
