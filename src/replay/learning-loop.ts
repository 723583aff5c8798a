import { Role, type PromptVersion } from "../memory/schemas.js";
import { DecisionLog, type PromptDecision } from "../prompts/decision-log.js";
import { DEGRADATIONS, degradedSections, type DegradeKind } from "../prompts/degraded.js";
import type { EvolutionConfig } from "../prompts/evolution-config.js";
import { evolvePrompts, type RolePrompts } from "../prompts/evolve.js";
import type { ScriptedConversation } from "./conversations.js";
import { replayItems, splitMaterial, type ReplayItem, type SampleSizes } from "./material.js";
import { replayEvaluator, runIsolatedReplay, type ReplayEnvironment } from "./paired.js";
import { runItem, type ItemResult } from "./run-item.js";

export interface LearningLoopOptions {
  rounds: number;
  /** Picks the conversations of each half (printed, so a run can be repeated). */
  seed: number;
  sizes: SampleSizes;
  conversations: ScriptedConversation[];
  config: EvolutionConfig;
  /** Start from this degraded version, pinned by hand (its parent, the default, can be rolled back to). */
  degrade?: DegradeKind;
  /**
   * Start with this harm built into the role's starting prompt (a root version,
   * nothing to roll back to): a weak area that only a targeted rewrite can fix.
   */
  weak?: DegradeKind;
  /** Replay material; default every simulator scenario plus the scripted conversations. */
  items?: ReplayItem[];
  onLine?: (line: string) => void;
}

/** Mean of each score over a replay, and the share the simulator's ground truth calls a success. */
export interface OutcomeSummary {
  conversations: number;
  scores: Record<string, { mean: number; n: number }>;
  /** Simulator scenarios: resolved with the phone's own check passing (or rightly handed over), no breach. */
  success?: { share: number; n: number };
  versions: Partial<Record<Role, number>>;
}

export interface RoundFigures {
  round: number;
  heldOut: OutcomeSummary;
  decisions: PromptDecision[];
  lines: string[];
}

export interface LearningLoopReport {
  seed: number;
  training: string[];
  heldOut: string[];
  /** Held-out figures of the default prompts, when the loop starts degraded. */
  reference?: OutcomeSummary;
  /** Round 0 is the starting point. */
  rounds: RoundFigures[];
}

/**
 * The learning loop on a store of its own: each round, the training half is
 * played as live traffic (candidates serve their share), one evolution round
 * runs (canary, rollback watch, a gated rewrite), and the held-out half is
 * replayed on a fresh namespace with the active prompts, only to be reported.
 * Evolution never reads the held-out half.
 */
export async function runLearningLoop(env: ReplayEnvironment, options: LearningLoopOptions, log: DecisionLog): Promise<LearningLoopReport> {
  const say = options.onLine ?? (() => undefined);
  const memory = env.live.memory;
  const split = splitMaterial(options.items ?? replayItems(options.conversations), options.seed, options.sizes);
  say(`seed ${options.seed}: ${split.training.length} training and ${split.heldOut.length} held-out conversations`);
  const evaluator = replayEvaluator(env, split.training);
  const actives = async (): Promise<{ prompts: RolePrompts; versions: Partial<Record<Role, number>> }> => {
    const active = await memory.procedural.activePrompts();
    return {
      prompts: Object.fromEntries(Role.options.map((role) => [role, active[role]?.sections ?? []])) as RolePrompts,
      versions: Object.fromEntries(Object.entries(active).map(([role, v]) => [role, (v as PromptVersion).version])),
    };
  };
  const heldOut = async (label: string): Promise<OutcomeSummary> => {
    const { prompts, versions } = await actives();
    return { ...summarizeOutcomes(await runIsolatedReplay(env, split.heldOut, prompts, label), options.config.guards), versions };
  };

  let reference: OutcomeSummary | undefined;
  if (options.degrade) {
    reference = await heldOut("reference");
    say(`held-out with the default prompts: ${outcomeLine(reference, options.config.guards)}`);
    const { role, section, what } = DEGRADATIONS[options.degrade];
    const active = (await memory.procedural.activePrompt(role))!;
    const degraded = await memory.procedural.addPromptVersion({ role, status: "active", parent: active.version, reason: `degraded by hand: ${what}`, sections: degradedSections(options.degrade, active.sections) });
    log.append({ at: new Date().toISOString(), role, kind: "pinned", version: degraded.version, parent: active.version, reason: `pinned by hand: ${what} (guideline "${section.id}")` });
    say(`pinned ${role} v${degraded.version} (${what}): "${section.text}"`);
  }

  if (options.weak) {
    const { role, section, what } = DEGRADATIONS[options.weak];
    const active = (await memory.procedural.activePrompt(role))!;
    const root = await memory.procedural.addPromptVersion({ role, status: "active", parent: null, reason: `starting prompt with ${what}`, sections: degradedSections(options.weak, active.sections) });
    say(`starting ${role} prompt v${root.version} (no parent) has ${what}: "${section.text}"`);
  }

  const rounds: RoundFigures[] = [{ round: 0, heldOut: await heldOut("start"), decisions: [], lines: [] }];
  say(`round 0 (start) held-out: ${outcomeLine(rounds[0]!.heldOut, options.config.guards)}`);
  for (let round = 1; round <= options.rounds; round++) {
    for (const [index, item] of split.training.entries()) {
      await runItem(item, { memory, localEngines: env.localEngines, baseDataset: env.baseDataset, workDir: env.workDir }, `live-r${round}-${index}`);
    }
    const report = await evolvePrompts({ memory, config: options.config, evaluate: evaluator, log });
    const figures = { round, heldOut: await heldOut(`r${round}`), decisions: report.decisions, lines: report.lines };
    rounds.push(figures);
    say(`round ${round}: ${report.lines.length ? "" : "no decision"}`);
    for (const line of report.lines) say(`  ${line}`);
    say(`round ${round} held-out: ${outcomeLine(figures.heldOut, options.config.guards)}`);
  }
  return { seed: options.seed, training: split.training.map((i) => i.id), heldOut: split.heldOut.map((i) => i.id), reference, rounds };
}

