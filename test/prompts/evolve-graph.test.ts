import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servesCandidate } from "../../src/prompts/ab-test.js";
import { DecisionLog } from "../../src/prompts/decision-log.js";
import { testSupportGraph } from "../helpers/graph.js";

describe("the evolve step of the support graph", () => {
  let t: Awaited<ReturnType<typeof testSupportGraph>>;
  let run: Record<string, unknown>;
  beforeAll(async () => {
    t = await testSupportGraph();
    run = { evolveAfter: 3, minWeakSamples: 3, decisionsFile: path.join(t.dir, "decisions.jsonl"), candidateShare: 0.5 };
  });
  afterAll(() => t.close());

  it("scores finished conversations into episodes and proposes a candidate once enough have ended", async () => {
    const ends: string[] = [];
    for (let i = 0; i < 3; i++) {
      const thread = t.newThread();
      await t.say(thread, "What plans do you offer?", run);
      const end = await t.say(thread, "thanks, bye", { ...run, customerRating: 4 });
      expect(end.status).toBe("closed");
      expect(end.scores).toMatchObject({ feedback: 0.75, "dialogue.feedback": 0.75 });
      expect(end.scores.conciseness).toBeGreaterThan(0);
      ends.push(end.trace.find((e) => e.node === "evolve")?.note ?? "");
    }
    // Only the third ending reached the threshold and ran a round.
    expect(ends[0]).toBe("1 new outcome(s) of 3");
    expect(ends[2]).toMatch(/^evolution round over 3 episodes: .*dialogue proposed v2/);
    const episodes = await t.memory.episodic.list();
    expect(episodes).toHaveLength(3);
    expect(episodes[0]!.scores.empathy).toBe(0.5); // a calm question answered without acknowledging it
    expect(episodes[0]!.promptVersions.dialogue).toBe(1);

    const versions = await t.memory.procedural.promptVersions("dialogue");
    expect(versions.map((v) => [v.version, v.status])).toEqual([[1, "active"], [2, "candidate"]]);
    expect(versions[1]!.reason).toMatch(/empathy 0\.50 < 0\.7 over 3 conversations/);
    expect(new DecisionLog(String(run.decisionsFile)).list().some((d) => d.kind === "proposed" && d.role === "dialogue")).toBe(true);
    expect(fs.existsSync(String(run.decisionsFile))).toBe(true);
  });

  it("serves the candidate to the threads assigned to it, and the active version to the others", async () => {
    const ids = Array.from({ length: 40 }, () => t.newThread());
    const toCandidate = ids.find((id) => servesCandidate(id, "dialogue", 0.5))!;
    const toActive = ids.find((id) => !servesCandidate(id, "dialogue", 0.5))!;
    const candidateState = await t.say(toCandidate, "My mobile data stopped working", run);
    const activeState = await t.say(toActive, "My mobile data stopped working", run);
    expect(candidateState.promptVersions.dialogue).toBe(2);
    expect(activeState.promptVersions.dialogue).toBe(1);
    // The candidate's stronger empathy guideline shows in its reply.
    expect(candidateState.reply).toMatch(/sorry/i);
  });
});
