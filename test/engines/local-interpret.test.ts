import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Observation } from "../../src/domain/customer-actions.js";
import { LocalTechnicalEngine } from "../../src/engines/local/technical.js";
import { readReply } from "../../src/engines/local/interpret.js";
import { Procedure } from "../../src/memory/schemas.js";
import type { IntentAnalysis } from "../../src/domain/support.js";

const dir = join(process.cwd(), "data/procedures");
const procedures = new Map(
  readdirSync(dir).map((f) => {
    const p = Procedure.parse(JSON.parse(readFileSync(join(dir, f), "utf8")));
    return [p.id, p] as const;
  }),
);
const engine = new LocalTechnicalEngine();
const prompt = { version: 1, sections: [] };

function step(procedureId: string, stepId: string) {
  const procedure = procedures.get(procedureId)!;
  const s = procedure.steps.find((x) => x.id === stepId);
  if (!s || s.kind !== "customer_action") throw new Error(`no customer step ${procedureId}/${stepId}`);
  return { procedure, step: s };
}
const read = (procedureId: string, stepId: string, message: string) => engine.interpret({ message, ...step(procedureId, stepId), prompt });

const TABLE: [string, string, string, Observation][] = [
  ["mobile-no-service", "status_bar", "it says No Service", "no_service"],
  ["mobile-no-service", "status_bar", "no bars at all", "no_signal"],
  ["mobile-no-service", "status_bar", "4 bars and 5G now", "signal_ok"],
  ["mobile-no-service", "status_bar", "the airplane icon is on", "airplane_on"],
  ["mobile-no-service", "status_bar", "no bars at all, and there is no aeroplane icon", "no_signal"],
  ["mobile-no-service", "status_bar", "it says No SIM", "sim_not_detected"],
  ["mobile-no-service", "reseat_sim", "it asks for a PUK code", "sim_locked"],
  ["mobile-no-service", "reset_network", "done, still nothing", "not_fixed"],
  ["mobile-no-service", "airplane_off", "yes it works now!", "fixed"],
  ["mobile-no-service", "status_bar", "yes it works now!", "signal_ok"],
  ["mobile-no-service", "check_again", "just one bar, comes and goes", "weak_signal"],
  ["mobile-no-service", "status_bar", "not sure what I'm looking at", "unsure"],
  ["mobile-no-service", "susp_pay_request", "ok I've paid it", "done"],
  ["mobile-no-service", "susp_pay_request", "I can't pay until Friday", "not_fixed"],
  ["mobile-no-data", "data_on", "mobile data was off, I turned it on", "data_off"],
  ["mobile-no-data", "data_saver", "Low Data Mode was on", "data_saver_on"],
  ["mobile-no-data", "vpn", "yes I use a VPN for work", "vpn_on"],
  ["mobile-no-data", "speed_test", "speed test shows 12 Mbps", "speed_ok"],
  ["mobile-no-data", "speed_test", "it says 1.5 Mbps", "speed_slow"],
  ["mms-not-sending", "test_mms", "the MMS went through", "mms_ok"],
  ["mms-not-sending", "test_mms", "it says message not sent", "mms_failed"],
  ["mms-not-sending", "wifi_calling", "nope, same error", "not_fixed"],
  ["broadband-drops", "lights", "red light on the router", "lights_red"],
  ["broadband-outage", "restart", "all green now", "lights_ok"],
  ["broadband-slow", "wired_test", "speed test shows 12 Mbps", "speed_slow"],
  ["broadband-slow", "wired_test", "I get 480 Mbps down, I'm on Home Fibre 500", "speed_ok"],
  ["broadband-slow", "wired_retest", "about 300 Mbps on the fibre 500 plan", "speed_slow"],
  ["broadband-slow", "wired_test", "getting 90 Mbps", "speed_ok"],
];

