import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { SupportDependencies } from "../graph/dependencies.js";
import type { SupportStateUpdate, SupportStateValue } from "../conversation/state.js";
import type { Memory } from "../memory/index.js";
import type { EpisodeInput } from "../memory/schemas.js";
import type { RememberInput } from "../memory/working.js";
import { createScorer } from "../scoring/create-scorer.js";
import type { EpisodeScores } from "../scoring/schemas.js";
import { degradeOnFailure } from "./guard.js";
import { lastCustomerMessage, startNode } from "./node-run.js";

type PendingWrite = SupportStateValue["pendingWrites"][number];

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
      const rating = ratingOf(state, run.config.customerRating);
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

/** The customer's rating: the run's configuration, then the state, then the chat's `/rate` kept in working memory. */
function ratingOf(state: SupportStateValue, configured: number | undefined): number | undefined {
  const fromFacts = Number(state.memory.facts.customer_rating);
  const candidates = [configured, state.rating ?? undefined, Number.isInteger(fromFacts) ? fromFacts : undefined];
  return candidates.find((r): r is number => r !== undefined && r >= 1 && r <= 5);
}

/** Retries writes queued by earlier turns; returns the ones that still failed. */
export async function retryPendingWrites(memory: Memory, pending: PendingWrite[], degraded: string[]): Promise<PendingWrite[]> {
  const left: PendingWrite[] = [];
  for (const write of pending) {
    const payload = JSON.parse(write.payload);
    const ok = await degradeOnFailure(
      "memory",
      async () => {
        if (write.kind === "working") await memory.working.remember(payload as RememberInput[]);
        else await memory.episodic.record(payload as EpisodeInput);
        return true;
      },
      false,
      degraded,
    );
    if (!ok) left.push(write);
  }
  return left;
}

function workingFacts(state: SupportStateValue, threadId: string): RememberInput[] {
  const customerId = state.customer.verified ? state.customer.customerId : undefined;
  const facts: RememberInput[] = [];
  const add = (key: string, kind: RememberInput["kind"], value: string | undefined) => {
    if (value) facts.push({ threadId, key, kind, value, customerId });
  };
  add("customer", "customer", customerId ? `${customerId} (verified)` : state.customer.phoneNumber ? `${state.customer.phoneNumber} (not verified)` : undefined);
  // The words that opened the issue, not this turn's message: the fact stays put (and unwritten) while the issue does.
  const issueWords = state.openIssueMessage || lastCustomerMessage(state.messages);
  add("issue", "issue", state.openIssue ? `${state.openIssue.primary}: ${issueWords.slice(0, 200)}` : undefined);
  const t = state.troubleshooting;
  add("step", "step", t ? `${t.procedureId}:${t.stepId} (${t.status})` : undefined);
  add("observations", "observation", t?.observations.length ? t.observations.map((o) => `${o.stepId}=${o.observation}`).join(", ") : undefined);
  add("pending_action", "step", state.pendingAction?.actionId);
  return facts;
}

/** The episode of a finished conversation, with its scores. */
export function episodeOf(state: SupportStateValue, threadId: string, scores: EpisodeScores = {}): EpisodeInput {
  const outcome = state.status === "resolved" ? "resolved" : state.status === "handed_over" ? "handed_over" : "closed";
  const t = state.troubleshooting;
  const path = [
    ...(t?.observations.map((o) => `${o.stepId}:${o.observation}`) ?? []),
    ...state.accountActions.map((a) => `${a.action}:${a.ok ? "done" : "refused"}`),
  ];
  const issue = state.openIssue?.primary ?? state.intentAnalysis?.primary ?? "general";
  const what = t ? `${t.procedureId} ${t.status}; faults found ${t.faultsFound.join(", ") || "none"}, fixed ${t.faultsFixed.join(", ") || "none"}` : "no troubleshooting";
  return {
    id: `${threadId}#${state.turn}`,
    threadId,
    // Unverified conversations get a customer of their own, so they can never surface for a real customer.
    customerId: state.customer.verified && state.customer.customerId ? state.customer.customerId : `anonymous:${threadId}`,
    summary: `${issue} (${outcome}) after ${state.turn} turn(s): ${what}. ${state.escalation ? `Handed over: ${state.escalation.reason}.` : ""}`.trim(),
    intent: issue,
    outcome,
    scores,
    resolutionPath: path,
    turns: state.turn,
    promptVersions: state.promptVersions,
    createdAt: new Date().toISOString(),
  };
}
