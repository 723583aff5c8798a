import { z } from "zod";

/**
 * A simulated phone for evaluation: settings and facts, the carrier side read
 * from the backend, and causal rules that decide what the customer sees (status
 * bar, speed test, whether an MMS sends). Test and evaluation code only: the
 * agent never imports it.
 */

export const NetworkMode = z.enum(["2g_only", "3g_only", "4g_preferred", "5g_preferred"]);
export type NetworkMode = z.infer<typeof NetworkMode>;
export const SimState = z.enum(["seated", "unseated", "pin_locked", "puk_locked"]);
export type SimState = z.infer<typeof SimState>;
export const NetworkType = z.enum(["2G", "3G", "4G", "5G"]);
export type NetworkType = z.infer<typeof NetworkType>;

/** The APN the carrier provisions; anything else breaks data (name) or MMS (server). */
export const CARRIER_APN = { name: "nimbus.internet", mmsc: "http://mms.nimbus.example/mms" } as const;

export const PhoneSettings = z.object({
  os: z.enum(["ios", "android"]),
  model: z.string(),
  supports5g: z.boolean(),
  airplaneMode: z.boolean(),
  sim: SimState,
  apn: z.object({ name: z.string(), mmsc: z.string() }),
  /** "Reset APN" was done: the carrier APN comes back at the next restart. */
  apnResetPending: z.boolean(),
  networkMode: NetworkMode,
  /** A mode chosen in settings that takes effect at the next network search (restart or airplane toggle). */
  pendingNetworkMode: NetworkMode.nullable(),
  mobileData: z.boolean(),
  dataRoaming: z.boolean(),
  dataSaver: z.boolean(),
  vpn: z.boolean(),
  wifi: z.boolean(),
  wifiCalling: z.boolean(),
  mmsOverWifi: z.boolean(),
  messagingPermissions: z.object({ sms: z.boolean(), storage: z.boolean() }),
  location: z.enum(["home", "abroad"]),
});
export type PhoneSettings = z.infer<typeof PhoneSettings>;

/** What the carrier's systems say about the line (from the backend), as the phone experiences it. */
export interface CarrierView {
  lineStatus: "active" | "suspended" | "pending_activation" | "closed";
  roamingOnLine: boolean;
  /** null = no limit. */
  dataRemainingGb: number | null;
  /** Technologies of the home area's masts. */
  areaTechnologies: NetworkType[];
  mmsEnabled: boolean;
}

export function defaultSettings(os: "ios" | "android", model: string, supports5g: boolean): PhoneSettings {
  return {
    os,
    model,
    supports5g,
    airplaneMode: false,
    sim: "seated",
    apn: { ...CARRIER_APN },
    apnResetPending: false,
    networkMode: supports5g ? "5g_preferred" : "4g_preferred",
    pendingNetworkMode: null,
    mobileData: true,
    dataRoaming: false,
    dataSaver: false,
    vpn: false,
    wifi: false,
    wifiCalling: false,
    mmsOverWifi: false,
    messagingPermissions: { sms: true, storage: true },
    location: "home",
  };
}

export type Registration =
  | { kind: "airplane" }
  | { kind: "no_sim" }
  | { kind: "sim_pin" }
  | { kind: "sim_puk" }
  | { kind: "emergency_only" }
  | { kind: "no_service" }
  | { kind: "registered"; network: NetworkType; bars: number };

export interface StatusBar {
  registration: Registration;
  /** Short text as the phone shows it at the top of the screen. */
  carrierText: string;
  bars: number;
  network: NetworkType | null;
  icons: string[];
  signalLabel: "None" | "Poor" | "Fair" | "Good" | "Excellent";
}

export interface SpeedTest {
  ok: boolean;
  mbps: number;
  network: NetworkType | null;
  /** How good the figure is for the network type in use. */
  label: "No Connection" | "Poor" | "Fair" | "Good" | "Excellent";
}

export type DataBlock = "no_registration" | "mobile_data_off" | "roaming_toggle_off" | "bad_apn" | null;

