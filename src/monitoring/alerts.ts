import type { Alert, AlertLevel, ScoreRecord, TurnMetric } from "./schemas.js";
import { levelOf, type Thresholds } from "./thresholds.js";

/** A turn counts as erroneous when it threw, a part did not answer, or an LLM call failed. */
export const hasError = (turn: TurnMetric): boolean => turn.failed || turn.errors.length > 0;

/** Alerts of one turn on its own: response time and tokens. */
export function turnAlerts(turn: TurnMetric, thresholds: Thresholds): Alert[] {
  const alerts: Alert[] = [];
  const where = { threadId: turn.threadId, turn: turn.turn, at: turn.at };
  const latency = levelOf(turn.responseMs, thresholds.responseMs);
  if (latency) {
    const threshold = thresholds.responseMs[latency];
    alerts.push({ ...where, level: latency, metric: "response_time", value: turn.responseMs, threshold, message: `turn took ${(turn.responseMs / 1000).toFixed(2)} s (${latency} at ${(threshold / 1000).toFixed(2)} s)` });
  }
  const tokens = levelOf(turn.tokens, thresholds.tokensPerTurn);
  if (tokens) {
    const threshold = thresholds.tokensPerTurn[tokens];
    alerts.push({ ...where, level: tokens, metric: "tokens_per_turn", value: turn.tokens, threshold, message: `turn used ${turn.tokens} tokens (${tokens} at ${threshold})` });
  }
  return alerts;
}

/** The error rate over the last `errorRateWindow` turns, once there are enough turns to judge. */
export function errorRate(turns: TurnMetric[], thresholds: Thresholds): { rate: number; turns: number } | undefined {
  const recent = turns.slice(-thresholds.errorRateWindow);
  if (recent.length < thresholds.errorRateMinTurns) return undefined;
  return { rate: recent.filter(hasError).length / recent.length, turns: recent.length };
}

export function errorRateLevel(turns: TurnMetric[], thresholds: Thresholds): { level: AlertLevel | undefined; rate: number; turns: number } | undefined {
  const measured = errorRate(turns, thresholds);
  return measured && { ...measured, level: levelOf(measured.rate, thresholds.errorRate) };
}

export interface ScoreDrift {
  score: string;
  baseline: number;
  current: number;
  /** How far the recent mean fell below the baseline (negative when it rose). */
  drop: number;
  level: AlertLevel | undefined;
}

/**
 * For every score name: the baseline is the mean of its first `driftWindow`
 * values, the current value the mean of its last `driftWindow` values; judged
 * once the two windows do not overlap. Only a fall is a drift worth an alert: a
 * rise is what prompt evolution is for.
 */
export function scoreDrifts(records: ScoreRecord[], thresholds: Thresholds): ScoreDrift[] {
  const series = new Map<string, number[]>();
  for (const record of records) {
    for (const [name, value] of Object.entries(record.scores)) {
      if (!series.has(name)) series.set(name, []);
      series.get(name)!.push(value);
    }
  }
  const window = thresholds.driftWindow;
  const drifts: ScoreDrift[] = [];
  for (const [score, values] of series) {
    if (values.length < 2 * window) continue;
    const baseline = mean(values.slice(0, window));
    const current = mean(values.slice(-window));
    const drop = round(baseline - current);
    drifts.push({ score, baseline: round(baseline), current: round(current), drop, level: levelOf(drop, thresholds.scoreDrift) });
  }
  return drifts;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const round = (value: number) => Math.round(value * 1000) / 1000;

const RANK: Record<AlertLevel, number> = { warning: 1, critical: 2 };

/** Whether a level that persists over many turns deserves a new alert: only when it rises. */
export function rises(previous: AlertLevel | undefined, next: AlertLevel | undefined): boolean {
  return next !== undefined && (previous === undefined || RANK[next] > RANK[previous]);
}
