import { isAIMessage, isHumanMessage, type BaseMessage } from "@langchain/core/messages";
import { z } from "zod";
import { ConversationStatus, IntentLabel } from "../domain/support.js";
import type { SupportStateValue } from "../conversation/state.js";
import { TurnScores } from "./schemas.js";

/**
 * What the outcome scorer reads: a serialisable transcript of one conversation
 * with what the carrier side did in each turn (changes, proposals, decisions,
 * hand-overs), and what the state says at the end. Built from the graph's state
 * (`transcriptOfState`) or from a replay with the backend's audit log; the
 * labelled fixture of test/scoring stores exactly this.
 */

/** Canonical carrier-side events, whichever layer named them (audit `topUpData`, state `top_up_data`). */
export const CarrierEventKind = z.enum(["change", "proposal", "decision", "handover"]);
export type CarrierEventKind = z.infer<typeof CarrierEventKind>;

export const CarrierEvent = z.object({
  /** The change or act, in one spelling: top_up_data, enable_roaming, send_payment_request, resume_line, book_technician, change_plan, transfer_to_human, open_ticket ... */
  action: z.string(),
  kind: CarrierEventKind,
  ok: z.boolean(),
  /** The consent proposal this event made, decided or consumed (audit only). */
  proposalId: z.string().optional(),
  /** For a decision: the customer's yes or no. */
  accepted: z.boolean().optional(),
  /** For a proposal: the change proposed. */
  proposes: z.string().optional(),
  detail: z.string().default(""),
});
export type CarrierEvent = z.infer<typeof CarrierEvent>;

export const TranscriptTurn = z.object({
  /** What the customer wrote; null for a step without a message (a payment made outside the chat). */
  customer: z.string().nullable(),
  /** The agent's replies of the turn (normally one); a human agent's replies are not the agent's. */
  replies: z.array(z.string()).default([]),
  /** Something that happened outside the chat in this turn, e.g. "the customer paid B-3005". */
  event: z.string().optional(),
  /** What the carrier side did in this turn. */
  events: z.array(CarrierEvent).default([]),
});
export type TranscriptTurn = z.infer<typeof TranscriptTurn>;

export const ScorableConversation = z.object({
  turns: z.array(TranscriptTurn),
  status: ConversationStatus,
  /** The customer's identity was verified at some point. */
  verified: z.boolean().default(false),
  /** The request the conversation was about (the open issue), when known. */
  issue: IntentLabel.nullable().default(null),
  troubleshooting: z
    .object({
      status: z.enum(["active", "awaiting_customer", "resolved", "handover"]),
      faultsFound: z.array(z.string()).default([]),
      faultsFixed: z.array(z.string()).default([]),
      note: z.string().optional(),
    })
    .nullable()
    .default(null),
  escalation: z.object({ reason: z.string(), turn: z.number().int().nonnegative().default(0) }).nullable().default(null),
  /** What memory offered: this customer's earlier conversations and resolved similar cases. */
  memory: z
    .object({
      history: z.array(z.object({ intent: z.string(), outcome: z.string(), summary: z.string().default("") })).default([]),
      similarCases: z.array(z.object({ intent: z.string(), outcome: z.string() })).default([]),
    })
    .default({ history: [], similarCases: [] }),
  /** True when the carrier events come from the backend's audit log (proposals and decisions included). */
  audited: z.boolean().default(false),
});
export type ScorableConversation = z.infer<typeof ScorableConversation>;
export type ScorableConversationInput = z.input<typeof ScorableConversation>;

