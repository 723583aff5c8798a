import { SeededRandom } from "../../src/device-sim/rng.js";

/**
 * The open model of the load test: turns start at a given rate whatever the server does, instead of each
 * conversation sending its next message the moment the reply arrives (a closed loop, where latency is about
 * conversations / throughput by construction and a load cannot be chosen).
 */

/**
 * Start times (ms from the start of the run, ascending) of turns arriving as a Poisson process of `ratePerSecond`
 * within `durationMs`: independent, exponentially distributed gaps, drawn from a generator seeded with `seed`, so the
 * same seed gives the same schedule.
 */
export function poissonArrivals(ratePerSecond: number, durationMs: number, seed: number): number[] {
  const random = new SeededRandom(seed);
  const meanGapMs = 1000 / ratePerSecond;
  const arrivals: number[] = [];
  // 1 - u is in (0, 1], so the logarithm is finite.
  for (let at = -Math.log(1 - random.next()) * meanGapMs; at < durationMs; at += -Math.log(1 - random.next()) * meanGapMs) arrivals.push(at);
  return arrivals;
}

/** One scheduled turn as the driver started it (times from performance.now()). */
export interface StartedTurn {
  conversation: number;
  scheduledAt: number;
  startedAt: number;
  /** Every conversation was busy at the scheduled time: the turn waited for the first one to be free. */
  waitedForConversation: boolean;
}

/**
 * Starts a turn at each of `arrivalsMs` (ms from now) on a free conversation, among `conversations`. A conversation
 * has at most one turn in flight (its next message waits for its reply): a start that finds every conversation busy
 * waits, first come first served, for the first one to be free. Scheduled starts that are due while the event loop
 * was busy start at once. Turns still waiting at the end of the schedule all run; resolves when every turn is done.
 * `turn` gets its scheduled time, so that its latency can count from then (no coordinated omission).
 */
export async function runOpenLoop(
  arrivalsMs: readonly number[],
  conversations: number,
  turn: (conversation: number, scheduledAt: number) => Promise<void>,
): Promise<StartedTurn[]> {
  const origin = performance.now();
  // Least recently freed first, so the load spreads over all the conversations.
  const free = Array.from({ length: conversations }, (_, index) => index);
  const waiting: number[] = [];
  const started: StartedTurn[] = [];
  const inFlight = new Set<Promise<void>>();
  const failures: unknown[] = [];

  const start = (conversation: number, scheduledAt: number, waitedForConversation: boolean) => {
    started.push({ conversation, scheduledAt, startedAt: performance.now(), waitedForConversation });
    const running: Promise<void> = turn(conversation, scheduledAt)
      .catch((error: unknown) => void failures.push(error))
      .finally(() => {
        inFlight.delete(running);
        const next = waiting.shift();
        if (next === undefined) free.push(conversation);
        else start(conversation, next, true);
      });
    inFlight.add(running);
  };

  for (const at of arrivalsMs) {
    const scheduledAt = origin + at;
    // Timers count whole ms from the event loop's cached clock and may fire a little early: never start before time.
    for (let early = scheduledAt - performance.now(); early > 0; early = scheduledAt - performance.now()) {
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(early)));
    }
    const conversation = free.shift();
    if (conversation === undefined) waiting.push(scheduledAt);
    else start(conversation, scheduledAt, false);
  }
  // A finishing turn may start a waiting one: wait until nothing is left in flight.
  while (inFlight.size > 0) await Promise.all([...inFlight]);
  if (failures.length > 0) throw failures[0];
  return started;
}