const MODE_CAP: Record<NetworkMode, NetworkType> = { "2g_only": "2G", "3g_only": "3G", "4g_preferred": "4G", "5g_preferred": "5G" };
const ORDER: NetworkType[] = ["2G", "3G", "4G", "5G"];
/** Typical download at full signal, per network type (Mbps). */
export const TYPICAL_MBPS: Record<NetworkType, number> = { "2G": 0.2, "3G": 6, "4G": 45, "5G": 180 };
/** Throttled speed once the allowance is used up. */
const EXHAUSTED_MBPS = 0.06;
/** Foreign networks the phone roams on offer 4G. */
const ABROAD_TECHNOLOGIES: NetworkType[] = ["2G", "3G", "4G"];

export type PhoneActionId =
  | "airplane_off"
  | "airplane_on"
  | "reseat_sim"
  | "enter_sim_pin"
  | "restart"
  | "reset_apn"
  | "reset_network_settings"
  | "mobile_data_on"
  | "data_roaming_on"
  | "data_saver_off"
  | "vpn_off"
  | "wifi_off"
  | "wifi_calling_off"
  | "grant_messaging_permissions"
  | "network_mode_best";

/**
 * The phone: settings change by actions; what it shows is always derived from
 * the settings and the carrier's current view of the line.
 */
export class SimulatedPhone {
  settings: PhoneSettings;

  constructor(
    settings: PhoneSettings,
    private readonly carrier: () => CarrierView,
    /** Deterministic jitter for speed figures (0..1), from the scenario's seed. */
    private readonly jitter: () => number = () => 0.5,
  ) {
    this.settings = PhoneSettings.parse(settings);
  }

  /** Best network type the phone can get where it is, ignoring its own mode setting. */
  bestNetwork(): NetworkType {
    const s = this.settings;
    const available = s.location === "abroad" ? ABROAD_TECHNOLOGIES : this.carrier().areaTechnologies;
    let best: NetworkType = "2G";
    for (const t of available) if (ORDER.indexOf(t) > ORDER.indexOf(best)) best = t;
    if (best === "5G" && !s.supports5g) best = "4G";
    return best;
  }

  registration(): Registration {
    const s = this.settings;
    const carrier = this.carrier();
    if (s.airplaneMode) return { kind: "airplane" };
    if (s.sim === "unseated") return { kind: "no_sim" };
    if (s.sim === "pin_locked") return { kind: "sim_pin" };
    if (s.sim === "puk_locked") return { kind: "sim_puk" };
    // The network refuses a line that is not active: only emergency calls get through.
    if (carrier.lineStatus !== "active") return { kind: "emergency_only" };
    if (s.location === "abroad" && !carrier.roamingOnLine) return { kind: "no_service" };
    const cap = MODE_CAP[s.networkMode];
    const best = this.bestNetwork();
    const network = ORDER.indexOf(cap) < ORDER.indexOf(best) ? cap : best;
    // Older technologies reach further from fewer masts in this simulation: fewer bars on 2G.
    const bars = s.location === "abroad" ? 3 : network === "2G" ? 2 : 4;
    return { kind: "registered", network, bars };
  }

  statusBar(): StatusBar {
    const s = this.settings;
    const reg = this.registration();
    const icons: string[] = [];
    if (s.airplaneMode) icons.push("airplane");
    if (s.wifi) icons.push("wifi");
    if (s.vpn) icons.push("VPN");
    if (s.dataSaver) icons.push(s.os === "ios" ? "low data mode" : "data saver");
    if (reg.kind === "registered" && s.location === "abroad" && s.dataRoaming) icons.push("R");
    const ios = s.os === "ios";
    const text: Record<Registration["kind"], string> = {
      airplane: "airplane mode",
      no_sim: ios ? "No SIM" : "No SIM card",
      sim_pin: ios ? "SIM Locked" : "SIM card locked - enter PIN",
      sim_puk: ios ? "SIM Locked - PUK required" : "SIM card is PUK-locked",
      emergency_only: ios ? "SOS only" : "Emergency calls only",
      no_service: "No service",
      registered: s.location === "abroad" ? "Movistar" : "Nimbus",
    };
    const bars = reg.kind === "registered" ? reg.bars : 0;
    const network = reg.kind === "registered" ? reg.network : null;
    const signalLabel = bars === 0 ? "None" : bars === 1 ? "Poor" : bars === 2 ? "Fair" : bars === 3 ? "Good" : "Excellent";
    return { registration: reg, carrierText: text[reg.kind], bars, network, icons, signalLabel };
  }

