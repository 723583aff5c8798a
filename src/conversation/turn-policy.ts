import type { IntentAnalysis, IntentLabel, PlanDecision, PlanStep } from "../domain/support.js";
import { INTENTS } from "./intents.js";
import type { Pending, Topic } from "./pending.js";
import type { FollowUp } from "./reading.js";

/**
 * The moves of a turn that policy decides and no engine may override: what is
 * pending is served first, a hand-over stays one ticket, identity comes before
 * the account, and a follow-up stays on its topic. `null` leaves the choice
 * among specialists (and whether to clarify) to the planner engine.
 */
export interface TurnView {
  /** This message's analysis. */
  intent: IntentAnalysis;
  /** The request being served (this message's, or the one still open). */
  issue: IntentAnalysis | null;
  followUp: FollowUp | null;
  pending: Pending | null;
  /** A device-side check was asked and not answered yet. */
  deviceStepPending: boolean;
  topic: Topic | null;
  verified: boolean;
  /** An earlier turn handed over and the conversation waits for a person. */
  waitingForPerson: boolean;
  /** The message clearly starts a new request. */
  startsNew: boolean;
  /** A general question ("how much is a Travel Pass?") rather than one about the customer's own account. */
  generalQuestion: boolean;
  /** The customer asks for something only a person can do (a complaint, a cancellation). */
  wantsPerson: boolean;
  /** Identity details are complete (a lookup is possible now). */
  identityReady: boolean;
  /** The message names a place (an outage check that needs no account). */
  areaNamed: boolean;
  /** The message asks something ("…?", "can I …"). */
  question: boolean;
  /** The knowledge role found an answer this turn. */
  knowledgeCovered: boolean;
  taken: PlanStep[];
  /** The diagnosis reported an account change it needs (the technical role never makes one). */
  technicalProposal: boolean;
  /** Set by the account role this turn. */
  troubleshootNext: boolean;
  handoverReason: string | null;
}

const decide = (next: PlanStep[], reason: string, issue?: IntentLabel): PlanDecision => ({
  next,
  reason,
  goals: issue ? [`help with ${INTENTS[issue].topic}`] : [],
});

/** Account topics with a public answer from the catalogue (prices), given without identity. */
const PUBLIC_ACCOUNT_ANSWERS: IntentLabel[] = ["data_topup", "plan_upgrade", "plan_info"];

const ACCOUNT_FOLLOW_UPS: FollowUp[] = ["accept", "decline", "price", "why", "how", "paid"];

