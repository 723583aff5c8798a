import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { IntentLabel } from "../domain/support.js";
import type { SupportDependencies } from "../graph/dependencies.js";
import type { SupportStateUpdate, SupportStateValue } from "../conversation/state.js";
import { proposeForDiagnosis, serveAccount, type AccountOutcome } from "../conversation/account.js";
import { INTENTS } from "../conversation/intents.js";
import { findPhoneNumbers, readIdentityClaims } from "../conversation/identity.js";
import { areaIn } from "../conversation/reading.js";
import { lastCustomerMessage } from "../conversation/messages.js";
import { startNode } from "../graph/run.js";

/**
 * The account role: the catalogue, bills and line status, and the actions that
 * charge or change an account, each proposed and run only after the customer's
 * yes (src/conversation/account.ts). Serves the open request and any account
 * request that came in the same message.
 */
export function makeAccountNode(deps: SupportDependencies) {
  return async function accountNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
    const run = startNode(deps, state, config);
    const ctx = { threadId: run.threadId };
    const issue = state.openIssue ?? state.intentAnalysis;
    const topicIntent = state.topic?.intent;
    // A follow-up or an answer to a proposal is about the topic; otherwise the open request and its companions.
    const served: IntentLabel[] =
      !state.thisTurn.newRequest && (state.thisTurn.followUp || state.pending?.kind === "amount" || state.pending?.kind === "consent")
        ? [topicIntent ?? issue!.primary]
        : [issue!.primary, ...issue!.secondary.filter((l) => INTENTS[l].role === "account")];
    const outcomes: AccountOutcome[] = [];
    // The diagnosis asked for an account change this turn: propose it (nothing runs before the customer's yes).
    const needed = state.thisTurn.taken.includes("technical") ? state.troubleshooting?.proposal : undefined;
    if (needed) {
      const outcome = await proposeForDiagnosis(deps.backend, ctx, needed, state);
      return {
        pending: outcome.pending,
        topic: { ...(state.topic ?? { intent: state.openIssue?.primary ?? "mobile_no_data", checked: true }), because: needed.because },
        thisTurn: { notes: outcome.say, troubleshootNext: false, handoverReason: outcome.handover ?? null },
        trace: [run.trace("account", undefined, `proposal from the diagnosis: ${needed.action}`)],
      };
    }
    for (const intent of [...new Set(served)]) {
      outcomes.push(
        await serveAccount({
          backend: deps.backend,
          ctx,
          intent,
          message: requestText(state, run.config.dateOrder),
          followUp: state.thisTurn.followUp,
          // A message that starts another request leaves the earlier proposal unanswered (it is superseded, never accepted).
          pending: outcomes.length === 0 && !state.thisTurn.newRequest ? state.pending : null,
          topic: state.topic,
          verified: state.customer.verified,
          phoneNumber: state.customer.phoneNumber,
          area: areaIn(lastCustomerMessage(state.messages)),
          numbersInMessage: findPhoneNumbers(lastCustomerMessage(state.messages)).map((n) => n.e164),
          now: new Date(),
        }),
      );
    }
    const first = outcomes[0]!;
    const pending = outcomes.map((o) => o.pending).find(Boolean) ?? null;
    return {
      accountActions: outcomes.flatMap((o) => o.actions),
      pending,
      topic: first.topic,
      thisTurn: {
        notes: outcomes.flatMap((o) => o.say),
        troubleshootNext: outcomes.some((o) => o.troubleshoot),
        handoverReason: outcomes.map((o) => o.handover).find(Boolean) ?? null,
      },
      trace: [run.trace("account", undefined, served.join("+"))],
    };
  };
}

/** What the customer asks for: this message without its identity details, or the open request when the message only gave identity. */
function requestText(state: SupportStateValue, dateOrder: "dmy" | "mdy"): string {
  const message = lastCustomerMessage(state.messages);
  if (state.intentAnalysis?.primary === "provide_identity") return state.openIssueMessage || message;
  return readIdentityClaims(message, { expectingIdentity: false, dateOrder }).rest;
}
