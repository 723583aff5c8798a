import { z } from "zod";

const Levels = z
  .object({ warning: z.number().nonnegative(), critical: z.number().nonnegative() })
  .refine((levels) => levels.warning <= levels.critical, { message: "the warning level must not exceed the critical level" });
export type Levels = z.infer<typeof Levels>;

/** Warning and critical levels of every monitored metric, and the windows rates are taken over. */
export const Thresholds = z.object({
  /** Turn response time, milliseconds. */
  responseMs: Levels.default({ warning: 1_500, critical: 3_000 }),
  /** Tokens of all LLM calls of one turn. */
  tokensPerTurn: Levels.default({ warning: 1_000, critical: 2_000 }),
  /** Share of turns with an error, over the last `errorRateWindow` turns. */
  errorRate: Levels.default({ warning: 0.05, critical: 0.1 }),
  /** Fall of a score's recent mean below its baseline (the mean of its first `driftWindow` values). */
  scoreDrift: Levels.default({ warning: 0.15, critical: 0.3 }),
  errorRateWindow: z.number().int().positive().default(50),
  /** No error rate is judged on fewer turns than this (one failure in three turns is not a 33 % rate). */
  errorRateMinTurns: z.number().int().positive().default(20),
  driftWindow: z.number().int().positive().default(20),
});
export type Thresholds = z.infer<typeof Thresholds>;
export type ThresholdsInput = z.input<typeof Thresholds>;

export const DEFAULT_THRESHOLDS: Thresholds = Thresholds.parse({});

/** The level a value reaches, if any. */
export function levelOf(value: number, levels: Levels): "warning" | "critical" | undefined {
  if (value >= levels.critical) return "critical";
  if (value >= levels.warning) return "warning";
  return undefined;
}
