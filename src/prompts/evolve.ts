import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Memory } from "../memory/index.js";
import { Role, type Episode, type PromptSection, type PromptVersion } from "../memory/schemas.js";
import { compareGuards, pairedTest, welchTest, type GuardFigure, type ScoredPair } from "./ab-test.js";
import { DecisionLog, type PromptDecision, type PromptDecisionInput } from "./decision-log.js";
import type { EvolutionConfig } from "./evolution-config.js";
import { checkGuardrails } from "./guardrails.js";
import { rewriteWithLlm } from "./llm-rewrite.js";
import { rewriteByRules, type Rewrite } from "./rewrite-rules.js";
import { detectWeakAreas, type WeakArea } from "./weak-areas.js";

/** The prompts of every role, as one side of a paired replay runs them. */
export type RolePrompts = Record<Role, PromptSection[]>;

/** The same conversations replayed on each side, with the scores each side got. */
export interface PairedEvaluation {
  /** Fingerprint of the conversations replayed (the same material gives the same id). */
  material: string;
  pairs: ScoredPair[];
}

/**
 * The offline gate's replay: the same conversations (its material) under a
 * parent and a candidate that differ in one role only, each on a memory
 * namespace of its own. Supplied by the evolution graph or a script; this
 * layer only decides.
 */
export interface PairedEvaluator {
  /** Fingerprint of the conversations it replays. */
  material: string;
  evaluate(request: { role: Role; parent: RolePrompts; candidate: RolePrompts; label: string }): Promise<PairedEvaluation>;
}

export interface EvolveInput {
  /** The live memory: scored episodes are read from it, prompt versions changed in it. */
  memory: Memory;
  config: EvolutionConfig;
  /** The offline gate. Without it no rewrite is proposed and no pinned version can be checked. */
  evaluate?: PairedEvaluator;
  /** Needed for the LLM rewrite (`rewriter: "llm"`). */
  chatModel?: BaseChatModel;
  log?: DecisionLog;
  now?: () => Date;
}

export interface EvolutionReport {
  /** Decisions taken in this run (also appended to the decision log). */
  decisions: PromptDecision[];
  /** What happened, one line per step, with figures: what `npm run evolve` prints. */
  lines: string[];
  episodes: number;
}

/**
 * One round of prompt evolution. It runs as its own job (the evolution graph,
 * `npm run evolve`, the learning loop), never inside a customer's turn.
 *
 *  1. Canary: a candidate that passed the offline gate serves its live share;
 *     once it and its parent have enough live outcomes it is promoted, unless a
 *     guard score is significantly worse live (then retired).
 *  2. Rollback watch: every active version with a parent, pinned ones included,
 *     on every guard score. A version never compared with its parent on this
 *     replay material, or one whose live outcomes trail its parent's, is
 *     replayed against its parent on the same conversations. A guard that fell
 *     by more than the margin rolls it back: at once for a version that never
 *     passed the gate (pinned by hand), with a significant paired test for one
 *     that did.
 *  3. Proposal, one role at a time: the weakest area's rewrite (that keeps
 *     every guardrail and was never tried before) is replayed offline against
 *     its parent. It is stored as a candidate only if no guard fell by more than
 *     the margin and the targeted score rose (paired test); else it is stored
 *     retired, so it is never proposed again.
 */
