import type { Client } from "@langchain/langgraph-sdk";
import { latencySummary } from "../../src/monitoring/stats.js";
import { Conversation, LoadTally, loadCustomers } from "./conversation.js";
import { poissonArrivals, runOpenLoop, type StartedTurn } from "./schedule.js";

/** Achieved below offered by more than this share: the system could not keep up with the offered load. */
export const SHORTFALL_FLAG = 0.05;

export interface LoadOptions {
  /** Conversations running at the same time. */
  conversations: number;
  /** Turns of each conversation (at most 4: problem, identity, follow-up, goodbye). */
  turns: number;
  /**
   * Closed loop: each conversation starts new threads until this much time has passed (0: one thread each). Open
   * model: turns are scheduled within this much time (then the turns in flight or waiting finish).
   */
  durationMs: number;
  /**
   * The open model: turns start at this total rate, Poisson arrivals from `seed`, each on a free conversation.
   * Without it, the closed loop: each conversation sends its next message as soon as the reply arrives.
   */
  open?: { ratePerSecond: number; seed: number };
}

type Summary = { p50: number; p95: number; max: number };

export type LoadModel =
  | { kind: "closed" }
  | {
      kind: "open";
      ratePerSecond: number;
      seed: number;
      /** Turns in this run's schedule, and their rate (a Poisson schedule has about, not exactly, the offered rate). */
      scheduled: number;
      scheduledPerSecond: number;
      /** Scheduled turns that found every conversation busy and waited for one. */
      waitedForConversation: number;
      /** From a turn's scheduled time to its start (waiting for a conversation, or the driver's own event loop). */
      startDelayMs: Summary;
      /** 1 - achieved / scheduled rate: above SHORTFALL_FLAG the system could not keep up. */
      shortfall: number;
      /** Latency p50 of the turns scheduled in the first and in the second half of the run: a growing queue shows here. */
      halvesP50Ms: [number, number];
    };

export interface LoadReport {
  model: LoadModel;
  conversations: number;
  threads: number;
  turns: number;
  errors: string[];
  /** Turns answered for another customer, or threads whose messages are not what was sent. */
  crossed: string[];
  elapsedMs: number;
  /** Answered turns per second (open model: measured like the schedule's rate, see ratePerSecond). */
  turnsPerSecond: number;
  /** Closed loop: the run request; open model: from the turn's scheduled start to its reply. */
  latencyMs: Summary;
  /** The run request alone (runs.wait). */
  requestMs: Summary;
  /**
   * Where a turn's time goes, mean ms per turn: each node's own time (from the turn's trace), and the rest of the
   * request (queueing behind other turns for the CPU, checkpoint writes, HTTP, the run's bookkeeping).
   */
  breakdownMs: { nodes: Record<string, number>; inNodes: number; outsideNodes: number; request: number };
}

/**
 * Many conversations at once through a LangGraph API (the dev server or the serving service), each as a different
 * customer (see Conversation), in the closed loop or the open model. Every turn's answer must belong to its own
 * customer, and each thread must end holding exactly the messages sent to it, each answered once.
 */
