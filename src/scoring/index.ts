/** Scoring of conversations by their outcome for the customer: local rules by default, an LLM judge as an option. */
export { ROLE_SCORES, attributeScores, roleScoreKey } from "./attribution.js";
export { createScorer } from "./create-scorer.js";
export { episodeOf, type EpisodeSource } from "./episode.js";
export { LlmJudge, JudgeVerdict } from "./llm-judge.js";
export { concisenessFor, scoreConversationLocally, scoreTranscriptLocally, scoreTurnLocally, transcriptOf, type ScorableState } from "./local-scorer.js";
export { needKindOf, overallOf, scoreOutcomes, type NeedKind } from "./outcome.js";
export { rateFinishedConversation, RatingError } from "./rating.js";
export { ConversationScores, CustomerRating, EpisodeScores, OPTIONAL_SCORES, OUTCOME_SCORES, ScoreName, TurnScores } from "./schemas.js";
export { LocalScorer, conversationTurns, scoreConversation, scoreTranscript, scored, type ScoredConversation, type Scorer } from "./scorer.js";
export { CarrierEvent, ScorableConversation, TranscriptTurn, canonicalAction, eventOfAudit, transcriptOfState } from "./transcript.js";
