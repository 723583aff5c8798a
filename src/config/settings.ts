import { z } from "zod";

/**
 * Process-level settings read from the environment: where Chroma lives and which
 * embedder builds the vectors. Per-run graph configuration (models, thresholds)
 * lives in the graph's own configuration schema; these are the things a process
 * needs before any graph exists.
 */
export const Settings = z.object({
  chroma: z.object({
    /** Remote server; when unset the embedded server is started on `dataDir`. */
    url: z.string().url().optional(),
    authToken: z.string().optional(),
    tenant: z.string().optional(),
    database: z.string().optional(),
    dataDir: z.string().default(".data/chroma"),
    /** Prefix of every collection name, so several deployments can share one server. */
    collectionPrefix: z.string().regex(/^[a-zA-Z0-9_-]+$/).default("telecom"),
    startTimeoutMs: z.number().int().positive().default(30_000),
  }),
  embeddings: z.object({
    provider: z.enum(["local", "openai"]).default("local"),
    openaiModel: z.string().default("text-embedding-3-small"),
    openaiApiKey: z.string().optional(),
    openaiBaseUrl: z.string().url().optional(),
  }),
  memory: z.object({
    workingTtlMinutes: z.number().positive().default(30),
  }),
});
export type Settings = z.infer<typeof Settings>;
export type SettingsInput = z.input<typeof Settings>;

/**
 * Every environment variable the project reads (each documented in the README). This module is the one place that
 * reads the process environment: `environment()` gives the others a snapshot of these variables, which they take as a
 * parameter (tests pass their own).
 */
export const ENVIRONMENT_VARIABLES = [
  // Chroma, embeddings, working memory: loadSettings below
  "CHROMA_URL", "CHROMA_AUTH_TOKEN", "CHROMA_TENANT", "CHROMA_DATABASE", "CHROMA_DATA_DIR", "CHROMA_COLLECTION_PREFIX",
  "EMBEDDINGS_PROVIDER", "OPENAI_EMBEDDINGS_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "WORKING_MEMORY_TTL_MINUTES",
  // the support graph's configuration (src/config/support-configuration.ts) and its LLM (src/engines/llm)
  "LLM_MODEL", "SCORER", "PROMPT_CANDIDATE_SHARE", "ROLE_ENGINES",
  "PLANNER_ENGINE", "INTENT_ENGINE", "TECHNICAL_ENGINE", "KNOWLEDGE_ENGINE", "DIALOGUE_ENGINE",
  // checkpoints (src/config/checkpointer.ts) and the serving process (src/server)
  "CHECKPOINT_URL", "CHECKPOINT_DB", "CHECKPOINT_SCHEMA", "CHECKPOINT_POOL_SIZE", "CHECKPOINT_DURABILITY", "HOST", "PORT",
  // the simulated backend, monitoring, prompt evolution
  "TELECOM_DATASET", "TELECOM_STATE_DIR",
  "MONITORING_DIR", "MONITORING_RESPONSE_MS", "MONITORING_TOKENS_PER_TURN", "MONITORING_ERROR_RATE", "MONITORING_SCORE_DRIFT",
  "PROMPT_DECISIONS_FILE",
  // stack traces in error messages
  "DEBUG",
] as const;
export type EnvironmentVariable = (typeof ENVIRONMENT_VARIABLES)[number];
/** The project's environment variables that are set. */
export type Environment = Partial<Record<EnvironmentVariable, string>>;

/** A snapshot of the project's environment variables from `env` (the process environment unless given). */
export function environment(env: NodeJS.ProcessEnv = process.env, names: readonly EnvironmentVariable[] = ENVIRONMENT_VARIABLES): Environment {
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
}

/** Only the named variables of this process's environment (for reads on every turn: each is a lookup). */
export const environmentOf = (names: readonly EnvironmentVariable[]): Environment => environment(process.env, names);

const blankToUndefined = (value: string | undefined) => (value && value.trim() !== "" ? value.trim() : undefined);
const numberOrUndefined = (value: string | undefined) => {
  const text = blankToUndefined(value);
  return text === undefined ? undefined : Number(text);
};

/** Settings from environment variables (documented in the README), with overrides on top. */
export function loadSettings(env: Environment = environment(), overrides: Partial<SettingsInput> = {}): Settings {
  const fromEnv: SettingsInput = {
    chroma: {
      url: blankToUndefined(env.CHROMA_URL),
      authToken: blankToUndefined(env.CHROMA_AUTH_TOKEN),
      tenant: blankToUndefined(env.CHROMA_TENANT),
      database: blankToUndefined(env.CHROMA_DATABASE),
      dataDir: blankToUndefined(env.CHROMA_DATA_DIR),
      collectionPrefix: blankToUndefined(env.CHROMA_COLLECTION_PREFIX),
    },
    embeddings: {
      provider: blankToUndefined(env.EMBEDDINGS_PROVIDER) as "local" | "openai" | undefined,
      openaiModel: blankToUndefined(env.OPENAI_EMBEDDINGS_MODEL),
      openaiApiKey: blankToUndefined(env.OPENAI_API_KEY),
      openaiBaseUrl: blankToUndefined(env.OPENAI_BASE_URL),
    },
    memory: { workingTtlMinutes: numberOrUndefined(env.WORKING_MEMORY_TTL_MINUTES) },
  };
  const merged = {
    chroma: { ...fromEnv.chroma, ...overrides.chroma },
    embeddings: { ...fromEnv.embeddings, ...overrides.embeddings },
    memory: { ...fromEnv.memory, ...overrides.memory },
  };
  const parsed = Settings.safeParse(merged);
  if (!parsed.success) {
    throw new SettingsError(`Invalid settings (check your environment variables):\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export class SettingsError extends Error {
  override name = "SettingsError";
}
