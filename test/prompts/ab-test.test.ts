import { describe, expect, it } from "vitest";
import { decideAb, regressed, servesCandidate, welchTest } from "../../src/prompts/ab-test.js";
import { promptsForThread } from "../../src/prompts/serving.js";
import type { PromptVersion } from "../../src/memory/schemas.js";

describe("candidate assignment", () => {
  it("gives the same thread the same version every time", () => {
    for (const thread of ["a", "thread-42", "0f9c"]) {
      const first = servesCandidate(thread, "dialogue", 0.5);
      for (let i = 0; i < 5; i++) expect(servesCandidate(thread, "dialogue", 0.5)).toBe(first);
    }
  });

  it("honours the configured share over many threads", () => {
    for (const share of [0.1, 0.3, 0.5]) {
      const served = Array.from({ length: 4000 }, (_, i) => servesCandidate(`thread-${i}`, "dialogue", share)).filter(Boolean).length;
      expect(served / 4000).toBeGreaterThan(share - 0.03);
      expect(served / 4000).toBeLessThan(share + 0.03);
    }
    expect(servesCandidate("t", "dialogue", 0)).toBe(false);
    expect(servesCandidate("t", "dialogue", 1)).toBe(true);
  });

  it("serves the candidate in place of the active version to assigned threads only", () => {
    const version = (v: number, status: PromptVersion["status"]): PromptVersion => ({
      role: "dialogue", version: v, status, parent: v > 1 ? 1 : null, createdAt: new Date().toISOString(), reason: "", sections: [{ id: "task", title: "Task", kind: "instruction", text: "x" }],
    });
    const serving = { active: { dialogue: version(1, "active") }, candidates: { dialogue: version(2, "candidate") } };
    const threads = Array.from({ length: 200 }, (_, i) => `t${i}`);
    const versions = threads.map((t) => promptsForThread(serving, t, 0.5).dialogue!.version);
    expect(new Set(versions)).toEqual(new Set([1, 2]));
    threads.forEach((t, i) => expect(versions[i]).toBe(servesCandidate(t, "dialogue", 0.5) ? 2 : 1));
  });
});

describe("Welch t-test and decisions", () => {
  it("matches a hand-computed one-sided Welch test", () => {
    // x: mean 0.9, var 0.01/... ; y: mean 0.7. Reference values computed by hand (Welch–Satterthwaite).
    const x = [0.8, 0.9, 1.0, 0.9, 0.9];
    const y = [0.6, 0.8, 0.7, 0.5, 0.9];
    const r = welchTest(x, y, 0);
    expect(r.difference).toBeCloseTo(0.2);
    expect(r.t).toBeCloseTo(0.2 / Math.sqrt(0.005 / 5 + 0.025 / 5), 6);
    expect(r.df).toBeCloseTo((0.001 + 0.005) ** 2 / (0.001 ** 2 / 4 + 0.005 ** 2 / 4), 6);
    expect(r.pValue).toBeGreaterThan(0.01);
    expect(r.pValue).toBeLessThan(0.05);
  });

  it("promotes a clearly better candidate, retires one within the margin, waits for enough outcomes", () => {
    const parent = Array.from({ length: 12 }, (_, i) => 0.6 + (i % 3) * 0.05);
    const better = parent.map((v) => v + 0.2);
    const same = parent.map((v, i) => v + (i % 2 ? 0.01 : -0.01));
    const options = { minOutcomes: 10, margin: 0.02, alpha: 0.05 };
    expect(decideAb(better, parent, options).verdict).toBe("promote");
    expect(decideAb(same, parent, options).verdict).toBe("retire");
    expect(decideAb(better.slice(0, 5), parent, options).verdict).toBe("wait");
    // Better, but not by more than a large margin: retired.
    expect(decideAb(better, parent, { ...options, margin: 0.25 }).verdict).toBe("retire");
  });

  it("calls a promoted version regressed when its recent mean falls below its parent's by the margin", () => {
    const parent = Array(10).fill(0.8);
    expect(regressed(Array(10).fill(0.7), parent, { minOutcomes: 5, margin: 0.05 }).regressed).toBe(true);
    expect(regressed(Array(10).fill(0.78), parent, { minOutcomes: 5, margin: 0.05 }).regressed).toBe(false);
    expect(regressed(Array(3).fill(0.1), parent, { minOutcomes: 5, margin: 0.05 }).regressed).toBe(false);
  });
});
