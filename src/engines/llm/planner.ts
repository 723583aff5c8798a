import { PlanDecision } from "../../domain/support.js";
import type { PlannerEngine, PlannerInput } from "../types.js";
import { LlmRoleEngine, type LlmEngineOptions } from "./call.js";

/** Planning by the model: one forced `plan_decision` call per planner step. */
export class LlmPlannerEngine extends LlmRoleEngine implements PlannerEngine {
  constructor(options: LlmEngineOptions) {
    super("planner", options);
  }

  plan(input: PlannerInput): Promise<PlanDecision> {
    const { prompt, knowledge, ...rest } = input;
    return this.structured(
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
  }
}