export async function evolvePrompts(input: EvolveInput): Promise<EvolutionReport> {
  const { memory, config } = input;
  const log = input.log ?? new DecisionLog(config.decisionsFile);
  const now = input.now ?? (() => new Date());
  const at = () => now().toISOString();
  const episodes = (await memory.episodic.list()).filter((e) => Object.keys(e.scores).length > 0);
  const history = log.list();
  const decisions: PromptDecisionInput[] = [];
  const lines: string[] = [];
  const decide = (decision: Omit<PromptDecisionInput, "at">, line: string) => {
    decisions.push({ ...decision, at: at() });
    lines.push(line);
  };

  const versions = Object.fromEntries(await Promise.all(Role.options.map(async (role) => [role, await memory.procedural.promptVersions(role)] as const))) as Record<Role, PromptVersion[]>;
  const activeOf = (role: Role) => versions[role].findLast((v) => v.status === "active");
  const candidateOf = (role: Role) => versions[role].findLast((v) => v.status === "candidate");
  const refresh = async (role: Role) => {
    versions[role] = await memory.procedural.promptVersions(role);
  };
  const activePrompts = (): RolePrompts => Object.fromEntries(Role.options.map((role) => [role, activeOf(role)?.sections ?? []])) as RolePrompts;

  // 1. Canary of candidates that passed the gate.
  for (const role of Role.options) {
    const candidate = candidateOf(role);
    const active = activeOf(role);
    if (!candidate || !active) continue;
    const parentVersion = candidate.parent ?? active.version;
    const since = Date.parse(candidate.createdAt);
    const served = (version: number) => episodes.filter((e) => e.promptVersions[role] === version && Date.parse(e.createdAt) >= since);
    const candidateLive = served(candidate.version);
    const parentLive = served(parentVersion);
    if (candidateLive.length < config.minOutcomes || parentLive.length < config.minOutcomes) {
      decide(
        { role, kind: "waiting", version: candidate.version, parent: parentVersion, reason: `live share: ${candidateLive.length} vs ${parentLive.length} outcomes of ${config.minOutcomes} needed` },
        `${role}: v${candidate.version} serving its live share: ${candidateLive.length} vs ${parentLive.length} outcomes of ${config.minOutcomes} needed`,
      );
      continue;
    }
    const worse = liveWorse(candidateLive, parentLive, config);
    if (worse) {
      await memory.procedural.setPromptStatus(role, candidate.version, "retired");
      decide(
        { role, kind: "retired", version: candidate.version, parent: parentVersion, metrics: [worse.score], figures: worse.figures, reason: `live share worse than v${parentVersion}: ${worse.summary}` },
        `${role}: retired v${candidate.version} after its live share, kept v${parentVersion}: ${worse.summary}`,
      );
    } else {
      const gate = history.findLast((d) => d.role === role && d.version === candidate.version && d.kind === "proposed");
      await memory.procedural.setPromptStatus(role, candidate.version, "active");
      decide(
        {
          role,
          kind: "promoted",
          version: candidate.version,
          parent: parentVersion,
          metrics: gate?.metrics ?? [],
          figures: gate?.figures,
          guards: gate?.guards,
          material: gate?.material,
          reason: `better on the paired replay (${gate?.figures ? testLine(gate.figures) : "no gate figures"}), and no guard significantly worse over its live share (${candidateLive.length} vs ${parentLive.length} outcomes)`,
        },
        `${role}: promoted v${candidate.version} over v${parentVersion}: paired ${gate?.figures ? testLine(gate.figures) : "-"}; live share ${candidateLive.length} vs ${parentLive.length} outcomes, no guard worse`,
      );
    }
    await refresh(role);
  }

  // 2. Rollback watch over every active version that has a parent (one promoted a moment ago was just checked by its canary).
  const promotedNow = new Set(decisions.filter((d) => d.kind === "promoted").map((d) => d.role));
  for (const role of Role.options) {
    const active = activeOf(role);
    if (!active || active.parent === null || promotedNow.has(role)) continue;
    const parent = versions[role].find((v) => v.version === active.parent);
    if (!parent) continue;
    const recent = episodes.filter((e) => e.promptVersions[role] === active.version).slice(-config.regressionWindow);
    const parentLive = episodes.filter((e) => e.promptVersions[role] === parent.version);
    const trailing = liveWorse(recent, parentLive, config);
    const gate = input.evaluate;
    // A version compared with its parent on this material before is replayed again only when it trails live.
    const compared = gate && history.some((d) => d.role === role && d.version === active.version && (d.kind === "proposed" || d.kind === "checked") && d.material === gate.material);
    if (compared && !trailing) continue;
    if (!gate) {
      if (trailing) lines.push(`${role}: v${active.version} trails v${parent.version} live (${trailing.summary}); no replay to confirm it`);
      continue;
    }
    const activeSide = activePrompts();
    const parentSide = { ...activeSide, [role]: parent.sections };
    const evaluation = await gate.evaluate({ role, parent: parentSide, candidate: activeSide, label: `watch${role}` });
    const guards = compareGuards(evaluation.pairs, config.guards, config.margin);
    // A version that passed the gate needs a significant fall to be rolled back; one that never did (pinned by hand) is held to the gate's own rule.
    const gated = history.some((d) => d.role === role && d.version === active.version && d.kind === "proposed");
    const fallen = guards.filter((g) => g.fell && (!gated || g.pWorse < config.alpha));
    if (fallen.length) {
      await memory.procedural.setPromptStatus(role, parent.version, "active");
      await memory.procedural.setPromptStatus(role, active.version, "retired");
      const summary = fallen.map(guardLine).join("; ");
      decide(
        { role, kind: "rolled_back", version: active.version, parent: parent.version, metrics: fallen.map((g) => g.score), guards, material: evaluation.material, reason: `guard scores fell against v${parent.version} on a paired replay of ${evaluation.pairs.length} conversations: ${summary}` },
        `${role}: rolled back v${active.version} to v${parent.version}: ${summary} (paired replay, ${evaluation.pairs.length} conversations)`,
      );
      await refresh(role);
    } else {
      decide(
        { role, kind: "checked", version: active.version, parent: parent.version, guards, material: evaluation.material, reason: `no guard fell against v${parent.version} on a paired replay of ${evaluation.pairs.length} conversations${trailing ? ` (live it trailed: ${trailing.summary})` : ""}` },
        `${role}: v${active.version} checked against v${parent.version}: no guard fell (${evaluation.pairs.length} conversations)`,
      );
    }
  }

  // 3. One new candidate at a time, across all roles.
  const underTest = Role.options.find((role) => candidateOf(role));
  if (underTest) {
    lines.push(`no new rewrite: ${underTest} v${candidateOf(underTest)!.version} is still under test`);
  } else {
    // Only conversations served by today's active version of every role: a weakness seen under a version since rolled back or replaced is not today's.
    const current = (e: Episode) => Role.options.every((r) => e.promptVersions[r] === undefined || activeOf(r) === undefined || e.promptVersions[r] === activeOf(r)!.version);
    const weak = rankWeakAreas(detectWeakAreas(episodes.filter(current), (role, e) => e.promptVersions[role] === activeOf(role)?.version, config));
    if (weak.length === 0) lines.push(`no weak area over ${episodes.filter(current).length} scored conversations served by today's active versions`);
    let gates = 0;
    for (const { role, areas } of weak) {
      const active = activeOf(role);
      if (!active) continue;
      if (gates >= config.maxGatesPerRound) {
        lines.push(`${role}: weak (${areas.map((a) => a.detail).join("; ")}); left for a later round (${config.maxGatesPerRound} gate(s) per round)`);
        continue;
      }
      const metrics = areas.map((w) => w.metric);
      const reason = `weak areas: ${areas.map((w) => `${w.detail} over ${w.samples} conversations`).join("; ")}`;
      const { rewrite, note } = await rewriteFor(role, active, areas, config, input.chatModel);
      if (rewrite.changes.length === 0) {
        decide({ role, kind: "rejected", version: active.version, parent: active.version, metrics, reason: `${reason}; no rule changes this prompt` }, `${role}: ${reason}; no rule changes this prompt`);
        continue;
      }
      const guard = checkGuardrails(active.sections, rewrite.sections);
      if (!guard.ok) {
        decide({ role, kind: "rejected", version: active.version, parent: active.version, metrics, reason: `rewrite rejected: ${guard.problems.join("; ")}${note ? ` (${note})` : ""}` }, `${role}: rewrite rejected (${guard.problems.join("; ")})`);
        continue;
      }
      const same = versions[role].find((v) => sameGuidance(v.sections, rewrite.sections));
      if (same) {
        decide(
          { role, kind: "rejected", version: active.version, parent: active.version, metrics, reason: `${reason}; the rewrite is v${same.version} (${same.status}) again, not proposed twice` },
          `${role}: the rewrite for ${metrics.join(", ")} is v${same.version} (${same.status}) again; not proposed twice`,
        );
        continue;
      }
      if (!input.evaluate) {
        lines.push(`${role}: ${reason}; no replay material to gate a rewrite, nothing proposed`);
        break;
      }
      gates += 1;
      const parentSide = activePrompts();
      const evaluation = await input.evaluate.evaluate({ role, parent: parentSide, candidate: { ...parentSide, [role]: rewrite.sections }, label: `gate${role}` });
      const verdict = gateVerdict(evaluation, metrics, config);
      const fullReason = `${reason}. ${rewrite.changes.join("; ")}${note ? ` (${note})` : ""}`;
      const created = await memory.procedural.addPromptVersion({
        role,
        status: verdict.pass ? "candidate" : "retired",
        parent: active.version,
        reason: verdict.pass ? fullReason : `${fullReason}. Stopped at the offline gate: ${verdict.summary}`,
        sections: rewrite.sections,
      });
      await refresh(role);
      const record = { role, version: created.version, parent: active.version, metrics, figures: verdict.figures, guards: verdict.guards, material: evaluation.material };
      if (verdict.pass) {
        decide({ ...record, kind: "proposed", reason: `${fullReason}. Gate passed: ${verdict.summary}` }, `${role}: v${created.version} passed the offline gate and serves its live share: ${verdict.summary}`);
        break;
      }
      decide({ ...record, kind: "rejected", reason: `${fullReason}. Gate failed: ${verdict.summary}` }, `${role}: rewrite v${created.version} stopped at the offline gate (stored retired): ${verdict.summary}`);
    }
  }

  decisions.push(...Role.options.map((role) => ({ at: at(), role, kind: "evolution_run" as const, version: 0, reason: "evolution round", episodes: episodes.length })));
  const recorded = log.append(...decisions);
  return { decisions: recorded.filter((d) => d.kind !== "evolution_run"), lines, episodes: episodes.length };
}

