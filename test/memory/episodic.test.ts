import { afterAll, describe, expect, it } from "vitest";
import { freshMemory } from "../helpers/memory.js";
import type { EpisodeInput } from "../../src/memory/schemas.js";

const episode = (overrides: Partial<EpisodeInput> & Pick<EpisodeInput, "id" | "customerId" | "summary" | "intent">): EpisodeInput => ({
  threadId: `thread-${overrides.id}`,
  outcome: "resolved",
  scores: { resolution: 1, empathy: 0.8 },
  resolutionPath: ["line_status:ok", "mobile_data_on:fixed"],
  turns: 4,
  createdAt: "2026-11-01T10:00:00.000Z",
  ...overrides,
});

describe("episodic memory", async () => {
  const { memory, connection } = await freshMemory();
  afterAll(() => connection.close());
  await memory.episodic.record([
    episode({ id: "e1", customerId: "C-1", summary: "Mobile data stopped working; turning mobile data on fixed it", intent: "mobile_data", createdAt: "2026-10-01T09:00:00.000Z" }),
    episode({ id: "e2", customerId: "C-1", summary: "Asked why the bill was higher; a roaming day pass explained it", intent: "billing_question", createdAt: "2026-11-02T09:00:00.000Z" }),
    episode({ id: "e3", customerId: "C-2", summary: "No internet abroad in Spain; roaming enabled on the line", intent: "roaming", outcome: "resolved", createdAt: "2026-11-10T09:00:00.000Z" }),
    episode({ id: "e4", customerId: "C-2", summary: "Home broadband drops every evening; technician booked", intent: "broadband_drops", outcome: "handed_over", createdAt: "2026-11-15T09:00:00.000Z" }),
    episode({ id: "e5", customerId: "C-3", summary: "Data not working while travelling in France, roaming was off", intent: "roaming", outcome: "resolved", createdAt: "2026-11-18T09:00:00.000Z" }),
  ]);

  it("returns a customer's history in time order", async () => {
    const history = await memory.episodic.history("C-2");
    expect(history.map((e) => e.id)).toEqual(["e3", "e4"]);
    expect(history[1]).toMatchObject({ outcome: "handed_over", resolutionPath: ["line_status:ok", "mobile_data_on:fixed"], turns: 4 });
    expect((await memory.episodic.history("C-1", { limit: 1 })).map((e) => e.id)).toEqual(["e2"]);
  });

  it("shares lessons across customers without who or what they said", async () => {
    const lessons = await memory.episodic.searchCases("phone has no internet on holiday abroad", { intent: "roaming" });
    expect(lessons).toHaveLength(2);
    for (const lesson of lessons) {
      expect(Object.keys(lesson).sort()).toEqual(["createdAt", "intent", "outcome", "resolutionPath", "scores", "similarity", "turns"]);
    }
  });

  it("filters by outcome and time window", async () => {
    const handedOver = await memory.episodic.searchCases("internet problem", { outcome: "handed_over" });
    expect(handedOver.map((l) => l.intent)).toEqual(["broadband_drops"]);
    const november = await memory.episodic.searchCases("problem", { since: new Date("2026-11-01T00:00:00Z"), until: new Date("2026-11-12T00:00:00Z"), k: 10 });
    expect(november.map((l) => l.createdAt).sort()).toEqual(["2026-11-02T09:00:00.000Z", "2026-11-10T09:00:00.000Z"]);
  });

  it("ranks the most similar case first", async () => {
    const [best] = await memory.episodic.searchCases("picture of my wifi router dropping connection at night", { k: 5 });
    expect(best?.intent).toBe("broadband_drops");
  });

  it("rejects an episode with an out-of-range score", async () => {
    await expect(memory.episodic.record(episode({ id: "bad", customerId: "C-1", summary: "x", intent: "x", scores: { empathy: 3 } }))).rejects.toThrow();
    expect((await memory.episodic.history("C-1")).map((e) => e.id)).toEqual(["e1", "e2"]);
  });
});
