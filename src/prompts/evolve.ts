import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Memory } from "../memory/index.js";
import { Role, type Episode, type PromptVersion } from "../memory/schemas.js";
import { roleScoreKey } from "../scoring/attribution.js";
import { decideAb, regressed } from "./ab-test.js";
import { DecisionLog, type PromptDecision, type PromptDecisionInput } from "./decision-log.js";
import type { EvolutionConfig } from "./evolution-config.js";
import { checkGuardrails } from "./guardrails.js";
import { rewriteWithLlm } from "./llm-rewrite.js";
import { rewriteByRules, type Rewrite } from "./rewrite-rules.js";
import { detectWeakAreas, type WeakArea } from "./weak-areas.js";

export interface EvolveInput {
  memory: Memory;
  config: EvolutionConfig;
  /** Needed for the LLM rewrite (`rewriter: "llm"`). */
  chatModel?: BaseChatModel;
  log?: DecisionLog;
  now?: () => Date;
}

export interface EvolutionReport {
  /** Decisions taken in this run (also appended to the decision log). */
  decisions: PromptDecision[];
  /** What happened per role, one line each, with figures: what `npm run evolve` prints. */
  lines: string[];
  episodes: number;
}

/**
 * One round of prompt evolution over the scored episodes in memory, per role:
 *  1. a candidate under test is promoted or retired once both it and its parent
 *     have enough outcomes (one-sided Welch t-test on the metrics it targets);
 *  2. a promoted version whose recent outcomes fall below its parent's by the
 *     margin is rolled back;
 *  3. with no candidate under test, the weak areas of the active version give a
 *     rewrite (rules, or an LLM metaprompt) that must keep every guardrail; it is
 *     stored as a candidate with its parent and reason.
 * Every decision is recorded with its figures.
 */
export async function evolvePrompts(input: EvolveInput): Promise<EvolutionReport> {
  const { memory, config } = input;
  const log = input.log ?? new DecisionLog(config.decisionsFile);
  const now = input.now ?? (() => new Date());
  const episodes = (await memory.episodic.list()).filter((e) => Object.keys(e.scores).length > 0);
  const history = log.list();
  const decisions: PromptDecisionInput[] = [];
  const lines: string[] = [];
  const at = () => now().toISOString();

  for (const role of Role.options) {
    const versions = await memory.procedural.promptVersions(role);
    let active = versions.findLast((v) => v.status === "active");
    const candidate = versions.findLast((v) => v.status === "candidate");
    if (!active) {
      lines.push(`${role}: no active prompt version; skipped`);
      continue;
    }
    const metricsOf = (version: number) => history.findLast((d) => d.role === role && d.version === version && d.kind === "proposed")?.metrics ?? [];
    let underTest = false;

    if (candidate) {
      const parentVersion = candidate.parent ?? active.version;
      const metrics = metricsOf(candidate.version).length ? metricsOf(candidate.version) : [roleScoreKey(role, "mean")];
      const candidateSample = sample(episodes, role, candidate.version, metrics);
      const parentSample = sample(episodes, role, parentVersion, metrics);
      const { verdict, result } = decideAb(candidateSample, parentSample, config);
      if (verdict === "wait") {
        underTest = true;
        lines.push(`${role}: v${candidate.version} under test against v${parentVersion}: ${candidateSample.length} vs ${parentSample.length} outcomes of ${config.minOutcomes} needed`);
      } else {
        const figures = { metric: metrics.join("+"), ...result!, alpha: config.alpha };
        const summary = `${figures.metric} ${result!.candidateMean.toFixed(3)} (n=${result!.candidateN}) vs ${result!.parentMean.toFixed(3)} (n=${result!.parentN}), difference ${result!.difference.toFixed(3)}, margin ${config.margin}, t=${fmt(result!.t)}, df=${fmt(result!.df)}, p=${fmt(result!.pValue)} (alpha ${config.alpha})`;
        if (verdict === "promote") {
          active = await memory.procedural.setPromptStatus(role, candidate.version, "active");
          decisions.push({ at: at(), role, kind: "promoted", version: candidate.version, parent: parentVersion, metrics, figures, reason: `better than v${parentVersion}: ${summary}` });
          lines.push(`${role}: promoted v${candidate.version} over v${parentVersion}: ${summary}`);
        } else {
          await memory.procedural.setPromptStatus(role, candidate.version, "retired");
          decisions.push({ at: at(), role, kind: "retired", version: candidate.version, parent: parentVersion, metrics, figures, reason: `not better than v${parentVersion} by the margin: ${summary}` });
          lines.push(`${role}: retired v${candidate.version}, kept v${parentVersion}: ${summary}`);
        }
      }
    } else {
      const rolledBack = await checkRegression(role, active, episodes, history, memory, config);
      if (rolledBack) {
        decisions.push({ ...rolledBack.decision, at: at() });
        lines.push(rolledBack.line);
        active = rolledBack.restored;
      }
    }

    if (!underTest) {
      const proposal = await propose(role, active, episodes, config, input.chatModel, memory);
      if (proposal) {
        decisions.push({ ...proposal.decision, at: at() });
        lines.push(proposal.line);
      } else {
        lines.push(`${role}: v${active.version} active; no weak area (${servedCount(episodes, role, active.version)} scored conversations)`);
      }
    }
  }
  decisions.push(...Role.options.map((role) => ({ at: at(), role, kind: "evolution_run" as const, version: 0, reason: "evolution round", episodes: episodes.length })));
  const recorded = log.append(...decisions);
  return { decisions: recorded.filter((d) => d.kind !== "evolution_run"), lines, episodes: episodes.length };
}

