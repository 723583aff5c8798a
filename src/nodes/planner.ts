import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { IntentAnalysis, IntentLabel, PlanDecision, PlanStep } from "../domain/support.js";
import type { CustomerState, SupportStateUpdate, SupportStateValue } from "../graph/state.js";
import type { TelecomBackend } from "../backend/types.js";
import { degradeOnFailure } from "./guard.js";
import { lastCustomerMessage, startNode, type NodeRun } from "./node-run.js";

/** Intents that need the customer's account, and so a verified identity first. */
const NEEDS_IDENTITY: IntentLabel[] = [
  "mobile_no_service",
  "mobile_no_data",
  "mobile_slow_data",
  "mms_issue",
  "roaming_abroad",
  "broadband_drops",
  "broadband_slow",
  "broadband_outage",
  "bill_explain",
  "bill_dispute",
  "bill_payment",
  "line_suspended",
  "plan_upgrade",
  "data_topup",
];
const MAX_FAILED_VERIFICATIONS = 3;

/**
 * The controller. Decides the next move of the turn through the planner engine,
 * verifies identity when the plan asks for it, and enforces what no engine may
 * override: the step bound, hand-over when a procedure or verification cannot go on.
 */
export async function plannerNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
  const run = startNode(state, config);
  const stepsThisTurn = state.stepsThisTurn + 1;
  const finish = (plan: PlanDecision, update: SupportStateUpdate = {}, note?: string): SupportStateUpdate => ({
    ...update,
    plan,
    stepsThisTurn,
    taken: [...state.taken, ...plan.next],
    trace: [run.trace("planner", "planner", note ?? `${plan.next.join("+")}: ${plan.reason}`)],
  });

  if (stepsThisTurn > run.config.maxStepsPerTurn) {
    return finish({ next: ["reply"], reason: `step limit of ${run.config.maxStepsPerTurn} reached for this turn`, goals: [] });
  }
  const alreadyHandedOver = state.escalation?.turn === state.turn;
  if (!alreadyHandedOver && state.troubleshooting?.status === "handover") {
    return finish({ next: ["handover"], reason: state.troubleshooting.note ?? "the diagnostic procedure cannot go further without a person", goals: [] });
  }
  if (!alreadyHandedOver && state.customer.failedAttempts >= MAX_FAILED_VERIFICATIONS) {
    return finish({ next: ["handover"], reason: "identity could not be verified", goals: [] });
  }

  const intent = effectiveIntent(state);
  if (!intent) return finish({ next: ["reply"], reason: "nothing to act on", goals: [] });
  let customer = state.customer;
  // "How much is a Travel Pass?" is answered from the knowledge base; no account is needed.
  const question = isInformationQuestion(lastCustomerMessage(state.messages));
  // Once the specialists have reported, closing the turn follows policy: the LLM planner (when configured) decides
  // what to do, not how to finish, which keeps one LLM call off the turn's critical path.
  const specialistsRan = state.taken.some((step) => step === "technical" || step === "knowledge");
  const planner = specialistsRan ? run.deps.localEngines.planner : run.engines.planner;
  const plan = () =>
    planner.plan({
      intent,
      customer,
      troubleshooting: state.troubleshooting,
      knowledge: state.knowledgeFindings,
      escalation: alreadyHandedOver ? state.escalation : null,
      taken: state.taken,
      needsIdentity: NEEDS_IDENTITY.includes(intent.primary) && !question,
      thresholds: { clarifyBelow: run.config.clarifyBelow, handoverBelow: run.config.handoverBelow },
      prompt: run.prompt("planner"),
    });

  let decision = withoutAccountWork(await plan(), customer, state.taken);
  if (!decision.next.includes("verify_identity") || customer.verified) return finish(decision);

  const verification = await verifyIdentity(run, state, customer, String(config.configurable?.thread_id ?? ""));
  customer = verification.customer;
  if (!customer.verified) {
    return finish({ ...decision, next: ["verify_identity"] }, { customer, notes: verification.note ? [verification.note] : [] });
  }
  decision = await plan();
  // Now that we know who this is, their history belongs in this turn's context too.
  const history = await degradeOnFailure("memory", () => run.deps.memory.episodic.history(customer.customerId!, { limit: run.config.historyLimit }), [], run.degraded);
  const memory = { ...state.memory, history: history.map((e) => ({ intent: e.intent, outcome: e.outcome, summary: e.summary, createdAt: e.createdAt })) };
  return finish(decision, { customer, memory, degraded: run.degraded }, `verified; ${decision.next.join("+")}: ${decision.reason}`);
}

