import { z } from "zod";
import { SettingsError } from "../config/settings.js";
import { Thresholds } from "./thresholds.js";
import { environment, type Environment } from "../config/settings.js";

export const MonitoringSettings = z.object({
  /** Folder of `turns.jsonl`, `scores.jsonl` and `alerts.jsonl`. */
  dir: z.string().min(1).default(".data/monitoring"),
  thresholds: Thresholds.default(Thresholds.parse({})),
});
export type MonitoringSettings = z.infer<typeof MonitoringSettings>;

/** A SettingsError, so the scripts print it as one line. */
export class MonitoringSettingsError extends SettingsError {
  override name = "MonitoringSettingsError";
}

/** Environment variables of each threshold pair, "warning,critical". */
const PAIRS = {
  responseMs: "MONITORING_RESPONSE_MS",
  tokensPerTurn: "MONITORING_TOKENS_PER_TURN",
  errorRate: "MONITORING_ERROR_RATE",
  scoreDrift: "MONITORING_SCORE_DRIFT",
} as const;

/** Monitoring settings from the environment (documented in the README). */
export function monitoringSettingsFromEnv(env: Environment = environment()): MonitoringSettings {
  const thresholds: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(PAIRS)) {
    const text = env[name]?.trim();
    if (!text) continue;
    const parts = text.split(",").map((part) => Number(part.trim()));
    if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n))) {
      throw new MonitoringSettingsError(`${name} must be two numbers "warning,critical" (got "${text}")`);
    }
    thresholds[key] = { warning: parts[0], critical: parts[1] };
  }
  const parsed = MonitoringSettings.safeParse({ dir: env.MONITORING_DIR?.trim() || undefined, thresholds });
  if (!parsed.success) {
    throw new MonitoringSettingsError(`Invalid monitoring settings (check MONITORING_* variables):\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
