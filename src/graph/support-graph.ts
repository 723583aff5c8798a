import { END, START, StateGraph, type BaseCheckpointSaver, type RetryPolicy } from "@langchain/langgraph";
import { accountNode } from "../nodes/account.js";
import { awaitHumanNode, routeAfterRemember } from "../nodes/await-human.js";
import { evolveNode, routeAfterRememberWithEvolution } from "../nodes/evolve.js";
import { contextNode } from "../nodes/context.js";
import { dialogueNode } from "../nodes/dialogue.js";
import { isTransient } from "../nodes/guard.js";
import { apologiseForReply, degradeWithout } from "../nodes/on-node-error.js";
import { handoverNode } from "../nodes/handover.js";
import { intentNode } from "../nodes/intent.js";
import { knowledgeNode } from "../nodes/knowledge.js";
import { monitorNode } from "../nodes/monitor.js";
import { plannerNode, routeFromPlanner } from "../nodes/planner.js";
import { rememberNode } from "../nodes/remember.js";
import { technicalNode } from "../nodes/technical.js";
import { checkpointerFromEnvironment } from "../config/checkpointer.js";
import { SupportConfiguration } from "./configuration.js";
import type { SupportDependencies } from "./dependencies.js";
import { SupportState } from "./state.js";

/** Nodes that call out (Chroma, the backend, an LLM) retry transient failures with backoff. */
const RETRY: RetryPolicy = { maxAttempts: 3, initialInterval: 100, backoffFactor: 2, maxInterval: 2_000, jitter: true, retryOn: isTransient };

export interface SupportGraphShapeOptions {
  /**
   * Longest a node attempt may take before it is given up (then retried, then the turn goes on without it).
   * Generous by default: an LLM call has its own timeout (llmTimeoutMs) and falls back well before this.
   */
  nodeTimeoutMs?: number;
}

/** The graph's shape, without dependencies: what Studio draws. */
export function buildSupportGraph(options: SupportGraphShapeOptions = {}) {
  const callsOut = { retryPolicy: RETRY, timeout: options.nodeTimeoutMs ?? 60_000 };
  return new StateGraph(SupportState, SupportConfiguration)
    .addNode("context", contextNode, { ...callsOut, errorHandler: degradeWithout("memory", "intent") })
    .addNode("intent", intentNode, callsOut)
    .addNode("planner", plannerNode, callsOut)
    .addNode("technical", technicalNode, { ...callsOut, errorHandler: degradeWithout("backend", "planner") })
    .addNode("account", accountNode, { ...callsOut, errorHandler: degradeWithout("backend", "planner") })
    .addNode("knowledge", knowledgeNode, { ...callsOut, errorHandler: degradeWithout("knowledge base", "planner") })
    .addNode("handover", handoverNode, callsOut)
    .addNode("dialogue", dialogueNode, { ...callsOut, errorHandler: apologiseForReply })
    .addNode("remember", rememberNode, { ...callsOut, errorHandler: degradeWithout("memory", "monitor") })
    .addNode("monitor", monitorNode)
    .addNode("evolve", evolveNode)
    .addNode("await_human", awaitHumanNode)
    .addEdge(START, "context")
    .addEdge("context", "intent")
    .addEdge("intent", "planner")
    // Technical, knowledge and account may run side by side; the planner then runs once on both results.
    .addConditionalEdges("planner", routeFromPlanner, ["technical", "knowledge", "account", "handover", "dialogue"])
    .addEdge("technical", "planner")
    .addEdge("account", "planner")
    .addEdge("knowledge", "planner")
    .addEdge("handover", "dialogue")
    .addEdge("dialogue", "remember")
    .addEdge("remember", "monitor")
    // A conversation that just ended may trigger a prompt-evolution round first.
    .addConditionalEdges("monitor", routeAfterRememberWithEvolution, ["evolve", "await_human", END])
    .addConditionalEdges("evolve", routeAfterRemember, ["await_human", END])
    .addEdge("await_human", END);
}

export interface SupportGraphOptions extends SupportGraphShapeOptions {
  /**
   * Persists threads (e.g. SqliteSaver). Default: Postgres when CHECKPOINT_URL names it (src/config/checkpointer.ts),
   * else none. The LangGraph API server brings its own.
   */
  checkpointer?: BaseCheckpointSaver;
}

/**
 * The compiled support graph bound to its dependencies. A service or a test hands
 * in its own memory, backend, engines and checkpointer.
 */
export function createSupportGraph(deps: SupportDependencies, options: SupportGraphOptions = {}) {
  return buildSupportGraph(options)
    .compile({ checkpointer: options.checkpointer ?? checkpointerFromEnvironment(), name: "support" })
    .withConfig({ configurable: { deps: opaque(deps) }, recursionLimit: 60 });
}

/**
 * The LangGraph API server copies `configurable` values into checkpoint metadata
 * and serialises them by walking own enumerable keys: the dependencies (Chroma
 * clients, embedder tables) would be walked in full at every step. The same
 * dependencies behind non-enumerable properties read the same and serialise as `{}`.
 */
function opaque(deps: SupportDependencies): SupportDependencies {
  const hidden = {} as SupportDependencies;
  for (const key of Object.keys(deps) as (keyof SupportDependencies)[]) {
    Object.defineProperty(hidden, key, { value: deps[key], enumerable: false });
  }
  return hidden;
}

export type SupportGraph = ReturnType<typeof createSupportGraph>;