interface GateVerdict {
  pass: boolean;
  summary: string;
  figures?: PromptDecision["figures"];
  guards: GuardFigure[];
}

/** The offline gate: no guard fell by more than the margin, and the targeted scores rose (one-sided paired test). */
export function gateVerdict(evaluation: PairedEvaluation, metrics: string[], config: EvolutionConfig): GateVerdict {
  const guards = compareGuards(evaluation.pairs, config.guards, config.margin);
  const fallen = guards.filter((g) => g.fell);
  const targeted = evaluation.pairs
    .map((pair) => ({ parent: meanOf(pair.parent, metrics), candidate: meanOf(pair.candidate, metrics) }))
    .filter((p): p is { parent: number; candidate: number } => p.parent !== undefined && p.candidate !== undefined);
  if (targeted.length < 2) {
    return { pass: false, guards, summary: `only ${targeted.length} replayed conversation(s) have ${metrics.join("+")}` };
  }
  const test = pairedTest(targeted.map((p) => p.candidate), targeted.map((p) => p.parent), 0);
  const figures = { metric: metrics.join("+"), ...pairedFigures(test), alpha: config.alpha };
  const improved = test.difference > 0 && test.pValue < config.alpha;
  const parts = [`${testLine(figures)}${improved ? "" : " (not better)"}`];
  if (fallen.length) parts.push(`guards fell: ${fallen.map(guardLine).join("; ")}`);
  else parts.push(`no guard fell by more than ${config.margin} (${guards.map((g) => g.score).join(", ") || "none applied"})`);
  return { pass: improved && fallen.length === 0, figures, guards, summary: parts.join("; ") };
}

