import { afterAll, describe, expect, it } from "vitest";
import type { TelecomBackend } from "../../src/backend/types.js";
import { createSimulatedBackend } from "../../src/backend/index.js";
import { testSupportGraph } from "../helpers/graph.js";

/** The carrier's systems answer identity lookups but hang on every account read. */
async function hangingBackend(): Promise<TelecomBackend> {
  const real = await createSimulatedBackend({ statePath: `/tmp/hang-${process.pid}-${Date.now()}.json`, auditPath: `/tmp/hang-${process.pid}-${Date.now()}.jsonl` });
  const hangs = new Set(["getCustomer", "getLineStatus", "checkNetworkStatus"]);
  return new Proxy(real, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property === "string" && hangs.has(property)) return () => new Promise(() => {});
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("a part that hangs past the node timeout", async () => {
  const t = await testSupportGraph({ backend: await hangingBackend() }, { nodeTimeoutMs: 300 });
  afterAll(() => t.close());

  it("the turn still answers, says what is degraded, and the thread goes on", async () => {
    const thread = t.newThread();
    await t.say(thread, "my phone has no service since this morning");
    const state = await t.say(thread, "555 010 0020, Noah Thompson");
    expect(state.customer.verified).toBe(true);
    expect(state.degraded).toContain("backend");
    expect(state.trace.find((entry) => entry.node === "technical")?.note).toMatch(/failed after retries/);
    expect(state.reply.length).toBeGreaterThan(0);
    expect(state.reply).toMatch(/can.t reach our account systems/i);
    expect(state.reply).not.toMatch(/Error|at .*\.ts:\d+/);
    const next = await t.say(thread, "what does the Nimbus Plus plan cost?");
    expect(next.reply.length).toBeGreaterThan(0);
  });
});