/** Per conversation served by `version` of `role`: the mean of the given metrics it has. */
export function sample(episodes: Episode[], role: Role, version: number, metrics: string[]): number[] {
  return episodes
    .filter((e) => e.promptVersions[role] === version)
    .map((e) => metrics.map((m) => e.scores[m]).filter((v): v is number => v !== undefined))
    .filter((values) => values.length > 0)
    .map((values) => values.reduce((a, b) => a + b, 0) / values.length);
}

const servedCount = (episodes: Episode[], role: Role, version: number) => episodes.filter((e) => e.promptVersions[role] === version).length;

async function checkRegression(role: Role, active: PromptVersion, episodes: Episode[], history: PromptDecision[], memory: Memory, config: EvolutionConfig) {
  const promotion = history.findLast((d) => d.role === role && d.version === active.version && d.kind === "promoted");
  if (!promotion || active.parent === null) return undefined;
  const metrics = promotion.metrics.length ? promotion.metrics : [roleScoreKey(role, "mean")];
  const recent = sample(episodes, role, active.version, metrics).slice(-config.regressionWindow);
  const parent = sample(episodes, role, active.parent, metrics);
  const check = regressed(recent, parent, config);
  if (!check.regressed) return undefined;
  const restored = await memory.procedural.setPromptStatus(role, active.parent, "active");
  const figures = { metric: metrics.join("+"), candidateN: recent.length, parentN: parent.length, candidateMean: check.recentMean, parentMean: check.parentMean, difference: check.recentMean! - check.parentMean!, margin: config.margin, test: "recent mean below parent mean by more than the margin" };
  const summary = `recent ${figures.metric} ${check.recentMean!.toFixed(3)} (last ${recent.length}) < v${active.parent} ${check.parentMean!.toFixed(3)} (n=${parent.length}) - margin ${config.margin}`;
  return {
    restored,
    decision: { role, kind: "rolled_back" as const, version: active.version, parent: active.parent, metrics, figures, reason: `regressed: ${summary}` },
    line: `${role}: rolled back v${active.version} to v${active.parent}: ${summary}`,
  };
}

async function propose(role: Role, active: PromptVersion, episodes: Episode[], config: EvolutionConfig, chatModel: BaseChatModel | undefined, memory: Memory) {
  const weak = detectWeakAreas(episodes, (r, e) => e.promptVersions[r] === active.version, config)[role] ?? [];
  if (weak.length === 0) return undefined;
  const { rewrite, note } = await rewriteFor(role, active, weak, config, chatModel);
  const metrics = weak.map((w) => w.metric);
  const reason = `weak areas: ${weak.map((w) => `${w.detail} over ${w.samples} conversations`).join("; ")}`;
  if (rewrite.changes.length === 0) {
    return { decision: { role, kind: "rejected" as const, version: active.version, parent: active.version, metrics, reason: `${reason}; no rule left to strengthen` }, line: `${role}: ${reason}; nothing left to rewrite` };
  }
  const guard = checkGuardrails(active.sections, rewrite.sections);
  if (!guard.ok) {
    return {
      decision: { role, kind: "rejected" as const, version: active.version, parent: active.version, metrics, reason: `rewrite rejected: ${guard.problems.join("; ")}${note ? ` (${note})` : ""}` },
      line: `${role}: rewrite rejected (${guard.problems.join("; ")})`,
    };
  }
  const fullReason = `${reason}. ${rewrite.changes.join("; ")}${note ? ` (${note})` : ""}`;
  const created = await memory.procedural.addPromptVersion({ role, status: "candidate", parent: active.version, reason: fullReason, sections: rewrite.sections });
  return {
    decision: { role, kind: "proposed" as const, version: created.version, parent: active.version, metrics, reason: fullReason, figures: { metric: metrics.join("+"), parentN: weak[0]!.samples, parentMean: weak[0]!.mean } },
    line: `${role}: proposed candidate v${created.version} (parent v${active.version}): ${fullReason}`,
  };
}

async function rewriteFor(role: Role, active: PromptVersion, weak: WeakArea[], config: EvolutionConfig, chatModel?: BaseChatModel): Promise<{ rewrite: Rewrite; note?: string }> {
  if (config.rewriter === "llm") {
    if (!chatModel) return { rewrite: rewriteByRules(role, active.sections, weak), note: "no chat model for the LLM rewrite; rules used" };
    try {
      return { rewrite: await rewriteWithLlm(chatModel, role, active.sections, weak), note: "LLM metaprompt rewrite" };
    } catch (error) {
      return { rewrite: rewriteByRules(role, active.sections, weak), note: `LLM rewrite failed (${(error as Error).message}); rules used` };
    }
  }
  return { rewrite: rewriteByRules(role, active.sections, weak) };
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));

/** New scored conversations since the last evolution round: the cheap check of the graph's trigger. */
export async function newOutcomesSinceLastRound(memory: Memory, log: DecisionLog): Promise<number> {
  const last = log.list().findLast((d) => d.kind === "evolution_run")?.episodes ?? 0;
  return (await memory.episodic.count()) - last;
}
