import type {
  CustomerActionId,
  DeviceFacts,
  Diagnosis,
  DiagnosisLayer,
  DiagnosisStep,
  LayerCheck,
  NetworkTech,
  ReplyReading,
  TroubleshootingProposal,
} from "../domain/customer-actions.js";
import { DEVICE_FAULTS, GUIDANCE, LAYER_CHECK, RESTART_STEP, faultById, type FaultSpec } from "./faults.js";

/**
 * The layered diagnostic engine. Service first, then data, then MMS: a layer is
 * worked on only once the layers below it pass their own check, with the same
 * steps whatever the complaint. Each reply is folded in whole (every fact it
 * carries); after every change the layer is checked again, and the next step is
 * the most likely fault still open. "Fixed" is the customer's own check showing
 * the expected result. Carrier-side faults that need an account action are
 * reported as a proposal, never acted on here.
 */

/** What the carrier side says about the line this turn (read by the caller from the backend). */
export interface CarrierFacts {
  lineId: string;
  lineStatus: "active" | "suspended" | "pending_activation" | "closed";
  contractEnded: boolean;
  /** The bill the line was suspended for, or the oldest overdue bill. */
  overdueBill: { id: string; amount: number } | null;
  /** A payment request already sent and not paid yet. */
  pendingPayment: { billId: string; amount: number } | null;
  roamingOnLine: boolean;
  dataExhausted: boolean;
  /** A network outage where the customer is, in customer words, or null. */
  outage: string | null;
}

export type DiagnosisDecision =
  | { kind: "ask"; step: DiagnosisStep; ask: string }
  | { kind: "propose"; proposal: TroubleshootingProposal }
  | { kind: "resolved"; message: string }
  | { kind: "handover"; reason: string };

export interface DiagnosisTurn {
  diagnosis: Diagnosis;
  decision: DiagnosisDecision;
  /** Customer-facing sentences for the reply (what was understood, guidance, why). */
  say: string[];
  /** Faults confirmed in this reply, and faults seen fixed. */
  found: string[];
  fixed: string[];
}

/**
 * How the diagnosis is run, read from the technical (and planner) prompts' guidelines.
 * The default is the strict behaviour: carrier side first, fixed only on the customer's own check.
 */
export interface DiagnosisPolicy {
  /** carrier-first: line, roaming and outages before any phone step; device-first: the phone's own steps first, the carrier side when they run out. */
  order: "carrier-first" | "device-first";
  /** customer-check: a layer is fixed only when its own check passes; none: declared fixed as soon as the customer did a fix step. */
  verifyFix: "customer-check" | "none";
  /** Say what was checked on our side when the diagnosis starts and the carrier side is fine. */
  explainChecks: boolean;
  /** Hand over once this many steps have been tried without fixing it (unset: only when nothing likely is left). */
  handoverAfterFailedSteps?: number;
}
export const DEFAULT_DIAGNOSIS_POLICY: Readonly<DiagnosisPolicy> = Object.freeze({ order: "carrier-first", verifyFix: "customer-check", explainChecks: false });

const TECH_ORDER: NetworkTech[] = ["2G", "3G", "4G", "5G"];
const LAYERS: DiagnosisLayer[] = ["service", "data", "mms"];
/** Download (Mbps) at or above which a speed test is what the network type should give. */
const GOOD_SPEED: Record<NetworkTech, number> = { "2G": Number.POSITIVE_INFINITY, "3G": 1.5, "4G": 10, "5G": 40 };
/** A step asked this often without progress goes to a person rather than round in circles. */
const MAX_ASKS = 3;

export function newDiagnosis(input: { layers: DiagnosisLayer[]; abroad: boolean; os: Diagnosis["os"]; bestNetwork: NetworkTech }): Diagnosis {
  const order: DiagnosisLayer[] = ["service", "data", "mms"];
  const layers = order.filter((l) => l === "service" || input.layers.includes(l));
  return {
    layers,
    abroad: input.abroad,
    os: input.os,
    bestNetwork: input.bestNetwork,
    facts: {},
    checks: {},
    replies: 0,
    changedAt: {},
    carrierState: "",
    step: null,
    asked: {},
    tried: [],
    found: [],
    fixed: [],
    restartPending: false,
    apnResetPending: false,
    proposed: {},
  };
}

const below = (a: NetworkTech, b: NetworkTech) => TECH_ORDER.indexOf(a) < TECH_ORDER.indexOf(b);