export function enforcedMove(view: TurnView): PlanDecision | null {
  const { intent, issue, followUp, pending, taken } = view;
  const did = (step: PlanStep) => taken.includes(step);
  const label = issue?.primary;

  // After the specialists: finish what they asked for.
  if (did("handover") || did("close") || did("clarify") || did("verify_identity")) return decide(["reply"], "turn decided, replying", label);
  if (did("account")) {
    if (view.handoverReason && !did("handover")) return decide(["handover"], view.handoverReason, label);
    if (view.troubleshootNext && !did("technical")) return decide(["technical"], "nothing on the account side explains it: troubleshoot the device", label);
    if (label && INTENTS[label].knowledgeHelps && !did("knowledge") && !pending) return decide(["knowledge"], "the knowledge base adds prices and policy", label);
    return decide(["reply"], "the account role answered", label);
  }
  if (did("knowledge") && !did("technical") && !did("account") && !label && intent.primary === "out_of_scope" && !view.knowledgeCovered) {
    return decide(["reply"], "outside what this team can help with", label);
  }
  // A lost or stolen phone needs its SIM barred, which only a person can do: after the advice, straight to them.
  if (did("knowledge") && label === "lost_phone" && !did("handover")) {
    return { ...decide(["handover"], "bar the SIM and block the lost phone", label), announce: "A colleague will bar your SIM and block the phone straight away so nobody can use your number, and can send you a replacement SIM." };
  }
  // The diagnosis found a carrier-side fix (roaming on the line, a top-up, a payment, a resume): the account role proposes it.
  if (did("technical") && view.technicalProposal && !did("account")) return decide(["account"], "propose the account change the diagnosis needs", label);
  if (did("technical") || did("knowledge")) return decide(["reply"], "the specialists answered, replying", label);

  if (intent.primary === "goodbye" && !pending && !view.waitingForPerson && (followUp === null || followUp === "ack")) return decide(["close"], "the customer is finished", label);
  if (intent.primary === "human_request") return decide(["handover"], "the customer asked for a person", label);
  if (view.wantsPerson) return decide(["handover"], "a complaint, a cancellation or a person asked for", label);
  if (view.waitingForPerson && !view.startsNew) {
    // Already with a person: answer what can be answered from the topic, and add anything new to the one ticket.
    const known = (followUp === "why" && view.topic?.because) || (followUp === "when" && view.topic?.when);
    if (known || followUp === "ack" || intent.primary === "goodbye") return decide(["reply"], `follow-up (${followUp ?? "thanks"}) while a colleague has the ticket`, label);
    if (intent.primary === "provide_identity" && !view.verified) return decide(["verify_identity"], "identity details for the ticket", label);
    return decide(["handover"], "the conversation is already with a person: add this message to the ticket", label);
  }

  // What the agent asked for comes first.
  if (pending?.kind === "handover_offer" && !view.startsNew) {
    if (followUp === "accept") return decide(["handover"], pending.reason, label);
    if (followUp === "decline") return decide(["reply"], "the customer would rather not be passed on", label);
  }
  if (pending && pending.kind !== "identity" && pending.kind !== "choice" && !view.startsNew) {
    if ((followUp && ACCOUNT_FOLLOW_UPS.includes(followUp)) || pending.kind === "amount" || pending.kind === "consent") {
      return decide(["account"], `answer to the pending ${pending.kind}`, label);
    }
  }
  if (followUp === "paid" && view.verified) return decide(["account"], "the customer says they paid", label);
  // "why?" and "how do I do that?" about a device step are answered by the diagnosis, which knows the step.
  if (view.deviceStepPending && !view.startsNew && !(followUp && followUp !== "how" && followUp !== "ack" && followUp !== "why")) {
    return decide(["technical"], "reading the answer to the device check", label);
  }
  // "why not?" with nothing said yet to follow up: ask what they mean, never a hand-over.
  if ((followUp === "why" || followUp === "when" || followUp === "ack") && !view.startsNew && !view.topic && !pending && !view.deviceStepPending) {
    return decide(["reply"], `a follow-up (${followUp}) with no topic yet`, label);
  }
  if (followUp && !view.startsNew && view.topic) {
    const known = (followUp === "why" && view.topic.because) || (followUp === "when" && view.topic.when);
    // "when will it be back?" with no outage on our side: say so, and the device check that waits is asked again.
    if (followUp === "when" && !known && view.deviceStepPending) return decide(["reply"], "no known repair to wait for: back to the device check", label);
    if (known || followUp === "ack") return decide(["reply"], `follow-up (${followUp}) answered from the topic`, label);
    const role = INTENTS[view.topic.intent].role;
    if (role === "account" && view.verified) return decide(["account"], `follow-up (${followUp}) on the account topic`, label);
    if (role === "knowledge" || role === "technical") return decide(["knowledge"], `follow-up (${followUp}) looked up`, label);
  }
  if (!issue) {
    // A question nobody understood is looked up before anyone is bothered; a person takes what the knowledge base can't answer.
    if (intent.primary === "out_of_scope" && view.question) return decide(["knowledge"], "an unrecognised question: try the knowledge base", label);
    return null;
  }

  const record = INTENTS[issue.primary];
  // "is the broadband down in riverside?": an outage check by place needs no account.
  if (!view.verified && view.areaNamed && !view.identityReady && record.service && issue.primary !== "roaming_abroad" && intent.primary !== "provide_identity") return decide(["account"], "an outage check for a named place", label);
  // Identity given for a question already answered: confirm, and ask what they need from their account.
  if (intent.primary === "provide_identity" && view.verified && record.role === "knowledge") return decide(["reply"], "verified; the question was answered before", label);
  if (record.needsIdentity && (!view.generalQuestion || view.identityReady) && !view.verified) return decide(["verify_identity"], "this needs the customer's account, so identity comes first", label);
  if (intent.primary === "provide_identity" && !view.verified) return decide(["verify_identity"], "the customer gave identity details", label);

  // A move is booked by our moves team: once the customer is known and tells us about their move, they take it over.
  if (issue.primary === "moving_house" && intent.primary === "moving_house" && view.verified && !view.generalQuestion) {
    return { ...decide(["handover"], "book the service transfer to the new address", label), announce: "Moving your service to a new address is booked by our moves team, who will confirm the date and the new address with you." };
  }
  const steps = new Set<PlanStep>();
  for (const l of [issue.primary, ...issue.secondary]) {
    const r = INTENTS[l];
    // Once verified, a question about a charge or a plan is about the customer's own account.
    if (r.role === "account" && (view.verified || !r.needsIdentity || view.generalQuestion)) steps.add(view.verified || !r.needsIdentity || PUBLIC_ACCOUNT_ANSWERS.includes(l) ? "account" : "knowledge");
    if (r.role === "knowledge") steps.add("knowledge");
    if (r.role === "technical") {
      if (view.generalQuestion) steps.add("knowledge");
      // Carrier-side causes (suspension, roaming off on the line, allowance used up, outages) are checked first.
      else if (view.verified) steps.add(view.topic?.intent === l && view.topic.checked ? "technical" : "account");
    }
  }
  if (steps.size > 0) return decide([...steps], `serve ${[issue.primary, ...issue.secondary].join(" + ")}`, label);
  return null;
}
