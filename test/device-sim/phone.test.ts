import { describe, expect, it } from "vitest";
import { CARRIER_APN, defaultSettings, finalCheckPasses, SimulatedPhone, type CarrierView, type PhoneSettings } from "../../src/device-sim/phone.js";

const HOME: CarrierView = { lineStatus: "active", roamingOnLine: false, dataRemainingGb: 4, areaTechnologies: ["4G", "5G"], mmsEnabled: true };

function phone(overrides: Partial<PhoneSettings> = {}, carrier: Partial<CarrierView> = {}) {
  const view = { ...HOME, ...carrier };
  return new SimulatedPhone({ ...defaultSettings("android", "Pixel 8", true), ...overrides }, () => view);
}

describe("simulated phone: status bar", () => {
  it("shows 5G with full bars when nothing is wrong", () => {
    const bar = phone().statusBar();
    expect(bar).toMatchObject({ network: "5G", bars: 4, carrierText: "Nimbus", signalLabel: "Excellent" });
  });

  it("airplane mode wins over every other fault and shows the icon", () => {
    const bar = phone({ airplaneMode: true, sim: "unseated" }).statusBar();
    expect(bar.registration.kind).toBe("airplane");
    expect(bar.icons).toContain("airplane");
    expect(bar.bars).toBe(0);
  });

  it("a missing SIM, a PIN lock and a PUK lock each say so, in the phone's own words", () => {
    expect(phone({ sim: "unseated" }).statusBar().carrierText).toBe("No SIM card");
    expect(phone({ sim: "pin_locked", os: "ios" }).statusBar().carrierText).toBe("SIM Locked");
    expect(phone({ sim: "puk_locked" }).statusBar().registration.kind).toBe("sim_puk");
  });

  it("a suspended line gives emergency calls only; abroad without roaming on the line gives no service", () => {
    expect(phone({}, { lineStatus: "suspended" }).statusBar().carrierText).toBe("Emergency calls only");
    expect(phone({ os: "ios" }, { lineStatus: "suspended" }).statusBar().carrierText).toBe("SOS only");
    expect(phone({ location: "abroad" }).statusBar().registration.kind).toBe("no_service");
    expect(phone({ location: "abroad" }, { roamingOnLine: true }).statusBar().network).toBe("4G");
  });

  it("the preferred network mode caps the network type; a phone without 5G stays on 4G", () => {
    expect(phone({ networkMode: "2g_only" }).statusBar()).toMatchObject({ network: "2G", bars: 2 });
    expect(phone({ networkMode: "3g_only" }).statusBar().network).toBe("3G");
    expect(phone({ supports5g: false }).statusBar().network).toBe("4G");
    expect(phone({}, { areaTechnologies: ["4G"] }).statusBar().network).toBe("4G");
  });
});

describe("simulated phone: data and speed", () => {
  it("no connection when mobile data is off, roaming toggle off abroad, or the APN is wrong", () => {
    expect(phone({ mobileData: false }).speedTest()).toMatchObject({ ok: false, label: "No Connection" });
    expect(phone({ location: "abroad" }, { roamingOnLine: true }).dataBlock()).toBe("roaming_toggle_off");
    expect(phone({ apn: { name: "internet", mmsc: "" } }).dataBlock()).toBe("bad_apn");
  });

  it("speed follows network type, data saver, VPN and the allowance", () => {
    const good = phone().speedTest();
    expect(good.mbps).toBeGreaterThan(150);
    expect(good.label).toBe("Excellent");
    expect(phone({ networkMode: "3g_only" }).speedTest()).toMatchObject({ network: "3G", label: "Excellent" });
    expect(phone({ dataSaver: true }).speedTest().label).toBe("Poor");
    expect(phone({ vpn: true }).speedTest().label).toBe("Poor");
    expect(phone({}, { dataRemainingGb: 0 }).speedTest().mbps).toBeLessThan(0.1);
  });

  it("the final check for slow data needs the best network type, not just a good figure for 3G", () => {
    expect(finalCheckPasses(phone({ networkMode: "3g_only" }), "slow_data")).toBe(false);
    expect(finalCheckPasses(phone(), "slow_data")).toBe(true);
  });
});

describe("simulated phone: MMS", () => {
  it("fails on 2G, without the MMS server, without permissions, and over Wi-Fi calling", () => {
    expect(phone({ networkMode: "2g_only" }).mmsBlock()).toMatch(/3G/);
    expect(phone({ apn: { name: CARRIER_APN.name, mmsc: "" } }).mmsBlock()).toMatch(/MMS server/);
    expect(phone({ messagingPermissions: { sms: true, storage: false } }).mmsBlock()).toMatch(/permissions/);
    expect(phone({ wifi: true, wifiCalling: true, mmsOverWifi: true }).mmsBlock()).toMatch(/Wi-Fi/);
    expect(phone().mmsBlock()).toBeNull();
  });
});

describe("simulated phone: actions", () => {
  it("an APN reset takes effect only at the next restart", () => {
    const p = phone({ apn: { name: "web.old", mmsc: "" } });
    p.act("reset_apn");
    expect(p.dataBlock()).toBe("bad_apn");
    p.act("restart");
    expect(p.dataBlock()).toBeNull();
    expect(p.mmsBlock()).toBeNull();
  });

  it("a new network mode takes effect at the next network search (restart or airplane toggle)", () => {
    const p = phone({ networkMode: "2g_only" });
    p.act("network_mode_best");
    expect(p.statusBar().network).toBe("2G");
    p.act("airplane_on");
    p.act("airplane_off");
    expect(p.statusBar().network).toBe("5G");
  });

  it("re-seating fixes a missing SIM but a PIN lock needs the PIN; a PUK lock stays", () => {
    const missing = phone({ sim: "unseated" });
    missing.act("reseat_sim");
    expect(missing.statusBar().registration.kind).toBe("registered");
    const pin = phone({ sim: "pin_locked" });
    pin.act("restart");
    expect(pin.statusBar().registration.kind).toBe("sim_pin");
    pin.act("enter_sim_pin");
    expect(pin.statusBar().registration.kind).toBe("registered");
    const puk = phone({ sim: "puk_locked" });
    puk.act("reseat_sim");
    puk.act("enter_sim_pin");
    expect(puk.statusBar().registration.kind).toBe("sim_puk");
  });
});
