import { ChatOpenAI } from "@langchain/openai";
import type { SupportConfiguration } from "../../graph/configuration.js";

/** Key sent to OpenAI-compatible servers that need none (Ollama, vLLM, the test stub). */
export const PLACEHOLDER_API_KEY = "not-needed";

export interface ChatModelOptions {
  /** Overrides OPENAI_API_KEY. */
  apiKey?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * The chat model of the LLM engines: OpenAI by default, or any OpenAI-compatible
 * server through `llmBaseUrl` (Ollama `http://localhost:11434/v1`, vLLM
 * `http://host:8000/v1`, LiteLLM, ...). Deterministic (temperature 0), with the
 * run's timeout and retry budget; what happens after the retries is the
 * fallback's business (see fallback.ts).
 *
 * Azure OpenAI: either point `llmBaseUrl` at the deployment's OpenAI-compatible
 * endpoint (`https://<resource>.openai.azure.com/openai/v1`, key in
 * OPENAI_API_KEY) or hand `createEngines` an `AzureChatOpenAI` from
 * `@langchain/openai` (azureOpenAIApiInstanceName, azureOpenAIApiDeploymentName,
 * azureOpenAIApiVersion, AZURE_OPENAI_API_KEY) as its `chatModel`.
 *
 * Throws when neither a key nor a base URL is available (OpenAI itself needs a key).
 */
export function createChatModel(config: SupportConfiguration, options: ChatModelOptions = {}): ChatOpenAI {
  const env = options.env ?? process.env;
  const baseURL = config.llmBaseUrl?.trim() || undefined;
  const apiKey = options.apiKey || env.OPENAI_API_KEY || (baseURL ? PLACEHOLDER_API_KEY : undefined);
  if (!apiKey) throw new Error("No OPENAI_API_KEY and no llmBaseUrl: the LLM engines cannot reach a model");
  return new ChatOpenAI({
    model: config.model,
    apiKey,
    temperature: 0,
    timeout: config.llmTimeoutMs,
    maxRetries: config.llmMaxRetries,
    configuration: baseURL ? { baseURL } : undefined,
  });
}
