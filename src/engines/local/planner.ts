import type { IntentLabel, PlanDecision, PlanStep } from "../../domain/support.js";
import type { PlannerEngine, PlannerInput } from "../types.js";
import { INTENTS } from "../../conversation/intents.js";
import type { RolePrompt } from "../types.js";
import { readGuidelines } from "./guidelines.js";

/**
 * Local planner: planning by policy. Rules apply in order; the first that fires
 * decides. A step already taken this turn is never proposed again (except
 * "reply"), so no input can loop the graph.
 */

/** Words for clarifying questions, one per intent (from the intent table). */
export const INTENT_TOPICS: Record<IntentLabel, string> = Object.fromEntries(
  Object.entries(INTENTS).map(([label, record]) => [label, record.topic]),
) as Record<IntentLabel, string>;

/** Goals as the planner understands them, for Studio and the hand-over summary. */
function goalFor(intent: IntentLabel): string {
  return `help with ${INTENT_TOPICS[intent]}`;
}


export function clarifyingQuestion(intent: PlannerInput["intent"]): string {
  const options: IntentLabel[] = [];
  for (const label of [intent.primary, ...intent.alternatives.map((a) => a.intent)]) {
    if (["greeting", "goodbye", "out_of_scope", "troubleshooting_answer", "provide_identity"].includes(label)) continue;
    if (!options.includes(label)) options.push(label);
    if (options.length === 2) break;
  }
  if (options.length === 0) return "Could you tell me a little more about what's going wrong: is it your mobile, your home broadband, or your bill?";
  if (options.length === 1) return `Just to be sure I understand: is this about ${INTENT_TOPICS[options[0]!]}?`;
  return `Is this about ${INTENT_TOPICS[options[0]!]}, or ${INTENT_TOPICS[options[1]!]}?`;
}

export class LocalPlannerEngine implements PlannerEngine {
  async plan(input: PlannerInput): Promise<PlanDecision> {
    return planSync(input);
  }
}

/** Whether the customer reads as upset (angry, fed up): a negative sentiment. */
function upset(intent: PlannerInput["intent"]): boolean {
  return intent.sentiment === "negative";
}

/**
 * The planner's guideline levers that apply before any routing (the planner node
 * asks this before its policy): "hand over when the customer is angry" sends an
 * upset customer with a problem to a person at once. Null when no guideline says so.
 */
export function guidelineMove(input: { intent: PlannerInput["intent"]; taken: PlanStep[]; escalated: boolean; prompt: RolePrompt | undefined }): PlanDecision | null {
  const knobs = readGuidelines(input.prompt);
  if (!knobs.handoverOnUpset || input.escalated || input.taken.length > 0 || (knobs.minStepsBeforeHandover ?? 0) > 0) return null;
  if (!upset(input.intent) || !INTENTS[input.intent.primary].problem) return null;
  return { next: ["handover"], reason: "the customer is upset, and the guidelines send an upset customer to a person", goals: [goalFor(input.intent.primary)] };
}