/** Whether a fact shows the fault (true), shows it absent (false), or is unknown (undefined). */
export function faultPresent(fault: FaultSpec, facts: DeviceFacts, best: NetworkTech, layer?: DiagnosisLayer): boolean | undefined {
  if (fault.fact === "networkMode") {
    // Picture messages need 3G or better, not the fastest network: on 4G the mode is no reason for a failed MMS.
    const needed: NetworkTech = layer === "mms" && below("3G", best) ? "3G" : best;
    const mode = facts.networkMode;
    const network = facts.network;
    if (mode) return below(mode, needed);
    // The status bar shows a lower network than the area and phone allow: the mode is the likely reason.
    if (network) return below(network, needed) ? true : false;
    return undefined;
  }
  const value = facts[fault.fact];
  if (value === undefined) return undefined;
  return value === fault.faulty;
}

/** Folds a reply into the diagnosis and decides the next step. */
export function diagnose(previous: Diagnosis, reading: ReplyReading | null, carrier: CarrierFacts, policy: DiagnosisPolicy = DEFAULT_DIAGNOSIS_POLICY): DiagnosisTurn {
  const d: Diagnosis = structuredClone(previous);
  const say: string[] = [];
  const found: string[] = [];
  const fixed: string[] = [];
  const pending = d.step;

  if (reading) {
    d.replies += 1;
    const now = d.replies;
    // Asking how, why, or not finding the setting: answer it and keep the same step.
    if (reading.request && pending) {
      const text = help(d, pending, reading.request);
      return { diagnosis: d, decision: { kind: "ask", step: pending, ask: askFor(d, pending, policy) }, say: [text], found, fixed };
    }
    const before = structuredClone(d.facts);
    foldFacts(d, reading);
    // A fix step answered with "done" (and nothing about the setting) counts as done.
    if (pending?.kind === "fix" && pending.faultId) {
      const fault = faultById(pending.faultId)!;
      const mentioned = fault.fact === "networkMode" ? reading.networkMode !== undefined : reading[fault.fact as keyof ReplyReading] !== undefined;
      const didIt = reading.general === "done" || reading.general === "yes" || reading.general === "fixed" || reading.done.length > 0;
      if (!mentioned && didIt && !fault.handover) setGood(d, fault);
      const nowGood = faultPresent(fault, d.facts, d.bestNetwork) === false;
      if (fault.needsRestart && ((mentioned && nowGood) || (!mentioned && didIt))) d.restartPending = true;
      if (fault.fix === "reset_apn" && (mentioned || didIt)) d.apnResetPending = true;
    }
    if (reading.done.includes("change_network_mode") || reading.done.includes("reset_apn")) d.restartPending = true;
    if (reading.done.includes("reset_apn")) d.apnResetPending = true;
    if (reading.done.includes("restart") || reading.done.includes("reseat_sim") || reading.done.includes("reset_network_settings")) {
      d.restartPending = false;
      // After the restart a reset APN (with its MMS server) is in use; what the status bar showed before is old news.
      if (d.apnResetPending || reading.done.includes("reset_network_settings")) {
        if (reading.apn === undefined) d.facts.apn = "carrier";
        if (reading.mmsServer === undefined) d.facts.mmsServer = "set";
        d.apnResetPending = false;
      }
      if (reading.network === undefined) delete d.facts.network;
      if (reading.bars === undefined) delete d.facts.bars;
    }
    if (pending?.kind === "restart" && (reading.general === "done" || reading.general === "yes") && !reading.partial) d.restartPending = false;

    // What changed: faults seen present before and absent now are fixed; a change makes older checks stale.
    for (const fault of DEVICE_FAULTS) {
      // A setting the customer says they switched to its good value was the fault ("data saver was on, turned it off").
      const switchedGood = (reading.switched as string[]).includes(fault.fact) && faultPresent(fault, d.facts, d.bestNetwork) === false;
      const was = switchedGood ? true : faultPresent(fault, before, d.bestNetwork);
      const is = faultPresent(fault, d.facts, d.bestNetwork);
      if (switchedGood && !d.found.includes(fault.id)) found.push(fault.id);
      if (is === true && !d.found.includes(fault.id)) found.push(fault.id);
      if ((was === true || d.found.includes(fault.id)) && is === false && !d.fixed.includes(fault.id)) fixed.push(fault.id);
    }
    d.found = [...new Set([...d.found, ...found])];
    d.fixed = [...new Set([...d.fixed, ...fixed])];
    // The lowest layer this reply changed something in: its checks, and those of the layers above, are stale.
    const touched: DiagnosisLayer[] = [];
    if (reading.done.some((x) => x === "restart" || x === "reseat_sim" || x === "enter_sim_pin" || x === "reset_network_settings" || x === "change_network_mode")) touched.push("service");
    for (const fault of DEVICE_FAULTS) {
      const factChanged = JSON.stringify(before[fault.fact]) !== JSON.stringify(d.facts[fault.fact]);
      if (fixed.includes(fault.id) || (factChanged && pending?.kind !== "check")) touched.push(...fault.layers);
    }
    if (pending?.kind === "fix" && (reading.general === "done" || reading.general === "yes")) touched.push(pending.layer);
    const lowest = LAYERS.find((l) => touched.includes(l));
    if (lowest) {
      for (const layer of LAYERS.slice(LAYERS.indexOf(lowest))) d.changedAt[layer] = now;
      d.tried = [];
    }
    recordChecks(d, reading, pending, now);
    if (fixed.length) say.push(acknowledge(fixed));
  }

  // A change on the carrier side (line resumed, roaming on, data added) makes every earlier check stale.
  const carrierState = `${carrier.lineStatus}|${carrier.roamingOnLine}|${carrier.dataExhausted}`;
  const firstLook = !d.carrierState;
  if (d.carrierState && d.carrierState !== carrierState) for (const layer of LAYERS) d.changedAt[layer] = d.replies;
  d.carrierState = carrierState;
  if (firstLook && policy.explainChecks) {
    const checked = carrierChecked(d, carrier);
    if (checked) say.unshift(checked);
  }
  const decision = decide(d, carrier, say, policy);
  if (decision.kind === "ask" && policy.handoverAfterFailedSteps !== undefined && (decision.step.kind === "fix" || decision.step.kind === "restart")) {
    const same = pending && pending.kind === decision.step.kind && pending.action === decision.step.action && pending.faultId === decision.step.faultId;
    const failed = stepsTried(d) - d.fixed.length;
    if (!same && failed >= policy.handoverAfterFailedSteps) {
      d.step = null;
      return { diagnosis: d, decision: { kind: "handover", reason: `${failed} steps on the phone did not fix it` }, say, found, fixed };
    }
  }
  if (decision.kind === "ask") {
    const key = `${decision.step.kind}:${decision.step.action}:${decision.step.faultId ?? ""}`;
    const same = pending && pending.kind === decision.step.kind && pending.action === decision.step.action && pending.faultId === decision.step.faultId;
    d.asked[key] = same ? (d.asked[key] ?? 0) + 1 : Math.max(1, (d.asked[key] ?? 0) + (same ? 1 : 0));
    if (same && d.asked[key]! > MAX_ASKS) {
      d.step = null;
      return { diagnosis: d, decision: { kind: "handover", reason: `the step "${decision.step.action}" was asked ${MAX_ASKS} times without an answer that moves on` }, say, found, fixed };
    }
    if (decision.step.kind === "fix" && decision.step.faultId && !d.tried.includes(decision.step.faultId)) d.tried.push(decision.step.faultId);
    d.step = decision.step;
  } else {
    d.step = null;
  }
  if (decision.kind === "propose") d.proposed[decision.proposal.action] = (d.proposed[decision.proposal.action] ?? 0) + 1;
  return { diagnosis: d, decision, say, found, fixed };
}

