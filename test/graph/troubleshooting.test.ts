import { afterAll, describe, expect, it } from "vitest";
import type { SupportStateValue } from "../../src/conversation/state.js";
import { SimulatedCustomer } from "../../src/device-sim/customer.js";
import { carrierViewOf, defaultSettings, finalCheckPasses, SimulatedPhone, type PhoneSettings, type Symptom } from "../../src/device-sim/phone.js";
import { ScriptedCustomer } from "../../src/replay/scripted-customer.js";
import { testSupportGraph } from "../helpers/graph.js";

type Graph = Awaited<ReturnType<typeof testSupportGraph>>;

/**
 * A dataset customer with a simulated phone set up with the given faults; the
 * simulated customer answers every reply from what the phone shows until the
 * conversation is resolved, handed over, or 20 messages have gone by.
 */
async function troubleshoot(t: Graph, who: { name: string; phone: string; customerId: string; lineId: string; os: "ios" | "android"; model: string }, symptom: Symptom, opening: string, faults: Partial<PhoneSettings>, seed: number) {
  const backend = t.backend;
  const phone = new SimulatedPhone({ ...defaultSettings(who.os, who.model, true), ...faults }, () => carrierViewOf(backend.snapshot(), who.lineId));
  const customer = new SimulatedCustomer(phone, backend, { fullName: who.name, phoneNumber: who.phone, customerId: who.customerId, symptom, budget: 10 }, seed);
  const thread = t.newThread();
  let state = await t.say(thread, opening);
  const asked: string[] = [];
  for (let turn = 0; turn < 20 && state.status === "open"; turn++) {
    if (state.pendingAction) asked.push(state.pendingAction.actionId);
    state = await t.say(thread, (await customer.reply(state.reply)).text);
  }
  return { state, phone, asked };
}

const JAMES = { name: "James Carter", phone: "+15550100002", customerId: "C-1002", lineId: "L-1002", os: "android" as const, model: "Pixel 8" };
const DANIEL = { name: "Daniel Wilson", phone: "+15550100016", customerId: "C-1016", lineId: "L-1024", os: "android" as const, model: "Pixel 7" };
const PRIYA = { name: "Priya Sharma", phone: "+15550100009", customerId: "C-1009", lineId: "L-1011", os: "ios" as const, model: "iPhone 15 Pro" };

describe("multi-turn troubleshooting on a simulated phone", async () => {
  const t = await testSupportGraph();
  afterAll(() => t.close());

  it("no signal: airplane mode and a loose SIM, fixed in turn; resolved only once the status bar shows bars", async () => {
    // Seed 11 (fixed): the customer's wording is drawn from it.
    const { state, phone, asked } = await troubleshoot(t, JAMES, "no_service", "my phone has no signal at all and I can't call anyone", { airplaneMode: true, sim: "unseated" }, 11);
    expect(state.status).toBe("resolved");
    expect(finalCheckPasses(phone, "no_service")).toBe(true);
    expect(asked).toContain("airplane_mode_off");
    expect(asked).toContain("reseat_sim");
    expect(state.troubleshooting?.faultsFixed).toEqual(expect.arrayContaining(["device:airplane_mode", "device:sim_missing"]));
  });

  it("no data: mobile data off and a wrong APN; the APN reset counts only after the restart", async () => {
    const { state, phone, asked } = await troubleshoot(t, DANIEL, "no_data", "my mobile data stopped working, apps won't load unless I'm on wifi", { mobileData: false, apn: { name: "internet.old", mmsc: "" } }, 12);
    expect(state.status).toBe("resolved");
    expect(finalCheckPasses(phone, "no_data")).toBe(true);
    expect(asked).toEqual(expect.arrayContaining(["mobile_data_on", "reset_apn"]));
  });

  it("slow data on 3G with data saver on: fixed only when the speed test is good on the best network", async () => {
    const { state, phone } = await troubleshoot(t, DANIEL, "slow_data", "mobile internet is really slow, videos keep buffering", { networkMode: "3g_only", dataSaver: true }, 13);
    expect(state.status).toBe("resolved");
    expect(phone.statusBar().network).toBe("5G");
    expect(phone.speedTest().label).toMatch(/Good|Excellent/);
  });

  it("MMS on 2G with Wi-Fi calling routing it over Wi-Fi: the network mode first (MMS needs 3G or better), then Wi-Fi calling", async () => {
    const { state, phone, asked } = await troubleshoot(t, PRIYA, "mms_failing", "picture messages won't send from my phone", { networkMode: "2g_only", wifi: true, wifiCalling: true, mmsOverWifi: true }, 14);
    expect(state.status).toBe("resolved");
    expect(phone.mmsBlock()).toBeNull();
    expect(asked.indexOf("network_mode_4g5g")).toBeLessThan(asked.indexOf("wifi_calling_off"));
  });

  it("the broadband procedures still run through the procedure runner", async () => {
    const thread = t.newThread();
    await t.say(thread, "my home broadband is really slow in the evenings");
    const state = await t.say(thread, "555 010 0024, José Ramírez");
    expect(state.troubleshooting?.procedureId).toBe("broadband-slow");
    expect(state.troubleshooting?.diagnosis).toBeUndefined();
    // The replay's scripted customer still answers its steps.
    const answered = await t.say(thread, new ScriptedCustomer("fix_first").answer(state.pendingAction!.actionId));
    expect(answered.troubleshooting?.observations.length).toBeGreaterThan(state.troubleshooting!.observations.length);
  });

  it("an answer that says nothing about the step asks the step again instead of moving on", async () => {
    const thread = t.newThread();
    await t.say(thread, "my phone has no signal since this morning");
    const asked = await t.say(thread, "555 010 0002, James Carter");
    const pending = asked.pendingAction;
    expect(pending?.actionId).toBe("check_status_bar");
    const state = await t.say(thread, "hmm, my phone has been acting up");
    expect(state.pendingAction).toEqual(pending);
    expect(state.escalation).toBeNull();
    expect(state.reply).toContain(pending!.ask.slice(0, 40));
  });

  it("reads this customer's past conversations on a later visit, and only theirs", async () => {
    const first = t.newThread();
    await t.say(first, "my mobile data stopped working");
    await t.say(first, "555 010 0013, Emily Johnson");
    await t.say(first, "thanks, bye");
    const second = t.newThread();
    await t.say(second, "my mobile data is not working again");
    const state = await t.say(second, "555 010 0013, Emily Johnson");
    expect(state.memory.history.length).toBeGreaterThan(0);
    const episodes = await t.memory.episodic.history("C-1013");
    expect(episodes.every((e) => e.customerId === "C-1013")).toBe(true);
    expect(episodes.map((e) => e.threadId)).toContain(first);
  });

  it("remembers the step reached across a restart of the graph (SQLite checkpointer)", async () => {
    const thread = t.newThread();
    await t.say(thread, "my mobile data stopped working");
    const before = await t.say(thread, "555 010 0020, Noah Thompson");
    const { SqliteSaver } = await import("@langchain/langgraph-checkpoint-sqlite");
    const { createSupportGraph } = await import("../../src/graph/support-graph.js");
    const reopened = createSupportGraph(t.deps, { checkpointer: SqliteSaver.fromConnString(`${t.dir}/checkpoints.sqlite`) });
    const state = (await reopened.getState({ configurable: { thread_id: thread } })).values as SupportStateValue;
    expect(state.troubleshooting).toEqual(before.troubleshooting);
    expect(state.pendingAction).toEqual(before.pendingAction);
  });
});
