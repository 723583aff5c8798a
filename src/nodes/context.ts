import { createHash } from "node:crypto";
import { Overwrite, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { isHumanMessage } from "@langchain/core/messages";
import { InvalidInputError } from "./on-node-error.js";
import type { SupportDependencies } from "../graph/dependencies.js";
import { freshTurn, type SupportStateUpdate, type SupportStateValue, type MemoryContext } from "../conversation/state.js";
import { promptsForThread } from "../prompts/serving.js";
import { degradeOnFailure } from "../conversation/degrade.js";
import { lastCustomerMessage } from "../conversation/messages.js";
import { startNode } from "../graph/run.js";
import { retryPendingWrites } from "../conversation/memory-writes.js";

/**
 * Opens a turn: starts a fresh `thisTurn` and reads what memory offers —
 * this thread's working memory, this customer's history, lessons from similar
 * cases, and the active role prompts. Chroma being away degrades, never stops.
 */
export function makeContextNode(deps: SupportDependencies) {
  return async function contextNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
    const run = startNode(deps, state, config);
    // A run with no customer message is a caller's mistake: say so, and store nothing.
    if (!state.messages.length || !isHumanMessage(state.messages.at(-1)!)) {
      throw new InvalidInputError("A turn needs a customer message: send { messages: [{ role: \"user\", content: \"…\" }] }.");
    }
    const { memory } = deps;
    const threadId = run.threadId;
    const message = lastCustomerMessage(state.messages);
    const degraded: string[] = [];
    const customerId = state.customer.verified ? state.customer.customerId : undefined;

    const pendingWrites = await retryPendingWrites(memory, state.pendingWrites, degraded);
    // What memory offered earlier turns stays valid within an open conversation: the customer's history is read once
    // (after verification), similar cases once per open issue (searched with the words that opened it). A conversation
    // that ended and is reopened has a new episode of its own, so both are read again.
    const reopened = state.status !== "open";
    const keptHistory = !reopened && customerId !== undefined && state.memory.historyOf === customerId;
    const casesQuery = state.openIssue && state.openIssueMessage ? state.openIssueMessage : message;
    // A digest, not the words themselves: the state (and every checkpoint of it) need not hold a long message twice.
    const casesKey = casesQuery ? createHash("sha256").update(casesQuery).digest("base64url") : undefined;
    const keptCases = !reopened && run.config.similarCasesK > 0 && casesKey !== undefined && state.memory.casesFor === casesKey;
    let historyOf: string | undefined = keptHistory ? customerId : undefined;
    let casesFor: string | undefined = keptCases ? casesKey : undefined;
    const [facts, history, cases, serving] = await Promise.all([
      degradeOnFailure("memory", () => memory.working.factMap(threadId), {}, degraded),
      keptHistory
        ? Promise.resolve(null)
        : customerId
          ? degradeOnFailure("memory", async () => { const read = await memory.episodic.history(customerId, { limit: run.config.historyLimit }); historyOf = customerId; return read; }, [], degraded)
          : Promise.resolve([]),
      keptCases
        ? Promise.resolve(null)
        : run.config.similarCasesK > 0 && casesQuery
          ? degradeOnFailure("memory", async () => { const found = await memory.episodic.searchCases(casesQuery, { k: run.config.similarCasesK }); casesFor = casesKey; return found; }, [], degraded)
          : Promise.resolve([]),
      degradeOnFailure("prompts", () => memory.procedural.servingPrompts(), { active: {}, candidates: {} }, degraded),
    ]);
    // A role's candidate version serves its A/B share of threads, chosen stably by thread id.
    const prompts = promptsForThread(serving, threadId, run.config.candidateShare);

    const memoryContext: MemoryContext = {
      facts,
      history: history ? history.map((e) => ({ intent: e.intent, outcome: e.outcome, summary: e.summary, createdAt: e.createdAt })) : state.memory.history,
      // Only lessons that are close enough to be worth mentioning.
      similarCases: cases
        ? cases.filter((c) => c.similarity >= 0.5).map((c) => ({ intent: c.intent, outcome: c.outcome, resolutionPath: c.resolutionPath, similarity: c.similarity }))
        : state.memory.similarCases,
      ...(historyOf ? { historyOf } : {}),
      ...(casesFor ? { casesFor } : {}),
    };
    return {
      turn: state.turn + 1,
      // A message after the conversation ended reopens it; its next ending is a new episode.
      ...(state.status !== "open" ? { status: "open" as const, episodeRecorded: false } : {}),
      thisTurn: new Overwrite(
        freshTurn({ startedAt: new Date().toISOString(), observationsBefore: state.troubleshooting?.observations.length ?? 0, greeted: state.customer.verified }),
      ),
      reply: "",
      degraded: new Overwrite(degraded),
      memory: memoryContext,
      prompts,
      promptVersions: Object.fromEntries(Object.entries(prompts).map(([role, version]) => [role, version!.version])),
      pendingWrites,
      trace: new Overwrite([run.trace("context", undefined, degraded.length ? `degraded: ${degraded.join(", ")}` : undefined)]),
    };
  };
}
