import type { CustomerActionId } from "../domain/customer-actions.js";
import { defaultSettings, SimulatedPhone, type CarrierView, type PhoneActionId, type PhoneSettings } from "../device-sim/phone.js";
import type { DeviceAnswers } from "./conversations.js";

/** The broadband steps: the phone simulator has no home hub, so these keep short scripted answers. */
const HUB_CHECKS: Partial<Record<CustomerActionId, { broken: string; fixed: string }>> = {
  wired_speed_test: { broken: "wired speed test: 3 Mbps", fixed: "wired speed test: 480 Mbps" },
  check_router_lights: { broken: "the internet light is red", fixed: "all the lights are green" },
};

/** What each device step does on the phone. */
const PHONE_ACTIONS: Partial<Record<CustomerActionId, PhoneActionId>> = {
  airplane_mode_off: "airplane_off",
  reseat_sim: "reseat_sim",
  enter_sim_pin: "enter_sim_pin",
  reset_apn: "reset_apn",
  reset_network_settings: "reset_network_settings",
  restart_phone: "restart",
  mobile_data_on: "mobile_data_on",
  roaming_on: "data_roaming_on",
  data_saver_off: "data_saver_off",
  network_mode_4g5g: "network_mode_best",
  disconnect_vpn: "vpn_off",
  wifi_calling_off: "wifi_calling_off",
  messaging_permissions: "grant_messaging_permissions",
};

type Layer = "service" | "data" | "mms";
const LAYER_OF: Partial<Record<CustomerActionId, Layer>> = {
  check_status_bar: "service",
  airplane_mode_off: "service",
  reseat_sim: "service",
  enter_sim_pin: "service",
  run_speed_test: "data",
  mobile_data_on: "data",
  roaming_on: "data",
  data_saver_off: "data",
  disconnect_vpn: "data",
  network_mode_4g5g: "data",
  reset_apn: "data",
  send_test_mms: "mms",
  wifi_calling_off: "mms",
  messaging_permissions: "mms",
};

/**
 * The faults behind a replayed conversation, by its rule and the layer of the
 * first step the agent asks for: one fault the right first step fixes, two
 * faults, or a SIM only a person can unlock.
 */
const FAULTS: Record<DeviceAnswers, Record<Layer, Partial<PhoneSettings>>> = {
  fix_first: {
    service: { airplaneMode: true },
    data: { mobileData: false },
    mms: { messagingPermissions: { sms: true, storage: false } },
  },
  fix_second: {
    service: { airplaneMode: true, sim: "unseated" },
    data: { mobileData: false, dataSaver: true },
    mms: { messagingPermissions: { sms: true, storage: false }, wifi: true, wifiCalling: true, mmsOverWifi: true },
  },
  never: { service: { sim: "puk_locked" }, data: { sim: "puk_locked" }, mms: { sim: "puk_locked" } },
};

const HOME: CarrierView = { lineStatus: "active", roamingOnLine: true, dataRemainingGb: 10, areaTechnologies: ["4G", "5G"], mmsEnabled: true };

/**
 * The replay's customer, driven by the simulated phone (src/device-sim): the
 * faults are set on the phone when the agent's first step shows which part of
 * the phone the problem is in; every fix acts on the phone, and every check
 * says what the phone then shows. Nothing works by counting tries. For the
 * fuller customer who reads the agent's words, see SimulatedCustomer.
 */
export class ScriptedCustomer {
  private phone: SimulatedPhone | undefined;
  private hubFixed = false;
  private hubFixes = 0;

  constructor(private readonly rule: DeviceAnswers) {}

  answer(action: CustomerActionId): string {
    if (action === "pay_payment_request") return "done, I've paid it";
    const hub = HUB_CHECKS[action];
    if (hub) return this.hubFixed ? hub.fixed : hub.broken;
    if (action === "restart_router") {
      this.hubFixes += 1;
      this.hubFixed = this.rule === "fix_first" || (this.rule === "fix_second" && this.hubFixes >= 2);
      return "done, restarted the hub";
    }
    const phone = (this.phone ??= new SimulatedPhone({ ...defaultSettings("android", "Pixel 8", true), ...FAULTS[this.rule][LAYER_OF[action] ?? "service"] }, () => HOME));
    const fix = PHONE_ACTIONS[action];
    if (fix) phone.act(fix);
    const bar = phone.statusBar();
    const status = bar.registration.kind === "registered" ? `${bar.bars} bars and ${bar.network}` : bar.carrierText;
    if (action === "run_speed_test") {
      const test = phone.speedTest();
      return test.ok ? `the speed test shows ${test.mbps} Mbps` : "the speed test fails: no connection";
    }
    if (action === "send_test_mms") return phone.mmsBlock() === null ? "yes, the test MMS went through" : "the test MMS failed again";
    if (action === "check_status_bar") return `it shows ${status}`;
    return `done, now it shows ${status}`;
  }
}
