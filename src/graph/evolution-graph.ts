import { END, START, StateGraph, StateSchema, type LangGraphRunnableConfig } from "@langchain/langgraph";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { z } from "zod";
import type { Memory } from "../memory/index.js";
import { DecisionLog, PromptDecision } from "../prompts/decision-log.js";
import { EvolutionConfig, ensureEvolutionConfig } from "../prompts/evolution-config.js";
import { evolvePrompts, type PairedEvaluator } from "../prompts/evolve.js";

/**
 * What the evolution graph needs: the live memory, the offline gate (a paired
 * replay on memory namespaces of its own, see src/replay/paired.ts
 * `replayEvaluator`), and a chat model for the LLM rewrite.
 */
export interface EvolutionDependencies {
  memory: Memory;
  /** Without it no rewrite is proposed and pinned versions cannot be checked. */
  evaluator?: PairedEvaluator;
  chatModel?: BaseChatModel;
}

export const EvolutionState = new StateSchema({
  /** Scored conversations the round read. */
  episodes: z.number().int().nonnegative().default(0),
  decisions: z.array(PromptDecision).default([]),
  /** One line per step: what was done and why, with figures. */
  lines: z.array(z.string()).default([]),
});
export type EvolutionStateValue = typeof EvolutionState.State;

/** One evolution round (canary decisions, rollback watch, a gated rewrite), as a closure over its dependencies. */
function makeEvolveRound(deps: EvolutionDependencies) {
  return async (_state: EvolutionStateValue, config: LangGraphRunnableConfig) => {
    const settings = ensureEvolutionConfig(config);
    const report = await evolvePrompts({ memory: deps.memory, config: settings, evaluate: deps.evaluator, chatModel: deps.chatModel, log: new DecisionLog(settings.decisionsFile) });
    return { episodes: report.episodes, decisions: report.decisions, lines: report.lines };
  };
}

/** The compiled evolution graph (named "evolution" in langgraph.json): its own job, never part of a customer's turn. */
export function createEvolutionGraph(deps: EvolutionDependencies) {
  return new StateGraph(EvolutionState, EvolutionConfig.partial())
    .addNode("evolve_prompts", makeEvolveRound(deps))
    .addEdge(START, "evolve_prompts")
    .addEdge("evolve_prompts", END)
    .compile({ name: "evolution" });
}