function setGood(d: Diagnosis, fault: FaultSpec): void {
  if (fault.fact === "networkMode") {
    d.facts.networkMode = d.bestNetwork;
    return;
  }
  (d.facts as Record<string, unknown>)[fault.fact] = fault.good;
}

function foldFacts(d: Diagnosis, r: ReplyReading): void {
  const f = d.facts;
  const keys = ["airplaneMode", "sim", "networkMode", "mobileData", "dataRoaming", "dataSaver", "vpn", "wifi", "wifiCalling", "apn", "mmsServer", "messagingPermissions"] as const;
  for (const key of keys) if (r[key] !== undefined) (f as Record<string, unknown>)[key] = r[key];
  if (r.network) f.network = r.network;
  if (r.bars !== undefined) f.bars = r.bars;
  // What the top of the screen says about the SIM and airplane mode.
  if (r.service === "registered") {
    f.airplaneMode = "off";
    f.sim = "ok";
  }
  if (r.done.includes("enter_sim_pin") && f.sim === "pin_locked" && r.sim === undefined) f.sim = "ok";
}

/** Reads the layer checks a reply answers: the status bar, a speed test, a test MMS, or a bare verdict on the pending check. */
function recordChecks(d: Diagnosis, r: ReplyReading, pending: DiagnosisStep | null, now: number): void {
  const set = (layer: DiagnosisLayer, result: LayerCheck["result"], detail = "") => {
    d.checks[layer] = { result, at: now, detail };
  };
  const checkingLayer = pending && (pending.kind === "check" || pending.kind === "fix" || pending.kind === "restart") ? pending.layer : undefined;
  // Service: the status bar.
  if (r.service === "registered") set("service", "ok", `${r.bars ?? "?"} bars ${r.network ?? ""}`.trim());
  else if (r.service === "emergency_only") set("service", "emergency_only");
  else if (r.service === "no_service" || r.airplaneMode === "on" && pending?.layer === "service" || (r.sim && r.sim !== "ok")) set("service", "no_service");
  // "it says message failed" while the status bar was asked is about the message, not the signal: the status bar stays unknown.
  else if (checkingLayer === "service" && r.general === "not_fixed" && r.mms === undefined && !r.speedTest) set("service", "no_service");
  else if (checkingLayer === "service" && r.general === "fixed") set("service", "ok");

  // Data: a speed test judged against what the network type should give.
  if (r.speedTest) {
    if (!r.speedTest.connected) set("data", "no_connection");
    else {
      const network = r.speedTest.network ?? r.network ?? d.facts.network ?? d.bestNetwork;
      d.facts.network = network;
      const mbps = r.speedTest.mbps ?? 0;
      const label = r.speedTest.label;
      const slow = mbps < GOOD_SPEED[network] || label === "poor" || label === "fair" || below(network, d.bestNetwork) || (d.facts.bars !== undefined && d.facts.bars < 2);
      set("data", slow ? "slow" : "ok", `${mbps} Mbps on ${network}`);
      // Data flows, so the phone is registered.
      if (!d.checks.service || d.checks.service.at < now) set("service", "ok");
    }
  } else if (checkingLayer === "data" && r.general === "not_fixed") set("data", d.checks.data?.result === "slow" ? "slow" : "no_connection");

  // MMS: only a sent picture message counts.
  if (r.mms === "sent") {
    set("mms", "ok");
    // A picture message went out, so the phone is on the network.
    if (!d.checks.service || d.checks.service.at < now) set("service", "ok");
  }
  else if (r.mms === "failed") set("mms", "mms_failed");
  else if (checkingLayer === "mms" && r.general === "not_fixed") set("mms", "mms_failed");
}

