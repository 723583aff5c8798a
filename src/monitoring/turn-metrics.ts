import type { SupportStateValue } from "../conversation/state.js";
import type { ScoreRecord, TurnMetric } from "./schemas.js";

/** The measurements of the turn that just ran, read from the graph state and its trace. */
export function turnMetricOf(state: SupportStateValue, threadId: string, now: Date = new Date()): TurnMetric {
  const nodes = state.trace.map((entry) => ({
    node: entry.node,
    ms: entry.ms,
    engine: entry.engine,
    llmCalls: entry.llmCalls ?? 0,
    tokens: entry.tokens ?? 0,
    llmErrors: entry.llmErrors ?? 0,
    fallback: Boolean(entry.fallback),
    retrievalHits: entry.retrievalHits,
  }));
  const started = Date.parse(state.thisTurn.startedAt);
  const sum = (pick: (node: (typeof nodes)[number]) => number) => nodes.reduce((total, node) => total + pick(node), 0);
  const errors = [
    ...state.degraded.map((part) => `degraded: ${part}`),
    ...state.trace.filter((entry) => entry.fallback).map((entry) => `fallback in ${entry.node}: ${entry.fallback}`),
  ];
  return {
    at: now.toISOString(),
    threadId,
    turn: state.turn,
    // Wall time when the turn's start is known; otherwise the nodes' own time.
    responseMs: Number.isFinite(started) ? Math.max(0, now.getTime() - started) : round(sum((node) => node.ms)),
    tokens: sum((node) => node.tokens),
    llmCalls: sum((node) => node.llmCalls),
    fallbacks: nodes.filter((node) => node.fallback).length,
    retrievalHits: sum((node) => node.retrievalHits ?? 0),
    memoryHits: state.memory.history.length + state.memory.similarCases.length,
    errors,
    failed: false,
    intent: state.intentAnalysis?.primary,
    status: state.status,
    promptVersions: { ...state.promptVersions },
    nodes,
  };
}

/**
 * The scores of the conversation this turn finished, if it finished one. The
 * remember step scores a finished conversation into `scores` and clears
 * `turnScores`; on any other turn `turnScores` holds at least this turn's.
 */
export function scoreRecordOf(state: SupportStateValue, threadId: string, now: Date = new Date(), source = "graph"): ScoreRecord | undefined {
  const scored = state.episodeRecorded && state.turnScores.length === 0 && Object.keys(state.scores).length > 0;
  if (!scored) return undefined;
  const scores: Record<string, number> = {};
  const roles: Record<string, number> = {};
  for (const [key, value] of Object.entries(state.scores)) {
    const [role, name] = key.split(".");
    if (name === undefined) scores[key] = value;
    else if (name === "mean") roles[role!] = value;
  }
  return { at: now.toISOString(), threadId, scores, roles, promptVersions: { ...state.promptVersions }, source };
}

const round = (value: number) => Math.round(value * 100) / 100;
