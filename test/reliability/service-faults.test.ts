import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loadSettings } from "../../src/config/settings.js";
import { createEmbeddings } from "../../src/embeddings/index.js";
import { connectChroma } from "../../src/memory/chroma-connection.js";
import { startEmbeddedChroma, type EmbeddedChroma } from "../../src/memory/chroma-server.js";
import { createMemory } from "../../src/memory/index.js";
import { seedEmptyMemory } from "../../src/memory/seed.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { testSupportGraph } from "../helpers/graph.js";
import { reply, startOpenAIStub, type StubReply } from "../helpers/openai-stub.js";
import { replyProblems } from "./invariants.js";

/**
 * Parts that fail under a running conversation: Chroma going away and coming
 * back, and an LLM that hangs, rate-limits or answers nonsense. The turn always
 * gets an answer that says what is degraded, and nothing is dropped.
 */

const humanTurns = (state: { messages: { getType(): string }[] }) => state.messages.filter((m) => m.getType() === "human").length;

describe("Chroma goes away in the middle of a conversation", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "reliability-chroma-"));
  let chroma: EmbeddedChroma = await startEmbeddedChroma({ dataDir, startTimeoutMs: 60_000 });
  const port = chroma.port;
  const connection = await connectChroma(loadSettings({}, { chroma: { url: chroma.url } }).chroma);
  const memory = await createMemory({ client: connection.client, embedder: createEmbeddings({ provider: "local" }), prefix: "outage", workingTtlMinutes: 30 });
  await seedEmptyMemory(memory, { knowledgeDir: "data/knowledge", proceduresDir: "data/procedures", prompts: DEFAULT_PROMPTS });
  const t = await testSupportGraph({ memory });
  afterAll(() => {
    t.close();
    chroma.release();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers while Chroma is down, says what is degraded, queues the writes and lands them once it is back", async () => {
    const thread = t.newThread();
    const first = await t.say(thread, "my mobile data stopped working");
    expect(first.degraded).toEqual([]);

    // The server dies (as a crash would: no clean shutdown).
    process.kill(chroma.pid, "SIGKILL");
    chroma.release();
    await new Promise((resolve) => setTimeout(resolve, 200));

    const second = await t.say(thread, "555 010 0020, Noah Thompson");
    expect(replyProblems(second.reply)).toEqual([]);
    expect(second.customer).toMatchObject({ verified: true, customerId: "C-1020" });
    expect(second.degraded.length).toBeGreaterThan(0);
    expect(second.reply).toMatch(/can't (see|reach)/i);
    expect(second.pendingWrites.map((w) => w.kind)).toContain("working");

    const third = await t.say(thread, "thanks, bye");
    expect(third.status).not.toBe("open");
    expect(third.pendingWrites.map((w) => w.kind)).toEqual(expect.arrayContaining(["working", "episode"]));
    expect(humanTurns(third)).toBe(3);

    // Back on the same port and folder: the next turn retries the queue first.
    chroma = await startEmbeddedChroma({ dataDir, port, startTimeoutMs: 60_000 });
    const fourth = await t.say(thread, "one more thing: is there an outage near me?");
    expect(fourth.pendingWrites).toEqual([]);
    expect(fourth.degraded).toEqual([]);
    const episodes = await memory.episodic.history("C-1020");
    expect(episodes.map((e) => e.threadId)).toContain(thread);
    const facts = await memory.working.factMap(thread);
    expect(facts.customer).toBe("C-1020 (verified)");
    expect(humanTurns(fourth)).toBe(4);
  });
});

describe("an LLM engine that hangs, rate-limits or answers nonsense", async () => {
  const stub = await startOpenAIStub();
  const t = await testSupportGraph();
  afterAll(async () => {
    t.close();
    await stub.close();
  });
  beforeEach(() => stub.reset());
  const everyRoleOnLlm = {
    plannerEngine: "llm",
    intentEngine: "llm",
    technicalEngine: "llm",
    knowledgeEngine: "llm",
    dialogueEngine: "llm",
    llmBaseUrl: stub.url,
    llmMaxRetries: 0,
    llmTimeoutMs: 400,
  };
  const faults: { name: string; answer: () => StubReply; fallback: RegExp }[] = [
    { name: "times out", answer: () => reply.delay(2_000, reply.structured({})), fallback: /timeout/ },
    { name: "answers 429", answer: () => reply.rateLimit(0), fallback: /rate_limit/ },
    { name: "answers 500", answer: () => ({ kind: "http_error", status: 500, message: "upstream exploded" }), fallback: /\w/ },
    { name: "returns malformed JSON", answer: () => reply.malformed(), fallback: /malformed/ },
    { name: "returns JSON of the wrong shape", answer: () => reply.structured({ surprise: true }), fallback: /\w/ },
  ];

  it.each(faults)("every role falls back to the local engine when the model $name, and the trace records it", async ({ answer, fallback }) => {
    stub.respondWith(answer);
    const thread = t.newThread();
    await t.say(thread, "my mobile data stopped working", everyRoleOnLlm);
    const state = await t.say(thread, "555 010 0020, Noah Thompson", everyRoleOnLlm);
    expect(replyProblems(state.reply)).toEqual([]);
    expect(state.customer.verified).toBe(true);
    expect(state.troubleshooting?.procedureId).toBeTruthy();
    // Every step that asked the model (some decide by policy without asking it) fell back and says so.
    const withRole = state.trace.filter((entry) => entry.engine !== undefined && entry.llmCalls > 0);
    expect(withRole.length).toBeGreaterThan(0);
    for (const entry of withRole) {
      expect(entry.engine, entry.node).toBe("local");
      expect(entry.fallback, entry.node).toMatch(fallback);
    }
    expect(stub.requests.length).toBeGreaterThan(0);
    expect(humanTurns(state)).toBe(2);
    expect(state.messages.at(-1)?.getType()).toBe("ai");
  });
});
