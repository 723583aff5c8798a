import { PlanDecision } from "../../domain/support.js";
import type { PlannerEngine, PlannerInput } from "../types.js";
import { LlmRoleEngine, requireTruthful } from "./call.js";

/**
 * Planning by the model: one forced `plan_decision` call per planner step. The
 * planner only chooses specialists or asks a question: it cannot accept a
 * proposal or run an action (the account role proposes, and only the customer's
 * own yes accepts). Its clarifying question reaches the customer as written, so
 * it is held to the same truth check as a reply: no claimed action, no internal text.
 */
export class LlmPlannerEngine extends LlmRoleEngine implements PlannerEngine {
  readonly role = "planner";

  async plan(input: PlannerInput): Promise<PlanDecision> {
    const { prompt, knowledge, ...rest } = input;
    const decision = await this.ask(
      "plan",
      prompt,
      {
        name: "plan_decision",
        description: "The specialists to run next (in parallel), or the final move of this turn, with the reason.",
        schema: PlanDecision,
      },
      // Passages stay with the knowledge role; the planner needs the answer and whether it is covered.
      { ...rest, knowledge: knowledge && { answer: knowledge.answer, covered: knowledge.covered } },
    );
    if (decision.clarifyingQuestion) requireTruthful("plan_decision.clarifyingQuestion", decision.clarifyingQuestion, { accountActions: [] });
    return decision;
  }
}
