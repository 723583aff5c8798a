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

export interface WelchResult {
  candidateN: number;
  parentN: number;
  candidateMean: number;
  parentMean: number;
  difference: number;
  margin: number;
  t: number;
  df: number;
  /** One-sided: the probability of a difference this large if the candidate were no better than parent + margin. */
  pValue: number;
  test: string;
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

export type AbVerdict = "promote" | "retire" | "wait";

/** Promote when the test rejects H0 at `alpha`; retire otherwise; wait until both have `minOutcomes`. */
export function decideAb(candidate: number[], parent: number[], options: { minOutcomes: number; margin: number; alpha: number }): { verdict: AbVerdict; result?: WelchResult } {
  if (candidate.length < options.minOutcomes || parent.length < options.minOutcomes) return { verdict: "wait" };
  const result = welchTest(candidate, parent, options.margin);
  return { verdict: result.pValue < options.alpha ? "promote" : "retire", result };
}

/** A promoted version regresses when its recent mean falls below its parent's mean by more than the margin. */
export function regressed(recent: number[], parent: number[], options: { minOutcomes: number; margin: number }): { regressed: boolean; recentMean?: number; parentMean?: number } {
  if (recent.length < options.minOutcomes || parent.length < options.minOutcomes) return { regressed: false };
  const recentMean = jstat.mean(recent);
  const parentMean = jstat.mean(parent);
  return { regressed: recentMean < parentMean - options.margin, recentMean, parentMean };
}
