import { describe, expect, it } from "vitest";
import type { IntentAnalysis, PlanStep, Troubleshooting } from "../../src/domain/support.js";
import { LocalPlannerEngine, guidelineMove } from "../../src/engines/local/planner.js";
import type { PlannerInput } from "../../src/engines/types.js";

const planner = new LocalPlannerEngine();

function intent(primary: IntentAnalysis["primary"], confidence = 0.9, extra: Partial<IntentAnalysis> = {}): IntentAnalysis {
  return { primary, secondary: [], entities: { amounts: [], dates: [] }, sentiment: "neutral", urgency: "medium", confidence, alternatives: [], ...extra };
}
const awaiting: Troubleshooting = {
  procedureId: "mobile-no-service", layer: "connectivity", stepId: "status_bar", status: "awaiting_customer",
  observations: [], faultsFound: [], faultsFixed: [], queue: [], completed: [],
};
function input(extra: Partial<PlannerInput>): PlannerInput {
  return {
    intent: intent("mobile_no_service"),
    customer: { verified: true, failedAttempts: 0, firstName: "Jane" },
    troubleshooting: null,
    knowledge: null,
    escalation: null,
    taken: [],
    needsIdentity: false,
    thresholds: { clarifyBelow: 0.8, handoverBelow: 0.4 },
    prompt: { version: 1, sections: [] },
    ...extra,
  };
}
const next = async (extra: Partial<PlannerInput>) => (await planner.plan(input(extra))).next;

describe("local planner policy", () => {
  it("goodbye closes", async () => expect(await next({ intent: intent("goodbye") })).toEqual(["close"]));
  it("a request for a person hands over", async () => expect(await next({ intent: intent("human_request") })).toEqual(["handover"]));
  it("a first message read with too low a confidence gets a clarifying question, not a queue", async () => {
    const decision = await planner.plan(input({ intent: intent("mobile_no_data", 0.2) }));
    expect(decision.next).toEqual(["clarify"]);
    expect(decision.clarifyingQuestion).toMatch(/mobile data.*\?$/);
  });
  it("too low a confidence after a clarifying question hands over and says why", async () => {
    const decision = await planner.plan(input({ intent: intent("mobile_no_data", 0.2), alreadyClarified: true }));
    expect(decision.next).toEqual(["handover"]);
    expect(decision.reason).toMatch(/no intent reached the threshold after a clarifying question/);
  });
  it("low confidence during active troubleshooting does not hand over", async () => {
    expect(await next({ intent: intent("troubleshooting_answer", 0.3), troubleshooting: awaiting })).not.toEqual(["handover"]);
  });
  it("an answer to the awaited step goes to technical", async () => {
    expect(await next({ intent: intent("troubleshooting_answer", 0.9), troubleshooting: awaiting })).toEqual(["technical"]);
  });
  it("a middling confidence asks a clarifying question built from the alternatives", async () => {
    const decision = await planner.plan(
      input({ intent: intent("mobile_no_data", 0.6, { alternatives: [{ intent: "broadband_outage", score: 0.55 }] }) }),
    );
    expect(decision.next).toEqual(["clarify"]);
    expect(decision.clarifyingQuestion).toMatch(/mobile data/);
    expect(decision.clarifyingQuestion).toMatch(/broadband/);
    expect(decision.clarifyingQuestion).toMatch(/\?$/);
  });
  it("account work needs identity first", async () => {
    expect(await next({ needsIdentity: true, customer: { verified: false, failedAttempts: 0 } })).toEqual(["verify_identity"]);
  });
  it("a technical problem goes to technical", async () => expect(await next({})).toEqual(["technical"]));
  it("roaming runs technical and knowledge together", async () => {
    expect(await next({ intent: intent("roaming_abroad") })).toEqual(["technical", "knowledge"]);
  });
  // Bills, plans and top-ups are read from the customer's account (and top-ups proposed) by the account role.
  it.each(["data_topup", "bill_explain", "plan_info", "plan_upgrade"] as const)("%s goes to the account role", async (label) => {
    expect(await next({ intent: intent(label) })).toEqual(["account"]);
  });
  it("moving house goes to knowledge", async () => expect(await next({ intent: intent("moving_house") })).toEqual(["knowledge"]));
  it("a problem plus a billing question runs both specialists", async () => {
    expect(await next({ intent: intent("broadband_drops", 0.9, { secondary: ["bill_explain"] }) })).toEqual(["technical", "account"]);
  });
  it("replies once the specialists have run", async () => {
    expect(await next({ intent: intent("roaming_abroad"), taken: ["technical", "knowledge"] })).toEqual(["reply"]);
  });
  it("replies when escalated", async () => {
    expect(await next({ escalation: { reason: "sim locked", summary: "", at: new Date().toISOString(), turn: 0, continued: false }, taken: ["technical"] })).toEqual(["reply"]);
  });
  it("never proposes a step already taken this turn, whatever the input", async () => {
    const labels = ["mobile_no_service", "bill_explain", "roaming_abroad", "human_request", "goodbye", "out_of_scope", "provide_identity"] as const;
    for (const label of labels) {
      for (const taken of [["technical"], ["knowledge"], ["handover"], ["verify_identity"], ["clarify"]] as PlanStep[][]) {
        for (const confidence of [0.1, 0.6, 0.95]) {
          const decision = await planner.plan(input({ intent: intent(label, confidence), taken, needsIdentity: true, customer: { verified: false, failedAttempts: 0 } }));
          for (const step of decision.next) if (step !== "reply") expect(taken).not.toContain(step);
        }
      }
    }
  });
  it("lists the sub-goals", async () => {
    const decision = await planner.plan(input({ intent: intent("mobile_no_service", 0.9, { secondary: ["mms_issue"] }) }));
    expect(decision.goals.length).toBe(2);
  });
});