/** Unverified, the planner may only use what needs no account: technical work becomes a knowledge lookup. */
function withoutAccountWork(decision: PlanDecision, customer: CustomerState, taken: PlanStep[]): PlanDecision {
  if (customer.verified || !decision.next.includes("technical")) return decision;
  // Once the knowledge base has answered this turn, asking it again would loop to the step limit.
  const next = [...new Set(decision.next.map((step) => (step === "technical" ? "knowledge" : step)))].filter(
    (step) => step !== "knowledge" || !taken.includes("knowledge"),
  );
  return next.length > 0 ? { ...decision, next } : { ...decision, next: ["reply"], reason: `${decision.reason}; the knowledge base already answered, replying` };
}

const PROBLEM_WORDS = /\b(not working|doesn'?t work|won'?t|can'?t|cannot|no (signal|service|internet|data|bars)|stopped|keeps? (dropping|cutting)|slow|problem|issue|broken|fail)/i;
const QUESTION_START = /^\s*(how (much|many|do|does|can|long)|what('?s| is| are| does)?|when|which|where|can i|could i|do you|does|is there|are there|tell me about)\b/i;

/** A question about products or policy rather than a problem with the customer's own service. */
function isInformationQuestion(message: string): boolean {
  return QUESTION_START.test(message) && !PROBLEM_WORDS.test(message);
}

/** A continuation (identity details, a greeting) serves the issue the customer opened earlier. */
function effectiveIntent(state: SupportStateValue): IntentAnalysis | null {
  const intent = state.intentAnalysis;
  if (!intent) return state.openIssue;
  const continues = intent.primary === "provide_identity" || intent.primary === "greeting";
  return continues && state.openIssue ? { ...state.openIssue, entities: intent.entities } : intent;
}

async function verifyIdentity(
  run: NodeRun,
  state: SupportStateValue,
  claims: CustomerState,
  threadId: string,
): Promise<{ customer: CustomerState; note?: string }> {
  const { phoneNumber, fullName, dateOfBirth } = claims;
  const backend: TelecomBackend = run.deps.backend;
  const ctx = { threadId };
  let result;
  if (phoneNumber && (fullName || dateOfBirth)) result = await backend.findCustomerByPhone(ctx, { phoneNumber, fullName, dateOfBirth });
  else if (fullName && dateOfBirth) result = await backend.findCustomerByNameAndDob(ctx, { fullName, dateOfBirth });
  else return { customer: claims }; // not enough given yet: the reply asks for what is missing

  if (result.ok && result.verified) {
    return {
      customer: { ...claims, verified: true, customerId: result.customerId, firstName: result.firstName, tier: result.tier, failedAttempts: 0 },
    };
  }
  // A mismatch: forget the details that did not match so the customer can give them again.
  const failedAttempts = state.customer.failedAttempts + 1;
  return {
    customer: { ...claims, fullName: undefined, dateOfBirth: undefined, failedAttempts },
    note: `the details given did not match our records (attempt ${failedAttempts} of ${MAX_FAILED_VERIFICATIONS})`,
  };
}

/** Where the graph goes after the planner. */
export function routeFromPlanner(state: SupportStateValue): ("technical" | "knowledge" | "handover" | "dialogue")[] {
  const next = state.plan?.next ?? ["reply"];
  if (next.includes("handover")) return ["handover"];
  const specialists = next.filter((step): step is "technical" | "knowledge" => step === "technical" || step === "knowledge");
  return specialists.length > 0 ? specialists : ["dialogue"];
}
