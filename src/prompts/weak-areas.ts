import { z } from "zod";
import { Role, type Episode } from "../memory/schemas.js";
import { CONCISE_WORDS, concisenessFor } from "../scoring/local-scorer.js";
import type { EvolutionConfig } from "./evolution-config.js";

export const WeakAreaName = z.enum([
  "empathy",
  "conciseness",
  "contextUse",
  "diagnosticCompleteness",
  "needMet",
  "policy",
  "noRepeatedQuestion",
  "handoverNeeded",
  "turnsToOutcome",
]);
export type WeakAreaName = z.infer<typeof WeakAreaName>;

export const WeakArea = z.object({
  area: WeakAreaName,
  role: Role,
  /** The episode score the area is measured by. */
  metric: z.string(),
  mean: z.number(),
  threshold: z.number(),
  samples: z.number().int().nonnegative(),
  detail: z.string(),
});
export type WeakArea = z.infer<typeof WeakArea>;

/**
 * Which roles' prompts a weak area is rewritten in. Diagnostic completeness is
 * the technical role's score, but telling the customer what was checked is the
 * dialogue's job, so both get a rewrite.
 */
export const AREA_ROLES: Record<WeakAreaName, Role[]> = {
  empathy: ["dialogue"],
  conciseness: ["dialogue"],
  contextUse: ["dialogue"],
  diagnosticCompleteness: ["technical", "dialogue"],
  needMet: ["technical", "planner", "knowledge"],
  policy: ["planner"],
  noRepeatedQuestion: ["planner", "dialogue"],
  handoverNeeded: ["planner"],
  turnsToOutcome: ["planner", "technical"],
};

/** The reply length a conciseness score stands for (the inverse of `concisenessFor` above its flat part). */
const wordsFor = (conciseness: number) => Math.round(CONCISE_WORDS + (1 - conciseness) * 200);

/**
 * Weak areas per role, from the episodes each role's current version served.
 * `served(role)` picks those episodes; an area needs `minWeakSamples` scored
 * conversations before it can be called weak.
 */
export function detectWeakAreas(episodes: Episode[], served: (role: Role, episode: Episode) => boolean, config: EvolutionConfig): Partial<Record<Role, WeakArea[]>> {
  const rules: { area: WeakAreaName; metric: string; threshold: number; detail: (mean: number) => string }[] = [
    { area: "empathy", metric: "empathy", threshold: config.empathyBelow, detail: (m) => `empathy ${m.toFixed(2)} < ${config.empathyBelow}` },
    {
      area: "conciseness",
      metric: "conciseness",
      threshold: concisenessFor(config.maxReplyWords),
      detail: (m) => `replies of about ${wordsFor(m)} words > ${config.maxReplyWords} (conciseness ${m.toFixed(2)})`,
    },
    { area: "contextUse", metric: "contextUse", threshold: config.contextUseBelow, detail: (m) => `context use ${m.toFixed(2)} < ${config.contextUseBelow}` },
    {
      area: "diagnosticCompleteness",
      metric: "diagnosticCompleteness",
      threshold: config.completenessBelow,
      detail: (m) => `diagnostic completeness ${m.toFixed(2)} < ${config.completenessBelow}`,
    },
    { area: "needMet", metric: "needMet", threshold: config.needMetBelow, detail: (m) => `need met ${m.toFixed(2)} < ${config.needMetBelow}` },
    { area: "policy", metric: "policy", threshold: config.policyBelow, detail: (m) => `policy kept ${m.toFixed(2)} < ${config.policyBelow}` },
    { area: "noRepeatedQuestion", metric: "noRepeatedQuestion", threshold: config.repeatsBelow, detail: (m) => `no repeated question ${m.toFixed(2)} < ${config.repeatsBelow}` },
    { area: "handoverNeeded", metric: "handoverNeeded", threshold: config.handoverBelow, detail: (m) => `needed hand-overs ${m.toFixed(2)} < ${config.handoverBelow}` },
    { area: "turnsToOutcome", metric: "turnsToOutcome", threshold: config.turnsBelow, detail: (m) => `turns to outcome ${m.toFixed(2)} < ${config.turnsBelow}` },
  ];
  const out: Partial<Record<Role, WeakArea[]>> = {};
  for (const rule of rules) {
    for (const role of AREA_ROLES[rule.area]) {
      const values = episodes.filter((e) => served(role, e)).map((e) => e.scores[rule.metric]).filter((v): v is number => v !== undefined);
      if (values.length < config.minWeakSamples) continue;
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      if (mean >= rule.threshold) continue;
      (out[role] ??= []).push({ area: rule.area, role, metric: rule.metric, mean, threshold: rule.threshold, samples: values.length, detail: rule.detail(mean) });
    }
  }
  return out;
}
