import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { ensureConfiguration } from "../graph/configuration.js";
import type { SupportStateUpdate, SupportStateValue } from "../graph/state.js";
import { DecisionLog } from "../prompts/decision-log.js";
import { ensureEvolutionConfig } from "../prompts/evolution-config.js";
import { evolvePrompts, newOutcomesSinceLastRound } from "../prompts/evolve.js";
import { routeAfterRemember } from "./await-human.js";
import { startNode } from "./node-run.js";

/**
 * The prompt-evolution step of the support graph: after a conversation's
 * episode is written, once `evolveAfter` new scored conversations have
 * accumulated since the last round, one evolution round runs (A/B decisions,
 * rollbacks, new candidates). It never fails the turn.
 */
export async function evolveNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
  const run = startNode(state, config);
  try {
    const evolution = ensureEvolutionConfig(config);
    const log = new DecisionLog(evolution.decisionsFile);
    const fresh = await newOutcomesSinceLastRound(run.deps.memory, log);
    if (fresh < run.config.evolveAfter) return { trace: [run.trace("evolve", undefined, `${fresh} new outcome(s) of ${run.config.evolveAfter}`)] };
    const report = await evolvePrompts({ memory: run.deps.memory, config: evolution, chatModel: run.deps.chatModel, log });
    const done = report.decisions.map((d) => `${d.role} ${d.kind} v${d.version}`).join(", ") || "no decision";
    return { trace: [run.trace("evolve", undefined, `evolution round over ${report.episodes} episodes: ${done}`)] };
  } catch (error) {
    return { degraded: ["evolution"], trace: [run.trace("evolve", undefined, `evolution skipped: ${(error as Error).message}`)] };
  }
}

/**
 * After remember: to the evolve step when this turn wrote the conversation's
 * episode (the only turns that add outcomes), so ordinary turns pay nothing.
 */
export function routeAfterRememberWithEvolution(state: SupportStateValue, config: LangGraphRunnableConfig): "evolve" | "await_human" | "__end__" {
  if (state.status !== "open" && state.episodeRecorded && ensureConfiguration(config).evolveAfter > 0) return "evolve";
  return routeAfterRemember(state);
}
