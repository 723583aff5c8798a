import path from "node:path";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import { ConfigurationError } from "../graph/configuration.js";
import { PROJECT_ROOT } from "../graph/dependencies.js";

/**
 * Settings of prompt evolution and A/B testing. Defaults are the brief's
 * thresholds; a run overrides them in `configurable`, the environment names the
 * decision log.
 */
export const EvolutionConfig = z.object({
  empathyBelow: z.number().min(0).max(1).default(0.7).describe("weak empathy: mean empathy below this"),
  maxReplyWords: z.number().int().positive().default(200).describe("weak conciseness: mean reply longer than this many words"),
  contextUseBelow: z.number().min(0).max(1).default(0.8).describe("weak use of context: mean context use below this"),
  completenessBelow: z.number().min(0).max(1).default(0.9).describe("weak diagnosis: mean diagnostic completeness below this"),
  minWeakSamples: z.number().int().positive().default(5).describe("scored conversations needed before an area can be called weak"),
  minOutcomes: z.number().int().min(2).default(10).describe("outcomes each version needs before an A/B decision"),
  margin: z.number().min(0).max(1).default(0.02).describe("how much better a candidate must be to be promoted (and how far a promoted one may fall before rollback)"),
  alpha: z.number().gt(0).lt(1).default(0.05).describe("significance level of the one-sided Welch t-test"),
  regressionWindow: z.number().int().min(2).default(20).describe("recent outcomes of a promoted version compared with its parent"),
  rewriter: z.enum(["local", "llm"]).default("local").describe("rule-based rewrite, or an LLM metaprompt rewrite"),
  decisionsFile: z.string().default(path.join(PROJECT_ROOT, ".data", "prompt-decisions.jsonl")).describe("JSONL log of every evolution decision"),
});
export type EvolutionConfig = z.infer<typeof EvolutionConfig>;

export function ensureEvolutionConfig(config?: LangGraphRunnableConfig | Partial<EvolutionConfig>, env: NodeJS.ProcessEnv = process.env): EvolutionConfig {
  const values = config && "configurable" in config ? (config.configurable ?? {}) : ((config ?? {}) as Record<string, unknown>);
  const known = Object.fromEntries(Object.entries(values).filter(([key, v]) => key in EvolutionConfig.shape && v !== undefined && v !== null));
  const fromEnv = env.PROMPT_DECISIONS_FILE?.trim() ? { decisionsFile: env.PROMPT_DECISIONS_FILE.trim() } : {};
  const parsed = EvolutionConfig.safeParse({ ...fromEnv, ...known });
  if (!parsed.success) {
    throw new ConfigurationError(`Invalid prompt evolution configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
