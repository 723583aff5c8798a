import { _inferModelProvider, initChatModel, MODEL_PROVIDER_CONFIG } from "@langchain/classic/chat_models/universal";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { LlmUnavailableError } from "./call.js";
import { environment, type Environment } from "../../config/settings.js";

/** Key sent to OpenAI-compatible servers that need none (Ollama, vLLM, the test stub). */
export const PLACEHOLDER_API_KEY = "not-needed";

/** What the LLM layer reads of a run's configuration (the graph's SupportConfiguration has these fields). */
export interface LlmSettings {
  /** `provider:model`, or a bare model name (see createChatModel). */
  model: string;
  llmBaseUrl?: string;
  llmTimeoutMs: number;
  llmMaxRetries: number;
}

export interface ChatModelOptions {
  /** Overrides OPENAI_API_KEY. */
  apiKey?: string;
  env?: Environment;
}

/**
 * The chat model of the LLM engines, built by LangChain's `initChatModel` from
 * `config.model` as `provider:model`:
 * - `gpt-4o-mini` or `openai:gpt-4o-mini`: OpenAI (OPENAI_API_KEY), or any
 *   OpenAI-compatible server through `llmBaseUrl` (Ollama `http://localhost:11434/v1`,
 *   vLLM, LiteLLM, Azure's `https://<resource>.openai.azure.com/openai/v1`); with a
 *   base URL, an unprefixed name (`llama3.1:8b`) goes to that server.
 * - `anthropic:claude-...`, `ollama:llama3.1`, `google-genai:gemini-...`,
 *   `mistralai:...`, `groq:...`, `bedrock:...`: need their package installed
 *   (`npm install @langchain/anthropic`, `@langchain/ollama`, `@langchain/google-genai`,
 *   ...) and read their own keys from the environment. Only `@langchain/openai`
 *   is installed and tested here.
 * Deterministic (temperature 0), with the run's retry budget; the deadline of a
 * call is set per call (see call.ts), what happens after is the fallback's business.
 *
 * Resolves to the model, or rejects with LlmUnavailableError (OpenAI without a
 * key and base URL, an unknown provider). A provider package that is not
 * installed fails at the first call. The promise is marked handled, so a caller
 * may keep it unawaited until a role needs the model.
 */
export function createChatModel(config: LlmSettings, options: ChatModelOptions = {}): Promise<BaseChatModel> {
  const model = build(config, options);
  model.catch(() => undefined);
  return model;
}

async function build(config: LlmSettings, options: ChatModelOptions): Promise<BaseChatModel> {
  const env = options.env ?? environment();
  const baseURL = config.llmBaseUrl?.trim() || undefined;
  // Split here rather than in initChatModel, which keeps only the first ":" part of the name (`ollama:llama3.1:8b`).
  const [head = "", ...rest] = config.model.split(":");
  const named = rest.length > 0 && head in MODEL_PROVIDER_CONFIG;
  const name = named ? rest.join(":") : config.model;
  const provider = named ? head : baseURL ? "openai" : _inferModelProvider(name);
  if (!provider) throw new LlmUnavailableError(`Cannot tell the provider of model "${name}": write it as provider:model, e.g. openai:${name}`);
  // configurableFields []: the run's `configurable.model` must not re-pick the model at call time.
  const fields = { modelProvider: provider, temperature: 0, maxRetries: config.llmMaxRetries, configurableFields: [] as string[] };
  if (provider !== "openai") return (await initChatModel(name, fields)) as unknown as BaseChatModel;
  const apiKey = options.apiKey || env.OPENAI_API_KEY || (baseURL ? PLACEHOLDER_API_KEY : undefined);
  if (!apiKey) throw new LlmUnavailableError("No OPENAI_API_KEY and no llmBaseUrl: the LLM engines cannot reach a model");
  return (await initChatModel(name, { ...fields, apiKey, configuration: baseURL ? { baseURL } : undefined })) as unknown as BaseChatModel;
}