  /** Why mobile data does not pass traffic, or null when it does. */
  dataBlock(): DataBlock {
    const s = this.settings;
    if (this.registration().kind !== "registered") return "no_registration";
    if (!s.mobileData) return "mobile_data_off";
    if (s.location === "abroad" && !s.dataRoaming) return "roaming_toggle_off";
    if (s.apn.name !== CARRIER_APN.name) return "bad_apn";
    return null;
  }

  /** A speed test over mobile data (the customer runs it with Wi-Fi off). */
  speedTest(): SpeedTest {
    const s = this.settings;
    const reg = this.registration();
    if (this.dataBlock() !== null || reg.kind !== "registered") return { ok: false, mbps: 0, network: null, label: "No Connection" };
    const remaining = this.carrier().dataRemainingGb;
    const expected = TYPICAL_MBPS[reg.network] * (reg.bars / 4);
    let mbps = expected;
    if (remaining !== null && remaining <= 0) mbps = EXHAUSTED_MBPS;
    if (s.dataSaver) mbps = Math.min(mbps, 1.5);
    if (s.vpn) mbps *= 0.12;
    mbps *= 0.9 + this.jitter() * 0.2;
    mbps = Math.round(mbps * 100) / 100;
    // Judged against what this network type gives at this signal: throttles and VPNs show, a weaker mast does not.
    const share = mbps / expected;
    const label = share >= 0.9 ? "Excellent" : share >= 0.5 ? "Good" : share >= 0.2 ? "Fair" : "Poor";
    return { ok: true, mbps, network: reg.network, label };
  }

  /** Why a picture message fails, or null when it sends. */
  mmsBlock(): string | null {
    const s = this.settings;
    const reg = this.registration();
    if (reg.kind !== "registered") return "no service";
    if (!this.carrier().mmsEnabled) return "MMS not enabled on the line";
    if (!s.mobileData) return "mobile data off";
    if (s.location === "abroad" && !s.dataRoaming) return "data roaming off";
    if (reg.network === "2G") return "MMS needs 3G or better";
    if (s.apn.name !== CARRIER_APN.name || s.apn.mmsc !== CARRIER_APN.mmsc) return "no MMS server in the APN";
    if (!s.messagingPermissions.sms || !s.messagingPermissions.storage) return "messaging app lacks permissions";
    if (s.wifi && s.wifiCalling && s.mmsOverWifi) return "MMS over Wi-Fi is not supported by the carrier";
    return null;
  }

  /** The settings screen values a customer might read out. */
  readout(): Record<string, string> {
    const s = this.settings;
    const ios = s.os === "ios";
    const mode: Record<NetworkMode, string> = ios
      ? { "2g_only": "2G", "3g_only": "3G", "4g_preferred": "LTE", "5g_preferred": "5G Auto" }
      : { "2g_only": "2G only", "3g_only": "3G only", "4g_preferred": "4G/3G/2G (auto)", "5g_preferred": "5G/4G/3G/2G (auto)" };
    const on = (b: boolean) => (b ? "ON" : "OFF");
    return {
      [ios ? "Airplane Mode" : "Aeroplane mode"]: on(s.airplaneMode),
      "Wi-Fi": on(s.wifi),
      [ios ? "Cellular Data" : "Mobile data"]: on(s.mobileData),
      [ios ? "Data Roaming" : "Roaming"]: on(s.dataRoaming),
      [ios ? "Voice & Data" : "Preferred network type"]: mode[s.networkMode],
      [ios ? "Low Data Mode" : "Data Saver"]: on(s.dataSaver),
      VPN: s.vpn ? "Connected" : "Not Connected",
      "Wi-Fi Calling": on(s.wifiCalling),
      APN: s.apn.name || "(blank)",
      MMSC: s.apn.mmsc || "(blank)",
    };
  }

