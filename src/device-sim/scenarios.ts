import type { DatasetInput } from "../backend/schemas.js";
import { defaultSettings, type PhoneSettings, type Symptom } from "./phone.js";

/**
 * Generated troubleshooting scenarios: every combination of up to four device
 * faults that can sit under a symptom, at home and abroad, plus each carrier
 * fault that applies, alone and with each single device fault. Each scenario has
 * a fixed seed and a dataset customer whose line is overridden to fit.
 */

export const DeviceFault = [
  "airplane_on",
  "sim_unseated",
  "sim_pin_locked",
  "sim_puk_locked",
  "mobile_data_off",
  "data_roaming_off",
  "apn_wrong",
  "mms_server_blank",
  "network_2g_only",
  "network_3g_only",
  "data_saver_on",
  "vpn_on",
  "wifi_calling_mms",
  "messaging_permissions_denied",
] as const;
export type DeviceFault = (typeof DeviceFault)[number];

export const CarrierFault = ["none", "suspended_overdue", "contract_ended", "allowance_used", "roaming_off_on_line"] as const;
export type CarrierFault = (typeof CarrierFault)[number];

/** The phone setting each fault changes; two faults on one setting cannot be combined. */
const FAULT_SETTING: Record<DeviceFault, string> = {
  airplane_on: "airplane",
  sim_unseated: "sim",
  sim_pin_locked: "sim",
  sim_puk_locked: "sim",
  mobile_data_off: "mobile_data",
  data_roaming_off: "data_roaming",
  apn_wrong: "apn",
  mms_server_blank: "apn",
  network_2g_only: "mode",
  network_3g_only: "mode",
  data_saver_on: "data_saver",
  vpn_on: "vpn",
  wifi_calling_mms: "wifi_calling",
  messaging_permissions_denied: "permissions",
};

/** Device faults that can sit under each complaint (its own layer and the ones below that a customer would still describe so). */
const SYMPTOM_FAULTS: Record<Symptom, DeviceFault[]> = {
  no_service: ["airplane_on", "sim_unseated", "sim_pin_locked", "sim_puk_locked"],
  no_data: ["airplane_on", "sim_unseated", "sim_pin_locked", "mobile_data_off", "data_roaming_off", "apn_wrong"],
  slow_data: ["network_2g_only", "network_3g_only", "data_saver_on", "vpn_on"],
  mms_failing: ["mobile_data_off", "data_roaming_off", "network_2g_only", "mms_server_blank", "wifi_calling_mms", "messaging_permissions_denied"],
};

/** Carrier faults that produce (or sit under) each complaint. */
const SYMPTOM_CARRIER: Record<Symptom, CarrierFault[]> = {
  no_service: ["suspended_overdue", "contract_ended", "roaming_off_on_line"],
  no_data: ["suspended_overdue", "contract_ended", "allowance_used", "roaming_off_on_line"],
  slow_data: ["allowance_used"],
  mms_failing: ["suspended_overdue", "roaming_off_on_line"],
};

export interface ScenarioCustomer {
  customerId: string;
  lineId: string;
  fullName: string;
  phoneNumber: string;
  os: "ios" | "android";
  model: string;
  supports5g: boolean;
  physicalSim: boolean;
}

/** Dataset customers with one mobile line in an area without a mobile outage. */
export const SCENARIO_CUSTOMERS: ScenarioCustomer[] = [
  { customerId: "C-1002", lineId: "L-1002", fullName: "James Carter", phoneNumber: "+15550100002", os: "android", model: "Pixel 8", supports5g: true, physicalSim: true },
  { customerId: "C-1003", lineId: "L-1003", fullName: "Aisha Khan", phoneNumber: "+15550100003", os: "ios", model: "iPhone 14", supports5g: true, physicalSim: true },
  { customerId: "C-1016", lineId: "L-1024", fullName: "Daniel Wilson", phoneNumber: "+15550100016", os: "android", model: "Pixel 7", supports5g: true, physicalSim: true },
  { customerId: "C-1020", lineId: "L-1028", fullName: "Noah Thompson", phoneNumber: "+15550100020", os: "ios", model: "iPhone 11", supports5g: false, physicalSim: true },
  { customerId: "C-1023", lineId: "L-1031", fullName: "Zoe Anderson", phoneNumber: "+15550100023", os: "ios", model: "iPhone 16", supports5g: true, physicalSim: false },
];

export interface Scenario {
  id: string;
  seed: number;
  symptom: Symptom;
  location: "home" | "abroad";
  deviceFaults: DeviceFault[];
  carrierFault: CarrierFault;
  customer: ScenarioCustomer;
  /** A hand-over is right only where a person is needed: a PUK-locked SIM or a line whose contract ended. */
  expected: "resolved" | "handover";
  /** Dollars the customer agreed to spend on a top-up. */
  budget: number;
}

function combinations<T>(items: T[], max: number): T[][] {
  const out: T[][] = [];
  const walk = (start: number, current: T[]) => {
    if (current.length > 0) out.push([...current]);
    if (current.length === max) return;
    for (let i = start; i < items.length; i++) walk(i + 1, [...current, items[i]!]);
  };
  walk(0, []);
  return out;
}

const compatible = (faults: DeviceFault[]) => new Set(faults.map((f) => FAULT_SETTING[f])).size === faults.length;

