import path from "node:path";
import { errorRateLevel, rises, scoreDrifts, turnAlerts } from "./alerts.js";
import { appendJsonl, LOG_FILES, readJsonl } from "./logs.js";
import type { Monitor } from "./monitor.js";
import { Alert, AlertLevel, ScoreRecord, TurnMetric, type ScoreRecordInput, type TurnMetricInput } from "./schemas.js";
import { MonitoringSettings } from "./settings.js";

/**
 * The default monitor: appends turns, scores and alerts to JSONL files in one
 * folder. Windowed measures (error rate, score drift) start from what the files
 * already hold, so a restarted process goes on where the last one stopped.
 */
export class FileMonitor implements Monitor {
  readonly settings: MonitoringSettings;
  private history: Promise<{ turns: TurnMetric[]; scores: ScoreRecord[] }> | undefined;
  private errorLevel: AlertLevel | undefined;
  private readonly driftLevels = new Map<string, AlertLevel | undefined>();

  constructor(settings: Partial<MonitoringSettings> = {}) {
    this.settings = MonitoringSettings.parse(settings);
  }

  get dir(): string {
    return this.settings.dir;
  }

  async recordTurn(input: TurnMetricInput): Promise<Alert[]> {
    const turn = TurnMetric.parse(input);
    const history = await this.load();
    history.turns.push(turn);
    // Only the windows are needed in memory.
    if (history.turns.length > 2 * this.settings.thresholds.errorRateWindow) history.turns.splice(0, history.turns.length - this.settings.thresholds.errorRateWindow);
    const alerts = turnAlerts(turn, this.settings.thresholds);
    const rate = errorRateLevel(history.turns, this.settings.thresholds);
    if (rate) {
      if (rises(this.errorLevel, rate.level)) {
        const threshold = this.settings.thresholds.errorRate[rate.level!];
        alerts.push({
          at: turn.at,
          level: rate.level!,
          metric: "error_rate",
          value: round(rate.rate),
          threshold,
          threadId: turn.threadId,
          turn: turn.turn,
          message: `${Math.round(rate.rate * 100)} % of the last ${rate.turns} turns had errors (${rate.level} at ${Math.round(threshold * 100)} %)`,
        });
      }
      this.errorLevel = rate.level;
    }
    await appendJsonl(this.file("turns"), [turn]);
    await appendJsonl(this.file("alerts"), alerts);
    return alerts;
  }

  async recordScores(input: ScoreRecordInput): Promise<Alert[]> {
    const record = ScoreRecord.parse(input);
    const history = await this.load();
    history.scores.push(record);
    const alerts: Alert[] = [];
    for (const drift of scoreDrifts(history.scores, this.settings.thresholds)) {
      if (rises(this.driftLevels.get(drift.score), drift.level)) {
        const threshold = this.settings.thresholds.scoreDrift[drift.level!];
        alerts.push({
          at: record.at,
          level: drift.level!,
          metric: "score_drift",
          score: drift.score,
          value: drift.drop,
          threshold,
          threadId: record.threadId,
          message: `${drift.score} fell from a baseline of ${drift.baseline.toFixed(2)} to ${drift.current.toFixed(2)} (${drift.level} at a fall of ${threshold})`,
        });
      }
      this.driftLevels.set(drift.score, drift.level);
    }
    await appendJsonl(this.file("scores"), [record]);
    await appendJsonl(this.file("alerts"), alerts);
    return alerts;
  }

  private file(kind: keyof typeof LOG_FILES): string {
    return path.join(this.settings.dir, LOG_FILES[kind]);
  }

  private load() {
    this.history ??= (async () => {
      const [turns, scores] = await Promise.all([readJsonl(this.file("turns"), TurnMetric), readJsonl(this.file("scores"), ScoreRecord)]);
      const window = this.settings.thresholds.errorRateWindow;
      const history = { turns: turns.records.slice(-window), scores: scores.records };
      // Levels already reached before this process are not alerted again.
      this.errorLevel = errorRateLevel(history.turns, this.settings.thresholds)?.level;
      for (const drift of scoreDrifts(history.scores, this.settings.thresholds)) this.driftLevels.set(drift.score, drift.level);
      return history;
    })();
    return this.history;
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000;
