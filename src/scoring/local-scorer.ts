import { isAIMessage, type BaseMessage } from "@langchain/core/messages";
import type { SupportStateValue } from "../graph/state.js";
import { clamp01, splitSentences, wordCount } from "../engines/local/text.js";
import { messageText } from "../nodes/node-run.js";
import type { ConversationScores, TurnScores } from "./schemas.js";

/** What the scorers read: the state of a turn (or of the conversation after its last turn). */
export type ScorableState = Pick<
  SupportStateValue,
  "reply" | "intentAnalysis" | "openIssue" | "memory" | "troubleshooting" | "status" | "turn" | "escalation" | "customer" | "messages"
> & { turnScores?: TurnScores[] };

/**
 * Deterministic scorers computed from the state and the reply text. They are the
 * default, and what the local engines are judged by: every rule below is one a
 * reader can check against a transcript.
 */

const EMPATHY_CUES = /\b(sorry|apologi[sz]e\w*|i understand|understand how|frustrat\w*|i know how|bear with|let's get this sorted)\b/i;
const CONTEXT_CUES = /\b(before|last time|previous(?:ly)?|similar cases?|you've had this|again)\b/i;
const ASKS_IDENTITY = /\b(confirm it's you|phone number on the account)\b/i;
const INTERNAL_TEXT = /\b[a-z]+_[a-z0-9_]+\b|[{}<>]|\bprocedure\b|\bstep id\b/;
const CHECKS_EXPLAINED = /\b(i checked|we checked|i've checked|checks? (?:on our side|showed))\b/i;
/** Requests that are not a problem to acknowledge (unless the customer is upset). */
const NOT_A_PROBLEM = new Set(["greeting", "goodbye", "out_of_scope", "provide_identity", "troubleshooting_answer", "human_request"]);

/** Replies up to this many words are fully concise; past it the score falls by 1/200 per word (0.5 at 200 words). */
export const CONCISE_WORDS = 100;
export function concisenessFor(words: number): number {
  return clamp01(1 - Math.max(0, words - CONCISE_WORDS) / 200);
}

/** Scores the reply of the state's current turn. */
export function scoreTurnLocally(state: ScorableState): TurnScores {
  const reply = state.reply ?? "";
  const words = wordCount(reply);
  const intent = state.intentAnalysis;
  return {
    turn: state.turn,
    words,
    empathy: empathyOf(reply, intent),
    conciseness: concisenessFor(words),
    contextUse: contextUseOf(reply, state),
    clarity: clarityOf(reply),
    intentConfidence: intent ? clamp01(intent.confidence) : undefined,
  };
}

/** Acknowledging matters when the customer is upset or brings a problem; otherwise it does not apply. */
function empathyOf(reply: string, intent: ScorableState["intentAnalysis"]): number | undefined {
  if (!intent) return undefined;
  const upset = intent.sentiment === "negative" || intent.urgency === "high" || intent.urgency === "critical";
  const problem = !NOT_A_PROBLEM.has(intent.primary);
  if (!upset && !problem) return undefined;
  if (EMPATHY_CUES.test(reply)) return 1;
  // Not acknowledging an upset customer is a failure; a calm one with a problem, a missed courtesy.
  return upset ? 0 : 0.5;
}

/**
 * Did the reply use what memory offered? Applies when memory held this
 * customer's history of the same issue, a resolved similar case of the same
 * issue, or an already verified customer (who must not be asked again).
 */
function contextUseOf(reply: string, state: ScorableState): number | undefined {
  const current = state.openIssue?.primary ?? state.intentAnalysis?.primary;
  const parts: number[] = [];
  const history = state.memory.history.some((h) => h.intent === current);
  const similar = state.memory.similarCases.some((c) => c.intent === current && c.outcome === "resolved" && c.resolutionPath.length > 0);
  if (current && (history || similar)) parts.push(CONTEXT_CUES.test(reply) ? 1 : 0);
  if (/\(verified\)/.test(state.memory.facts.customer ?? "")) parts.push(ASKS_IDENTITY.test(reply) ? 0 : 1);
  return parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : undefined;
}

/** Short sentences, one question at a time, and no internal text (ids, JSON, procedure names). */
function clarityOf(reply: string): number {
  const sentences = splitSentences(reply);
  if (sentences.length === 0) return 0;
  const meanWords = sentences.reduce((sum, s) => sum + wordCount(s), 0) / sentences.length;
  const questions = (reply.match(/\?/g) ?? []).length;
  let score = 1;
  if (meanWords > 22) score -= Math.min(0.4, (meanWords - 22) / 40);
  if (questions > 1) score -= 0.2 * (questions - 1);
  if (INTERNAL_TEXT.test(reply)) score -= 0.4;
  return clamp01(score);
}

/**
 * Scores a conversation from its last state: the outcome, and the mean of its
 * turns' reply measures. `rating` is the customer's explicit 1-5 feedback.
 */
export function scoreConversationLocally(state: ScorableState, turns: TurnScores[], rating?: number): ConversationScores {
  const scores: ConversationScores = {};
  scores.resolution = resolutionOf(state);
  if (state.status !== "open") scores.turnsToResolution = clamp01(1 - Math.max(0, state.turn - 2) / 10);
  const completeness = diagnosticCompletenessOf(state);
  if (completeness !== undefined) scores.diagnosticCompleteness = completeness;
  for (const name of ["empathy", "conciseness", "contextUse", "clarity", "intentConfidence"] as const) {
    const values = turns.map((t) => t[name]).filter((v): v is number => v !== undefined);
    if (values.length) scores[name] = values.reduce((a, b) => a + b, 0) / values.length;
  }
  if (rating !== undefined) scores.feedback = clamp01((rating - 1) / 4);
  return scores;
}

/** Resolved by the customer's own check: 1; a justified hand-over: 0.5; closed with nothing left open: 0.6. */
function resolutionOf(state: ScorableState): number {
  const open = state.troubleshooting && state.troubleshooting.status !== "resolved";
  switch (state.status) {
    case "resolved":
      return 1;
    case "handed_over":
      return state.escalation?.reason ? 0.5 : 0.3;
    case "closed":
      return open ? 0.2 : 0.6;
    default:
      return 0;
  }
}

/**
 * Troubleshooting only: did the procedure reach a customer-confirmed resolution
 * (faults fixed out of faults found) or a justified hand-over, and was the
 * customer told what was checked?
 */
function diagnosticCompletenessOf(state: ScorableState): number | undefined {
  const t = state.troubleshooting;
  if (!t) return undefined;
  let procedure: number;
  if (t.status === "resolved") {
    const found = new Set(t.faultsFound);
    procedure = found.size === 0 ? 1 : t.faultsFixed.filter((f) => found.has(f)).length / found.size;
  } else if (t.status === "handover") {
    procedure = t.note || state.escalation?.reason ? 0.8 : 0.5;
  } else {
    procedure = 0.3;
  }
  const explained = agentReplies(state.messages).some((text) => CHECKS_EXPLAINED.test(text)) ? 1 : 0;
  return clamp01(0.8 * procedure + 0.2 * explained);
}

function agentReplies(messages: BaseMessage[]): string[] {
  return messages.filter((m) => isAIMessage(m) && m.name !== "human_agent").map(messageText);
}
