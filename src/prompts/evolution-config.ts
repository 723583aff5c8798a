import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { environment, type Environment } from "../config/settings.js";

/** Repository root (this layer may not import the graph, which knows it too). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * The outcome scores (the scorer's contract, see the team board): each is a
 * guard that a candidate may not lower by more than the margin, and that
 * rollback watches on every active version. Optional scores guard too when the
 * scorer gives them.
 */
export const GUARD_SCORES = [
  "needMet",
  "policy",
  "noRepeatedQuestion",
  "handoverNeeded",
  "turnsToOutcome",
  "empathy",
  "contextUse",
  "conciseness",
  "clarity",
  "diagnosticCompleteness",
  // Ground truth of the customer simulator (replays only): the phone's own check passes, or a person was rightly brought in.
  "verifiedSuccess",
] as const;

/**
 * Settings of prompt evolution. Defaults are the brief's thresholds; a run
 * overrides them in `configurable`, the environment names the decision log.
 */
export const EvolutionConfig = z.object({
  empathyBelow: z.number().min(0).max(1).default(0.7).describe("weak empathy: mean empathy below this"),
  maxReplyWords: z.number().int().positive().default(200).describe("weak conciseness: mean reply longer than this many words"),
  contextUseBelow: z.number().min(0).max(1).default(0.8).describe("weak use of context: mean context use below this"),
  completenessBelow: z.number().min(0).max(1).default(0.9).describe("weak diagnosis: mean diagnostic completeness below this"),
  needMetBelow: z.number().min(0).max(1).default(0.8).describe("weak outcome: share of needs met below this"),
  repeatsBelow: z.number().min(0).max(1).default(0.9).describe("weak memory of the conversation: noRepeatedQuestion below this"),
  handoverBelow: z.number().min(0).max(1).default(0.9).describe("needless hand-overs: handoverNeeded below this"),
  turnsBelow: z.number().min(0).max(1).default(0.6).describe("slow outcomes: turnsToOutcome below this"),
  policyBelow: z.number().min(0).max(1).default(1).describe("policy kept in fewer conversations than this share"),
  minWeakSamples: z.number().int().positive().default(5).describe("scored conversations needed before an area can be called weak"),
  guards: z.array(z.string().min(1)).min(1).default([...GUARD_SCORES]).describe("outcome scores no candidate may lower by more than the margin"),
  margin: z.number().min(0).max(1).default(0.02).describe("how far a guard score may fall (paired mean) before a candidate is stopped or a version rolled back"),
  alpha: z.number().gt(0).lt(1).default(0.05).describe("significance level of the paired and canary tests"),
  minOutcomes: z.number().int().min(2).default(3).describe("live outcomes a candidate and its parent each need before the canary decides (the paired gate already did the statistics)"),
  regressionWindow: z.number().int().min(2).default(20).describe("recent live outcomes of an active version the rollback watch reads"),
  maxGatesPerRound: z.number().int().min(1).max(10).default(2).describe("paired replays of new rewrites per round (each costs a replay)"),
  rewriter: z.enum(["local", "llm"]).default("local").describe("rule-based rewrite, or an LLM metaprompt rewrite"),
  decisionsFile: z.string().default(path.join(ROOT, ".data", "prompt-decisions.jsonl")).describe("JSONL log of every evolution decision"),
});
export type EvolutionConfig = z.infer<typeof EvolutionConfig>;

export class EvolutionConfigError extends Error {
  override name = "EvolutionConfigError";
}

/** Settings from a run's `configurable` (or plain values) over the environment; bad values fail with one line. */
export function ensureEvolutionConfig(config?: { configurable?: Record<string, unknown> } | Partial<EvolutionConfig>, env: Environment = environment()): EvolutionConfig {
  const values = config && "configurable" in config ? (config.configurable ?? {}) : ((config ?? {}) as Record<string, unknown>);
  const known = Object.fromEntries(Object.entries(values).filter(([key, v]) => key in EvolutionConfig.shape && v !== undefined && v !== null));
  const fromEnv = env.PROMPT_DECISIONS_FILE?.trim() ? { decisionsFile: env.PROMPT_DECISIONS_FILE.trim() } : {};
  const parsed = EvolutionConfig.safeParse({ ...fromEnv, ...known });
  if (!parsed.success) {
    throw new EvolutionConfigError(`Invalid prompt evolution configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