export function planSync(input: PlannerInput): PlanDecision {
  const { intent, taken, troubleshooting } = input;
  const knobs = readGuidelines(input.prompt);
  // Guideline levers: the clarifying threshold ("clarify when confidence is below 0.5"), never clarifying, and no hand-over before N steps.
  const thresholds = { ...input.thresholds, clarifyBelow: knobs.clarifyBelow ?? input.thresholds.clarifyBelow };
  const neverClarify = knobs.clarify === "never";
  const noEarlyHandover = (knobs.minStepsBeforeHandover ?? 0) > 0 || knobs.clarifyTimes === 2;
  const goals = [intent.primary, ...intent.secondary].filter((l) => !["greeting", "goodbye", "troubleshooting_answer"].includes(l)).map(goalFor);
  const done = new Set<PlanStep>(taken);
  const decide = (next: PlanStep[], reason: string, extra: Partial<PlanDecision> = {}): PlanDecision => {
    const fresh = next.filter((s) => s === "reply" || !done.has(s));
    return fresh.length > 0 ? { next: fresh, reason, goals, ...extra } : { next: ["reply"], reason: `${reason}; already done this turn, replying`, goals };
  };
  const activeTroubleshooting = troubleshooting !== null && (troubleshooting.status === "active" || troubleshooting.status === "awaiting_customer");

  // Final moves and specialists already run this turn come first: never loop.
  if (done.has("close") || done.has("handover") || done.has("clarify")) return { next: ["reply"], reason: "turn decided, replying", goals };
  if (input.escalation) return { next: ["reply"], reason: `handed over (${input.escalation.reason}), replying with the hand-over`, goals };
  if (intent.primary === "goodbye") return decide(["close"], "the customer is finished");
  if (intent.primary === "human_request") return decide(["handover"], "the customer asked for a person");
  const upsetMove = guidelineMove({ intent, taken, escalated: input.escalation !== null, prompt: input.prompt });
  if (upsetMove) return decide(upsetMove.next, upsetMove.reason);
  // A person is brought in only after a clarifying question did not help: a misread first message deserves a question, not a queue.
  if (intent.confidence < thresholds.handoverBelow && !activeTroubleshooting && (input.alreadyClarified || neverClarify)) {
    // "never hand over before trying two steps": one more, open question instead of the queue.
    if (noEarlyHandover && !neverClarify && !done.has("technical") && !done.has("knowledge")) {
      return decide(["clarify"], `still unclear after a clarifying question; the guidelines ask for more tries before a hand-over`, { clarifyingQuestion: clarifyingQuestion({ ...intent, primary: "out_of_scope", alternatives: [] }) });
    }
    return decide(["handover"], `still no intent reached the threshold after a clarifying question (best ${intent.primary} at ${intent.confidence.toFixed(2)} < ${thresholds.handoverBelow})`);
  }
  if (troubleshooting?.status === "awaiting_customer" && intent.primary === "troubleshooting_answer") {
    if (done.has("technical")) return { next: ["reply"], reason: "the answer was read, replying with the next step", goals };
    return decide(["technical"], `reading the customer's answer to step ${troubleshooting.stepId}`);
  }
  if (intent.confidence < thresholds.clarifyBelow && !neverClarify && !done.has("technical") && !done.has("knowledge")) {
    return decide(["clarify"], `intent ${intent.primary} at ${intent.confidence.toFixed(2)} is below ${thresholds.clarifyBelow}`, {
      clarifyingQuestion: clarifyingQuestion(intent),
    });
  }

  const intents = [intent.primary, ...intent.secondary];
  if (input.needsIdentity && !input.customer.verified && !done.has("verify_identity")) {
    return decide(["verify_identity"], "this needs the customer's account, so identity comes first");
  }
  if (intent.primary === "provide_identity" && !input.customer.verified && !done.has("verify_identity")) {
    return decide(["verify_identity"], "the customer gave identity details");
  }
  // Outside what we do: say so kindly and say what we can do; a person is for what we do but cannot finish.
  if (intent.primary === "out_of_scope") return decide(["reply"], "outside what this team can help with");

  const next: PlanStep[] = [];
  for (const label of intents) {
    const { role, knowledgeHelps } = INTENTS[label];
    const step: PlanStep | undefined = role === "none" ? undefined : role === "technical" && !input.customer.verified ? "knowledge" : role;
    if (step && !done.has(step) && !next.includes(step)) next.push(step);
    if (knowledgeHelps && !done.has("knowledge") && !next.includes("knowledge")) next.push("knowledge");
  }
  if (next.length > 0) {
    const why = next.map((s) => (s === "technical" ? "diagnose the fault" : s === "account" ? "read or act on the account" : "look up policy and product information"));
    return { next, reason: why.join(" and "), goals };
  }
  return { next: ["reply"], reason: done.size > 0 ? `specialists ran (${[...done].join(", ")}), replying` : "nothing to look up, replying", goals };
}
