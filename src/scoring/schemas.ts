import { z } from "zod";
import { Role } from "../memory/schemas.js";

/** A score in [0, 1]; higher is better. */
export const Score = z.number().min(0).max(1);

/**
 * The outcome scores of a conversation (the contract with prompt evolution, on the team board): each in [0, 1],
 * absent when it does not apply.
 * - needMet: the question answered with the right facts, the fault verified fixed by the customer's own check, or the action done as asked.
 * - policy: consent (no change without a yes to a priced proposal) and truth (no reply claiming what did not happen, nothing internal shown).
 * - noRepeatedQuestion: nothing asked twice, identity not asked again after verification.
 * - handoverNeeded: 1 without a hand-over or with a justified one; low for one that was not needed.
 * - turnsToOutcome: customer turns to the outcome beyond what the request needs (absent when no outcome was reached).
 * - empathy: an upset customer acknowledged; a canned apology where nothing went wrong costs.
 * - contextUse: the customer's relevant history referred to; irrelevant history brought up costs.
 */
export const OUTCOME_SCORES = ["needMet", "policy", "noRepeatedQuestion", "handoverNeeded", "turnsToOutcome", "empathy", "contextUse"] as const;
/** Measures of how replies read and how a diagnosis went, plus the customer's explicit rating. */
export const OPTIONAL_SCORES = ["conciseness", "clarity", "diagnosticCompleteness", "feedback"] as const;

/** Every named conversation score; `overall` is the scorer's single figure. */
export const ScoreName = z.enum([...OUTCOME_SCORES, ...OPTIONAL_SCORES, "overall"]);
export type ScoreName = z.infer<typeof ScoreName>;

/** Measures of one turn's reply. A measure that does not apply to the turn is absent. */
export const TurnScores = z.object({
  turn: z.number().int().nonnegative(),
  /** Words in the reply (what the conciseness threshold is stated in). */
  words: z.number().int().nonnegative(),
  empathy: Score.optional(),
  conciseness: Score,
  contextUse: Score.optional(),
  clarity: Score,
  intentConfidence: Score.optional(),
  /** Account actions in the state when this turn was scored: places each action in its turn. */
  actions: z.number().int().nonnegative().optional(),
});
export type TurnScores = z.infer<typeof TurnScores>;

/** Scores of a finished conversation; absent when they do not apply (no troubleshooting, no rating). */
export const ConversationScores = z.partialRecord(ScoreName, Score);
export type ConversationScores = z.infer<typeof ConversationScores>;

/** A customer's explicit rating of a conversation. */
export const CustomerRating = z.number().int().min(1).max(5);

/** Conversation scores with their attribution to roles (`dialogue.empathy`, `dialogue.mean`, ...), as stored on an episode. */
export const EpisodeScores = z.record(z.string(), Score);
export type EpisodeScores = z.infer<typeof EpisodeScores>;

export const ScoredRole = Role;
