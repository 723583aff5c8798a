import type { Alert, ScoreRecordInput, TurnMetricInput } from "./schemas.js";

/**
 * Where the support graph's `monitor` step sends its measurements. A service or
 * a test hands in its own (`SupportDependencies.monitor`); the default one writes
 * JSONL files (`FileMonitor`).
 */
export interface Monitor {
  /** Records one turn; resolves to the alerts it raised. */
  recordTurn(turn: TurnMetricInput): Promise<Alert[]>;
  /** Records the scores of a finished conversation; resolves to the alerts it raised. */
  recordScores(record: ScoreRecordInput): Promise<Alert[]>;
}
