import { z } from "zod";

/**
 * Device-side checks and actions the agent can ask a customer to do.
 * Ids are stable: they appear in graph state, procedures and tests.
 */
export const CustomerActionId = z.enum([
  "check_status_bar",
  "airplane_mode_off",
  "reseat_sim",
  "enter_sim_pin",
  "reset_apn",
  "reset_network_settings",
  "restart_phone",
  "mobile_data_on",
  "roaming_on",
  "data_saver_off",
  "network_mode_4g5g",
  "disconnect_vpn",
  "wifi_calling_off",
  "messaging_permissions",
  "run_speed_test",
  "send_test_mms",
  "pay_payment_request",
  "restart_router",
  "check_router_lights",
  "wired_speed_test",
]);
export type CustomerActionId = z.infer<typeof CustomerActionId>;

/** Carrier-side checks a procedure can run at once through the backend. */
export const CarrierCheck = z.enum([
  "line_status",
  "area_outage",
  "roaming_setting",
  "data_allowance",
  "billing_status",
  "broadband_line",
]);
export type CarrierCheck = z.infer<typeof CarrierCheck>;

/** Account actions a procedure may take through the backend (policy still applies). */
export const ProcedureAccountAction = z.enum([
  "enable_roaming",
  "top_up_data",
  "send_payment_request",
  "resume_line",
  "book_technician",
]);
export type ProcedureAccountAction = z.infer<typeof ProcedureAccountAction>;

/**
 * What a step can observe: results of carrier checks and interpretations of a
 * customer's free-text answer. Branches of a procedure step are keyed by these.
 */
export const Observation = z.enum([
  // carrier checks
  "ok",
  "outage",
  "line_suspended",
  "line_not_active",
  "contract_ended",
  "roaming_disabled",
  "data_exhausted",
  "payment_pending",
  "bill_overdue",
  "line_fault",
  // customer answers
  "fixed",
  "not_fixed",
  "no_service",
  "no_signal",
  "weak_signal",
  "signal_ok",
  "airplane_on",
  "sim_locked",
  "sim_not_detected",
  "data_off",
  "roaming_off",
  "data_saver_on",
  "vpn_on",
  "speed_slow",
  "speed_ok",
  "mms_failed",
  "mms_ok",
  "lights_red",
  "lights_ok",
  "done",
  "unsure",
]);
export type Observation = z.infer<typeof Observation>;

/** Fix basic connectivity before data, and data before MMS. */
export const FaultLayer = z.enum(["connectivity", "data", "mms", "broadband"]);
export type FaultLayer = z.infer<typeof FaultLayer>;
export const FAULT_LAYER_ORDER: readonly FaultLayer[] = ["connectivity", "data", "mms", "broadband"];

// ---------- what a customer's reply says about the phone ----------

export const Toggle = z.enum(["on", "off"]);
export const NetworkTech = z.enum(["2G", "3G", "4G", "5G"]);
export type NetworkTech = z.infer<typeof NetworkTech>;
/** Things a customer reports having done, whatever was asked. */
export const DoneOnPhone = z.enum(["restart", "reseat_sim", "enter_sim_pin", "reset_apn", "reset_network_settings", "change_network_mode", "pay"]);
export type DoneOnPhone = z.infer<typeof DoneOnPhone>;

/**
 * Every observation one reply carries, read whole: settings with their final
 * state ("was on, turned it off" is off), the status bar, a speed test, an MMS
 * attempt, what the customer did, and whether they ask how, why, or cannot find
 * it. Unset fields were not mentioned. The local and the LLM technical engines
 * both produce this.
 */
export const ReplyReading = z.object({
  airplaneMode: Toggle.optional(),
  sim: z.enum(["ok", "missing", "pin_locked", "puk_locked"]).optional(),
  service: z.enum(["registered", "no_service", "emergency_only"]).optional(),
  bars: z.number().int().min(0).max(5).optional(),
  /** The network type in the status bar. */
  network: NetworkTech.optional(),
  /** The highest technology the preferred-network setting allows. */
  networkMode: NetworkTech.optional(),
  mobileData: Toggle.optional(),
  dataRoaming: Toggle.optional(),
  dataSaver: Toggle.optional(),
  vpn: Toggle.optional(),
  wifi: Toggle.optional(),
  wifiCalling: Toggle.optional(),
  apn: z.enum(["carrier", "other"]).optional(),
  mmsServer: z.enum(["set", "blank"]).optional(),
  messagingPermissions: z.enum(["granted", "missing"]).optional(),
  speedTest: z.object({ connected: z.boolean(), mbps: z.number().nonnegative().optional(), label: z.string().optional(), network: NetworkTech.optional() }).optional(),
  mms: z.enum(["sent", "failed"]).optional(),
  done: z.array(DoneOnPhone).default([]),
  /** Settings the customer says they switched in this reply ("was on, turned it off"; "switched data roaming on"). */
  switched: z.array(z.enum(["airplaneMode", "mobileData", "dataRoaming", "dataSaver", "vpn", "wifi", "wifiCalling"])).default([]),
  /** The customer did only part of what was asked ("haven't done the rest"). */
  partial: z.boolean().default(false),
  /** The customer asks how, cannot find the setting, or asks why, instead of doing the step. */
  request: z.enum(["how_to", "cant_find", "why"]).optional(),
  /** A bare verdict with no observation: "done", "still nothing", "works now", "yes", "no". */
  general: z.enum(["done", "fixed", "not_fixed", "yes", "no"]).optional(),
});
export type ReplyReading = z.infer<typeof ReplyReading>;

