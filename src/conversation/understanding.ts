import type { IntentAnalysis, IntentLabel } from "../domain/support.js";
import type { FollowUp } from "./reading.js";
import type { IntentEngine, RolePrompt } from "../engines/types.js";
import type { SupportConfiguration } from "../config/support-configuration.js";
import { readInEnglish } from "../engines/local/languages.js";
import { plansNamed } from "./account.js";
import { mergeClaims, readIdentityClaims } from "./identity.js";
import { INTENTS } from "./intents.js";
import { lastCustomerMessage, recentTurns } from "./messages.js";
import { asksToResume, asksAboutAccount, asksAboutBill, asksAboutPlans, asksForPlanChange, readFollowUp, readGigabytes } from "./reading.js";
import type { CustomerState, SupportStateValue } from "./state.js";

/** How this message was understood: the request, the identity details it gave, and whether it answers what is pending or starts something new. */
export interface Understanding {
  intent: IntentAnalysis;
  /** The customer with any identity details this message gave merged in. */
  customer: CustomerState;
  gaveIdentity: boolean;
  /** The message without its identity details: what the customer asks. */
  request: string;
  followUp: FollowUp | null;
  /** The message clearly starts a new request (it becomes the open issue). */
  startsNew: boolean;
}

/**
 * Reads the customer's message against what is pending first (a proposal, an
 * identity question, a device check), then as a possible new request. Identity
 * details accumulate across messages; the open issue changes only when the
 * message clearly starts something else.
 */
