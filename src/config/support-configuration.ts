import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import { environment, type Environment } from "./settings.js";

export const EngineKind = z.enum(["local", "llm"]);
export type EngineKind = z.infer<typeof EngineKind>;

/**
 * Per-run configuration of the support graph. Studio shows and edits these
 * fields; a service passes them in `configurable` (or `context`). Defaults come
 * from the environment where one is documented, else from here.
 */
export const SupportConfiguration = z.object({
  plannerEngine: EngineKind.default("local").describe("engine of the planner role"),
  intentEngine: EngineKind.default("local").describe("engine of the intent role"),
  technicalEngine: EngineKind.default("local").describe("engine of the technical role"),
  knowledgeEngine: EngineKind.default("local").describe("engine of the knowledge role"),
  dialogueEngine: EngineKind.default("local").describe("engine of the dialogue role"),
  model: z.string().default("gpt-4o-mini").describe("chat model of the LLM engines"),
  llmBaseUrl: z.string().optional().describe("OpenAI-compatible base URL (Azure, Ollama, vLLM); OpenAI when unset"),
  llmTimeoutMs: z.number().int().positive().default(20_000).describe("timeout of one LLM call"),
  llmMaxRetries: z.number().int().nonnegative().default(1).describe("retries of one LLM call before falling back to local"),
  clarifyBelow: z.number().min(0).max(1).default(0.8).describe("ask a clarifying question below this intent confidence"),
  handoverBelow: z.number().min(0).max(1).default(0.4).describe("hand over to a human when no intent reaches this confidence"),
  maxStepsPerTurn: z.number().int().min(2).max(20).default(6).describe("planner decisions allowed in one turn"),
  dateOrder: z.enum(["dmy", "mdy"]).default("mdy").describe("how to read a numeric date like 04/07/1990 when both readings are possible"),
  knowledgeK: z.number().int().min(1).max(20).default(4).describe("passages retrieved per knowledge lookup"),
  similarCasesK: z.number().int().min(0).max(20).default(3).describe("similar past cases read per turn"),
  historyLimit: z.number().int().min(0).max(50).default(5).describe("past episodes of this customer read per turn"),
  scorer: EngineKind.default("local").describe("how finished conversations are scored: local rules, or the LLM judge"),
  rating: z.number().int().min(1).max(5).optional().describe("the customer's 1-5 rating of this conversation, scored as feedback"),
  candidateShare: z.number().min(0).max(1).default(0.5).describe("share of conversations a candidate prompt version serves"),
});
export type SupportConfiguration = z.infer<typeof SupportConfiguration>;

/** The one place that fills defaults: run config (configurable, then context) over the environment. */
export function ensureConfiguration(config?: LangGraphRunnableConfig, env: Environment = environment()): SupportConfiguration {
  const fromEnv = {
    model: env.LLM_MODEL || undefined,
    llmBaseUrl: env.OPENAI_BASE_URL || undefined,
    scorer: env.SCORER || undefined,
    candidateShare: numberOf(env.PROMPT_CANDIDATE_SHARE),
    ...Object.fromEntries(
      (["planner", "intent", "technical", "knowledge", "dialogue"] as const)
        .map((role) => [`${role}Engine`, env[`${role.toUpperCase() as Uppercase<typeof role>}_ENGINE`] || env.ROLE_ENGINES || undefined])
        .filter(([, value]) => value !== undefined),
    ),
  };
  const runValues = { ...(config?.configurable ?? {}), ...((config as { context?: object } | undefined)?.context ?? {}) };
  const known = Object.fromEntries(
    Object.entries(runValues).filter(([key, value]) => key in SupportConfiguration.shape && value !== undefined && value !== null),
  );
  const parsed = SupportConfiguration.safeParse({ ...stripUndefined(fromEnv), ...known });
  if (!parsed.success) {
    throw new ConfigurationError(`Invalid support graph configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

const stripUndefined = (value: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

const numberOf = (raw: string | undefined) => (raw?.trim() ? Number(raw) : undefined);
