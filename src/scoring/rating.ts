import type { SupportStateValue } from "../conversation/state.js";
import type { Memory } from "../memory/index.js";
import { attributeScores } from "./attribution.js";
import { episodeOf } from "./episode.js";
import { needKindOf, overallOf } from "./outcome.js";
import { CustomerRating, ScoreName, type ConversationScores } from "./schemas.js";
import { transcriptOfState } from "./transcript.js";

export class RatingError extends Error {
  override name = "RatingError";
}

/**
 * A customer's 1-5 rating given after the conversation ended: the episode
 * already written is scored again with the rating as feedback and replaces the
 * stored one. Before the end, the rating is kept (working memory, state or run
 * configuration) and scored with the episode. Returns the new scores, or
 * undefined when the conversation has not ended yet.
 */
export async function rateFinishedConversation(input: {
  memory: Memory;
  state: SupportStateValue;
  threadId: string;
  rating: number;
}): Promise<Record<string, number> | undefined> {
  const parsed = CustomerRating.safeParse(input.rating);
  if (!parsed.success) throw new RatingError("a rating is a whole number from 1 to 5");
  const { state } = input;
  if (!state.episodeRecorded || state.status === "open") return undefined;
  const base: ConversationScores = {};
  for (const [key, value] of Object.entries(state.scores ?? {})) {
    const name = ScoreName.safeParse(key);
    if (name.success) base[name.data] = value;
  }
  const rescored: ConversationScores = { ...base, feedback: (parsed.data - 1) / 4 };
  rescored.overall = overallOf(rescored);
  const scores = attributeScores(rescored, needKindOf(transcriptOfState(state)));
  await input.memory.episodic.record(episodeOf(state, input.threadId, scores));
  return scores;
}
