import type { AuditEntry } from "../backend/audit.js";
import { attributeScores } from "./attribution.js";
import { scoreTranscriptLocally, scoreTurnLocally, transcriptOf, type ScorableState } from "./local-scorer.js";
import { needKindOf } from "./outcome.js";
import type { ConversationScores, EpisodeScores, TurnScores } from "./schemas.js";
import { transcriptOfState, type ScorableConversation } from "./transcript.js";

/**
 * One interface for every scorer. Turns are always scored locally (a judge call
 * on every turn would put an extra LLM call on the critical path); a scorer
 * decides how the finished conversation is judged, from the graph's state or
 * from a transcript (a replay with the backend's audit log).
 */
export interface Scorer {
  readonly kind: "local" | "llm";
  scoreTurn(state: ScorableState): TurnScores;
  scoreConversation(state: ScorableState, turns: TurnScores[], rating?: number): Promise<ScoredConversation>;
  scoreTranscript(conversation: ScorableConversation, rating?: number): Promise<ScoredConversation>;
}

export interface ScoredConversation {
  /** The outcome scores (needMet, policy, ...) and `overall`. */
  scores: ConversationScores;
  /** The scores with their per-role attribution (`technical.needMet`, `dialogue.mean`, ...), as stored on the episode. */
  episodeScores: EpisodeScores;
  /** Set when the LLM judge failed and the local scores stand in. */
  fallback?: string;
}

/** Scores with their attribution to the roles that could have met this conversation's need. */
export function scored(conversation: ScorableConversation, scores: ConversationScores, fallback?: string): ScoredConversation {
  return { scores, episodeScores: attributeScores(scores, needKindOf(conversation)), ...(fallback ? { fallback } : {}) };
}

export class LocalScorer implements Scorer {
  readonly kind = "local" as const;
  scoreTurn(state: ScorableState): TurnScores {
    return scoreTurnLocally(state);
  }
  async scoreConversation(state: ScorableState, turns: TurnScores[], rating?: number): Promise<ScoredConversation> {
    return this.scoreTranscript(transcriptOf(state, turns), rating);
  }
  async scoreTranscript(conversation: ScorableConversation, rating?: number): Promise<ScoredConversation> {
    return scored(conversation, scoreTranscriptLocally(conversation, rating));
  }
}

/** The turns of the current conversation: kept ones plus this turn's (scored now when missing). */
export function conversationTurns(state: ScorableState, scorer: Pick<Scorer, "scoreTurn"> = new LocalScorer()): TurnScores[] {
  const kept = state.turnScores ?? [];
  return kept.some((t) => t.turn === state.turn) ? kept : [...kept, scorer.scoreTurn(state)];
}

/**
 * Public entry point: scores a conversation from its last state with the local
 * scorer (or the scorer given). With `audit` (the backend's audit entries of the
 * thread, each with the 1-based turn it happened in) consent is checked against
 * proposals and decisions too. Used by the graph, replays and the evolution loop.
 */
export async function scoreConversation(
  state: ScorableState,
  options: { rating?: number; scorer?: Scorer; audit?: { turn: number; entry: AuditEntry }[] } = {},
): Promise<ScoredConversation> {
  const scorer = options.scorer ?? new LocalScorer();
  if (options.audit) {
    const conversation = transcriptOfState({ ...state, accountActions: state.accountActions ?? [] }, options.audit);
    return scorer.scoreTranscript(conversation, options.rating);
  }
  return scorer.scoreConversation(state, conversationTurns(state, scorer), options.rating);
}

/** Scores a transcript (e.g. a replayed conversation with its audit events) with the local scorer or the one given. */
export async function scoreTranscript(conversation: ScorableConversation, options: { rating?: number; scorer?: Scorer } = {}): Promise<ScoredConversation> {
  return (options.scorer ?? new LocalScorer()).scoreTranscript(conversation, options.rating);
}