const pairedFigures = (test: ReturnType<typeof pairedTest>) => ({
  candidateN: test.n,
  parentN: test.n,
  candidateMean: test.candidateMean,
  parentMean: test.parentMean,
  difference: test.difference,
  margin: test.margin,
  t: test.t,
  df: test.df,
  pValue: test.pValue,
  test: test.test,
});

function meanOf(scores: Record<string, number>, metrics: string[]): number | undefined {
  const values = metrics.map((m) => scores[m]).filter((v): v is number => v !== undefined);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}

/** Weak roles, weakest first (largest shortfall relative to its threshold). */
function rankWeakAreas(weak: Partial<Record<Role, WeakArea[]>>): { role: Role; areas: WeakArea[] }[] {
  const gap = (areas: WeakArea[]) => Math.max(...areas.map((a) => (a.threshold - a.mean) / Math.max(a.threshold, 1e-9)));
  return (Object.entries(weak) as [Role, WeakArea[]][]).filter(([, areas]) => areas.length).map(([role, areas]) => ({ role, areas })).sort((a, b) => gap(b.areas) - gap(a.areas));
}

/** A guard score of `recent` significantly below `parent`'s live outcomes (one-sided Welch test); undefined when none, or too few outcomes. */
function liveWorse(recent: Episode[], parent: Episode[], config: EvolutionConfig) {
  for (const score of config.guards) {
    const a = recent.map((e) => e.scores[score]).filter((v): v is number => v !== undefined);
    const b = parent.map((e) => e.scores[score]).filter((v): v is number => v !== undefined);
    if (a.length < config.minOutcomes || b.length < config.minOutcomes) continue;
    const test = welchTest(b, a, config.margin); // H1: parent better than recent by more than the margin
    if (test.pValue < config.alpha) {
      return {
        score,
        figures: { metric: score, candidateN: a.length, parentN: b.length, candidateMean: test.parentMean, parentMean: test.candidateMean, difference: -test.difference, margin: config.margin, t: test.t, df: test.df, pValue: test.pValue, alpha: config.alpha, test: test.test },
        summary: `${score} ${test.parentMean.toFixed(3)} (n=${a.length}) vs ${test.candidateMean.toFixed(3)} (n=${b.length}), p=${fmt(test.pValue)}`,
      };
    }
  }
  return undefined;
}

