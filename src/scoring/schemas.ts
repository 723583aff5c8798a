import { z } from "zod";
import { Role } from "../memory/schemas.js";

/** A score in [0, 1]; higher is better. */
export const Score = z.number().min(0).max(1);

/** The named measures of a conversation. Each is in [0, 1]. */
export const ScoreName = z.enum([
  "resolution",
  "turnsToResolution",
  "empathy",
  "conciseness",
  "contextUse",
  "diagnosticCompleteness",
  "clarity",
  "intentConfidence",
  "feedback",
]);
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
});
export type TurnScores = z.infer<typeof TurnScores>;

/** Measures of a finished conversation; absent when they do not apply (no troubleshooting, no rating). */
export const ConversationScores = z.partialRecord(ScoreName, Score);
export type ConversationScores = z.infer<typeof ConversationScores>;

/** A customer's explicit rating of a conversation. */
export const CustomerRating = z.number().int().min(1).max(5);

/** Conversation scores with their attribution to roles (`dialogue.empathy`, `dialogue.mean`, ...), as stored on an episode. */
export const EpisodeScores = z.record(z.string(), Score);
export type EpisodeScores = z.infer<typeof EpisodeScores>;

export const ScoredRole = Role;
