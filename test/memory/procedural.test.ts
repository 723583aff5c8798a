import { afterAll, describe, expect, it } from "vitest";
import { freshMemory } from "../helpers/memory.js";
import { loadProcedures } from "../../src/memory/seed.js";
import { DEFAULT_PROMPTS, GUARDRAIL_SECTION_IDS } from "../../src/prompts/defaults.js";

describe("procedural memory: prompt versions", async () => {
  const { memory, connection } = await freshMemory();
  afterAll(() => connection.close());
  const procedural = memory.procedural;

  it("keeps every version with its parent and status", async () => {
    const v1 = await procedural.addPromptVersion({ role: "dialogue", status: "active", parent: null, reason: "default", sections: DEFAULT_PROMPTS.dialogue });
    const v2 = await procedural.addPromptVersion({
      role: "dialogue",
      status: "candidate",
      parent: v1.version,
      reason: "empathy below 0.7",
      sections: [...DEFAULT_PROMPTS.dialogue, { id: "empathy-2", title: "More empathy", kind: "guideline", text: "Name the feeling." }],
    });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect((await procedural.activePrompt("dialogue"))?.version).toBe(1);
    const versions = await procedural.promptVersions("dialogue");
    expect(versions.map((v) => [v.version, v.status, v.parent])).toEqual([[1, "active", null], [2, "candidate", 1]]);
    expect(versions[1]!.reason).toBe("empathy below 0.7");
  });

  it("promoting a candidate retires the active version, and rolling back restores it", async () => {
    await procedural.setPromptStatus("dialogue", 2, "active");
    expect((await procedural.promptVersions("dialogue")).map((v) => v.status)).toEqual(["retired", "active"]);
    await procedural.setPromptStatus("dialogue", 1, "active");
    expect((await procedural.activePrompt("dialogue"))?.version).toBe(1);
    expect((await procedural.promptVersion("dialogue", 2))?.status).toBe("retired");
  });

  it("keeps roles apart and refuses a parent that does not exist", async () => {
    expect(await procedural.promptVersions("planner")).toEqual([]);
    await expect(procedural.addPromptVersion({ role: "planner", status: "candidate", parent: 7, reason: "x", sections: DEFAULT_PROMPTS.planner })).rejects.toThrow(/no version 7/);
  });

  it("default prompts carry the guardrail sections", () => {
    for (const sections of Object.values(DEFAULT_PROMPTS)) {
      expect(sections.filter((s) => s.kind === "guardrail").map((s) => s.id)).toEqual(GUARDRAIL_SECTION_IDS);
    }
  });
});

describe("procedural memory: diagnostic procedures", async () => {
  const { memory, connection } = await freshMemory();
  afterAll(() => connection.close());
  const procedures = await loadProcedures("data/procedures");
  await memory.procedural.saveProcedures(procedures);

  it("holds a procedure for every troubleshooting path of the brief", async () => {
    const ids = (await memory.procedural.listProcedures()).map((p) => p.id);
    for (const required of ["mobile-no-service", "mobile-no-data", "mobile-slow-data", "mms-not-sending", "broadband-drops", "broadband-slow", "broadband-outage"]) {
      expect(ids).toContain(required);
    }
  });

  it.each([
    ["my phone shows no bars at all and I can't call anyone", "mobile-no-service"],
    ["the 4G icon is there but websites won't load", "mobile-no-data"],
    ["videos keep buffering on my phone, everything takes ages", "mobile-slow-data"],
    ["photos I text to my sister never arrive", "mms-not-sending"],
    ["the home internet disconnects several times an evening", "broadband-drops"],
  ])("finds the right procedure for %j", async (problem, expected) => {
    const [best] = await memory.procedural.findProcedures(problem);
    expect(best?.procedure.id).toBe(expected);
    expect(best?.procedure.steps.length).toBeGreaterThan(2);
  });

  it("replaces a procedure saved again instead of duplicating it", async () => {
    const before = await memory.procedural.counts();
    await memory.procedural.saveProcedures(procedures.slice(0, 1));
    expect(await memory.procedural.counts()).toEqual(before);
  });
});
