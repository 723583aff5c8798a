/**
 * The project's one percentile: nearest rank (the smallest value with at least p% of the values at or below it), so a
 * reported p95 is a latency that was really measured. Used by the monitoring report, the benchmarks, the load test and
 * the evaluation scripts.
 */

/** The nearest-rank p-th percentile (p in 0..100) of `values`, in any order; 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted([...values].sort((a, b) => a - b), p);
}

/** The same on values already sorted ascending (no copy: for several percentiles of one large sample). */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Count, mean, p50, p95, p99 and max of a sample (all 0 for an empty one). */
export function latencySummary(values: readonly number[]): { n: number; mean: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, mean, p50: percentileOfSorted(sorted, 50), p95: percentileOfSorted(sorted, 95), p99: percentileOfSorted(sorted, 99), max: sorted.at(-1) ?? 0 };
}
