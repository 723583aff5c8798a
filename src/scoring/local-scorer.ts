import { isHumanMessage } from "@langchain/core/messages";
import type { SupportStateValue } from "../conversation/state.js";
import { clamp01, wordCount } from "../engines/local/text.js";
import { clarityOfReply, concisenessFor, isUpset, needKindOf, overallOf, scoreOutcomes } from "./outcome.js";
import type { ConversationScores, TurnScores } from "./schemas.js";
import { transcriptOfState, type ScorableConversation } from "./transcript.js";

export { CONCISE_WORDS, concisenessFor } from "./outcome.js";

/** What the scorers read: the state of a turn (or of the conversation after its last turn). */
export type ScorableState = Pick<
  SupportStateValue,
  "reply" | "intentAnalysis" | "openIssue" | "memory" | "troubleshooting" | "status" | "turn" | "escalation" | "customer" | "messages"
> & { turnScores?: TurnScores[]; accountActions?: SupportStateValue["accountActions"] };

const APOLOGY = /\b(sorry|apologi[sz]e|i understand how|frustrating)\b/i;

/**
 * Scores the reply of the state's current turn: length, clarity, and empathy
 * where it matters (this message upset: acknowledged or not; a calm message:
 * an apology is filler). Also records how many account actions existed, so the
 * conversation's transcript can place each action in its turn.
 */
export function scoreTurnLocally(state: ScorableState): TurnScores {
  const reply = state.reply ?? "";
  const words = wordCount(reply);
  const said = [...state.messages].reverse().find((m) => isHumanMessage(m));
  const text = said ? (typeof said.content === "string" ? said.content : "") : "";
  const upset = isUpset(text) || state.intentAnalysis?.sentiment === "negative";
  const apologised = APOLOGY.test(reply);
  return {
    turn: state.turn,
    words,
    empathy: upset ? (apologised ? 1 : 0.2) : apologised && state.intentAnalysis && ["plan_info", "data_topup", "greeting", "goodbye", "bill_payment"].includes(state.intentAnalysis.primary) ? 0.4 : undefined,
    conciseness: concisenessFor(words),
    clarity: reply ? clarityOfReply(reply) : 0,
    intentConfidence: state.intentAnalysis ? clamp01(state.intentAnalysis.confidence) : undefined,
    actions: state.accountActions?.length ?? 0,
  };
}

/** The outcome scores of a transcript and `overall`; `rating` is the customer's explicit 1-5 feedback. */
export function scoreTranscriptLocally(conversation: ScorableConversation, rating?: number): ConversationScores {
  const scores = scoreOutcomes(conversation);
  if (rating !== undefined) scores.feedback = clamp01((rating - 1) / 4);
  scores.overall = overallOf(scores);
  return scores;
}

/** Scores a conversation from its last state (and its turns' scores, which place account actions in their turns). */
export function scoreConversationLocally(state: ScorableState, turns: TurnScores[], rating?: number): ConversationScores {
  return scoreTranscriptLocally(transcriptOf(state, turns), rating);
}

/** The transcript of a state, with the turns' scores given. */
export function transcriptOf(state: ScorableState, turns: TurnScores[] = state.turnScores ?? []): ScorableConversation {
  return transcriptOfState({ ...state, accountActions: state.accountActions ?? [], turnScores: turns });
}

export { needKindOf };
