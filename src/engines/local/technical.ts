import type { IntentLabel } from "../../domain/support.js";
import type { ReplyReading } from "../../domain/customer-actions.js";
import type { AnswerInterpretation, ChooseProcedureInput, InterpretInput, ProcedureChoice, ReadReplyInput, TechnicalEngine } from "../types.js";
import { interpretAnswer, readReply } from "./interpret.js";
import { readGuidelines } from "./guidelines.js";
import type { RolePrompt } from "../types.js";
import { DEFAULT_DIAGNOSIS_POLICY, type DiagnosisPolicy } from "../../diagnostics/layered.js";

/**
 * Local technical engine: reads answers with the cue table in interpret.ts, and
 * picks procedures by intent first, symptom similarity second.
 */

/** The procedure each problem intent starts. */
export const INTENT_PROCEDURES: Partial<Record<IntentLabel, string>> = {
  mobile_no_service: "mobile-no-service",
  mobile_no_data: "mobile-no-data",
  mobile_slow_data: "mobile-slow-data",
  mms_issue: "mms-not-sending",
  roaming_abroad: "roaming-no-data",
  broadband_drops: "broadband-drops",
  broadband_slow: "broadband-slow",
  broadband_outage: "broadband-outage",
  line_suspended: "suspended-line",
};

/** Below this symptom similarity a candidate is not trusted on its own. */
const MIN_SIMILARITY = 0.45;
/** Roaming questions that are about prices, not a fault, need no procedure. */
const ROAMING_QUESTION = /\b(how much|cost|price|charge|what is|do i need|before (?:my|i) (?:trip|travel|go))\b/i;
const ROAMING_FAULT = /\b(no (?:data|signal|service|internet)|won'?t (?:connect|work|load)|not working|doesn'?t work|can'?t (?:get online|connect|call))\b/i;

/**
 * The layered diagnosis's policy from the guidelines: step order, how strictly a
 * fix is verified and whether the carrier checks are explained come from the
 * technical prompt; when to give up and hand over comes from the planner's.
 * Whatever engine runs the role, the diagnosis itself is this deterministic code.
 */
export function diagnosisPolicyFor(technical: RolePrompt | undefined, planner?: RolePrompt): DiagnosisPolicy {
  const tech = readGuidelines(technical);
  const plan = readGuidelines(planner);
  const afterFailed = plan.handoverAfterFailedSteps ?? tech.handoverAfterFailedSteps;
  // "never hand over before trying two steps" raises any "hand over after N failed steps" to at least that.
  const atLeast = Math.max(plan.minStepsBeforeHandover ?? 0, tech.minStepsBeforeHandover ?? 0);
  return {
    ...DEFAULT_DIAGNOSIS_POLICY,
    order: tech.stepOrder,
    verifyFix: tech.verifyFix,
    explainChecks: tech.explainChecks === "always",
    ...(afterFailed !== undefined ? { handoverAfterFailedSteps: Math.max(afterFailed, atLeast) } : {}),
  };
}

export class LocalTechnicalEngine implements TechnicalEngine {
  async interpret(input: InterpretInput): Promise<AnswerInterpretation> {
    return interpretAnswer(input.message ?? "", input.procedure, input.step);
  }

  async readReply(input: ReadReplyInput): Promise<ReplyReading> {
    return readReply(input.message ?? "", input.pendingAction?.actionId);
  }

  async chooseProcedure(input: ChooseProcedureInput): Promise<ProcedureChoice> {
    return chooseProcedureSync(input);
  }
}

export function chooseProcedureSync(input: ChooseProcedureInput): ProcedureChoice {
  const available = new Set(input.candidates.map((c) => c.procedure.id));
  // When no candidate list was offered (e.g. procedural memory down), intent mapping alone decides.
  const usable = (id: string | undefined): id is string => Boolean(id) && (available.size === 0 || available.has(id!));
  const wanted: string[] = [];
  const add = (id: string | undefined) => {
    if (usable(id) && !wanted.includes(id)) wanted.push(id);
  };

  const intents = [input.intent.primary, ...input.intent.secondary];
  for (const intent of intents) {
    if (intent === "roaming_abroad" && ROAMING_QUESTION.test(input.message) && !ROAMING_FAULT.test(input.message)) continue;
    add(INTENT_PROCEDURES[intent]);
  }
  if (wanted.length === 0) {
    // No problem intent: trust the best symptom match only when it is close.
    const best = [...input.candidates].sort((a, b) => b.similarity - a.similarity)[0];
    if (best && best.similarity >= MIN_SIMILARITY && intents.every((i) => !NON_TECHNICAL.has(i))) add(best.procedure.id);
  }
  const [procedureId, ...others] = wanted;
  return { procedureId: procedureId ?? null, others };
}

const NON_TECHNICAL = new Set<IntentLabel>([
  "bill_explain", "bill_dispute", "bill_payment", "plan_info", "plan_upgrade", "moving_house", "account_security", "human_request", "goodbye", "greeting", "out_of_scope",
]);
