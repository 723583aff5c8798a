import { describe, expect, it } from "vitest";
import { diagnose, newDiagnosis, type CarrierFacts } from "../../src/diagnostics/layered.js";
import { readReply } from "../../src/engines/local/interpret.js";
import type { Diagnosis } from "../../src/domain/customer-actions.js";

const LINE_OK: CarrierFacts = {
  lineId: "L-1002",
  lineStatus: "active",
  contractEnded: false,
  overdueBill: null,
  pendingPayment: null,
  roamingOnLine: false,
  dataExhausted: false,
  outage: null,
};

/** Starts a diagnosis and feeds it customer replies, each read by the local reading; returns every decision. */
function conversation(layers: Diagnosis["layers"], replies: string[], options: { abroad?: boolean; carrier?: Partial<CarrierFacts>; os?: Diagnosis["os"] } = {}) {
  const carrier = { ...LINE_OK, ...options.carrier };
  let turn = diagnose(newDiagnosis({ layers, abroad: options.abroad ?? false, os: options.os ?? "android", bestNetwork: "5G" }), null, carrier);
  const turns = [turn];
  for (const reply of replies) {
    const pending = turn.decision.kind === "ask" ? turn.decision.step.action : undefined;
    turn = diagnose(turn.diagnosis, readReply(reply, pending), carrier);
    turns.push(turn);
  }
  return turns;
}

const asked = (turn: ReturnType<typeof diagnose>) => (turn.decision.kind === "ask" ? turn.decision.step.action : turn.decision.kind);

describe("layered diagnosis: service before data before MMS", () => {
  it("a data complaint first checks the status bar, and fixes airplane mode before asking anything about data", () => {
    const turns = conversation(["data"], ["theres a plane icon at the top and no bars"]);
    expect(asked(turns[0]!)).toBe("check_status_bar");
    expect(asked(turns[1]!)).toBe("airplane_mode_off");
  });

  it("several observations in one reply are all acted on: airplane mode off and a missing SIM reseated next", () => {
    const turns = conversation(["service"], ["Airplane Mode: ON … Wi-Fi: OFF … and it says No SIM card", "ok airplane mode is off now. still No SIM card"]);
    expect(asked(turns[1]!)).toBe("airplane_mode_off");
    // The SIM fault seen in the first reply is not forgotten once airplane mode is fixed.
    expect(asked(turns[2]!)).toBe("reseat_sim");
    expect(turns[2]!.diagnosis.fixed).toContain("airplane_mode");
  });

  it("a no-data complaint on 2G fixes the network mode and asks for the restart it needs when the customer skipped it", () => {
    const turns = conversation(["data"], ["2 bars, 2G", "changed the network mode to the auto 4G/5G one, haven't done the rest yet", "restarted it. 5G with 4 bars. speed test: 150 Mbps download (Excellent), on 5G"]);
    expect(asked(turns[1]!)).toBe("network_mode_4g5g");
    expect(asked(turns[2]!)).toBe("restart_phone");
    expect(turns[3]!.decision.kind).toBe("resolved");
  });

  it("a slow-data complaint is not fixed by a good figure on 3G when the area has 5G", () => {
    const turns = conversation(["data"], ["4 bars 3G", "got 5.8 Mbps on 3G, app says Excellent"]);
    // 3G in the status bar where 5G is available points at the network mode at once.
    expect(asked(turns[1]!)).toBe("network_mode_4g5g");
    expect(turns[2]!.diagnosis.checks.data?.result).toBe("slow");
    expect(asked(turns[2]!)).toBe("network_mode_4g5g");
  });

  it("'Speed test failed: No Connection' is a failed check, and the most likely data fault is asked next", () => {
    const turns = conversation(["data"], ["Nimbus 5G with 4 bars", "Speed test failed: No Connection"]);
    expect(turns[2]!.diagnosis.checks.data?.result).toBe("no_connection");
    expect(asked(turns[2]!)).toBe("mobile_data_on");
  });

  it("after each fix the layer is checked again, and the next likely fault follows when it still fails", () => {
    const turns = conversation(["data"], [
      "4 bars 5G",
      "download 0.9 Mbps, rated Poor",
      "I don't have a vpn on. got 1.2 Mbps on 5G, app says Poor",
      "data saver was on, turned it off. got 170 Mbps on 5G, app says Excellent",
    ]);
    expect(asked(turns[2]!)).toBe("data_saver_off");
    // The customer answered the data saver step about a VPN instead: VPN ruled out, data saver still open.
    expect(asked(turns[3]!)).toBe("data_saver_off");
    expect(turns[4]!.decision.kind).toBe("resolved");
    expect(turns[4]!.diagnosis.fixed).toContain("data_saver");
  });

  it("MMS needs data and 3G or better first: the MMS layer fixes mobile data before the messaging app", () => {
    const turns = conversation(["mms"], ["5G 4 bars", "tried sending a photo again, it says Message not sent"]);
    expect(asked(turns[2]!)).toBe("mobile_data_on");
  });

  it("'how do I do that?' keeps the step and answers with steps for the customer's phone", () => {
    const turns = conversation(["service"], ["there's a little airplane icon at the top and no bars", "how do I do that?"], { os: "ios" });
    expect(asked(turns[2]!)).toBe("airplane_mode_off");
    expect(turns[2]!.say.join(" ")).toMatch(/Control Center/);
    const android = conversation(["service"], ["there's a little airplane icon at the top and no bars", "how do i do that sorry"], { os: "android" });
    expect(android[2]!.say.join(" ")).toMatch(/Quick Settings/);
  });

  it("a PUK-locked SIM goes to a person; nothing on the phone can fix it", () => {
    const turns = conversation(["service"], ["it says SIM card is PUK-locked"]);
    expect(turns[1]!.decision).toMatchObject({ kind: "handover" });
  });
});