/**
 * Two prompts give the same guidance when their sections match once ids are
 * sorted and text is lower-cased with spacing and punctuation at the ends
 * ignored: how a retired rewrite is recognised when it comes round again.
 */
export function sameGuidance(a: PromptSection[], b: PromptSection[]): boolean {
  const normal = (sections: PromptSection[]) =>
    sections
      .map((s) => `${s.kind}|${s.id}|${s.text.toLowerCase().replace(/\s+/g, " ").replace(/^[\s.;:,]+|[\s.;:,]+$/g, "")}`)
      .sort()
      .join("\n");
  return normal(a) === normal(b);
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
const guardLine = (g: GuardFigure) => `${g.score} ${g.parentMean.toFixed(3)} → ${g.candidateMean.toFixed(3)} (${g.difference >= 0 ? "+" : ""}${g.difference.toFixed(3)}, n=${g.n}, p=${fmt(g.pWorse)})`;
const testLine = (f: NonNullable<PromptDecision["figures"]>) =>
  `${f.metric} ${f.parentMean?.toFixed(3)} → ${f.candidateMean?.toFixed(3)} on ${f.candidateN} paired conversations, p=${fmt(f.pValue ?? NaN)}`;

/** Per conversation served by `version` of `role`: the mean of the given metrics it has. */
export function sample(episodes: Episode[], role: Role, version: number, metrics: string[]): number[] {
  return episodes
    .filter((e) => e.promptVersions[role] === version)
    .map((e) => metrics.map((m) => e.scores[m]).filter((v): v is number => v !== undefined))
    .filter((values) => values.length > 0)
    .map((values) => values.reduce((a, b) => a + b, 0) / values.length);
}
