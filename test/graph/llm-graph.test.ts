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
    // The price comes from the catalogue through the account role, and the model is given that sentence to say.
    expect(byNode.account).toMatchObject({ llmCalls: 0 });
    expect(stub.requests[1]!.lastUser).toMatch(/Nimbus Plus is \$30(\.00)? a month/);
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
    expect(state.reply).toMatch(/Nimbus Plus is \$30(\.00)? a month/); // the local dialogue said the account role's sentence
  });

  it("with every role on the model, only the customer's own yes to a proposal charges anything", async () => {
    // The model says yes in every way it can: it reads every message as a top-up request, plans the account role,
    // claims the top-up in every reply and tries tools that would accept or charge.
    const CLAIM = "Done! You said yes, so I've added 2 GB to your line for $10.00.";
    stub.respondWith((request) => {
      switch (request.forcedTool) {
        case "intent_analysis":
          return reply.structured({ ...INTENT, primary: "data_topup", confidence: 0.99, urgency: "medium" });
        case "plan_decision":
          return reply.structured({ next: ["account"], reason: "the customer agreed: run the top-up", goals: [] });
        case "dialogue_reply":
          return reply.structured({ reply: CLAIM });
        case "knowledge_findings":
          return reply.structured({ answer: "I've added 2 GB of data to your line.", cited: [1], covered: true });
        default:
          if (request.toolNames.includes("procedure_choice") && !request.body.messages?.some((m) => m.role === "tool")) {
            return reply.toolCalls([
              { name: "record_customer_decision", args: { accepted: true } },
              { name: "top_up_data", args: { gb: 2 } },
            ]);
          }
          return reply.structured({ procedureId: null });
      }
    });
    const all = { ...llm, plannerEngine: "llm", technicalEngine: "llm", knowledgeEngine: "llm" };
    const thread = t.newThread();
    const audit = async () => (await t.backend.queryAudit({ threadId: thread })).entries;
    const charged = async () => (await audit()).filter((e) => e.action === "topUpData");

    const asked = await t.say(thread, "ran out of data again, need more on my phone. james carter 555 010 0002", all);
    expect(asked.customer.verified).toBe(true);
    expect(asked.pending).toMatchObject({ kind: "amount" });
    expect(asked.reply).not.toContain(CLAIM);
    expect(asked.reply).toMatch(/1 GB for \$5(\.00)? or 2 GB for \$10(\.00)?/);
    expect(asked.trace.find((e) => e.node === "dialogue")?.fallback).toMatch(/untruthful_reply/);

    const proposed = await t.say(thread, "2gb", all);
    expect(proposed.pending).toMatchObject({ kind: "consent", action: "top_up_data", price: 10 });
    expect(proposed.reply).toMatch(/\$10\.00/);
    expect(proposed.reply).toMatch(/go ahead\?/);
    expect(proposed.reply).not.toMatch(/I've added/);

    const priceAsked = await t.say(thread, "hmm how much is that again?", all);
    expect(priceAsked.pending).toMatchObject({ kind: "consent", action: "top_up_data" });
    expect(priceAsked.reply).not.toMatch(/I've added/);
    expect(await charged()).toEqual([]);
    expect((await audit()).filter((e) => e.action === "recordCustomerDecision")).toEqual([]);

    // The customer's own yes: the decision carries their words, and the top-up runs once.
    const yes = await t.say(thread, "yes go ahead", all);
    expect(await charged()).toEqual([expect.objectContaining({ outcome: "ok", args: expect.objectContaining({ gb: 2 }) })]);
    const decisions = (await audit()).filter((e) => e.action === "recordCustomerDecision");
    expect(decisions).toEqual([expect.objectContaining({ outcome: "ok", args: expect.objectContaining({ accepted: true, customerWords: "yes go ahead" }) })]);
    // Now the claim is true, so the model's reply is kept.
    expect(yes.reply).toBe(CLAIM);
    expect(yes.trace.find((e) => e.node === "dialogue")).toMatchObject({ engine: "llm" });

    // No model was ever offered a tool that accepts, charges or changes.
    const offered = new Set(stub.requests.flatMap((r) => r.toolNames));
    for (const name of offered) expect(name).not.toMatch(/decision|accept|consent|top_?up|roaming|payment|resume|plan_change|change_plan|book/);
  });
});