describe("local technical: answer interpretation", () => {
  it.each(TABLE)("%s/%s: %j -> %s", async (procedureId, stepId, message, expected) => {
    const result = await read(procedureId, stepId, message);
    expect(result.observation).toBe(expected);
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it("puts the speed figure in the detail", async () => {
    const result = await read("mobile-no-data", "speed_test", "speed test shows 12 Mbps");
    expect(result.detail).toContain("12 Mbps");
  });

  it("is more confident about a reading the step branches on than about noise", async () => {
    const clear = await read("mobile-no-service", "reseat_sim", "it asks for a PUK code");
    const noise = await read("mobile-no-service", "reseat_sim", "hmm purple elephant");
    expect(clear.confidence).toBeGreaterThanOrEqual(0.8);
    expect(noise.observation).toBe("unsure");
    expect(noise.confidence).toBeLessThan(clear.confidence);
  });

  it("reads an empty answer as unsure", async () => {
    expect((await read("mobile-no-service", "status_bar", "   ")).observation).toBe("unsure");
  });
});

function intent(primary: IntentAnalysis["primary"], secondary: IntentAnalysis["secondary"] = []): IntentAnalysis {
  return { primary, secondary, entities: { amounts: [], dates: [] }, sentiment: "neutral", urgency: "medium", confidence: 0.9, alternatives: [] };
}
const candidates = (...ids: string[]) => ids.map((id, i) => ({ procedure: procedures.get(id)!, similarity: 0.8 - i * 0.1, matchedSymptom: "" }));

describe("local technical: procedure choice", () => {
  it("maps the intent to its procedure even when similarity ranks another first", async () => {
    const choice = await engine.chooseProcedure({ message: "no data on my phone", intent: intent("mobile_no_data"), candidates: candidates("mobile-slow-data", "mobile-no-data"), prompt });
    expect(choice).toEqual({ procedureId: "mobile-no-data", others: [] });
  });
  it("returns secondary problems as others", async () => {
    const choice = await engine.chooseProcedure({
      message: "no signal and MMS won't send either",
      intent: intent("mobile_no_service", ["mms_issue"]),
      candidates: candidates("mobile-no-service", "mms-not-sending"),
      prompt,
    });
    expect(choice.procedureId).toBe("mobile-no-service");
    expect(choice.others).toEqual(["mms-not-sending"]);
  });
  it.each([
    ["roaming_abroad", "roaming-no-data"],
    ["broadband_slow", "broadband-slow"],
    ["line_suspended", "suspended-line"],
    ["mms_issue", "mms-not-sending"],
  ] as const)("%s -> %s", async (label, id) => {
    const choice = await engine.chooseProcedure({ message: "it is broken", intent: intent(label), candidates: candidates(...procedures.keys()), prompt });
    expect(choice.procedureId).toBe(id);
  });
  it("a billing question starts no procedure", async () => {
    const choice = await engine.chooseProcedure({ message: "why is my bill higher", intent: intent("bill_explain"), candidates: candidates("suspended-line"), prompt });
    expect(choice.procedureId).toBeNull();
  });
});

describe("readReply: a reply read whole", () => {
  it("the roaming reply from the issue: roaming on, one bar of 2G, mobile data disabled", () => {
    const r = readReply("I turned Data Roaming on. It says Data Roaming is now ON. My status bar shows 1 bar, 2G, data disabled");
    expect(r).toMatchObject({ dataRoaming: "on", mobileData: "off", bars: 1, network: "2G", service: "registered" });
  });

  it("failures are never read as success", () => {
    expect(readReply("Speed test failed: No Connection").speedTest).toEqual({ connected: false });
    expect(readReply("Your messaging app cannot send MMS messages").mms).toBe("failed");
    expect(readReply("it says Not Delivered with a red exclamation mark").mms).toBe("failed");
    expect(readReply("sent a photo to my wife and it was delivered").mms).toBe("sent");
  });

  it("a pasted settings readout: every value, airplane mode ON included", () => {
    const r = readReply("Airplane Mode: ON … Wi-Fi: OFF … Cellular Data: ON … VPN: Not Connected … APN: internet.old … MMSC: (blank)");
    expect(r).toMatchObject({ airplaneMode: "on", wifi: "off", mobileData: "on", vpn: "off", apn: "other", mmsServer: "blank", service: "no_service" });
  });

  it("negations and clauses: 'already off', 'no VPN', 'was on, turned it off'", () => {
    expect(readReply("it's not on airplane mode, that's off").airplaneMode).toBe("off");
    expect(readReply("I don't have a vpn on").vpn).toBe("off");
    expect(readReply("no VPN running").vpn).toBe("off");
    const switched = readReply("low data mode was on, turned it off");
    expect(switched.dataSaver).toBe("off");
    expect(switched.switched).toEqual(["dataSaver"]);
    expect(readReply("mobile data is already on").switched).toEqual([]);
  });

  it("a bare answer is about the setting the pending step named", () => {
    expect(readReply("was on, off now, No SIM at the top", "airplane_mode_off")).toMatchObject({ airplaneMode: "off", sim: "missing", service: "no_service" });
    expect(readReply("its on", "mobile_data_on").mobileData).toBe("on");
    // "there's also a R icon" is not about airplane mode.
    expect(readReply("turned it off. i see 3 bars, 4g, there's also a r icon", "airplane_mode_off")).toMatchObject({ airplaneMode: "off", service: "registered" });
  });

  it("several observations in one message, with typos", () => {
    const r = readReply("airplnae mode was on, trned it off. it says the SIM is locekd and wants a PIN");
    expect(r).toMatchObject({ airplaneMode: "off", sim: "pin_locked", service: "no_service" });
  });

  it("the network mode setting is told apart from the status bar when the step is about it", () => {
    expect(readReply("it was on 3G only, changed it to the top option", "network_mode_4g5g")).toMatchObject({ networkMode: "5G" });
    expect(readReply("it's already set to LTE", "network_mode_4g5g").networkMode).toBe("4G");
    const speed = readReply("restarted it. got 31.9 Mbps on 4G, app says Good");
    expect(speed.speedTest).toEqual({ connected: true, mbps: 31.9, label: "good", network: "4G" });
    expect(speed.done).toContain("restart");
  });

  it("how, why, can't find, and partly done", () => {
    expect(readReply("how do I do that?").request).toBe("how_to");
    expect(readReply("I can't find that setting").request).toBe("cant_find");
    expect(readReply("why? I never touched any of that").request).toBe("why");
    expect(readReply("changed the network mode to the auto 4G/5G one. haven't done the rest yet").partial).toBe(true);
    expect(readReply("ok so what now?").general).not.toBe("yes");
  });
});

describe("readReply: permissions", () => {
  it("'granted the permissions it was missing' is granted; 'didn't have storage permission' is missing", () => {
    expect(readReply("granted the permissions it was missing. tried sending a photo again, it says Message not sent")).toMatchObject({ messagingPermissions: "granted", mms: "failed" });
    expect(readReply("the messages app didn't have storage permission").messagingPermissions).toBe("missing");
  });
});
