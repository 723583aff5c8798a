import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { PlanDecision } from "../domain/support.js";
import type { SupportDependencies } from "../graph/dependencies.js";
import type { SupportStateUpdate, SupportStateValue } from "../conversation/state.js";
import { missingIdentity } from "../conversation/identity.js";
import { isGeneralQuestion, isQuestion } from "../conversation/questions.js";
import { MAX_FAILED_VERIFICATIONS, verifyIdentity } from "../conversation/verification.js";
import { INTENTS } from "../conversation/intents.js";
import { enforcedMove } from "../conversation/turn-policy.js";
import { areaIn, wantsPerson } from "../conversation/reading.js";
import { guidelineMove } from "../engines/local/planner.js";
import { degradeOnFailure } from "../conversation/degrade.js";
import { lastCustomerMessage } from "../conversation/messages.js";
import { startNode } from "../graph/run.js";

/**
 * The controller. Policy decides what no engine may override (what is pending
 * first, identity before the account, one ticket per conversation); otherwise
 * the planner engine chooses the specialists or a clarifying question.
 * Identity is verified here, against the backend, once the details are complete.
 */
export function makePlannerNode(deps: SupportDependencies) {
  return async function plannerNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
    const run = startNode(deps, state, config);
    const steps = state.thisTurn.steps + 1;
    const finish = (plan: PlanDecision, { notes, ...update }: SupportStateUpdate & { notes?: string[] } = {}, note?: string): SupportStateUpdate => ({
      ...update,
      thisTurn: { plan, steps, taken: [...state.thisTurn.taken, ...plan.next], ...(notes ? { notes } : {}) },
      trace: [run.trace("planner", "planner", note ?? `${plan.next.join("+")}: ${plan.reason}`)],
    });
    if (steps > run.config.maxStepsPerTurn) {
      return finish({ next: ["reply"], reason: `step limit of ${run.config.maxStepsPerTurn} reached for this turn`, goals: [] });
    }
    const alreadyHandedOver = state.escalation?.turn === state.turn;
    if (!alreadyHandedOver && state.troubleshooting?.status === "handover" && state.thisTurn.taken.includes("technical")) {
      return finish({ next: ["handover"], reason: state.troubleshooting.note ?? "the diagnostic procedure cannot go further without a person", goals: [] });
    }

    const intent = state.intentAnalysis!;
    const issue = state.openIssue;
    const message = lastCustomerMessage(state.messages);
    const view = {
      intent,
      issue,
      followUp: state.thisTurn.followUp,
      pending: state.pending,
      deviceStepPending: state.troubleshooting?.status === "awaiting_customer" && state.pendingAction !== null,
      topic: state.topic,
      verified: state.customer.verified,
      waitingForPerson: state.escalation !== null && state.escalation.turn < state.turn && state.escalation.turn >= state.issueTurn,
      startsNew: state.thisTurn.newRequest,
      generalQuestion: isGeneralQuestion(message),
      question: isQuestion(message),
      // Only a question about the network in a place ("is broadband down in riverside?") is an outage check by place.
      areaNamed: areaIn(message) !== undefined && /\b(?:down|outage|problems?|issues?|working|dead|no (?:internet|service|signal|network))\b/i.test(message) && !/\b(?:abroad|travel|holiday|vacation|landed|spain|france|mexico|italy|japan|canada|england|uk)\b/i.test(message),
      identityReady: !state.customer.verified && missingIdentity(state.customer) === null,
      wantsPerson: wantsPerson(message),
      knowledgeCovered: state.thisTurn.knowledgeFindings?.covered ?? false,
      taken: state.thisTurn.taken,
      troubleshootNext: state.thisTurn.troubleshootNext,
      technicalProposal: Boolean(state.troubleshooting?.proposal) && state.thisTurn.taken.includes("technical"),
      handoverReason: state.thisTurn.handoverReason,
    };
    // A planner guideline such as "hand over when the customer is angry" comes before the routing policy.
    const enforced = guidelineMove({ intent, taken: state.thisTurn.taken, escalated: state.escalation !== null, prompt: run.prompt("planner") }) ?? enforcedMove(view);
    let decision =
      enforced ??
      (await (state.thisTurn.taken.length > 0 ? deps.localEngines.planner : run.engines.planner).plan({
        intent: issue && !INTENTS[intent.primary].request ? { ...issue, entities: intent.entities } : intent,
        customer: state.customer,
        troubleshooting: state.troubleshooting,
        knowledge: state.thisTurn.knowledgeFindings,
        escalation: alreadyHandedOver ? state.escalation : null,
        taken: state.thisTurn.taken,
        needsIdentity: Boolean(issue && INTENTS[issue.primary].needsIdentity) && !view.generalQuestion,
        thresholds: { clarifyBelow: run.config.clarifyBelow, handoverBelow: run.config.handoverBelow },
        alreadyClarified: state.pending?.kind === "choice" && state.thisTurn.followUp === null,
        prompt: run.prompt("planner"),
      }));
    if (decision.next.includes("clarify")) {
      const options = [intent.primary, ...intent.alternatives.map((a) => a.intent)].filter((l) => INTENTS[l].request).slice(0, 2);
      // Details given with an unclear request are checked now, so the answer to the question can be served at once.
      const gaveDetails = !state.customer.verified && missingIdentity(state.customer) === null && Object.keys(intent.entities).some((k) => ["phoneNumber", "fullName", "dateOfBirth"].includes(k) && intent.entities[k as "phoneNumber"]);
      const verification = gaveDetails ? await verifyIdentity(deps.backend, { threadId: run.threadId }, state.customer) : undefined;
      return finish(decision, {
        pending: { kind: "choice", options },
        ...(verification ? { customer: verification.customer, notes: verification.customer.verified ? [] : [verification.say] } : {}),
      });
    }
    // A choice or an offer is settled by this message (an offer accepted is the hand-over itself).
    const settled = state.pending?.kind === "choice" || (state.pending?.kind === "handover_offer" && (state.thisTurn.followUp === "accept" || state.thisTurn.followUp === "decline"));
    if (!decision.next.includes("verify_identity") || state.customer.verified) {
      return finish(decision, settled ? { pending: null, ...(state.thisTurn.followUp === "decline" ? { notes: ["No problem, I'll leave it there."] } : {}) } : {});
    }

    const verification = await verifyIdentity(deps.backend, { threadId: run.threadId }, state.customer);
    if (!verification.customer.verified) {
      const handover = verification.customer.failedAttempts >= MAX_FAILED_VERIFICATIONS;
      return finish(
        { ...decision, next: [handover ? "handover" : "verify_identity"], reason: handover ? "identity could not be verified" : decision.reason },
        { customer: verification.customer, notes: [verification.say], pending: handover ? null : { kind: "identity" } },
      );
    }
    const customer = verification.customer;
    // Now that we know who this is, their history belongs in this turn's context, and the open request is served.
    const history = await degradeOnFailure("memory", () => deps.memory.episodic.history(customer.customerId!, { limit: run.config.historyLimit }), [], run.degraded);
    const historyRead = !run.degraded.includes("memory"); // a failed read is tried again by the next turn's context
    const memory = { ...state.memory, history: history.map((e) => ({ intent: e.intent, outcome: e.outcome, summary: e.summary, createdAt: e.createdAt })), historyOf: historyRead ? customer.customerId : undefined };
    decision = enforcedMove({ ...view, verified: true }) ?? { next: ["reply"], reason: "verified; nothing open to serve", goals: [] };
    if (decision.next.includes("verify_identity")) decision = { ...decision, next: ["reply"] };
    const choice = state.pending?.kind === "choice" ? state.pending.options : [];
    const notes =
      decision.next.length === 1 && decision.next[0] === "reply"
        ? [`Thanks, I've found your account. ${choice.length >= 2 ? `Is this about ${INTENTS[choice[0]!].topic}, or ${INTENTS[choice[1]!].topic}?` : whatNext(state.openIssue?.primary)}`]
        : [];
    return finish(decision, { customer, memory, degraded: run.degraded, pending: choice.length >= 2 && notes.length ? state.pending : null, notes }, `verified; ${decision.next.join("+")}: ${decision.reason}`);
  };
}

/** After identity, a question answered before stays the subject: "What would you like me to do about moving house?". */
function whatNext(openIssue: keyof typeof INTENTS | undefined): string {
  const record = openIssue ? INTENTS[openIssue] : undefined;
  return record && record.request && record.role !== "none" ? `What would you like me to do about ${record.topic}?` : "What would you like me to do for you?";
}