describe("local planner: guideline levers", () => {
  const withGuideline = (text: string): PlannerInput["prompt"] => ({ version: 2, sections: [{ id: "lever", title: "Lever", kind: "guideline", text }] });

  it("'clarify when confidence is below 0.5' answers a 0.6 reading that the default 0.8 threshold would question", async () => {
    const unsure = intent("mobile_no_data", 0.6);
    expect(await next({ intent: unsure })).toEqual(["clarify"]);
    expect(await next({ intent: unsure, prompt: withGuideline("Clarify only when intent confidence is below 0.5.") })).toEqual(["technical"]);
  });

  it("'never ask a clarifying question' goes with the best reading, and hands over only below the hand-over threshold", async () => {
    const never = withGuideline("Never ask a clarifying question; go with your best guess.");
    expect(await next({ intent: intent("mobile_no_data", 0.6), prompt: never })).toEqual(["technical"]);
    expect(await next({ intent: intent("mobile_no_data", 0.2), prompt: never })).toEqual(["handover"]);
  });

  it("'never hand over before trying two steps' asks once more, openly, instead of queueing after a failed question", async () => {
    const decision = await planner.plan(input({ intent: intent("mobile_no_data", 0.2), alreadyClarified: true, prompt: withGuideline("never hand over before trying two steps") }));
    expect(decision.next).toEqual(["clarify"]);
    expect(decision.clarifyingQuestion).toMatch(/tell me a little more/);
  });

  it("'hand over when the customer is angry' sends an angry customer with a fault to a person; a calm one and the default stay", async () => {
    const angry = intent("mobile_no_service", 0.9, { sentiment: "negative", urgency: "high" });
    const rule = withGuideline("Hand over to a person when the customer is angry.");
    expect(await next({ intent: angry, prompt: rule })).toEqual(["handover"]);
    expect(await next({ intent: intent("mobile_no_service"), prompt: rule })).toEqual(["technical"]);
    expect(await next({ intent: angry })).toEqual(["technical"]);
    expect(guidelineMove({ intent: angry, taken: [], escalated: false, prompt: rule })?.next).toEqual(["handover"]);
    expect(guidelineMove({ intent: angry, taken: [], escalated: false, prompt: withGuideline("Never hand over just because the customer is upset.") })).toBeNull();
  });
});

describe("local planner: asking once or twice", () => {
  it("'ask up to two clarifying questions' asks an open question where the default hands over", async () => {
    const twice = { version: 2, sections: [{ id: "clarify", title: "Clarify", kind: "guideline" as const, text: "Ask up to two clarifying questions before handing over." }] };
    const unclear = { intent: intent("mobile_no_data", 0.2), alreadyClarified: true };
    expect(await next(unclear)).toEqual(["handover"]);
    expect(await next({ ...unclear, prompt: twice })).toEqual(["clarify"]);
  });
});
