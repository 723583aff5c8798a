import { describe, expect, it } from "vitest";
import { readGuidelines, DEFAULT_KNOBS } from "../../src/engines/local/guidelines.js";
import type { PromptSection, Role } from "../../src/memory/schemas.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { DEGRADATIONS, degradedSections } from "../../src/prompts/degraded.js";

/** One guideline section with this text, on top of nothing else. */
const read = (text: string, kind: PromptSection["kind"] = "guideline") => readGuidelines({ sections: [{ id: "lever", title: "Lever", kind, text }] });

describe("guideline grammar: a never is a never", () => {
  it("'Be curt. Never apologise' reads as no empathy and short replies, not as strong empathy", () => {
    const knobs = read("Be curt. Never apologise.");
    expect(knobs.empathy).toBe("off");
    expect(knobs.maxWords).toBe(40);
  });

  it("'always apologise first' is a canned apology on every problem", () => {
    expect(read("Always apologise first.").empathy).toBe("strong");
  });

  it("a negated apology with an upset condition narrows instead of switching it off", () => {
    expect(read("Don't apologise unless the customer is upset.").empathy).toBe("brief");
    expect(read("only say sorry when they're clearly frustrated").empathy).toBe("brief");
  });

  it("a never in one section wins over a warm guideline in another", () => {
    const knobs = readGuidelines({
      sections: [
        { id: "warmth", title: "Warmth", kind: "guideline", text: "Always acknowledge the problem warmly." },
        { id: "tone", title: "Tone", kind: "guideline", text: "Never apologise or acknowledge feelings." },
      ],
    });
    expect(knobs.empathy).toBe("off");
  });

  it("'do not explain what was checked' turns explaining off; 'explain what was checked' turns it on", () => {
    expect(read("do not explain what was checked").explainChecks).toBe("never");
    expect(read("Explain what was checked on our side, even when everything looked fine.").explainChecks).toBe("always");
  });

  it("'never hand over before trying two steps' is a minimum, not a hand-over rule", () => {
    const knobs = read("never hand over before trying two steps");
    expect(knobs.minStepsBeforeHandover).toBe(2);
    expect(knobs.handoverAfterFailedSteps).toBeUndefined();
    expect(read("Hand over after two failed steps.").handoverAfterFailedSteps).toBe(2);
  });

  it("hand-over on mood: 'when the customer is angry' switches it on, 'never just because they are upset' keeps it off", () => {
    expect(read("Hand over to a person when the customer is angry.").handoverOnUpset).toBe(true);
    expect(read("Never hand over just because the customer is upset.").handoverOnUpset).toBe(false);
  });

  it("verification: 'without a check' is lax, two negations are strict, 'tell them it is fixed' is lax", () => {
    expect(read("Declare it fixed without a check.").verifyFix).toBe("none");
    expect(read("Never declare it fixed without the customer's own check.").verifyFix).toBe("customer-check");
    expect(read("tell them it is fixed").verifyFix).toBe("none");
    expect(read("Never ask the customer to check signal, speed or MMS afterwards.").verifyFix).toBe("none");
    // Saying when it is resolved is no claim that it is.
    expect(read("Explain the fix and tell the customer when it is resolved.").verifyFix).toBe("customer-check");
  });

  it("step order: 'customer-side first, before carrier-side' and 'don't start with the carrier side' are device-first", () => {
    expect(read("Try the cheapest customer-side checks first, before carrier-side checks.").stepOrder).toBe("device-first");
    expect(read("Don't start with the carrier side.").stepOrder).toBe("device-first");
    expect(read("Check the carrier side first.").stepOrder).toBe("carrier-first");
  });

  it("'no more than 80 words' is a limit, not a negation", () => {
    const knobs = read("Replies must be no more than 80 words.");
    expect(knobs.maxWords).toBe(80);
  });

  it("clarifying: a threshold, and 'never ask a clarifying question'", () => {
    expect(read("Clarify when intent confidence is below 0.5.").clarifyBelow).toBe(0.5);
    expect(read("Never ask a clarifying question, go with your best guess.").clarify).toBe("never");
    // Not asking the same question twice is not "never clarify".
    expect(read("Don't ask the same clarifying question twice.").clarify).toBe("default");
  });

  it("knowledge: passages and answer length", () => {
    expect(read("Use only the best passage.").maxPassages).toBe(1);
    expect(read("Cite at most two sources.").maxPassages).toBe(2);
    expect(read("Answer in at most 2 sentences.").knowledgeSentences).toBe(2);
    expect(read("Prefer the passage that answers the question directly.").maxPassages).toBeUndefined();
  });

  it("guardrail and instruction sections are never read as knobs", () => {
    expect(read("Never apologise. At most 12 words.", "guardrail")).toEqual({ ...DEFAULT_KNOBS });
    expect(read("Declare it fixed without a check.", "instruction").verifyFix).toBe("customer-check");
  });
});

describe("guideline grammar: the default prompts are today's behaviour", () => {
  it("no role's default guidelines move a technical or planner knob", () => {
    for (const role of ["planner", "technical", "knowledge", "intent"] as Role[]) {
      const knobs = readGuidelines({ sections: DEFAULT_PROMPTS[role] });
      expect({ role, order: knobs.stepOrder, verify: knobs.verifyFix, clarify: knobs.clarify, onUpset: knobs.handoverOnUpset, after: knobs.handoverAfterFailedSteps, passages: knobs.maxPassages }).toEqual({
        role, order: "carrier-first", verify: "customer-check", clarify: "default", onUpset: false, after: undefined, passages: undefined,
      });
    }
    const dialogue = readGuidelines({ sections: DEFAULT_PROMPTS.dialogue });
    expect([dialogue.empathy, dialogue.maxWords, dialogue.explainChecks, dialogue.withholdAnswer]).toEqual(["brief", 120, "default", false]);
  });
});

describe("guideline grammar: the degraded versions the learning loop pins", () => {
  const knobsOf = (kind: keyof typeof DEGRADATIONS) => readGuidelines({ sections: degradedSections(kind, DEFAULT_PROMPTS[DEGRADATIONS[kind].role]) });

  it("curt: no empathy even though the default empathy guideline is still there, and 15 words", () => {
    const knobs = knobsOf("curt");
    expect(knobs.empathy).toBe("off");
    expect(knobs.maxWords).toBe(15);
  });
  it("unchecked fix: fixes declared without the customer's check", () => {
    expect(knobsOf("unchecked-fix").verifyFix).toBe("none");
  });
  it("apology instead of an answer: a canned apology and the answer withheld", () => {
    const knobs = knobsOf("apology");
    expect(knobs.empathy).toBe("strong");
    expect(knobs.withholdAnswer).toBe(true);
  });
});