export function summarizeOutcomes(results: ItemResult[], guards: readonly string[]): Omit<OutcomeSummary, "versions"> {
  const scores: OutcomeSummary["scores"] = {};
  for (const name of [...guards, "overall"]) {
    const values = results.map((r) => r.scores[name]).filter((v): v is number => v !== undefined);
    if (values.length) scores[name] = { mean: round3(values.reduce((a, b) => a + b, 0) / values.length), n: values.length };
  }
  const judged = results.filter((r) => r.success !== undefined);
  return {
    conversations: results.length,
    scores,
    ...(judged.length ? { success: { share: round3(judged.filter((r) => r.success).length / judged.length), n: judged.length } } : {}),
  };
}

export function outcomeLine(summary: OutcomeSummary, guards: readonly string[]): string {
  const parts = [...guards, "overall"].filter((g) => summary.scores[g]).map((g) => `${g} ${summary.scores[g]!.mean.toFixed(3)}`);
  return parts.join(", ");
}

/**
 * Guard scores of any later round below the baseline's (the "never lower a
 * guard" check): round 0 by default; a degraded start is compared with the
 * default prompts' figures instead.
 */
export function loweredGuards(report: LearningLoopReport, guards: readonly string[], baseline: OutcomeSummary = report.reference ?? report.rounds[0]!.heldOut): string[] {
  const start = baseline.scores;
  const out: string[] = [];
  for (const figures of report.rounds.slice(1)) {
    for (const guard of guards) {
      const before = start[guard]?.mean;
      const after = figures.heldOut.scores[guard]?.mean;
      if (before !== undefined && after !== undefined && after < before) out.push(`round ${figures.round}: ${guard} ${before.toFixed(3)} → ${after.toFixed(3)}`);
    }
  }
  return out;
}

/**
 * Share of the outcome lost by the degradation that the last round got back:
 * over the guard scores the degraded start lowered against the reference,
 * (final - start) / (reference - start), summed over those guards.
 */
export function recoveredShare(report: LearningLoopReport, guards: readonly string[]): { lost: number; recovered: number; share: number; byGuard: Record<string, number> } | undefined {
  if (!report.reference) return undefined;
  const start = report.rounds[0]!.heldOut.scores;
  const last = report.rounds.at(-1)!.heldOut.scores;
  let lost = 0;
  let recovered = 0;
  const byGuard: Record<string, number> = {};
  for (const guard of guards) {
    const ref = report.reference.scores[guard]?.mean;
    const s = start[guard]?.mean;
    const f = last[guard]?.mean;
    if (ref === undefined || s === undefined || f === undefined || ref - s <= 0) continue;
    lost += ref - s;
    recovered += Math.min(f, ref) - s;
    byGuard[guard] = round3((Math.min(f, ref) - s) / (ref - s));
  }
  return { lost: round3(lost), recovered: round3(recovered), share: lost > 0 ? round3(recovered / lost) : 1, byGuard };
}

/**
 * Each promoted rewrite's effect on the held-out half: its targeted scores from
 * the round before its promotion to the round of it (relative change), and any
 * other guard that fell in that step.
 */
export function promotedEffects(report: LearningLoopReport, guards: readonly string[]) {
  return report.rounds.slice(1).flatMap((figures) =>
    figures.decisions
      .filter((d) => d.kind === "promoted")
      .map((d) => {
        const before = report.rounds[figures.round - 1]!.heldOut.scores;
        const after = figures.heldOut.scores;
        const targets = Object.fromEntries(
          d.metrics.filter((m) => before[m] && after[m]).map((m) => [m, { before: before[m]!.mean, after: after[m]!.mean, relative: round3((after[m]!.mean - before[m]!.mean) / Math.max(before[m]!.mean, 1e-9)) }]),
        );
        const othersFell = guards.filter((g) => !d.metrics.includes(g) && before[g] && after[g] && after[g]!.mean < before[g]!.mean).map((g) => `${g} ${before[g]!.mean.toFixed(3)} → ${after[g]!.mean.toFixed(3)}`);
        return { round: figures.round, role: d.role, version: d.version, targets, othersFell };
      }),
  );
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
