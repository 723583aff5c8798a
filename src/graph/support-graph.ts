import { END, START, StateGraph, type BaseCheckpointSaver, type RetryPolicy } from "@langchain/langgraph";
import { makeAccountNode } from "../nodes/account.js";
import { awaitHumanNode } from "../nodes/await-human.js";
import { makeContextNode } from "../nodes/context.js";
import { makeDialogueNode } from "../nodes/dialogue.js";
import { isTransient } from "../conversation/degrade.js";
import { apologiseForReply, degradeWithout } from "../nodes/on-node-error.js";
import { makeHandoverNode } from "../nodes/handover.js";
import { makeIntentNode } from "../nodes/intent.js";
import { makeKnowledgeNode } from "../nodes/knowledge.js";
import { makeMonitorNode } from "../nodes/monitor.js";
import { makePlannerNode } from "../nodes/planner.js";
import { makeRememberNode } from "../nodes/remember.js";
import { makeTechnicalNode } from "../nodes/technical.js";
import { checkpointerFromEnvironment } from "../config/checkpointer.js";
import { SupportConfiguration } from "../config/support-configuration.js";
import type { SupportDependencies } from "./dependencies.js";
import { SupportState, type SupportStateValue } from "../conversation/state.js";

/** Nodes that call out (Chroma, the backend, an LLM) retry transient failures with backoff. */
const RETRY: RetryPolicy = { maxAttempts: 3, initialInterval: 100, backoffFactor: 2, maxInterval: 2_000, jitter: true, retryOn: isTransient };

export interface SupportGraphOptions {
  /**
   * Longest a node attempt may take before it is given up (then retried, then the turn goes on without it).
   * Generous by default: an LLM call has its own timeout (llmTimeoutMs) and falls back well before this.
   */
  nodeTimeoutMs?: number;
  /**
   * Persists threads (e.g. SqliteSaver). Default: Postgres when CHECKPOINT_URL names it (src/config/checkpointer.ts),
   * else none. The LangGraph API server brings its own.
   */
  checkpointer?: BaseCheckpointSaver;
}

/**
 * The compiled support graph. Every node is built here over `deps` (memory,
 * backend, engines, monitor), and every edge is here, the error routes too:
 * a node that still fails after its retries goes on to the node named beside it.
 */
export function createSupportGraph(deps: SupportDependencies, options: SupportGraphOptions = {}) {
  const callsOut = { retryPolicy: RETRY, timeout: options.nodeTimeoutMs ?? 60_000 };
  return (
    new StateGraph(SupportState, SupportConfiguration)
      .addNode("context", makeContextNode(deps), { ...callsOut, errorHandler: degradeWithout("memory", "intent"), ends: ["intent"] })
      .addNode("intent", makeIntentNode(deps), callsOut)
      .addNode("planner", makePlannerNode(deps), callsOut)
      .addNode("technical", makeTechnicalNode(deps), { ...callsOut, errorHandler: degradeWithout("backend", "planner"), ends: ["planner"] })
      .addNode("account", makeAccountNode(deps), { ...callsOut, errorHandler: degradeWithout("backend", "planner"), ends: ["planner"] })
      .addNode("knowledge", makeKnowledgeNode(deps), { ...callsOut, errorHandler: degradeWithout("knowledge base", "planner"), ends: ["planner"] })
      .addNode("handover", makeHandoverNode(deps), callsOut)
      .addNode("dialogue", makeDialogueNode(deps), { ...callsOut, errorHandler: apologiseForReply("remember"), ends: ["remember"] })
      .addNode("remember", makeRememberNode(deps), { ...callsOut, errorHandler: degradeWithout("memory", "monitor"), ends: ["monitor"] })
      .addNode("monitor", makeMonitorNode(deps))
      .addNode("await_human", awaitHumanNode)
      .addEdge(START, "context")
      .addEdge("context", "intent")
      .addEdge("intent", "planner")
      // Technical, knowledge and account may run side by side; the planner then runs once on their results.
      .addConditionalEdges("planner", routeFromPlanner, ["technical", "knowledge", "account", "handover", "dialogue"])
      .addEdge("technical", "planner")
      .addEdge("account", "planner")
      .addEdge("knowledge", "planner")
      .addEdge("handover", "dialogue")
      .addEdge("dialogue", "remember")
      .addEdge("remember", "monitor")
      .addConditionalEdges("monitor", routeAfterMonitor, ["await_human", END])
      .addEdge("await_human", END)
      .compile({ checkpointer: options.checkpointer ?? checkpointerFromEnvironment(), name: "support" })
      .withConfig({ recursionLimit: 60 })
  );
}

/** Where the turn goes after the planner: the specialists it chose (side by side), a hand-over, or the reply. */
function routeFromPlanner(state: SupportStateValue): ("technical" | "knowledge" | "account" | "handover" | "dialogue")[] {
  const next = state.thisTurn.plan?.next ?? ["reply"];
  if (next.includes("handover")) return ["handover"];
  const specialists = next.filter((step): step is "technical" | "knowledge" | "account" => step === "technical" || step === "knowledge" || step === "account");
  return specialists.length > 0 ? specialists : ["dialogue"];
}

/** After the turn is recorded: pause for a person when this turn handed over and no person has answered yet. */
function routeAfterMonitor(state: SupportStateValue): "await_human" | typeof END {
  return state.escalation?.turn === state.turn && state.status === "handed_over" && !state.escalation.humanReply ? "await_human" : END;
}

export type SupportGraph = ReturnType<typeof createSupportGraph>;