/** A stable 32-bit seed from the scenario's id. */
function seedOf(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function generateScenarios(): Scenario[] {
  const scenarios: Scenario[] = [];
  const symptoms: Symptom[] = ["no_service", "no_data", "slow_data", "mms_failing"];
  let n = 0;
  for (const symptom of symptoms) {
    for (const location of ["home", "abroad"] as const) {
      const pool = SYMPTOM_FAULTS[symptom].filter((f) => location === "abroad" || f !== "data_roaming_off");
      const deviceSets = combinations(pool, 4).filter(compatible);
      const carrier = SYMPTOM_CARRIER[symptom].filter((c) => location === "abroad" || c !== "roaming_off_on_line");
      const add = (deviceFaults: DeviceFault[], carrierFault: CarrierFault) => {
        const id = `${symptom}/${location}/${carrierFault}/${deviceFaults.join("+") || "no-device-fault"}`;
        const needsPhysicalSim = deviceFaults.some((f) => f.startsWith("sim_"));
        const eligible = SCENARIO_CUSTOMERS.filter((c) => c.physicalSim || !needsPhysicalSim);
        const seed = seedOf(id);
        const expected = deviceFaults.includes("sim_puk_locked") || carrierFault === "contract_ended" ? "handover" : "resolved";
        scenarios.push({ id, seed, symptom, location, deviceFaults, carrierFault, customer: eligible[n++ % eligible.length]!, expected, budget: 10 });
      };
      for (const faults of deviceSets) add(faults, "none");
      for (const carrierFault of carrier) {
        add([], carrierFault);
        for (const fault of pool) add([fault], carrierFault);
      }
    }
  }
  return scenarios;
}

/** The phone at the start of a scenario. */
export function phoneSettingsFor(scenario: Scenario): PhoneSettings {
  const c = scenario.customer;
  const s = defaultSettings(c.os, c.model, c.supports5g);
  s.location = scenario.location;
  // Travellers have usually switched data roaming on; the fault is when they have not.
  s.dataRoaming = scenario.location === "abroad";
  for (const fault of scenario.deviceFaults) {
    switch (fault) {
      case "airplane_on":
        s.airplaneMode = true;
        break;
      case "sim_unseated":
        s.sim = "unseated";
        break;
      case "sim_pin_locked":
        s.sim = "pin_locked";
        break;
      case "sim_puk_locked":
        s.sim = "puk_locked";
        break;
      case "mobile_data_off":
        s.mobileData = false;
        break;
      case "data_roaming_off":
        s.dataRoaming = false;
        break;
      case "apn_wrong":
        s.apn = { name: "internet.old", mmsc: "" };
        break;
      case "mms_server_blank":
        s.apn = { ...s.apn, mmsc: "" };
        break;
      case "network_2g_only":
        s.networkMode = "2g_only";
        break;
      case "network_3g_only":
        s.networkMode = "3g_only";
        break;
      case "data_saver_on":
        s.dataSaver = true;
        break;
      case "vpn_on":
        s.vpn = true;
        break;
      case "wifi_calling_mms":
        s.wifi = true;
        s.wifiCalling = true;
        s.mmsOverWifi = true;
        break;
      case "messaging_permissions_denied":
        s.messagingPermissions = { sms: true, storage: false };
        break;
    }
  }
  return s;
}

/** The dataset with the scenario customer's line set up for the scenario's carrier fault. */
export function datasetFor(base: DatasetInput, scenario: Scenario): DatasetInput {
  const data = structuredClone(base) as DatasetInput & Record<string, unknown>;
  const c = scenario.customer;
  const line = data.lines.find((l) => l.id === c.lineId)!;
  const plan = data.plans.find((p) => p.id === line.planId)!;
  const customer = data.customers.find((x) => x.id === c.customerId)!;
  // A clean account first: active line, bills settled, a contract running, data left.
  customer.accountStatus = "active";
  for (const bill of data.bills) {
    if (bill.customerId === c.customerId && bill.status !== "paid" && bill.status !== "draft") {
      bill.status = "paid";
      bill.paidAt = "2026-11-10";
    }
  }
  data.paymentRequests = (data.paymentRequests ?? []).filter((p) => p.customerId !== c.customerId);
  Object.assign(line, { status: "active", suspendedAt: null, suspensionReason: null, suspensionBillId: null, contractEnd: "2027-09-30", roamingEnabled: scenario.location === "abroad" });
  line.features = { ...(line.features ?? { mms: true, volte: true, wifiCalling: false }), mms: true };
  if (plan.dataLimitGb !== null && plan.dataLimitGb !== undefined) line.dataUsedGb = Math.min(line.dataUsedGb ?? 0, plan.dataLimitGb / 2);
  line.dataRefuelledGb = 0;

  switch (scenario.carrierFault) {
    case "suspended_overdue":
    case "contract_ended": {
      const billId = "B-9001";
      data.bills.push({
        id: billId,
        customerId: c.customerId,
        periodStart: "2026-09-01",
        periodEnd: "2026-09-30",
        issueDate: "2026-10-01",
        dueDate: "2026-10-15",
        amount: 30,
        status: "overdue",
        paidAt: null,
        lineItems: [{ description: `Mobile plan (${line.number}), September 2026`, kind: "plan", amount: 30, lineId: line.id, disputed: false }],
      });
      Object.assign(line, { status: "suspended", suspendedAt: "2026-11-14", suspensionReason: "overdue_bill", suspensionBillId: billId });
      customer.accountStatus = "suspended";
      if (scenario.carrierFault === "contract_ended") line.contractEnd = "2026-05-31";
      break;
    }
    case "allowance_used":
      line.dataUsedGb = plan.dataLimitGb ?? 0;
      break;
    case "roaming_off_on_line":
      line.roamingEnabled = false;
      break;
    case "none":
      break;
  }
  return data;
}