export async function runLoad(clients: Client | Client[], options: LoadOptions): Promise<LoadReport> {
  const replicas = Array.isArray(clients) ? clients : [clients];
  const customers = loadCustomers();
  const tally = new LoadTally();
  const conversations = Array.from({ length: options.conversations }, (_, index) => new Conversation(index, replicas, customers, options, tally));
  const started = performance.now();
  let model: LoadModel;
  if (options.open) {
    const arrivals = poissonArrivals(options.open.ratePerSecond, options.durationMs, options.open.seed);
    const checks: Promise<void>[] = [];
    // A thread's check does not hold its conversation: the next turn may start a new thread meanwhile.
    const starts = await runOpenLoop(arrivals, options.conversations, async (index, scheduledAt) => {
      const ended = await conversations[index]!.takeTurn(scheduledAt);
      if (ended && !ended.failed) checks.push(conversations[index]!.verify(ended));
    });
    // The schedule ends mid-conversation: the threads still open must hold what was sent so far.
    for (const conversation of conversations) {
      const open = conversation.openThread();
      if (open && open.sent.length > 0) checks.push(conversation.verify(open));
    }
    await Promise.all(checks);
    model = openModel(options.open, arrivals, starts, tally);
  } else {
    const deadline = Date.now() + options.durationMs;
    await Promise.all(
      conversations.map(async (conversation) => {
        do {
          let ended;
          do ended = await conversation.takeTurn();
          while (!ended);
          if (!ended.failed) await conversation.verify(ended);
        } while (Date.now() < deadline);
      }),
    );
    model = { kind: "closed" };
  }
  const elapsedMs = performance.now() - started;
  const turns = tally.latencies.length;
  return {
    model,
    conversations: options.conversations,
    threads: tally.threads,
    turns,
    errors: tally.errors,
    crossed: tally.crossed,
    elapsedMs: Math.round(elapsedMs),
    turnsPerSecond: oneDecimal(model.kind === "open" ? ratePerSecond(tally.answeredAt) : turns / (elapsedMs / 1000)),
    latencyMs: summary(tally.latencies),
    requestMs: summary(tally.requests),
    breakdownMs: breakdown(tally),
  };
}

/**
 * Events per second: the inverse of the least-squares slope of the events' times against their rank. Used on both the
 * schedule and the answers: answers follow the schedule one latency later, so their slopes agree while the system
 * keeps up, whatever the latency; a quick first turn on the idle system or a slow last one moves the slope little
 * (unlike counting from the first event to the last), and a queue that grows makes the answers' slope steeper.
 */
function ratePerSecond(times: readonly number[]): number {
  if (times.length < 2) return 0;
  const sorted = [...times].sort((a, b) => a - b);
  const meanRank = (sorted.length - 1) / 2;
  const meanTime = sorted.reduce((sum, t) => sum + t, 0) / sorted.length;
  let covariance = 0;
  let rankVariance = 0;
  sorted.forEach((t, rank) => {
    covariance += (rank - meanRank) * (t - meanTime);
    rankVariance += (rank - meanRank) ** 2;
  });
  return (rankVariance / covariance) * 1000;
}

function openModel(open: { ratePerSecond: number; seed: number }, arrivals: number[], starts: StartedTurn[], tally: LoadTally): LoadModel {
  const scheduledPerSecond = ratePerSecond(arrivals);
  const achieved = ratePerSecond(tally.answeredAt);
  return {
    kind: "open",
    ...open,
    scheduled: arrivals.length,
    scheduledPerSecond: oneDecimal(scheduledPerSecond),
    waitedForConversation: starts.filter((s) => s.waitedForConversation).length,
    startDelayMs: summary(starts.map((s) => s.startedAt - s.scheduledAt)),
    shortfall: scheduledPerSecond > 0 ? Math.round((1 - achieved / scheduledPerSecond) * 1000) / 1000 : 0,
    halvesP50Ms: halvesP50(tally),
  };
}

function halvesP50(tally: LoadTally): [number, number] {
  const byStart = tally.startedAt.map((at, i) => [at, tally.latencies[i]!] as const).sort((a, b) => a[0] - b[0]);
  const half = Math.ceil(byStart.length / 2);
  return [summary(byStart.slice(0, half).map(([, ms]) => ms)).p50, summary(byStart.slice(half).map(([, ms]) => ms)).p50];
}

const oneDecimal = (x: number) => Math.round(x * 10) / 10;

function summary(values: number[]): Summary {
  const s = latencySummary(values);
  return { p50: Math.round(s.p50), p95: Math.round(s.p95), max: Math.round(s.max) };
}

function breakdown(tally: LoadTally): LoadReport["breakdownMs"] {
  const turns = Math.max(1, tally.requests.length);
  const round = (ms: number) => Math.round((ms / turns) * 10) / 10;
  const request = tally.requests.reduce((sum, ms) => sum + ms, 0);
  return {
    nodes: Object.fromEntries([...tally.nodeMs].sort((a, b) => b[1] - a[1]).map(([node, ms]) => [node, round(ms)])),
    inNodes: round(tally.inNodesMs),
    outsideNodes: round(request - tally.inNodesMs),
    request: round(request),
  };
}

