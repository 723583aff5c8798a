import { PlanDecision } from "../../domain/support.js";
import { describeProblems, findUntruthful } from "../../conversation/truthful-reply.js";
import type { PlannerEngine, PlannerInput } from "../types.js";
import { LlmOutputError, LlmRoleEngine, type LlmEngineOptions } from "./call.js";

/**
 * Planning by the model: one forced `plan_decision` call per planner step. The
 * planner only chooses specialists or asks a question: it cannot accept a
 * proposal or run an action (the account role proposes, and only the customer's
 * own yes accepts). Its clarifying question reaches the customer as written, so
 * it is held to the same truth check as a reply: no claimed action, no internal text.
 */
export class LlmPlannerEngine extends LlmRoleEngine implements PlannerEngine {
  constructor(options: LlmEngineOptions) {
    super("planner", options);
  }

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
    const question = decision.clarifyingQuestion;
    const problems = question ? findUntruthful(question, { accountActions: [] }) : [];
    if (problems.length > 0) throw new LlmOutputError("untruthful_reply", `plan_decision.clarifyingQuestion: ${describeProblems(problems)}`);
    return decision;
  }
}
