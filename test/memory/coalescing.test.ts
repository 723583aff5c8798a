import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { Collection } from "chromadb";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { testChroma } from "../helpers/memory.js";
import { createEmbeddings } from "../../src/embeddings/index.js";
import { openCollection } from "../../src/memory/collections.js";
import { EpisodicMemory, WorkingMemory, type EpisodeInput } from "../../src/memory/index.js";
import type { RememberInput } from "../../src/memory/working.js";

/**
 * Working-memory reads and writes of concurrent turns in one process are coalesced into few Chroma requests, with each
 * caller's outcome its own. Everything runs against the test run's real Chroma server; the request counts come from
 * wrapping the collection's own methods, which still send every call to the server.
 */
describe("coalesced memory requests", async () => {
  const connection = await testChroma();
  afterAll(() => connection.close());
  const embedder = createEmbeddings({ provider: "local" });
  const TTL_MS = 30 * 60_000;

  /** A fresh collection whose upsert/get/delete calls are counted (ids per upsert, threads per get). */
  async function countedCollection(kind: "working" | "episodic") {
    const collection = await openCollection(connection.client, `t_${randomUUID().slice(0, 8)}_${kind}`, embedder);
    const upserts: string[][] = [];
    const gets: unknown[] = [];
    const upsert = collection.upsert.bind(collection);
    const get = collection.get.bind(collection);
    collection.upsert = async (args) => {
      upserts.push([...args.ids]);
      return upsert(args);
    };
    collection.get = (async (args?: Parameters<Collection["get"]>[0]) => {
      gets.push(args?.where);
      return get(args);
    }) as Collection["get"];
    return { collection, upserts, gets, rawGet: get };
  }

  /** What a customer of thread `n` told the agent, several facts a message as people write them. */
  const factsOfThread = (n: number): RememberInput[] => [
    { threadId: `conv-${n}`, key: "issue", kind: "issue", value: `no data on my phone since monday, tried restarting ${n} times` },
    { threadId: `conv-${n}`, key: "customer", kind: "customer", value: `C-${1000 + n}`, customerId: `C-${1000 + n}` },
    { threadId: `conv-${n}`, key: "note", kind: "note", value: n % 2 ? "on holiday in spain atm" : "works from home, needs it asap" },
  ];
  const THREADS = Array.from({ length: 20 }, (_, n) => n);

  it("20 conversations remembering at once land every fact in one upsert, and each reads back exactly its own", async () => {
    const { collection, upserts } = await countedCollection("working");
    const working = new WorkingMemory(collection, embedder.embeddings, TTL_MS);
    await Promise.all(THREADS.map((n) => working.remember(factsOfThread(n))));
    expect(upserts.map((ids) => ids.length)).toEqual([60]);

    for (const n of THREADS) {
      const facts = await working.facts(`conv-${n}`);
      expect(facts.map(({ key, value, customerId }) => ({ key, value, customerId })).sort((a, b) => a.key.localeCompare(b.key))).toEqual(
        factsOfThread(n)
          .map(({ key, value, customerId }) => ({ key, value, customerId }))
          .sort((a, b) => a.key.localeCompare(b.key)),
      );
    }
  });

  it("20 conversations reading at once make one get, and each gets only its own facts", async () => {
    const { collection, gets } = await countedCollection("working");
    const working = new WorkingMemory(collection, embedder.embeddings, TTL_MS);
    for (const n of THREADS) await working.remember(factsOfThread(n));
    gets.length = 0;

    const maps = await Promise.all(THREADS.map((n) => working.factMap(`conv-${n}`)));
    expect(gets).toEqual([{ threadId: { $in: THREADS.map((n) => `conv-${n}`) } }]);
    maps.forEach((map, n) => expect(map).toEqual(Object.fromEntries(factsOfThread(n).map((f) => [f.key, f.value]))));

    // One conversation on its own reads with the plain filter, as before.
    gets.length = 0;
    expect(await working.factMap("conv-3")).toEqual(Object.fromEntries(factsOfThread(3).map((f) => [f.key, f.value])));
    expect(gets).toEqual([{ threadId: "conv-3" }]);
  });

  it("a write that arrives while one is in flight waits for it, then goes with the others in the next upsert", async () => {
    const { collection, upserts } = await countedCollection("working");
    const working = new WorkingMemory(collection, embedder.embeddings, TTL_MS);
    // Hold the first upsert on its way to Chroma until the test lets it go, so that it is surely in flight meanwhile.
    let letFirstGo!: () => void;
    const firstMayGo = new Promise<void>((resolve) => (letFirstGo = resolve));
    const counted = collection.upsert;
    collection.upsert = async (args) => {
      collection.upsert = counted;
      await firstMayGo;
      return counted(args);
    };
    const first = working.remember(factsOfThread(0));
    await new Promise((resolve) => setImmediate(resolve));
    const later = THREADS.slice(1, 6).map((n) => working.remember(factsOfThread(n)));
    await new Promise((resolve) => setImmediate(resolve));
    later.push(...THREADS.slice(6, 11).map((n) => working.remember(factsOfThread(n))));
    for (let tick = 0; tick < 5; tick++) await new Promise((resolve) => setImmediate(resolve));
    expect(upserts).toHaveLength(0); // the first is still held back; nothing else has left
    letFirstGo();
    await Promise.all([first, ...later]);
    expect(upserts.map((ids) => ids.length)).toEqual([3, 30]);
  });

  it("one caller's rejected record does not fail the others' writes in the same batch", async () => {
    const { collection, upserts } = await countedCollection("working");
    const working = new WorkingMemory(collection, embedder.embeddings, TTL_MS);
    // A second memory on the same collection whose embedder gives 16-dimensional vectors: Chroma rejects them once the
    // collection holds vectors of the local embedder's dimension.
    const misconfigured = new WorkingMemory(collection, truncatedTo(16, embedder.embeddings), TTL_MS);
    await working.remember([{ threadId: "conv-first", key: "issue", kind: "issue", value: "wifi keeps dropping lol" }]);
    upserts.length = 0;

    const outcomes = await Promise.allSettled([
      ...THREADS.slice(0, 5).map((n) => working.remember(factsOfThread(n))),
      misconfigured.remember([{ threadId: "conv-bad", key: "issue", kind: "issue", value: "bill is way to high this month??" }]),
      ...THREADS.slice(5, 10).map((n) => working.remember(factsOfThread(n))),
    ]);

    const bad = outcomes[5]!;
    expect(bad.status).toBe("rejected");
    expect(String((bad as PromiseRejectedResult).reason)).toMatch(/expecting embedding with dimension of \d+, got 16/);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(10);
    // The batch of all eleven callers failed as a whole; then each caller's records went on their own.
    const idsOf = (threadId: string, keys: string[]) => keys.map((key) => `${threadId}::${key}`).join(",");
    const callers = [
      ...THREADS.slice(0, 10).map((n) => idsOf(`conv-${n}`, ["issue", "customer", "note"])),
      idsOf("conv-bad", ["issue"]),
    ];
    expect(upserts[0]!.slice().sort()).toEqual(callers.flatMap((ids) => ids.split(",")).sort());
    expect(upserts.slice(1).map((ids) => ids.join(",")).sort()).toEqual(callers.sort());
    for (const n of THREADS.slice(0, 10)) {
      expect(await working.factMap(`conv-${n}`)).toEqual(Object.fromEntries(factsOfThread(n).map((f) => [f.key, f.value])));
    }
    expect(await working.factMap("conv-bad")).toEqual({});
  });

  it("the same fact written twice in one batch keeps the later value, and the earlier one can be written again after", async () => {
    const { collection, upserts } = await countedCollection("working");
    const working = new WorkingMemory(collection, embedder.embeddings, TTL_MS);
    const step = { threadId: "conv-step", key: "step", kind: "step" as const };
    await Promise.all([
      working.remember([{ ...step, value: "mobile-no-data:check_data_toggle" }]),
      working.remember([{ ...step, value: "mobile-no-data:speed_test" }]),
    ]);
    expect(upserts.map((ids) => ids.length)).toEqual([1]);
    expect(await working.factMap("conv-step")).toEqual({ step: "mobile-no-data:speed_test" });

    // Had the memory taken the first value as held, this write would be skipped as unchanged.
    await working.remember([{ ...step, value: "mobile-no-data:check_data_toggle" }]);
    expect(await working.factMap("conv-step")).toEqual({ step: "mobile-no-data:check_data_toggle" });
  });

  it("prunes expired facts of the threads read together, and keeps a fact renewed after the read", async () => {
    let clock = Date.parse("2026-12-06T10:00:00Z");
    const { collection, rawGet } = await countedCollection("working");
    const working = new WorkingMemory(collection, embedder.embeddings, TTL_MS, () => clock);
    await working.remember([{ threadId: "conv-old", key: "issue", kind: "issue", value: "sim not detected after update" }]);
    await working.remember([{ threadId: "conv-renewed", key: "issue", kind: "issue", value: "voicemail wont stop ringing" }]);
    clock += 20 * 60_000;
    await working.remember([{ threadId: "conv-fresh", key: "issue", kind: "issue", value: "roaming in france not working" }]);
    clock += 11 * 60_000; // conv-old's and conv-renewed's facts have expired, conv-fresh's has 19 minutes left

    // The conversation of conv-renewed writes its fact again between the batch read and the pruning of what it found.
    const read = collection.get;
    collection.get = (async (args?: Parameters<Collection["get"]>[0]) => {
      const result = await read(args);
      collection.get = read;
      await working.remember([{ threadId: "conv-renewed", key: "issue", kind: "issue", value: "voicemail wont stop ringing" }]);
      return result;
    }) as Collection["get"];

    const [old, renewed, fresh] = await Promise.all(["conv-old", "conv-renewed", "conv-fresh"].map((t) => working.factMap(t)));
    expect(old).toEqual({});
    expect(renewed).toEqual({});
    expect(fresh).toEqual({ issue: "roaming in france not working" });

    const stored = await rawGet({ include: ["metadatas"] });
    expect(stored.ids.sort()).toEqual(["conv-fresh::issue", "conv-renewed::issue"]);
    expect(await working.factMap("conv-renewed")).toEqual({ issue: "voicemail wont stop ringing" });
  });

  it("episodes of conversations ending at once go to Chroma in one upsert, each in its customer's history", async () => {
    const { collection, upserts } = await countedCollection("episodic");
    const episodic = new EpisodicMemory(collection, embedder.embeddings);
    const episodeOf = (n: number): EpisodeInput => ({
      id: `ep-${n}`,
      threadId: `conv-${n}`,
      customerId: `C-${1000 + n}`,
      summary: `customer had no mobile data for ${n + 1} days, toggled data roaming and it came back`,
      intent: "mobile_data",
      outcome: "resolved",
      createdAt: "2026-12-06T10:00:00.000Z",
    });
    await Promise.all(THREADS.map((n) => episodic.record(episodeOf(n))));
    expect(upserts.map((ids) => ids.length)).toEqual([20]);
    for (const n of THREADS) {
      expect((await episodic.history(`C-${1000 + n}`)).map((episode) => episode.id)).toEqual([`ep-${n}`]);
    }
  });
});

/** An embedder that keeps only the first `dimension` components of another's vectors. */
function truncatedTo(dimension: number, embeddings: EmbeddingsInterface): EmbeddingsInterface {
  return {
    embedDocuments: async (texts) => (await embeddings.embedDocuments(texts)).map((vector) => vector.slice(0, dimension)),
    embedQuery: async (text) => (await embeddings.embedQuery(text)).slice(0, dimension),
  };
}