// ---------- the layered diagnosis kept between turns ----------

/** Service (registration) first, then data, then MMS. */
export const DiagnosisLayer = z.enum(["service", "data", "mms"]);
export type DiagnosisLayer = z.infer<typeof DiagnosisLayer>;

/** What the phone is known to be set to, from the customer's replies (unset = not known yet). */
export const DeviceFacts = ReplyReading.pick({
  airplaneMode: true,
  sim: true,
  network: true,
  networkMode: true,
  bars: true,
  mobileData: true,
  dataRoaming: true,
  dataSaver: true,
  vpn: true,
  wifi: true,
  wifiCalling: true,
  apn: true,
  mmsServer: true,
  messagingPermissions: true,
});
export type DeviceFacts = z.infer<typeof DeviceFacts>;

/** The result of a layer's own check (status bar, speed test, test MMS), and when it was seen. */
export const LayerCheck = z.object({
  result: z.enum(["ok", "no_service", "emergency_only", "no_connection", "slow", "mms_failed"]),
  /** The reply it was read from; older than the last change means it must be checked again. */
  at: z.number().int(),
  detail: z.string().default(""),
});
export type LayerCheck = z.infer<typeof LayerCheck>;

/** The device step waiting for the customer: a layer check, a fault's check-and-fix, or a restart. */
export const DiagnosisStep = z.object({
  kind: z.enum(["check", "fix", "restart", "pay"]),
  layer: DiagnosisLayer,
  action: CustomerActionId,
  faultId: z.string().optional(),
});
export type DiagnosisStep = z.infer<typeof DiagnosisStep>;

/** Account actions a diagnosis may find necessary; the technical role only reports them (see TroubleshootingProposal). */
export const ProposedAccountAction = z.enum(["enable_roaming", "top_up_data", "send_payment_request", "resume_line"]);
export type ProposedAccountAction = z.infer<typeof ProposedAccountAction>;

/**
 * A carrier-side fix the diagnosis needs and the technical role may not do:
 * the conversation layer proposes it to the customer (backend proposeAction),
 * runs it on their yes, and the next technical turn re-checks.
 */
export const TroubleshootingProposal = z.object({
  action: ProposedAccountAction,
  /** Arguments for the backend's ProposalRequest of that action (gb left out: ask the customer how much). */
  args: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  /** Why it is needed, in customer language ("roaming is switched off on your line, so your phone can't use networks abroad"). */
  because: z.string(),
});
export type TroubleshootingProposal = z.infer<typeof TroubleshootingProposal>;

export const Diagnosis = z.object({
  /** The layers to make work, lowest first; the last is what the customer complained about. */
  layers: z.array(DiagnosisLayer).min(1),
  abroad: z.boolean().default(false),
  os: z.enum(["ios", "android", "unknown"]).default("unknown"),
  /** The best network type the phone can get where it is (area and phone). */
  bestNetwork: NetworkTech.default("4G"),
  facts: DeviceFacts.default({}),
  checks: z.partialRecord(DiagnosisLayer, LayerCheck).default({}),
  /** Replies read so far. */
  replies: z.number().int().nonnegative().default(0),
  /** Per layer, the reply in which something last changed that affects it; its checks before that are stale. */
  changedAt: z.partialRecord(DiagnosisLayer, z.number().int()).default({}),
  /** The carrier side as last seen (line status, roaming, allowance): a change there makes every check stale. */
  carrierState: z.string().default(""),
  step: DiagnosisStep.nullable().default(null),
  /** How often each step was asked (key: kind:action:fault), to never loop. */
  asked: z.record(z.string(), z.number()).default({}),
  /** Faults whose check-and-fix was asked since the last change. */
  tried: z.array(z.string()).default([]),
  found: z.array(z.string()).default([]),
  fixed: z.array(z.string()).default([]),
  /** A change waits for a restart (APN reset, network mode). */
  restartPending: z.boolean().default(false),
  /** The APN was reset: the carrier APN and its MMS server are in use after the next restart. */
  apnResetPending: z.boolean().default(false),
  /** Account actions reported as needed, and how often. */
  proposed: z.record(z.string(), z.number()).default({}),
});
export type Diagnosis = z.infer<typeof Diagnosis>;
