import { describe, expect, it } from "vitest";
import { diagnose, newDiagnosis, type CarrierFacts, type DiagnosisPolicy } from "../../src/diagnostics/layered.js";
import { readReply } from "../../src/engines/local/interpret.js";
import { diagnosisPolicyFor } from "../../src/engines/local/technical.js";
import type { Diagnosis } from "../../src/domain/customer-actions.js";
import type { PromptSection } from "../../src/memory/schemas.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { degradedSections } from "../../src/prompts/degraded.js";

/**
 * The technical levers of the layered diagnosis, driven by guideline wording:
 * what a customer would notice (which step is asked, whether "fixed" is said
 * before their own check, whether the carrier checks are explained, when a
 * person takes over).
 */

const LINE_OK: CarrierFacts = {
  lineId: "L-1002", lineStatus: "active", contractEnded: false, overdueBill: null, pendingPayment: null, roamingOnLine: true, dataExhausted: false, outage: null,
};

const technical = (...texts: string[]) => ({ version: 2, sections: [...DEFAULT_PROMPTS.technical, ...texts.map((text, i): PromptSection => ({ id: `lever-${i}`, title: "Lever", kind: "guideline", text }))] });
const planner = (...texts: string[]) => ({ version: 2, sections: [...DEFAULT_PROMPTS.planner, ...texts.map((text, i): PromptSection => ({ id: `lever-${i}`, title: "Lever", kind: "guideline", text }))] });
const DEFAULT_POLICY = diagnosisPolicyFor({ version: 1, sections: DEFAULT_PROMPTS.technical }, { version: 1, sections: DEFAULT_PROMPTS.planner });

function conversation(layers: Diagnosis["layers"], replies: string[], policy: DiagnosisPolicy, carrier: Partial<CarrierFacts> = {}, abroad = false) {
  const facts = { ...LINE_OK, ...carrier };
  // Abroad the best network the phone can get is 4G (as the technical node sets it).
  let turn = diagnose(newDiagnosis({ layers, abroad, os: "android", bestNetwork: abroad ? "4G" : "5G" }), null, facts, policy);
  const turns = [turn];
  for (const reply of replies) {
    const pending = turn.decision.kind === "ask" ? turn.decision.step.action : undefined;
    turn = diagnose(turn.diagnosis, readReply(reply, pending), facts, policy);
    turns.push(turn);
  }
  return turns;
}
const asked = (turn: ReturnType<typeof diagnose>) => (turn.decision.kind === "ask" ? turn.decision.step.action : turn.decision.kind);

describe("technical levers: how strictly a fix is verified", () => {
  const replies = ["4 bars 5G", "speed test says no connection", "oh mobile data was off, turned it on"];

  it("by default a fix is declared only after the customer's own speed test", () => {
    const turns = conversation(["data"], replies, DEFAULT_POLICY);
    expect(asked(turns[2]!)).toBe("mobile_data_on");
    // Data switched on is not yet 'fixed': the speed test is asked again.
    expect(asked(turns[3]!)).toBe("run_speed_test");
  });

  it("the degraded 'declare the fault fixed' guideline says fixed without the customer's check", () => {
    const degraded = { version: 2, sections: degradedSections("unchecked-fix", DEFAULT_PROMPTS.technical) };
    const policy = diagnosisPolicyFor(degraded);
    expect(policy.verifyFix).toBe("none");
    const turns = conversation(["data"], replies, policy);
    expect(turns[3]!.decision.kind).toBe("resolved");
    expect(turns[3]!.diagnosis.checks.data?.result).toBe("no_connection");
  });

  it("'never declare it fixed without the customer's check' (two negations) stays strict", () => {
    const turns = conversation(["data"], replies, diagnosisPolicyFor(technical("Never declare it fixed without the customer's own check.")));
    expect(asked(turns[3]!)).toBe("run_speed_test");
  });
});

describe("technical levers: step order", () => {
  it("by default roaming off on the line is proposed before any step on the phone", () => {
    const turns = conversation(["data"], [], DEFAULT_POLICY, { roamingOnLine: false }, true);
    expect(turns[0]!.decision.kind).toBe("propose");
  });

  it("'cheapest customer-side checks first' asks the phone first and comes to the line when the phone's steps run out", () => {
    const policy = diagnosisPolicyFor(technical("Try the cheapest customer-side checks first, before carrier-side checks."));
    expect(policy.order).toBe("device-first");
    const turns = conversation(
      ["data"],
      ["3 bars 4G", "speed test: no connection", "roaming on the phone is already on, speed test still no connection", "mobile data is on, speed test still no connection", "reset the apn and restarted. 3 bars 4G, speed test still no connection"],
      policy,
      { roamingOnLine: false },
      true,
    );
    expect(turns.slice(0, 5).map(asked)).toEqual(["check_status_bar", "run_speed_test", "roaming_on", "mobile_data_on", "reset_apn"]);
    expect(turns[5]!.decision).toMatchObject({ kind: "propose", proposal: { action: "enable_roaming" } });
  });
});

describe("technical levers: explaining what was checked", () => {
  it("an 'explain what was checked' guideline says the carrier checks when the diagnosis starts; the default does not", () => {
    const explained = conversation(["data"], [], diagnosisPolicyFor(technical("Explain what was checked on our side and what it showed, even when everything looked fine.")));
    expect(explained[0]!.say.join(" ")).toMatch(/I checked on our side first: your line is active/);
    const silent = conversation(["data"], [], DEFAULT_POLICY);
    expect(silent[0]!.say.join(" ")).not.toMatch(/checked on our side/);
  });

  it("'do not explain what was checked' keeps it unsaid", () => {
    const policy = diagnosisPolicyFor(technical("Explain what was checked.", "Do not explain what was checked."));
    expect(policy.explainChecks).toBe(false);
  });
});

describe("planner levers in the diagnosis: when to hand over", () => {
  const stubborn = ["4 bars 5G", "picture message failed", "mobile data is on. tried again, failed", "done, still failed", "done, still says failed"];

  it("'hand over after two failed steps' brings a person in after the second step that did not help", () => {
    const turns = conversation(["mms"], stubborn, diagnosisPolicyFor(undefined, planner("Hand over after two failed steps.")));
    expect(turns.slice(0, 4).map(asked)).toEqual(["check_status_bar", "send_test_mms", "mobile_data_on", "messaging_permissions"]);
    expect(turns[4]!.decision).toMatchObject({ kind: "handover", reason: "2 steps on the phone did not fix it" });
    // With the default prompts the same replies keep the customer with the agent: the next likely fault is asked.
    const defaults = conversation(["mms"], stubborn, DEFAULT_POLICY);
    expect(asked(defaults[4]!)).toBe("wifi_calling_off");
  });

  it("'never hand over before trying three steps' raises a two-step hand-over to three", () => {
    const policy = diagnosisPolicyFor(undefined, planner("Hand over after two failed steps.", "Never hand over before trying three steps."));
    expect(policy.handoverAfterFailedSteps).toBe(3);
  });
});
