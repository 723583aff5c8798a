import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { Role } from "../memory/schemas.js";

/** The figures a decision was taken on. */
export const DecisionFigures = z.object({
  metric: z.string(),
  candidateN: z.number().int().nonnegative().optional(),
  parentN: z.number().int().nonnegative().optional(),
  candidateMean: z.number().optional(),
  parentMean: z.number().optional(),
  difference: z.number().optional(),
  margin: z.number().optional(),
  t: z.number().optional(),
  df: z.number().optional(),
  pValue: z.number().optional(),
  alpha: z.number().optional(),
  test: z.string().optional(),
});
export type DecisionFigures = z.infer<typeof DecisionFigures>;

/** One guard score compared on the same conversations (see compareGuards). */
export const GuardFigureRecord = z.object({
  score: z.string(),
  n: z.number().int().nonnegative(),
  parentMean: z.number(),
  candidateMean: z.number(),
  difference: z.number(),
  fell: z.boolean(),
  pWorse: z.number(),
  pBetter: z.number(),
});

export const PromptDecision = z.object({
  at: z.string().datetime(),
  role: Role,
  /**
   * proposed: a rewrite passed the offline gate and serves its live share; rejected: a rewrite stopped
   * (no change, guardrails, already tried, or the gate); checked: an active version compared with its
   * parent on a paired replay and kept.
   */
  kind: z.enum(["proposed", "rejected", "promoted", "retired", "rolled_back", "pinned", "waiting", "checked", "evolution_run"]),
  version: z.number().int().nonnegative(),
  parent: z.number().int().positive().nullable().default(null),
  reason: z.string(),
  /** The metrics a candidate was written to improve (what its A/B test compares). */
  metrics: z.array(z.string()).default([]),
  figures: DecisionFigures.optional(),
  /** Every guard score of the paired replay the decision was taken on. */
  guards: z.array(GuardFigureRecord).optional(),
  /** Fingerprint of the replay material of that paired replay. */
  material: z.string().optional(),
  /** Episodes in memory when the decision was taken (what the evolve trigger counts from). */
  episodes: z.number().int().nonnegative().optional(),
});
export type PromptDecision = z.infer<typeof PromptDecision>;
export type PromptDecisionInput = z.input<typeof PromptDecision>;

/** Every evolution decision with its figures, one JSON line each, listed by `npm run prompts`. */
export class DecisionLog {
  constructor(readonly file: string) {}

  append(...decisions: PromptDecisionInput[]): PromptDecision[] {
    const parsed = decisions.map((d) => PromptDecision.parse(d));
    if (parsed.length === 0) return parsed;
    fs.mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
    fs.appendFileSync(this.file, parsed.map((d) => JSON.stringify(d)).join("\n") + "\n");
    return parsed;
  }

  /** All decisions, oldest first; lines that do not parse (a torn write) are skipped. */
  list(): PromptDecision[] {
    if (!fs.existsSync(this.file)) return [];
    return fs
      .readFileSync(this.file, "utf8")
      .split("\n")
      .filter((line) => line.trim())
      .flatMap((line) => {
        try {
          const parsed = PromptDecision.safeParse(JSON.parse(line));
          return parsed.success ? [parsed.data] : [];
        } catch {
          return [];
        }
      });
  }

  /** The proposal of a version: the metrics it targets. */
  proposal(role: Role, version: number): PromptDecision | undefined {
    return this.list().findLast((d) => d.role === role && d.version === version && d.kind === "proposed");
  }
}
