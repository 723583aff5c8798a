import type { MonitoringLogs } from "./logs.js";
import { latencySummary } from "./stats.js";

export interface Percentiles {
  node: string;
  calls: number;
  p50: number;
  p95: number;
  p99: number;
}

/** What the report charts: derived from the monitoring logs only. */
export interface ReportData {
  generatedAt: string;
  turns: number;
  conversationsScored: number;
  /** Per scored conversation, in order: its role means. */
  scoresOverTime: { at: string; roles: Record<string, number> }[];
  /** Mean role score per prompt version that served it ("dialogue v2"). */
  perVersion: { role: string; version: number; mean: number; n: number }[];
  latency: Percentiles[];
  turnLatency: Omit<Percentiles, "node">;
  alerts: { metric: string; warning: number; critical: number }[];
  recentAlerts: { at: string; level: string; metric: string; message: string }[];
  tokens: number;
  llmCalls: number;
  errorTurns: number;
  fallbacks: number;
  retrievalHits: number;
}

export function reportData(logs: MonitoringLogs, now = new Date()): ReportData {
  const byNode = new Map<string, number[]>();
  for (const turn of logs.turns) for (const node of turn.nodes) (byNode.get(node.node) ?? byNode.set(node.node, []).get(node.node)!).push(node.ms);
  const latency = [...byNode].map(([node, values]) => ({ node, ...percentiles(values) }));
  const perVersion = new Map<string, { role: string; version: number; values: number[] }>();
  for (const record of logs.scores) {
    for (const [role, value] of Object.entries(record.roles)) {
      const version = record.promptVersions[role] ?? 0;
      const key = `${role} v${version}`;
      (perVersion.get(key) ?? perVersion.set(key, { role, version, values: [] }).get(key)!).values.push(value);
    }
  }
  const alertCounts = new Map<string, { warning: number; critical: number }>();
  for (const alert of logs.alerts) {
    const counts = alertCounts.get(alert.metric) ?? alertCounts.set(alert.metric, { warning: 0, critical: 0 }).get(alert.metric)!;
    counts[alert.level] += 1;
  }
  const sum = (pick: (turn: MonitoringLogs["turns"][number]) => number) => logs.turns.reduce((total, turn) => total + pick(turn), 0);
  return {
    generatedAt: now.toISOString(),
    turns: logs.turns.length,
    conversationsScored: logs.scores.length,
    scoresOverTime: logs.scores.map((record) => ({ at: record.at, roles: record.roles })),
    perVersion: [...perVersion.values()]
      .sort((a, b) => a.role.localeCompare(b.role) || a.version - b.version)
      .map(({ role, version, values }) => ({ role, version, n: values.length, mean: round(values.reduce((s, v) => s + v, 0) / values.length) })),
    latency,
    turnLatency: percentiles(logs.turns.map((turn) => turn.responseMs)),
    alerts: [...alertCounts].map(([metric, counts]) => ({ metric, ...counts })),
    recentAlerts: logs.alerts.slice(-20).reverse().map(({ at, level, metric, message }) => ({ at, level, metric, message })),
    tokens: sum((turn) => turn.tokens),
    llmCalls: sum((turn) => turn.llmCalls),
    errorTurns: logs.turns.filter((turn) => turn.failed || turn.errors.length > 0).length,
    fallbacks: sum((turn) => turn.fallbacks),
    retrievalHits: sum((turn) => turn.retrievalHits),
  };
}

function percentiles(values: number[]) {
  const { n, p50, p95, p99 } = latencySummary(values);
  return { calls: n, p50: round(p50), p95: round(p95), p99: round(p99) };
}
const round = (value: number) => Math.round(value * 1000) / 1000;