/** Fix and restart steps asked so far (each distinct step once). */
function stepsTried(d: Diagnosis): number {
  return Object.keys(d.asked).filter((key) => key.startsWith("fix:") || key.startsWith("restart:")).length;
}

/** What was checked on our side, said when the carrier side is fine (otherwise the proposal or hand-over says it). */
function carrierChecked(d: Diagnosis, carrier: CarrierFacts): string | undefined {
  if (carrier.outage || carrier.lineStatus !== "active" || (d.abroad && !carrier.roamingOnLine)) return undefined;
  const fine = ["your line is active", ...(d.abroad ? ["roaming is on for it"] : []), ...(carrier.dataExhausted ? [] : ["you have data left this month"])];
  return `I checked on our side first: ${fine.join(", ")}, and there's no network outage where you are.`;
}

function decide(d: Diagnosis, carrier: CarrierFacts, say: string[], policy: DiagnosisPolicy): DiagnosisDecision {
  const wantsData = d.layers.includes("data") || d.layers.includes("mms");
  const carrierStep = carrierDecision(d, carrier);
  // The carrier side first (default): a line that is off the network can't be fixed on the phone.
  if (carrierStep && policy.order === "carrier-first") return carrierStep;

  for (const layer of d.layers) {
    const check = d.checks[layer];
    const fresh = check !== undefined && check.at >= (d.changedAt[layer] ?? -1);
    if (fresh && check.result === "ok") continue;

    // The line's data allowance, once the phone itself is on the network.
    if (layer === "data" && wantsData && carrier.dataExhausted)
      return propose(d, "top_up_data", { lineId: carrier.lineId }, "you've used all the data in your allowance this month, so data is slowed to a crawl until you add more or the month resets");

    // A change waiting for a restart comes first: nothing it fixes shows before.
    if (d.restartPending) return { kind: "ask", step: { kind: "restart", layer, action: RESTART_STEP.action }, ask: restartAsk(layer, policy) };

    const faults = DEVICE_FAULTS.filter((f) => f.layers.includes(layer) && (!f.abroadOnly || d.abroad));
    const confirmed = faults.filter((f) => faultPresent(f, d.facts, d.bestNetwork, layer) === true);
    const puk = confirmed.find((f) => f.handover);
    if (puk) return { kind: "handover", reason: puk.handover! };
    if (confirmed.length > 0) return fixStep(d, confirmed.sort((a, b) => b.prior - a.prior)[0]!, layer, policy);

    if (!fresh) {
      // A lax guideline ("declare it fixed without a check"): the step the customer just did counts as the fix.
      const justDidAStep = d.replies > 0 && (d.step?.kind === "fix" || d.step?.kind === "restart") && (d.changedAt[layer] ?? -1) === d.replies;
      if (policy.verifyFix === "none" && justDidAStep) continue;
      return { kind: "ask", step: { kind: "check", layer, action: LAYER_CHECK[layer].action }, ask: LAYER_CHECK[layer].ask };
    }

    // The check fails and no fault is known: the most likely one still open that explains this failure.
    const open = faults
      .filter((f) => f.explains.includes(check.result) && faultPresent(f, d.facts, d.bestNetwork, layer) === undefined && !d.tried.includes(f.id) && !f.handover)
      .sort((a, b) => b.prior - a.prior);
    if (open.length > 0) return fixStep(d, open[0]!, layer, policy);
    // Phone steps first (device-first): the carrier side once they have run out.
    if (carrierStep) return carrierStep;
    // Nothing known explains it: one restart per layer, then a person.
    const fallback = `fallback_restart:${layer}`;
    if (!d.tried.includes(fallback) && !(d.asked[fallback] ?? 0)) {
      d.asked[fallback] = 1;
      return { kind: "ask", step: { kind: "restart", layer, action: RESTART_STEP.action }, ask: restartAsk(layer, policy) };
    }
    void say;
    return { kind: "handover", reason: `${layer} still fails (${check.result}${check.detail ? `, ${check.detail}` : ""}) after every likely fault on the phone was checked` };
  }
  return { kind: "resolved", message: resolvedMessage(d) };
}