/** A reply proposing an account change with its effect, asking for the customer's yes. */
const OFFERS_CHANGE = /\bI can (?:add|turn|switch|send|book|move|resume|change|upgrade|downgrade)\b[^?]*\b(?:would you like me to go ahead|shall I go ahead|should I go ahead)\?/i;
const SAYS_YES = /^\s*(?:y(?:es|eah|ep|up)|sure|ok(?:ay)?|fine|go ahead|do it|please do|sounds good)\b/i;
const SAYS_NO = /^\s*(?:no|nope|nah|not now|don'?t)\b/i;

/**
 * Without the audit log, a proposal and the customer's answer are read from the
 * replies: "I can add 1 GB ... Would you like me to go ahead?" then "yes" or "no".
 * (The backend enforces consent; this only tells the scores that an offer was made and answered.)
 */
export function inferConsentSteps(turns: TranscriptTurn[]): void {
  turns.forEach((turn, i) => {
    if (!turn.replies.some((r) => OFFERS_CHANGE.test(r))) return;
    turn.events.unshift({ action: "propose_action", kind: "proposal", ok: true, detail: "read from the reply" });
    const answer = turns[i + 1]?.customer ?? "";
    if (SAYS_YES.test(answer) || SAYS_NO.test(answer))
      turns[i + 1]!.events.unshift({ action: "record_customer_decision", kind: "decision", ok: true, accepted: SAYS_YES.test(answer), detail: "read from the reply" });
  });
}

/** A reply telling the customer they were passed to a person. */
const HANDOVER_ANNOUNCED = /\b(i'?ve (?:passed|handed|transferred) (?:this|you)|your ticket number is|added this to your ticket)\b/i;
const CHANGE_ACTIONS = new Set(["top_up_data", "enable_roaming", "disable_roaming", "send_payment_request", "resume_line", "book_technician", "change_plan"]);
const HANDOVER_ACTIONS = new Set(["transfer_to_human", "open_ticket"]);

/** `topUpData` and `top_up_data` are one action. */
export function canonicalAction(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** A carrier event from an audit entry, or null for reads and lookups (which the customer does not feel). */
export function eventOfAudit(entry: {
  action: string;
  outcome: "ok" | "refused";
  args: Record<string, unknown>;
  proposalId?: string;
  reason?: string | null;
}): CarrierEvent | null {
  const action = canonicalAction(entry.action);
  const ok = entry.outcome === "ok";
  const detail = entry.reason ?? "";
  if (action === "propose_action") return { action, kind: "proposal", ok, proposalId: entry.proposalId, proposes: canonicalAction(String(entry.args.action ?? "")), detail };
  if (action === "record_customer_decision") return { action, kind: "decision", ok, proposalId: entry.proposalId, accepted: entry.args.accepted === true, detail };
  if (CHANGE_ACTIONS.has(action)) return { action, kind: "change", ok, proposalId: entry.proposalId, detail };
  if (HANDOVER_ACTIONS.has(action)) return { action, kind: "handover", ok, detail };
  return null;
}

function text(message: BaseMessage): string {
  const content = message.content;
  return typeof content === "string" ? content : content.map((part) => ("text" in part ? String(part.text) : "")).join("");
}

/** What the state-to-transcript conversion reads; kept narrow so state renames touch only this type. */
export type TranscribableState = Pick<SupportStateValue, "messages" | "status" | "customer" | "openIssue" | "intentAnalysis" | "troubleshooting" | "escalation" | "memory" | "accountActions"> & {
  turnScores?: TurnScores[];
};

/**
 * The transcript of the conversation held in a graph state. Turns follow the
 * customer's messages. Account actions go to the turn whose reply was scored
 * after them (each turn's score records how many actions existed), else to the
 * first turn. Pass the backend's audit entries of the thread, each with the turn
 * it belongs to, for proposals and decisions too.
 */
export function transcriptOfState(state: TranscribableState, audit?: { turn: number; entry: Parameters<typeof eventOfAudit>[0] }[]): ScorableConversation {
  const turns: TranscriptTurn[] = [];
  for (const message of state.messages) {
    if (isHumanMessage(message)) turns.push({ customer: text(message), replies: [], events: [] });
    else if (isAIMessage(message) && message.name !== "human_agent") {
      if (!turns.length) turns.push({ customer: null, replies: [], events: [] });
      turns.at(-1)!.replies.push(text(message));
    }
  }
  if (!turns.length) turns.push({ customer: null, replies: [], events: [] });
  if (audit) {
    for (const { turn, entry } of audit) {
      const event = eventOfAudit(entry);
      if (event) turns[Math.min(Math.max(turn, 1), turns.length) - 1]!.events.push(event);
    }
  } else {
    const marks = (state.turnScores ?? []).filter((t) => t.actions !== undefined).sort((a, b) => a.turn - b.turn);
    state.accountActions.forEach((action, index) => {
      // Without a mark (scores cleared by an earlier episode) the turn is unknown: the first turn, so that a
      // reply's claim is only checked against what the conversation did at all, never falsely accused.
      const mark = marks.find((t) => (t.actions ?? 0) > index);
      const turn = mark ? Math.min(mark.turn, turns.length) : 1;
      const name = canonicalAction(action.action);
      const kind: CarrierEventKind = HANDOVER_ACTIONS.has(name) ? "handover" : "change";
      turns[Math.max(turn, 1) - 1]!.events.push({ action: name, kind, ok: action.ok, detail: action.detail });
    });
  }
  if (!audit) inferConsentSteps(turns);
  const escalation = state.escalation;
  if (escalation && !turns.some((turn) => turn.events.some((e) => e.kind === "handover"))) {
    // The state keeps only the latest escalation (a continued ticket names a later turn): the hand-over happened
    // at the first reply that announced it, if that came earlier.
    const announced = turns.findIndex((turn) => turn.replies.some((r) => HANDOVER_ANNOUNCED.test(r))) + 1;
    const recorded = escalation.turn > 0 ? Math.min(escalation.turn, turns.length) : turns.length;
    const at = announced > 0 ? Math.min(announced, recorded) : recorded;
    turns[at - 1]!.events.push({ action: "transfer_to_human", kind: "handover", ok: true, detail: escalation.reason });
  }
  return ScorableConversation.parse({ turns, ...finalStateOf(state), audited: !!audit });
}

/** What the scorer reads from a conversation's last state besides its turns. */
export function finalStateOf(state: TranscribableState): Omit<ScorableConversation, "turns" | "audited"> {
  const t = state.troubleshooting;
  return {
    status: state.status,
    verified: state.customer.verified,
    issue: state.openIssue?.primary ?? state.intentAnalysis?.primary ?? null,
    troubleshooting: t ? { status: t.status, faultsFound: t.faultsFound, faultsFixed: t.faultsFixed, note: t.note } : null,
    escalation: state.escalation ? { reason: state.escalation.reason, turn: state.escalation.turn } : null,
    memory: {
      history: state.memory.history.map((h) => ({ intent: h.intent, outcome: h.outcome, summary: h.summary })),
      similarCases: state.memory.similarCases.map((c) => ({ intent: c.intent, outcome: c.outcome })),
    },
  };
}