/** Which load model ran, in a few words (the report's first line and the side-by-side table). */
export function describeModel(model: LoadModel): string {
  return model.kind === "closed" ? "closed loop, no think time" : `open: ${model.ratePerSecond} turns/s offered, Poisson (seed ${model.seed})`;
}

/** The open model's offered and achieved rates, and whether the system kept up. */
export function describeRates(report: LoadReport): string {
  if (report.model.kind === "closed") return `${report.turnsPerSecond} turns/s (as fast as answered)`;
  const { scheduledPerSecond, shortfall } = report.model;
  return `${scheduledPerSecond.toFixed(1)} offered, ${report.turnsPerSecond.toFixed(1)} achieved${shortfall > SHORTFALL_FLAG ? ` (${(shortfall * 100).toFixed(0)} % short: could not keep up)` : ""}`;
}

export function formatReport(report: LoadReport): string {
  const model = report.model;
  const lines = [
    model.kind === "closed"
      ? `load model: ${describeModel(model)} (each conversation sends its next message as soon as the reply arrives: latency is about conversations / throughput)`
      : `load model: ${describeModel(model)}: ${model.scheduled} turn starts scheduled (${model.scheduledPerSecond.toFixed(1)} turns/s in this schedule), each on a free conversation, at most one turn in flight per conversation`,
    `conversations: ${report.conversations} at once, ${report.threads} threads, ${report.turns} turns in ${(report.elapsedMs / 1000).toFixed(1)} s`,
  ];
  if (model.kind === "closed") {
    lines.push(`throughput: ${report.turnsPerSecond} turns/s`, `latency per turn: p50 ${report.latencyMs.p50} ms, p95 ${report.latencyMs.p95} ms, max ${report.latencyMs.max} ms`);
  } else {
    lines.push(`throughput: ${report.turnsPerSecond.toFixed(1)} turns/s achieved of ${model.scheduledPerSecond.toFixed(1)} offered (${model.ratePerSecond} asked)`);
    if (model.shortfall > SHORTFALL_FLAG) {
      lines.push(`  NOT KEPT UP: achieved ${(model.shortfall * 100).toFixed(0)} % below offered (more than ${SHORTFALL_FLAG * 100} %): the system could not keep up with this rate, turns queued and the latency below grows with the run's length`);
    }
    lines.push(
      `latency per turn, from its scheduled start: p50 ${report.latencyMs.p50} ms, p95 ${report.latencyMs.p95} ms, max ${report.latencyMs.max} ms`,
      `  the request alone: p50 ${report.requestMs.p50} ms, p95 ${report.requestMs.p95} ms, max ${report.requestMs.max} ms`,
      `  p50 of the turns scheduled in the first half of the run ${model.halvesP50Ms[0]} ms, in the second half ${model.halvesP50Ms[1]} ms`,
      `  start after the scheduled time: p50 ${model.startDelayMs.p50} ms, p95 ${model.startDelayMs.p95} ms, max ${model.startDelayMs.max} ms; ${model.waitedForConversation} of ${model.scheduled} turns found every conversation busy and waited`,
    );
  }
  lines.push(
    `where a turn's time goes (mean ms): request ${report.breakdownMs.request} = in nodes ${report.breakdownMs.inNodes} + outside nodes ${report.breakdownMs.outsideNodes} (waiting for the CPU, checkpoints, HTTP)`,
    `  nodes: ${Object.entries(report.breakdownMs.nodes).map(([node, ms]) => `${node} ${ms}`).join(", ")}`,
    `errors: ${report.errors.length}${report.errors.length ? `\n  ${report.errors.slice(0, 10).join("\n  ")}` : ""}`,
    `lost or crossed turns: ${report.crossed.length}${report.crossed.length ? `\n  ${report.crossed.slice(0, 10).join("\n  ")}` : ""}`,
  );
  return lines.join("\n");
}
