import { z } from "zod";

/**
 * Device-side checks and actions the agent can ask a customer to do.
 * Ids are stable: they appear in graph state, procedures and tests.
 */
export const CustomerActionId = z.enum([
  "check_status_bar",
  "airplane_mode_off",
  "reseat_sim",
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