/** What the carrier side needs before the phone can work, or undefined when the line is fine. */
function carrierDecision(d: Diagnosis, carrier: CarrierFacts): DiagnosisDecision | undefined {
  if (carrier.outage) return { kind: "handover", reason: `network outage: ${carrier.outage}` };
  if (carrier.lineStatus === "pending_activation" || carrier.lineStatus === "closed")
    return { kind: "handover", reason: `the line is ${carrier.lineStatus.replace("_", " ")}` };
  if (carrier.lineStatus === "suspended") {
    if (carrier.contractEnded)
      return { kind: "handover", reason: "the line's contract has ended; renewing it is for an account specialist" };
    if (carrier.pendingPayment) {
      return {
        kind: "ask",
        step: { kind: "pay", layer: "service", action: "pay_payment_request" },
        ask: `Your line is paused until the overdue bill is paid: please pay the $${carrier.pendingPayment.amount.toFixed(2)} through the payment link we sent, and tell me when it's done.`,
      };
    }
    if (carrier.overdueBill && carrier.overdueBill.id)
      return propose(d, "send_payment_request", { billId: carrier.overdueBill.id }, `your line is paused because a bill of $${carrier.overdueBill.amount.toFixed(2)} is overdue; once it's paid the line can be switched back on`);
    return propose(d, "resume_line", { lineId: carrier.lineId }, "your line is paused, and the bill it was paused for is paid, so it can be switched back on");
  }
  if (d.abroad && !carrier.roamingOnLine)
    return propose(d, "enable_roaming", { lineId: carrier.lineId }, "roaming is switched off on your line, so your phone can't use networks abroad");
  return undefined;
}

