import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { z } from "zod";
import { structuredCall, type AnswerSpec, type ChatModelSource } from "../engines/llm/call.js";
import { PromptSection, type Role } from "../memory/schemas.js";
import type { Rewrite } from "./rewrite-rules.js";
import type { WeakArea } from "./weak-areas.js";

export const LlmRewriteAnswer = z.object({
  sections: z.array(PromptSection).min(1).describe("the whole prompt, every section in order"),
  changes: z.array(z.string()).min(1).describe("one line per section added or revised, saying why"),
});

const SPEC: AnswerSpec<typeof LlmRewriteAnswer> = {
  name: "submit_prompt",
  description: "Submit the rewritten role prompt.",
  schema: LlmRewriteAnswer,
};

const METAPROMPT =
  "You improve the role prompts of a telecom customer-support agent from measured weaknesses. You receive one role's " +
  "prompt as sections (id, title, kind, text) and its weak areas with their figures. Add or revise GUIDELINE sections only, " +
  "in short imperative sentences that address each weak area. Copy every guardrail and instruction section exactly as given. " +
  "Return the whole prompt.";

/** A whole prompt is a long answer; past this the round keeps the rule-based rewrite (evolve.ts catches the error). */
const REWRITE_TIMEOUT_MS = 60_000;

/**
 * The LLM metaprompt rewrite: one forced function call, validated with zod.
 * Its result goes through the same guardrail check as the rule-based rewrite.
 */
export async function rewriteWithLlm(model: ChatModelSource, role: Role, sections: PromptSection[], areas: WeakArea[]): Promise<Rewrite> {
  const input = { role, sections, weakAreas: areas.map(({ area, detail, samples }) => ({ area, detail, samples })) };
  const answer = await structuredCall(model, SPEC, [new SystemMessage(METAPROMPT), new HumanMessage(`Answer by calling ${SPEC.name}. Input as JSON:\n${JSON.stringify(input)}`)], {
    timeoutMs: REWRITE_TIMEOUT_MS,
  });
  return { sections: answer.sections, changes: answer.changes };
}