describe("layered diagnosis: carrier-side faults are reported, never acted on", () => {
  it("abroad with roaming off on the line: a proposal to enable roaming, before any device step", () => {
    const turns = conversation(["data"], [], { abroad: true, carrier: { roamingOnLine: false } });
    expect(turns[0]!.decision).toMatchObject({ kind: "propose", proposal: { action: "enable_roaming", args: { lineId: "L-1002" } } });
  });

  it("a line suspended for an overdue bill: a payment request proposal; once sent, the customer is asked to pay it", () => {
    const overdue = conversation(["service"], [], { carrier: { lineStatus: "suspended", overdueBill: { id: "B-9001", amount: 30 } } });
    expect(overdue[0]!.decision).toMatchObject({ kind: "propose", proposal: { action: "send_payment_request", args: { billId: "B-9001" } } });
    const sent = conversation(["service"], [], { carrier: { lineStatus: "suspended", overdueBill: { id: "B-9001", amount: 30 }, pendingPayment: { billId: "B-9001", amount: 30 } } });
    expect(asked(sent[0]!)).toBe("pay_payment_request");
  });

  it("a suspended line whose contract ended goes to a person", () => {
    const turns = conversation(["data"], [], { carrier: { lineStatus: "suspended", contractEnded: true, overdueBill: { id: "B-9001", amount: 30 } } });
    expect(turns[0]!.decision.kind).toBe("handover");
  });

  it("a used-up allowance is a top-up proposal once the phone itself is on the network, without an amount chosen for the customer", () => {
    const turns = conversation(["data"], ["4 bars 5G"], { carrier: { dataExhausted: true } });
    expect(asked(turns[0]!)).toBe("check_status_bar");
    expect(turns[1]!.decision).toMatchObject({ kind: "propose", proposal: { action: "top_up_data" } });
    expect(turns[1]!.decision.kind === "propose" && "gb" in turns[1]!.decision.proposal.args).toBe(false);
  });
});

describe("layered diagnosis: terse answers", () => {
  it("'already off, failed' to a fix step of the MMS layer is a failed test MMS: the next fault is asked, not the test again", () => {
    const start = diagnose(newDiagnosis({ layers: ["mms"], abroad: false, os: "android", bestNetwork: "5G" }), null, LINE_OK);
    let turn = diagnose(start.diagnosis, readReply("5G 4 bars", "check_status_bar"), LINE_OK);
    turn = diagnose(turn.diagnosis, readReply("it says Not Delivered", "send_test_mms"), LINE_OK);
    expect(asked(turn)).toBe("mobile_data_on");
    turn = diagnose(turn.diagnosis, readReply("its on, failed", "mobile_data_on"), LINE_OK);
    expect(turn.diagnosis.checks.mms?.result).toBe("mms_failed");
    expect(asked(turn)).not.toBe("send_test_mms");
  });
});
