import { describe, expect, it } from "vitest";
import { poissonArrivals, runOpenLoop } from "../../scripts/load/schedule.js";
import { SeededRandom } from "../../src/device-sim/rng.js";

/**
 * The open model of `npm run load-test -- --rate`: the arrival schedule and the dispatch of scheduled turns onto
 * conversations, against a fake "server" (a function that takes a while), not a real one.
 */
const SEED = 20261206;
console.log(`schedule tests: seed ${SEED}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the Poisson arrival schedule", () => {
  const hour = poissonArrivals(40, 3_600_000, SEED);

  it("an hour at 40 turns/s schedules 40 turns a second on average, within the hour, in order", () => {
    expect(hour.length / 3600).toBeGreaterThan(39.6);
    expect(hour.length / 3600).toBeLessThan(40.4);
    expect(hour.every((at, i) => at >= 0 && at < 3_600_000 && (i === 0 || at >= hour[i - 1]!))).toBe(true);
  });

  it("gaps are exponential (as random as they are long on average), not evenly spaced", () => {
    const gaps = hour.slice(1).map((at, i) => at - hour[i]!);
    const mean = gaps.reduce((sum, g) => sum + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((sum, g) => sum + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeCloseTo(25, 0);
    // An exponential distribution's standard deviation equals its mean; evenly spaced starts would have none.
    expect(sd / mean).toBeGreaterThan(0.97);
    expect(sd / mean).toBeLessThan(1.03);
  });

  it("the same seed gives the same schedule, another seed another one", () => {
    expect(poissonArrivals(40, 60_000, SEED)).toEqual(hour.filter((at) => at < 60_000));
    expect(poissonArrivals(40, 60_000, SEED + 1).slice(0, 5)).not.toEqual(hour.slice(0, 5));
  });
});

describe("scheduled turns on conversations", () => {
  it("a conversation never has two turns in flight, and every scheduled turn runs once, at or after its time", async () => {
    // 300 turns/s on 3 conversations whose fake server takes 2 to 20 ms: about as fast as they can answer, so some
    // starts find every conversation busy.
    const arrivals = poissonArrivals(300, 1_000, SEED);
    const random = new SeededRandom(SEED);
    const busy = new Set<number>();
    const overlaps: string[] = [];
    const served: { conversation: number; scheduledAt: number; calledAt: number }[] = [];
    const started = await runOpenLoop(arrivals, 3, async (conversation, scheduledAt) => {
      if (busy.has(conversation)) overlaps.push(`conversation ${conversation} at ${scheduledAt}`);
      busy.add(conversation);
      served.push({ conversation, scheduledAt, calledAt: performance.now() });
      await sleep(2 + random.next() * 18);
      busy.delete(conversation);
    });
    expect(overlaps).toEqual([]);
    expect(served).toHaveLength(arrivals.length);
    expect(new Set(served.map((s) => s.scheduledAt)).size).toBe(arrivals.length);
    expect(served.every((s) => s.calledAt >= s.scheduledAt)).toBe(true);
    // First come, first served: turns start in the order they were scheduled.
    expect(served.every((s, i) => i === 0 || s.scheduledAt >= served[i - 1]!.scheduledAt)).toBe(true);
    expect(started.map((s) => s.conversation)).toEqual(served.map((s) => s.conversation));
    expect(new Set(served.map((s) => s.conversation))).toEqual(new Set([0, 1, 2]));
  });

  it("a start that finds every conversation busy waits for the first free one, and the wait counts from its scheduled time", async () => {
    // Four turns due at once on two conversations, each answered in 100 ms: two wait a full answer for a conversation.
    const latencies: { conversation: number; ms: number }[] = [];
    const started = await runOpenLoop([0, 0, 0, 0], 2, async (conversation, scheduledAt) => {
      await sleep(100);
      latencies.push({ conversation, ms: performance.now() - scheduledAt });
    });
    expect(started.map((s) => s.waitedForConversation)).toEqual([false, false, true, true]);
    expect(started.map((s) => s.conversation)).toEqual([0, 1, 0, 1]);
    expect(started[2]!.startedAt - started[2]!.scheduledAt).toBeGreaterThanOrEqual(99);
    // The waiting turns' latency is the wait plus their own answer, not the answer alone.
    expect(latencies.slice(2).every((l) => l.ms >= 199)).toBe(true);
    expect(latencies.slice(0, 2).every((l) => l.ms < 199)).toBe(true);
  });
});
