import { describe, expect, it } from "vitest";
import { compareGuards, pairedTest, servesCandidate, welchTest, type ScoredPair } from "../../src/prompts/ab-test.js";
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

describe("paired test and guard scores", () => {
  it("matches a hand-computed one-sided paired t-test on the same conversations", () => {
    // Differences 0.1, 0.2, 0.0, 0.1, 0.1: mean 0.1, sample sd sqrt(0.005), t = 0.1 / (sqrt(0.005) / sqrt(5)) = 3.162 on 4 df.
    const parent = [0.5, 0.6, 0.7, 0.4, 0.8];
    const candidate = [0.6, 0.8, 0.7, 0.5, 0.9];
    const r = pairedTest(candidate, parent, 0);
    expect(r.difference).toBeCloseTo(0.1, 10);
    expect(r.t).toBeCloseTo(0.1 / (Math.sqrt(0.005) / Math.sqrt(5)), 6);
    expect(r.df).toBe(4);
    // Student t tables, 4 df: t(0.975) = 2.776, t(0.99) = 3.747, so one-sided p lies between 0.01 and 0.025.
    expect(r.pValue).toBeGreaterThan(0.01);
    expect(r.pValue).toBeLessThan(0.025);
  });

  it("finds a small consistent gain that an unpaired comparison of the same numbers misses", () => {
    // Conversations differ a lot from each other; the candidate adds 0.03 to every one of them.
    const parent = [0.2, 0.9, 0.4, 0.7, 0.3, 0.8, 0.5, 0.6];
    const candidate = parent.map((v, i) => v + 0.03 + (i % 2 ? 0.005 : -0.005));
    expect(pairedTest(candidate, parent, 0).pValue).toBeLessThan(0.001);
    expect(welchTest(candidate, parent, 0).pValue).toBeGreaterThan(0.3);
  });

  it("calls a guard fallen only when its paired mean drops by more than the margin, over the conversations where it applies", () => {
    const pairs: ScoredPair[] = [
      { parent: { needMet: 1, empathy: 0.9 }, candidate: { needMet: 1, empathy: 0.2 } },
      { parent: { needMet: 1, empathy: 0.8 }, candidate: { needMet: 1, empathy: 0.3 } },
      { parent: { needMet: 0.5 }, candidate: { needMet: 0.49 } },
      { parent: { needMet: 1, empathy: 1 }, candidate: { needMet: 1 } },
    ];
    const figures = compareGuards(pairs, ["needMet", "empathy", "policy"], 0.02);
    const byScore = Object.fromEntries(figures.map((f) => [f.score, f]));
    expect(Object.keys(byScore)).toEqual(["needMet", "empathy"]); // policy applied nowhere
    expect(byScore.needMet).toMatchObject({ n: 4, fell: false });
    expect(byScore.empathy).toMatchObject({ n: 2, fell: true });
    expect(byScore.empathy!.difference).toBeCloseTo(-0.6, 10);
  });
});
