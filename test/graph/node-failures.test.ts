import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { TelecomBackend } from "../../src/backend/types.js";
import { createSimulatedBackend } from "../../src/backend/index.js";
import { testSupportGraph } from "../helpers/graph.js";

/** The carrier's systems answer identity lookups but hang on every account read. */
async function hangingBackend(dir: string): Promise<TelecomBackend> {
  const real = await createSimulatedBackend({ statePath: path.join(dir, "state.json"), auditPath: path.join(dir, "audit.jsonl") });
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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hanging-backend-"));
  const t = await testSupportGraph({ backend: await hangingBackend(dir) }, { nodeTimeoutMs: 300 });
  afterAll(() => {
    t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the turn still answers, says what is degraded, and the thread goes on", async () => {
    const thread = t.newThread();
    await t.say(thread, "my phone has no service since this morning");
    const state = await t.say(thread, "555 010 0020, Noah Thompson");
    expect(state.customer.verified).toBe(true);
    expect(state.degraded).toContain("backend");
    // The carrier-side checks run first, in the account role: that is the part that hangs.
    expect(state.trace.find((entry) => entry.node === "account")?.note).toMatch(/failed after retries/);
    expect(state.reply.length).toBeGreaterThan(0);
    expect(state.reply).toMatch(/can.t reach our account systems/i);
    expect(state.reply).not.toMatch(/Error|at .*\.ts:\d+/);
    // The catalogue still answers: the next question gets its price.
    const next = await t.say(thread, "how much is nimbus plus a month?");
    expect(next.reply).toMatch(/Nimbus Plus is \$30(\.00)? a month/);
  });
});
