import type { SupportStateValue } from "../conversation/state.js";
import type { EpisodeInput } from "../memory/schemas.js";
import type { EpisodeScores } from "./schemas.js";

/** What an episode is written from: the conversation's last state. */
export type EpisodeSource = Pick<SupportStateValue, "status" | "troubleshooting" | "accountActions" | "openIssue" | "intentAnalysis" | "customer" | "turn" | "escalation" | "promptVersions">;

/**
 * The episode of a finished conversation, with its scores: what episodic memory
 * stores and prompt evolution reads. Lives with the scores (not in a node) so
 * that scoring and rating never import the graph's nodes.
 */
export function episodeOf(state: EpisodeSource, threadId: string, scores: EpisodeScores = {}): EpisodeInput {
  const outcome = state.status === "resolved" ? "resolved" : state.status === "handed_over" ? "handed_over" : "closed";
  const t = state.troubleshooting;
  const path = [...(t?.observations.map((o) => `${o.stepId}:${o.observation}`) ?? []), ...state.accountActions.map((a) => `${a.action}:${a.ok ? "done" : "refused"}`)];
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
