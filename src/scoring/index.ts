/** Scoring of turns and conversations: local rules by default, an LLM judge as an option. */
export { ROLE_SCORES, attributeScores, roleScoreKey } from "./attribution.js";
export { createScorer } from "./create-scorer.js";
export { LlmJudge, JudgeVerdict } from "./llm-judge.js";
export { concisenessFor, scoreConversationLocally, scoreTurnLocally, type ScorableState } from "./local-scorer.js";
export { rateFinishedConversation, RatingError } from "./rating.js";
export { ConversationScores, CustomerRating, EpisodeScores, ScoreName, TurnScores } from "./schemas.js";
export { LocalScorer, conversationTurns, scoreConversation, type ScoredConversation, type Scorer } from "./scorer.js";
