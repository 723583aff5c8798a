import { afterAll, describe, expect, it } from "vitest";
import { freshMemory } from "../helpers/memory.js";

describe("working memory", async () => {
  let clock = Date.parse("2026-11-21T10:00:00Z");
  const { memory, connection } = await freshMemory({ now: () => clock, workingTtlMinutes: 30 });
  afterAll(() => connection.close());

  it("keeps the facts of a conversation and replaces a fact by key", async () => {
    await memory.working.remember([
      { threadId: "thread-a", key: "issue", kind: "issue", value: "no mobile data since this morning" },
      { threadId: "thread-a", key: "step", kind: "step", value: "mobile-no-data:check_data_toggle" },
    ]);
    await memory.working.remember([{ threadId: "thread-a", key: "step", kind: "step", value: "mobile-no-data:speed_test" }]);
    expect(await memory.working.factMap("thread-a")).toEqual({
      issue: "no mobile data since this morning",
      step: "mobile-no-data:speed_test",
    });
  });

  it("never returns one thread's facts to another", async () => {
    await memory.working.remember([
      { threadId: "thread-b", key: "customer", kind: "customer", value: "C-1002", customerId: "C-1002" },
    ]);
    expect(await memory.working.factMap("thread-c")).toEqual({});
    const found = await memory.working.search("thread-c", "customer C-1002");
    expect(found).toEqual([]);
    const own = await memory.working.search("thread-b", "customer");
    expect(own.map((f) => f.value)).toEqual(["C-1002"]);
  });

  it("expires facts after the time to live and prunes them on read", async () => {
    await memory.working.remember([{ threadId: "thread-d", key: "note", kind: "note", value: "customer is abroad in Spain" }]);
    clock += 29 * 60_000;
    expect(await memory.working.factMap("thread-d")).toEqual({ note: "customer is abroad in Spain" });
    clock += 2 * 60_000;
    expect(await memory.working.facts("thread-d")).toEqual([]);
    expect(await memory.working.search("thread-d", "Spain")).toEqual([]);
  });

  it("renews the expiry when a fact is written again", async () => {
    await memory.working.remember([{ threadId: "thread-e", key: "issue", kind: "issue", value: "slow broadband" }]);
    clock += 25 * 60_000;
    await memory.working.remember([{ threadId: "thread-e", key: "issue", kind: "issue", value: "slow broadband" }]);
    clock += 25 * 60_000;
    expect(await memory.working.factMap("thread-e")).toEqual({ issue: "slow broadband" });
  });

  it("writes a changed fact at once, and an unchanged one again only after a minute", async () => {
    const fact = { threadId: "thread-f", key: "step", kind: "step" as const, value: "mobile-no-data:check_data_toggle" };
    await memory.working.remember([fact]);
    clock += 30_000;
    // Same content half a minute later: Chroma already holds it, so its expiry stays where it was.
    await memory.working.remember([fact]);
    clock += 29 * 60_000 + 45_000;
    expect(await memory.working.factMap("thread-f")).toEqual({});
    await memory.working.remember([fact]);
    clock += 10_000;
    await memory.working.remember([{ ...fact, value: "mobile-no-data:speed_test" }]);
    expect(await memory.working.factMap("thread-f")).toEqual({ step: "mobile-no-data:speed_test" });
  });

  it("rejects a fact without a thread", async () => {
    await expect(memory.working.remember([{ threadId: "", key: "k", kind: "note", value: "v" }])).rejects.toThrow(/threadId/);
  });
});
