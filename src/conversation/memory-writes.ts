import type { Memory } from "../memory/index.js";
import type { EpisodeInput } from "../memory/schemas.js";
import type { RememberInput } from "../memory/working.js";
import { degradeOnFailure } from "./degrade.js";
import { lastCustomerMessage } from "./messages.js";
import type { SupportStateValue } from "./state.js";

/**
 * What a turn writes to working memory, and the writes that failed (Chroma away)
 * kept in the state and retried on the next turn, never silently dropped.
 */
export type PendingWrite = SupportStateValue["pendingWrites"][number];

/** The customer's rating: the run's configuration, then the state, then the chat's `/rate` kept in working memory. */
export function ratingOf(state: SupportStateValue, configured: number | undefined): number | undefined {
  const fromFacts = Number(state.memory.facts.rating);
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

export function workingFacts(state: SupportStateValue, threadId: string): RememberInput[] {
  const customerId = state.customer.verified ? state.customer.customerId : undefined;
  const facts: RememberInput[] = [];
  const add = (key: string, kind: RememberInput["kind"], value: string | undefined) => {
    if (value) facts.push({ threadId, key, kind, value, customerId });
  };
  add("customer", "customer", customerId ? `${customerId} (verified)` : state.customer.phoneNumber ? `${state.customer.phoneNumber} (not verified)` : undefined);
  // The words that opened the issue, not this turn's message: the fact stays put (and unwritten) while the issue does.
  const openedWith = state.openIssueMessage || lastCustomerMessage(state.messages);
  add("issue", "issue", state.openIssue ? `${state.openIssue.primary}: ${openedWith.slice(0, 200)}` : undefined);
  const t = state.troubleshooting;
  add("step", "step", t ? `${t.procedureId}:${t.stepId} (${t.status})` : undefined);
  add("observations", "observation", t?.observations.length ? t.observations.map((o) => `${o.stepId}=${o.observation}`).join(", ") : undefined);
  add("pending_action", "step", state.pendingAction?.actionId);
  return facts;
}
