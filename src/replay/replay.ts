import type { TelecomBackend } from "../backend/types.js";
import type { SupportGraph } from "../graph/support-graph.js";
import type { SupportStateValue } from "../conversation/state.js";
import { Role } from "../memory/schemas.js";
import { customerText, type ScriptedConversation } from "./conversations.js";
import { ScriptedCustomer } from "./scripted-customer.js";

/** Most device steps a scripted customer answers before saying goodbye. */
const MAX_DEVICE_STEPS = 12;
const GOODBYE = "thanks, that's all. bye";

export interface ReplayResult {
  id: string;
  threadId: string;
  turns: number;
  status: SupportStateValue["status"];
  /** The episode's scores as the graph stored them (`resolution`, `dialogue.mean`, ...); empty when unscored. */
  scores: Record<string, number>;
  /** Mean score per role (`<role>.mean`). */
  roles: Partial<Record<Role, number>>;
  promptVersions: Partial<Record<Role, number>>;
  ms: number;
}

/**
 * Plays one scripted conversation against the graph: its messages in order,
 * then the device steps the agent asks for (answered by the conversation's
 * rule), then a goodbye when the conversation is still open. A hand-over ends
 * it. The customer's rating goes with every turn, so it is scored whichever
 * turn finishes the conversation.
 */
export async function replayConversation(
  graph: SupportGraph,
  backend: TelecomBackend,
  conversation: ScriptedConversation,
  threadId: string,
  runConfig: Record<string, unknown> = {},
): Promise<ReplayResult> {
  const started = performance.now();
  const configurable = { ...runConfig, thread_id: threadId, ...(conversation.rating ? { rating: conversation.rating } : {}) };
  const customer = new ScriptedCustomer(conversation.deviceAnswers);
  let paused = false;
  let state: SupportStateValue | undefined;

  const send = async (text: string) => {
    await graph.invoke({ messages: [{ role: "user", content: text }] }, { configurable });
    const snapshot = await graph.getState({ configurable: { thread_id: threadId } });
    paused = snapshot.next.includes("await_human");
    state = snapshot.values as SupportStateValue;
  };

  for (const message of conversation.messages) {
    await send(customerText(conversation, message));
    if (paused) break;
  }
  for (let step = 0; step < MAX_DEVICE_STEPS && !paused && state?.pendingAction && state.status === "open"; step++) {
    const action = state.pendingAction.actionId;
    if (action === "pay_payment_request") await payRequestedBill(backend, state);
    await send(customer.answer(action));
  }
  if (!paused && state?.status === "open") await send(GOODBYE);

  const final = state!;
  const scores = final.episodeRecorded ? { ...final.scores } : {};
  const roles: Partial<Record<Role, number>> = {};
  for (const role of Role.options) {
    const value = scores[`${role}.mean`];
    if (value !== undefined) roles[role] = value;
  }
  return {
    id: conversation.id,
    threadId,
    turns: final.turn,
    status: final.status,
    scores,
    roles,
    promptVersions: { ...final.promptVersions },
    ms: Math.round(performance.now() - started),
  };
}

/** A backend that can simulate the customer's side of a payment (the simulated one can). */
type PayableBackend = TelecomBackend & { recordCustomerPayment?: (billId: string) => Promise<unknown> };

/** The scripted customer pays the bill the agent sent a payment request for. */
async function payRequestedBill(backend: PayableBackend, state: SupportStateValue): Promise<void> {
  const request = [...state.accountActions].reverse().find((action) => action.action === "send_payment_request" && action.ok);
  const billId = request?.args.billId;
  if (typeof billId === "string" && backend.recordCustomerPayment) await backend.recordCustomerPayment(billId);
}
