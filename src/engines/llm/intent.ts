import { IntentAnalysis } from "../../domain/support.js";
import type { IntentEngine, IntentInput } from "../types.js";
import { LlmRoleEngine } from "./call.js";

/** Intent by the model: one forced `intent_analysis` call per message. */
export class LlmIntentEngine extends LlmRoleEngine implements IntentEngine {
  readonly role = "intent";

  analyze(input: IntentInput): Promise<IntentAnalysis> {
    return this.ask(
      "analyze",
      input.prompt,
      {
        name: "intent_analysis",
        description: "The customer's intents, entities, sentiment, urgency and your confidence in the primary intent.",
        schema: IntentAnalysis,
      },
      { message: input.message, recent: input.recent, pendingAction: input.pendingAction },
    );
  }
}
