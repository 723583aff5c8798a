import { createHash } from "node:crypto";
import jstat from "jstat";
import type { Role } from "../memory/schemas.js";

/**
 * A/B testing of prompt versions: which version a thread is served, and the
 * statistical test that decides between a candidate and its parent.
 */

/**
 * Stable assignment: the same thread always gets the same answer for a role
 * (a hash of role and thread id, not a random draw), and over many threads the
 * candidate serves about `share` of them.
 */
export function servesCandidate(threadId: string, role: Role, share: number): boolean {
  if (share <= 0 || !threadId) return false;
  if (share >= 1) return true;
  const digest = createHash("sha256").update(`${role}:${threadId}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < share;
}

/** The figures every comparison of a candidate with its parent reports. */
interface ComparisonFigures {
  candidateMean: number;
  parentMean: number;
  /** Candidate minus parent (for a paired test, the mean of the per-conversation differences). */
  difference: number;
  margin: number;
  t: number;
  df: number;
  /** One-sided: the probability of a difference this large if the candidate were no better than parent + margin. */
  pValue: number;
  test: string;
}

export interface WelchResult extends ComparisonFigures {
  candidateN: number;
  parentN: number;
}

/**
 * One-sided Welch t-test of H0: mean(candidate) - mean(parent) <= margin against
 * H1: the candidate is better by more than the margin. Unequal variances and
 * sizes are allowed (Welch–Satterthwaite degrees of freedom); the p-value comes
 * from jstat's Student t distribution. Both samples need at least two values.
 */
export function welchTest(candidate: number[], parent: number[], margin = 0): WelchResult {
  if (candidate.length < 2 || parent.length < 2) throw new RangeError("the Welch t-test needs at least two values in each sample");
  const mc = jstat.mean(candidate);
  const mp = jstat.mean(parent);
  const vc = jstat.variance(candidate, true) / candidate.length;
  const vp = jstat.variance(parent, true) / parent.length;
  const difference = mc - mp;
  const se = Math.sqrt(vc + vp);
  let t: number;
  let df: number;
  let pValue: number;
  if (se === 0) {
    // Constant samples: the difference is exact.
    t = difference > margin ? Infinity : difference < margin ? -Infinity : 0;
    df = candidate.length + parent.length - 2;
    pValue = difference > margin ? 0 : 1;
  } else {
    t = (difference - margin) / se;
    df = (vc + vp) ** 2 / ((vc ** 2) / (candidate.length - 1) + (vp ** 2) / (parent.length - 1));
    pValue = 1 - jstat.studentt.cdf(t, df);
  }
  return {
    candidateN: candidate.length,
    parentN: parent.length,
    candidateMean: mc,
    parentMean: mp,
    difference,
    margin,
    t,
    df,
    pValue,
    test: "one-sided Welch t-test",
  };
}

export interface PairedResult extends ComparisonFigures {
  n: number;
}

/**
 * One-sided paired t-test on the same conversations: H0 mean(candidate - parent)
 * <= margin against H1 the candidate is better by more than the margin. Each
 * conversation is its own control, so what memory or the customer brought to
 * it cancels out. The p-value comes from jstat's Student t distribution. A
 * negative margin asks "no worse than |margin|"; swap the arguments to ask
 * whether the candidate is worse.
 */
export function pairedTest(candidate: number[], parent: number[], margin = 0): PairedResult {
  if (candidate.length !== parent.length) throw new RangeError("a paired test needs one candidate value per parent value");
  if (candidate.length < 2) throw new RangeError("a paired test needs at least two pairs");
  const differences = candidate.map((value, i) => value - parent[i]!);
  const difference = jstat.mean(differences);
  const sd = jstat.stdev(differences, true);
  const n = differences.length;
  const df = n - 1;
  let t: number;
  let pValue: number;
  if (sd === 0) {
    // Every conversation moved by the same amount: the difference is exact.
    t = difference > margin ? Infinity : difference < margin ? -Infinity : 0;
    pValue = difference > margin ? 0 : 1;
  } else {
    t = (difference - margin) / (sd / Math.sqrt(n));
    pValue = 1 - jstat.studentt.cdf(t, df);
  }
  return { n, candidateMean: jstat.mean(candidate), parentMean: jstat.mean(parent), difference, margin, t, df, pValue, test: "one-sided paired t-test" };
}

/** One conversation's scores on each side of a paired replay. */
export interface ScoredPair {
  parent: Record<string, number>;
  candidate: Record<string, number>;
}

export interface GuardFigure {
  score: string;
  /** Conversations where both sides have the score. */
  n: number;
  parentMean: number;
  candidateMean: number;
  difference: number;
  /** The mean fell by more than the margin. */
  fell: boolean;
  /** One-sided paired test that the candidate is worse by more than the margin. */
  pWorse: number;
  /** One-sided paired test that the candidate is better (margin 0). */
  pBetter: number;
}

/**
 * Every guard score compared on the same conversations: mean per side, the
 * paired difference, and whether it fell by more than the margin. A score a
 * side lacks on a conversation (it did not apply) leaves that pair out; a guard
 * with fewer than two pairs is not reported.
 */
export function compareGuards(pairs: ScoredPair[], guards: readonly string[], margin: number): GuardFigure[] {
  const figures: GuardFigure[] = [];
  for (const score of guards) {
    const both = pairs.filter((p) => p.parent[score] !== undefined && p.candidate[score] !== undefined);
    if (both.length < 2) continue;
    const parent = both.map((p) => p.parent[score]!);
    const candidate = both.map((p) => p.candidate[score]!);
    const better = pairedTest(candidate, parent, 0);
    const worse = pairedTest(parent, candidate, margin);
    figures.push({
      score,
      n: both.length,
      parentMean: better.parentMean,
      candidateMean: better.candidateMean,
      difference: better.difference,
      // The small slack keeps float dust (0.98 - 1 = -0.02000000000000001) from counting as a fall past a 0.02 margin.
      fell: better.difference < -margin - 1e-9,
      pWorse: worse.pValue,
      pBetter: better.pValue,
    });
  }
  return figures;
}
