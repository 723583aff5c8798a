import { DialogueReply, type DialogueEngine, type DialogueInput } from "../types.js";
import { LlmRoleEngine, requireTruthful } from "./call.js";

const REPLY = { name: "dialogue_reply", description: "The reply the customer reads.", schema: DialogueReply };

/**
 * The customer-facing reply by the model: one forced `dialogue_reply` call per
 * turn. The model gets what happened in the customer's words (the account role's
 * and identity check's sentences, the proposal waiting for a yes with its price,
 * the actions actually taken or refused) and none of the internal text (plan
 * reasons, hand-over summaries, ids). Its reply is checked against those facts
 * (src/conversation/truthful-reply.ts): a reply that claims an action not taken
 * this turn, leaves out the price of the pending proposal, or shows internal text
 * is rejected as `untruthful_reply`, and the graph's fallback composes the local
 * reply instead (and says so in the trace).
 */
export class LlmDialogueEngine extends LlmRoleEngine implements DialogueEngine {
  readonly role = "dialogue";

  async compose(input: DialogueInput): Promise<DialogueReply> {
    const answer = await this.ask("compose", input.prompt, REPLY, modelView(input));
    requireTruthful("dialogue_reply", answer.reply, { accountActions: input.accountActions, pending: input.pending });
    return answer;
  }
}

const RULES = [
  "Say the substance of every sentence in mustSay, with every amount, date and number as written; they are what the account and identity checks found.",
  "Claim only the actions listed in doneThisTurn; an action in refusedThisTurn was not done, so say it was not and give the next step from mustSay.",
  "When waitingForYes is set, ask for a yes to exactly that effect and state its price; nothing is charged or changed until the customer says yes.",
  "Never show ids, codes, field names or JSON; a ticket number may be given.",
];

/** What the model sees: the turn in customer language, without staff-only text. */
function modelView(input: DialogueInput): Record<string, unknown> {
  const { pending, accountActions, knowledge, escalation, plan } = input;
  return {
    rules: RULES,
    message: input.message,
    customer: { verified: input.customer.verified, firstName: input.customer.verified ? input.customer.firstName : undefined, greetedBefore: input.greeted },
    intent: input.intent && { primary: input.intent.primary, sentiment: input.intent.sentiment, urgency: input.intent.urgency },
    mustSay: input.notes.filter((note) => note.trim()),
    waitingForYes: pending?.kind === "consent" ? { effect: pending.effect, price: pending.price } : undefined,
    waitingForAmount: pending?.kind === "amount" ? { options: pending.options } : undefined,
    waitingForIdentity: pending?.kind === "identity" || undefined,
    waitingForPayment: pending?.kind === "payment" ? { amount: pending.amount } : undefined,
    doneThisTurn: accountActions.filter((a) => a.ok).map((a) => a.detail),
    refusedThisTurn: accountActions.filter((a) => !a.ok).map((a) => a.detail),
    askTheCustomer: input.requestedActions.map((a) => a.ask),
    clarifyingQuestion: plan?.clarifyingQuestion,
    troubleshooting: input.troubleshooting && {
      status: input.troubleshooting.status,
      // Only this turn's carrier checks are news; "ok" means that check found nothing wrong.
      checkedOnOurSide: input.troubleshooting.observations
        .slice(input.observationsBeforeTurn ?? 0)
        .filter((o) => o.source === "carrier")
        .map((o) => o.observation.replace(/_/g, " ")),
    },
    knowledge: knowledge && { answer: knowledge.answer, covered: knowledge.covered, source: knowledge.citations[0]?.title },
    handover: escalation && { ticketId: escalation.ticketId, addedToExistingTicket: escalation.continued, colleagueReplied: escalation.humanReply },
    openTicketId: input.openTicketId,
    followUp: input.followUp,
    topic: input.topic && { because: input.topic.because, when: input.topic.when },
    degraded: input.degraded,
    previousReply: input.lastReply,
    history: input.memory.history.map((h) => ({ intent: h.intent, outcome: h.outcome })),
  };
}
