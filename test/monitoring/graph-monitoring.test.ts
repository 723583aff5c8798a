import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileMonitor, readMonitoringLogs } from "../../src/monitoring/index.js";
import { testSupportGraph } from "../helpers/graph.js";
import { reply, startOpenAIStub } from "../helpers/openai-stub.js";

const INTENT = { primary: "plan_info", secondary: [], entities: { amounts: [], dates: [] }, sentiment: "neutral", urgency: "low", confidence: 0.93, alternatives: [] };

describe("the monitor step of the support graph", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "graph-monitoring-"));
  // Tokens alert early here so one LLM turn crosses both levels' lower one.
  const monitor = new FileMonitor({ dir, thresholds: { tokensPerTurn: { warning: 300, critical: 10_000 } } as never });
  const t = await testSupportGraph({ monitor });
  const stub = await startOpenAIStub();
  afterAll(async () => {
    t.close();
    await stub.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("records every node of a real turn with its latency and engine, and the knowledge passages found", async () => {
    const thread = t.newThread();
    // A policy question answered from the knowledge base (plan prices come from the account role and retrieve nothing).
    const state = await t.say(thread, "how much does a travel pass cost per day when im abroad?");
    expect(state.trace.map((entry) => entry.node)).toContain("monitor");

    const { turns } = await readMonitoringLogs(dir);
    const turn = turns.find((record) => record.threadId === thread)!;
    expect(turn.turn).toBe(state.turn);
    expect(turn.nodes.map((node) => node.node)).toEqual(expect.arrayContaining(["context", "intent", "planner", "knowledge", "dialogue", "remember"]));
    // No node takes longer than the whole turn, and the nodes doing real work have their time measured (not left at 0).
    expect(turn.nodes.filter((node) => node.ms > turn.responseMs)).toEqual([]);
    expect(turn.nodes.filter((node) => ["knowledge", "dialogue"].includes(node.node) && !(node.ms > 0))).toEqual([]);
    expect(turn.nodes.find((node) => node.node === "dialogue")).toMatchObject({ engine: "local", llmCalls: 0, tokens: 0 });
    expect(turn.retrievalHits).toBeGreaterThan(0);
    expect(turn.nodes.find((node) => node.node === "knowledge")!.retrievalHits).toBe(turn.retrievalHits);
    expect(turn.responseMs).toBeGreaterThan(0);
    expect(turn.tokens).toBe(0);
    expect(turn.errors).toEqual([]);
    expect(turn.intent).toBe("roaming_abroad");
  });

  it("counts the LLM calls and tokens of an LLM turn, records the fallback as an error, and alerts on tokens", async () => {
    stub.respondWith((request) =>
      /Classify the customer's message/.test(request.system)
        ? reply.structured(INTENT, { usage: { prompt_tokens: 180, completion_tokens: 40 } })
        : reply.malformed(),
    );
    const thread = t.newThread();
    const state = await t.say(thread, "what does the Nimbus Plus plan cost?", {
      intentEngine: "llm",
      dialogueEngine: "llm",
      llmBaseUrl: stub.url,
      llmMaxRetries: 0,
      llmTimeoutMs: 3_000,
    });
    const { turns, alerts } = await readMonitoringLogs(dir);
    const turn = turns.find((record) => record.threadId === thread)!;
    expect(turn.nodes.find((node) => node.node === "intent")).toMatchObject({ engine: "llm", llmCalls: 1, tokens: 220 });
    // The dialogue's call answered with broken JSON: a failed call, answered by the local engine.
    expect(turn.nodes.find((node) => node.node === "dialogue")).toMatchObject({ engine: "local", llmCalls: 1, llmErrors: 0, fallback: true });
    expect(turn.llmCalls).toBe(2);
    expect(turn.tokens).toBeGreaterThanOrEqual(220);
    expect(turn.fallbacks).toBe(1);
    expect(turn.errors).toEqual([expect.stringMatching(/^fallback in dialogue: .*malformed/)]);

    const tokenAlert = alerts.find((alert) => alert.threadId === thread && alert.metric === "tokens_per_turn");
    expect(tokenAlert).toMatchObject({ level: "warning", threshold: 300 });
    // The alert is visible in the turn's trace too.
    expect(state.trace.find((entry) => entry.node === "monitor")?.note).toMatch(/warning: turn used \d+ tokens/);
  });

  it("records the scores of a finished conversation once, per score and per role, with the prompt versions that served it", async () => {
    const thread = t.newThread();
    await t.say(thread, "what does the Nimbus Plus plan cost?");
    const closed = await t.say(thread, "great, thanks, that's all. bye", { rating: 5 });
    expect(closed.status).not.toBe("open");
    const { scores } = await readMonitoringLogs(dir);
    const mine = scores.filter((record) => record.threadId === thread);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.scores.feedback).toBe(1);
    expect(Object.keys(mine[0]!.roles)).toEqual(expect.arrayContaining(["dialogue", "planner"]));
    expect(mine[0]!.promptVersions).toEqual(closed.promptVersions);
  });

  it("without a monitor the graph answers as before, with no monitor entry in its trace", async () => {
    const plain = await testSupportGraph();
    try {
      const state = await plain.say(plain.newThread(), "what does the Nimbus Plus plan cost?");
      expect(state.reply).toMatch(/Nimbus/);
      expect(state.trace.map((entry) => entry.node)).not.toContain("monitor");
    } finally {
      plain.close();
    }
  });
});
