import { attributeScores } from "./attribution.js";
import { scoreConversationLocally, scoreTurnLocally, type ScorableState } from "./local-scorer.js";
import type { ConversationScores, EpisodeScores, TurnScores } from "./schemas.js";

/**
 * One interface for every scorer. Turns are always scored locally (a judge call
 * on every turn would put an extra LLM call on the critical path); a scorer
 * decides how the finished conversation is judged.
 */
export interface Scorer {
  readonly kind: "local" | "llm";
  scoreTurn(state: ScorableState): TurnScores;
  scoreConversation(state: ScorableState, turns: TurnScores[], rating?: number): Promise<ScoredConversation>;
}

export interface ScoredConversation {
  scores: ConversationScores;
  /** The scores with their per-role attribution, as stored on the episode. */
  episodeScores: EpisodeScores;
  /** Set when the LLM judge failed and the local scores stand in. */
  fallback?: string;
}

export class LocalScorer implements Scorer {
  readonly kind = "local" as const;
  scoreTurn(state: ScorableState): TurnScores {
    return scoreTurnLocally(state);
  }
  async scoreConversation(state: ScorableState, turns: TurnScores[], rating?: number): Promise<ScoredConversation> {
    const scores = scoreConversationLocally(state, turns, rating);
    return { scores, episodeScores: attributeScores(scores) };
  }
}

/** The turns of the current conversation: kept ones plus this turn's (scored now when missing). */
export function conversationTurns(state: ScorableState, scorer: Pick<Scorer, "scoreTurn"> = new LocalScorer()): TurnScores[] {
  const kept = state.turnScores ?? [];
  return kept.some((t) => t.turn === state.turn) ? kept : [...kept, scorer.scoreTurn(state)];
}

/**
 * Public entry point: scores a conversation from its last state with the local
 * scorers (or the scorer given). Used by the graph and by replay scripts.
 */
export async function scoreConversation(state: ScorableState, options: { rating?: number; scorer?: Scorer } = {}): Promise<ScoredConversation> {
  const scorer = options.scorer ?? new LocalScorer();
  return scorer.scoreConversation(state, conversationTurns(state, scorer), options.rating);
}
