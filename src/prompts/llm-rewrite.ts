import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage, type AIMessage } from "@langchain/core/messages";
import type { Runnable } from "@langchain/core/runnables";
import { z } from "zod";
import { answerTool, parseAnswer, type AnswerSpec } from "../engines/llm/call.js";
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

/**
 * The LLM metaprompt rewrite: one forced function call, validated with zod.
 * Its result goes through the same guardrail check as the rule-based rewrite.
 */
export async function rewriteWithLlm(model: BaseChatModel, role: Role, sections: PromptSection[], areas: WeakArea[]): Promise<Rewrite> {
  if (typeof model.bindTools !== "function") throw new Error("the chat model does not support tool calling");
  const bound = model.bindTools([answerTool(SPEC)] as never, { tool_choice: { type: "function", function: { name: SPEC.name } } } as never) as unknown as Runnable<
    (SystemMessage | HumanMessage)[],
    AIMessage
  >;
  const input = { role, sections, weakAreas: areas.map(({ area, detail, samples }) => ({ area, detail, samples })) };
  const message = await bound.invoke([new SystemMessage(METAPROMPT), new HumanMessage(`Answer by calling ${SPEC.name}. Input as JSON:\n${JSON.stringify(input)}`)]);
  const answer = parseAnswer(message, SPEC);
  return { sections: answer.sections, changes: answer.changes };
}
