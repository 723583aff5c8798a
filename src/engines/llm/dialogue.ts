import { DialogueReply, type DialogueEngine, type DialogueInput } from "../types.js";
import { LlmRoleEngine, type LlmEngineOptions } from "./call.js";

/** The customer-facing reply by the model: one forced `dialogue_reply` call per turn. */
export class LlmDialogueEngine extends LlmRoleEngine implements DialogueEngine {
  constructor(options: LlmEngineOptions) {
    super("dialogue", options);
  }

  compose(input: DialogueInput): Promise<DialogueReply> {
    const { prompt, knowledge, ...rest } = input;
    return this.structured(
      "compose",
      prompt,
      { name: "dialogue_reply", description: "The reply the customer reads.", schema: DialogueReply },
      {
        ...rest,
        knowledge: knowledge && { answer: knowledge.answer, covered: knowledge.covered, citations: knowledge.citations },
      },
    );
  }
}
