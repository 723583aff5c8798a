import type { SupportConfiguration } from "../config/support-configuration.js";
import type { ChatModelSource } from "../engines/llm/call.js";
import { createChatModel } from "../engines/llm/chat-model.js";
import { LlmJudge } from "./llm-judge.js";
import { LocalScorer, type Scorer } from "./scorer.js";

/**
 * The scorer a run asks for (`scorer`: local by default, or the LLM judge on the
 * run's chat model). A judge that cannot be built (no key, no base URL) leaves
 * the local scorer, with the reason.
 */
export function createScorer(config: Pick<SupportConfiguration, "scorer"> & SupportConfiguration, chatModel?: ChatModelSource): { scorer: Scorer; note?: string } {
  if (config.scorer !== "llm") return { scorer: new LocalScorer() };
  try {
    return { scorer: new LlmJudge(chatModel ?? createChatModel(config)) };
  } catch (error) {
    return { scorer: new LocalScorer(), note: `LLM judge unavailable, local scores used: ${(error as Error).message}` };
  }
}