  /** Applies an action; changes that wait for a restart or network search apply only then. */
  act(action: PhoneActionId): void {
    const s = this.settings;
    switch (action) {
      case "airplane_off":
        if (s.airplaneMode) {
          s.airplaneMode = false;
          this.networkSearch();
        }
        return;
      case "airplane_on":
        s.airplaneMode = true;
        return;
      case "reseat_sim":
        // Taking the SIM out means powering off: a restart in effect. A PIN lock stays (the PIN is asked at power-on).
        if (s.sim === "unseated") s.sim = "seated";
        this.restart();
        return;
      case "enter_sim_pin":
        if (s.sim === "pin_locked") s.sim = "seated";
        return;
      case "restart":
        this.restart();
        return;
      case "reset_apn":
        s.apnResetPending = true;
        return;
      case "reset_network_settings":
        // Resets APNs and the preferred network type; both take effect after the restart it ends with.
        s.apnResetPending = true;
        s.pendingNetworkMode = s.supports5g ? "5g_preferred" : "4g_preferred";
        s.vpn = false;
        s.wifiCalling = false;
        s.mmsOverWifi = false;
        this.restart();
        return;
      case "mobile_data_on":
        s.mobileData = true;
        return;
      case "data_roaming_on":
        s.dataRoaming = true;
        return;
      case "data_saver_off":
        s.dataSaver = false;
        return;
      case "vpn_off":
        s.vpn = false;
        return;
      case "wifi_off":
        s.wifi = false;
        return;
      case "wifi_calling_off":
        s.wifiCalling = false;
        s.mmsOverWifi = false;
        return;
      case "grant_messaging_permissions":
        s.messagingPermissions = { sms: true, storage: true };
        return;
      case "network_mode_best":
        s.pendingNetworkMode = s.supports5g ? "5g_preferred" : "4g_preferred";
        return;
    }
  }

  /** Whether a setting change is waiting for a restart or network search. */
  pendingChanges(): string[] {
    const pending: string[] = [];
    if (this.settings.apnResetPending) pending.push("apn_reset");
    if (this.settings.pendingNetworkMode) pending.push("network_mode");
    return pending;
  }

  private restart(): void {
    const s = this.settings;
    if (s.apnResetPending) {
      s.apn = { ...CARRIER_APN };
      s.apnResetPending = false;
    }
    this.networkSearch();
  }

  private networkSearch(): void {
    const s = this.settings;
    if (s.pendingNetworkMode) {
      s.networkMode = s.pendingNetworkMode;
      s.pendingNetworkMode = null;
    }
  }
}

export type Symptom = "no_service" | "no_data" | "slow_data" | "mms_failing";

/**
 * The customer's own final check for a complaint: signal for no service; a speed
 * test at the quality the best network type here should give (and signal not
 * Poor) for data; a sent MMS for MMS.
 */
export function finalCheckPasses(phone: SimulatedPhone, symptom: Symptom): boolean {
  const bar = phone.statusBar();
  if (bar.registration.kind !== "registered") return false;
  if (symptom === "no_service") return bar.bars > 0;
  if (symptom === "mms_failing") return phone.mmsBlock() === null;
  const test = phone.speedTest();
  return test.ok && test.network === phone.bestNetwork() && (test.label === "Good" || test.label === "Excellent") && bar.signalLabel !== "Poor";
}

/** The carrier side of one line, read from a backend snapshot (the dataset with every change applied). */
export function carrierViewOf(snapshot: import("../backend/schemas.js").Dataset, lineId: string): CarrierView {
  const line = snapshot.lines.find((l) => l.id === lineId);
  if (!line) throw new Error(`no line ${lineId} in the dataset`);
  const plan = snapshot.plans.find((p) => p.id === line.planId)!;
  const customer = snapshot.customers.find((c) => c.id === line.customerId)!;
  const area = snapshot.areas.find((a) => a.id === customer.address.areaId);
  const remaining = plan.dataLimitGb === null ? null : Math.round((plan.dataLimitGb + line.dataRefuelledGb - line.dataUsedGb) * 100) / 100;
  return {
    lineStatus: line.status,
    roamingOnLine: line.roamingEnabled,
    dataRemainingGb: remaining,
    areaTechnologies: (area?.mobileTechnologies ?? ["4G"]).flatMap((t) => { const parsed = NetworkType.safeParse(t); return parsed.success ? [parsed.data] : []; }),
    mmsEnabled: line.features.mms,
  };
}
