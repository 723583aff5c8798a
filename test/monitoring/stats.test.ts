import { describe, expect, it } from "vitest";
import { latencySummary, percentile } from "../../src/monitoring/stats.js";

describe("the one percentile (nearest rank)", () => {
  it("reports a latency that was measured, never one interpolated between two", () => {
    const ms = [120, 15, 40, 18, 22];
    expect(percentile(ms, 50)).toBe(22);
    expect(percentile(ms, 95)).toBe(120);
    expect(percentile(ms, 0)).toBe(15);
    expect(ms).toEqual([120, 15, 40, 18, 22]); // the caller's array is left as it was
  });

  it("p95 of 1..100 ms is 95 ms, p99 is 99 ms; an empty sample gives zeros, not NaN", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latencySummary(hundred)).toEqual({ n: 100, mean: 50.5, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(latencySummary([])).toEqual({ n: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });
});