export async function understandMessage(
  intentEngine: IntentEngine,
  prompt: RolePrompt,
  settings: Pick<SupportConfiguration, "dateOrder" | "clarifyBelow">,
  state: SupportStateValue,
): Promise<Understanding> {
  const message = lastCustomerMessage(state.messages);
  const customer = { ...state.customer };
  const expecting = !customer.verified && (state.pending?.kind === "identity" || Boolean(state.openIssue && INTENTS[state.openIssue.primary].needsIdentity));
  const read = (expectingIdentity: boolean) => readIdentityClaims(message, { expectingIdentity, dateOrder: settings.dateOrder });
  let identity = customer.verified ? { claims: {}, rest: message } : read(expecting);
  // A number or a birth date in the message means identity is being given: a name beside it counts without cue words.
  if (!customer.verified && !expecting && (identity.claims.phoneNumber || identity.claims.dateOfBirth)) identity = read(true);
  const gaveIdentity = Object.keys(identity.claims).length > 0;
  if (gaveIdentity) Object.assign(customer, mergeClaims(customer, identity.claims));

  // What is left once identity details are taken out is what the customer is asking ("Robert Miller here, 5550100004, my phone was cut off").
  const request = gaveIdentity ? identity.rest : message;
  const analysed = request.trim()
    ? await intentEngine.analyze({ message: request, recent: recentTurns(state.messages), pendingAction: state.pendingAction ?? undefined, prompt })
    : null;
  let intent: IntentAnalysis = analysed
    ? gaveIdentity && !INTENTS[analysed.primary].request
      ? { ...analysed, primary: "provide_identity", confidence: 1, entities: { ...analysed.entities, ...identity.claims } }
      : { ...analysed, entities: { ...analysed.entities, ...identity.claims } }
    : { primary: "provide_identity", secondary: [], entities: { ...identity.claims, amounts: [], dates: [] }, sentiment: "neutral", urgency: "low", confidence: 1, alternatives: [] };

  // "how much data do i have left", "am i still in contract": the customer's own account, whatever the classifier made of it.
  if (asksAboutAccount(request) && !(INTENTS[intent.primary].request && INTENTS[intent.primary].role !== "account" && intent.confidence >= 0.9)) {
    intent = { ...intent, primary: "account_info", confidence: Math.max(intent.confidence, 0.9) };
  }
  // A question in the middle of a device check ("btw how much is nimbus plus a month?") is that question, not the check's answer.
  const secondaryRequest = intent.secondary.find((l) => INTENTS[l].request);
  if (intent.primary === "troubleshooting_answer" && secondaryRequest && /\?\s*$|^\s*(?:btw|by the way|also|and)?\s*(?:how much|what|which|when|can i|do you)\b/i.test(request)) {
    intent = { ...intent, primary: secondaryRequest, secondary: intent.secondary.filter((l) => l !== secondaryRequest), confidence: 0.9 };
  }
  // "how much data do i get on plus?", "and on max?" while plans or top-up prices are the topic: the same topic.
  const planTopic = state.topic && ["plan_info", "data_topup", "plan_upgrade"].includes(state.topic.intent) ? state.topic.intent : undefined;
  if (planTopic && plansNamed(request).length > 0 && !asksForPlanChange(request) && !(state.pending?.kind === "consent")) {
    intent = { ...intent, primary: planTopic, confidence: 0.9 };
  }
  if (asksToResume(request) && intent.primary !== "line_suspended" && intent.confidence < 0.95 && !INTENTS[intent.primary].service?.startsWith("broadband")) {
    intent = { ...intent, primary: "line_suspended", confidence: 0.9 };
  }
  if (asksForPlanChange(request) && intent.primary !== "plan_upgrade" && intent.confidence < 0.95) {
    intent = { ...intent, primary: "plan_upgrade", confidence: 0.9 };
  } else if (asksAboutBill(request) && !["bill_explain", "bill_dispute", "bill_payment"].includes(intent.primary) && intent.confidence < 0.95) {
    intent = { ...intent, primary: "bill_explain", confidence: 0.9 };
  } else if (asksAboutPlans(request) && !asksAboutAccount(request) && intent.primary !== "plan_upgrade" && intent.confidence < 0.9) {
    intent = { ...intent, primary: "plan_info", confidence: 0.9 };
  }
  // A follow-up ("why?", "ok", "how much?") only means something after the agent said or asked something.
  const inConversation = state.pending !== null || state.topic !== null || state.openIssue !== null || state.escalation !== null;
  // "sí, por favor" and "non merci" answer a proposal as well as "yes please" does.
  const followUp = inConversation ? readFollowUp(readInEnglish(request).text, state.pending) : null;
  const record = INTENTS[intent.primary];
  // "ok max then" while a top-up is proposed asks for something else: it is not a yes to the top-up.
  const shortAnswer = (followUp === "accept" || followUp === "decline") && request.trim().split(/\s+/).length <= 8;
  const asksForOtherAction = state.pending?.kind === "consent" && !shortAnswer && record.request && intent.confidence >= Math.min(settings.clarifyBelow, 0.6) && !PROPOSAL_INTENTS[state.pending.action]?.includes(intent.primary) && !(state.topic && relatesToTopic(intent, state));
  const answersProposal =
    (state.pending?.kind === "payment" && followUp === "paid") ||
    (!asksForOtherAction &&
    (state.pending?.kind === "consent" || state.pending?.kind === "amount") &&
    ((followUp !== null && followUp !== "ack" && followUp !== "when") || (state.pending.kind === "amount" && readGigabytes(request) !== undefined)));
  // Public information is cheap to give and shows what was understood: answered at a lower confidence than account work.
  const clearRequest = record.request && intent.confidence >= (record.needsIdentity ? settings.clarifyBelow : Math.min(settings.clarifyBelow, 0.6));
  // Only a message that clearly starts something else changes the topic: "what's the roaming charge for?" after a bill stays on the bill.
  const startsNew = clearRequest && !answersProposal && !relatesToTopic(intent, state);
  return { intent, customer, gaveIdentity, request, followUp: startsNew ? null : followUp, startsNew };
}

/** The requests an account proposal answers: a message asking for one of these may still be about the proposal. */
const PROPOSAL_INTENTS: Record<string, IntentLabel[]> = {
  top_up_data: ["data_topup", "mobile_no_data", "mobile_slow_data"],
  enable_roaming: ["roaming_abroad"],
  disable_roaming: ["roaming_abroad"],
  send_payment_request: ["bill_payment", "line_suspended", "bill_explain"],
  resume_line: ["line_suspended", "mobile_no_service"],
  change_plan: ["plan_upgrade", "plan_info"],
  book_technician: ["broadband_drops", "broadband_slow", "broadband_outage"],
};

/** The message is about the request already open (more detail on it, or a question about it), not a new one. */
function relatesToTopic(intent: IntentAnalysis, state: SupportStateValue): boolean {
  const current = state.topic?.intent ?? state.openIssue?.primary;
  if (!current) return false;
  const service = INTENTS[current].service;
  return intent.primary === current || intent.secondary.includes(current) || (service !== undefined && INTENTS[intent.primary].service === service);
}