/** After a restart the phone registers again: the status bar and the layer's own check, in one go (unless a guideline drops the check). */
function restartAsk(layer: DiagnosisLayer, policy: DiagnosisPolicy): string {
  if (policy.verifyFix === "none") return RESTART_STEP.ask;
  if (layer === "service") return `${RESTART_STEP.ask} ${LAYER_CHECK.service.after}`;
  return `${RESTART_STEP.ask} Once it's back on, tell me what the top of your screen shows (bars and network type). ${LAYER_CHECK[layer].after}`;
}

function fixStep(d: Diagnosis, fault: FaultSpec, layer: DiagnosisLayer, policy: DiagnosisPolicy): DiagnosisDecision {
  const step: DiagnosisStep = { kind: "fix", layer, action: fault.fix, faultId: fault.id };
  return { kind: "ask", step, ask: askFor(d, step, policy) };
}

/** The ask for a step; a fix carries the layer's re-check, except under a guideline that says not to check afterwards. */
function askFor(d: Diagnosis, step: DiagnosisStep, policy: DiagnosisPolicy): string {
  if (step.kind === "check") return LAYER_CHECK[step.layer].ask;
  if (step.kind === "restart") return restartAsk(step.layer, policy);
  if (step.kind === "pay") return "Please pay the overdue bill through the payment link we sent, and tell me when it's done.";
  const fault = faultById(step.faultId ?? "");
  if (!fault) return LAYER_CHECK[step.layer].ask;
  return policy.verifyFix === "none" ? fault.ask : `${fault.ask} ${LAYER_CHECK[step.layer].after}`;
}

function propose(d: Diagnosis, action: TroubleshootingProposal["action"], args: TroubleshootingProposal["args"], because: string): DiagnosisDecision {
  // Reported twice already and still needed: the customer said no, or it could not be done; a person takes it from here.
  if ((d.proposed[action] ?? 0) >= 2) return { kind: "handover", reason: `${because}; the account change was offered and has not been made` };
  return { kind: "propose", proposal: { action, args, because } };
}

/** Device-specific guidance, or the reason for the step. */
function help(d: Diagnosis, step: DiagnosisStep, request: "how_to" | "cant_find" | "why"): string {
  if (request === "why") {
    const fault = step.faultId ? faultById(step.faultId) : undefined;
    return fault?.why ?? (step.kind === "restart" ? RESTART_STEP.why : LAYER_CHECK[step.layer].why);
  }
  const guide = GUIDANCE[step.action];
  const os = d.os === "unknown" ? "android" : d.os;
  const text = guide ? guide[os] : "";
  const both = d.os === "unknown" && guide ? `On an Android phone: ${guide.android} On an iPhone: ${guide.ios}` : text;
  if (request === "cant_find") return `No problem, here's exactly where it is. ${both} If it isn't there, type its name into the search bar at the top of Settings.`;
  return `Here's how. ${both}`;
}

const FIX_WORDS: Record<string, string> = {
  airplane_mode: "airplane mode is off now",
  sim_missing: "the SIM is being read again",
  sim_pin: "the SIM is unlocked",
  data_roaming_off: "data roaming is on",
  mobile_data_off: "mobile data is on",
  network_mode_low: "the network setting allows the fastest network now",
  data_saver: "data saver is off",
  vpn: "the VPN is off",
  apn_wrong: "the APN settings are back to ours",
  messaging_permissions: "the messaging app has its permissions",
  wifi_calling_mms: "Wi-Fi calling is off",
  mms_server_blank: "the MMS server is back in the APN settings",
};

function acknowledge(fixed: string[]): string {
  const parts = fixed.map((f) => FIX_WORDS[f]).filter(Boolean);
  return parts.length ? `Thanks, so ${parts.join(" and ")}.` : "";
}

function resolvedMessage(d: Diagnosis): string {
  const top = d.layers.at(-1)!;
  if (top === "mms") return "Your picture messages are going through again.";
  if (top === "data") return `Your mobile data is working at the speed ${d.checks.data?.detail ? `it should (${d.checks.data.detail})` : "it should"}.`;
  return `Your phone is back on the network${d.checks.service?.detail ? ` (${d.checks.service.detail})` : ""}.`;
}

/** The guidance text for an action on a phone, for engines that word their own replies. */
export function guidanceFor(action: CustomerActionId, os: Diagnosis["os"]): string | undefined {
  const guide = GUIDANCE[action];
  if (!guide) return undefined;
  return os === "ios" ? guide.ios : guide.android;
}
