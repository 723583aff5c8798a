import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { SupportDependencies } from "../graph/dependencies.js";
import type { SupportStateUpdate, SupportStateValue } from "../conversation/state.js";
import { createScorer } from "../scoring/create-scorer.js";
import { episodeOf } from "../scoring/episode.js";
import type { EpisodeScores } from "../scoring/schemas.js";
import { degradeOnFailure } from "../conversation/degrade.js";
import { ratingOf, workingFacts, type PendingWrite } from "../conversation/memory-writes.js";
import { startNode } from "../graph/run.js";

/**
 * Closes a turn: writes this conversation's working memory, and the episode once
 * the conversation has ended (resolved, handed over or closed). A write that
 * fails is kept in state and retried next turn, never silently dropped.
 */
export function makeRememberNode(deps: SupportDependencies) {
  return async function rememberNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
    const run = startNode(deps, state, config);
    const threadId = run.threadId;
    const degraded = [...state.degraded];
    const pending: PendingWrite[] = [...state.pendingWrites];

    const facts = workingFacts(state, threadId);
    const wroteFacts = await degradeOnFailure("memory", async () => (await deps.memory.working.remember(facts), true), false, degraded);
    if (!wroteFacts) pending.push({ kind: "working", payload: JSON.stringify(facts) });

    // Every turn's reply is scored; the finished conversation is scored from its turns.
    const { scorer, note: scorerNote } = createScorer(run.config, deps.chatModel);
    const turnScores = [...state.turnScores.filter((t) => t.turn !== state.turn), scorer.scoreTurn(state)];
    const notes: string[] = scorerNote ? [scorerNote] : [];

    let episodeRecorded = state.episodeRecorded;
    let scores: EpisodeScores | undefined;
    if (state.status !== "open" && !state.episodeRecorded) {
      const rating = ratingOf(state, run.config.rating);
      const scored = await scorer.scoreConversation(state, turnScores, rating);
      if (scored.fallback) notes.push(scored.fallback);
      scores = scored.episodeScores;
      const episode = episodeOf(state, threadId, scores);
      const wrote = await degradeOnFailure("memory", async () => (await deps.memory.episodic.record(episode), true), false, degraded);
      if (!wrote) pending.push({ kind: "episode", payload: JSON.stringify(episode) });
      episodeRecorded = true; // written now, or queued in pendingWrites
    }
    if (pending.length) notes.push(`${pending.length} write(s) queued for retry`);
    return {
      pendingWrites: pending,
      episodeRecorded,
      degraded,
      // A written episode closes the conversation's scoring; a reopened thread starts afresh.
      ...(scores ? { scores, turnScores: [], rating: null } : { turnScores }),
      trace: [run.trace("remember", undefined, notes.length ? notes.join("; ") : undefined)],
    };
  };
}

