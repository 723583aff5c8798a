import type { IntentLabel } from "../domain/support.js";

/**
 * One record per intent: everything the graph needs to know about a kind of
 * request. Nodes and engines read this table instead of keeping their own lists,
 * so a change (e.g. which requests need identity) is made once.
 */
export interface IntentRecord {
  /** How the agent names the topic to the customer ("is this about …?"). */
  topic: string;
  /** Which role serves it: troubleshooting, the account (reads and consented actions), the knowledge base, or none. */
  role: "technical" | "account" | "knowledge" | "none";
  /** Needs the customer's account, so a verified identity first (a general question about it does not). */
  needsIdentity: boolean;
  /** A fault the customer has (as opposed to a question or a request). */
  problem: boolean;
  /** A request of its own; the others (identity, answers, greetings) continue the open one. */
  request: boolean;
  /** The knowledge base adds something to the role's work (prices, zones, policy). */
  knowledgeHelps?: boolean;
  /** Faults of one service: a new description within it is more detail on the same problem, not a new one. */
  service?: "mobile" | "broadband";
}

export const INTENTS: Record<IntentLabel, IntentRecord> = {
  mobile_no_service: { topic: "your phone having no signal", role: "technical", needsIdentity: true, problem: true, request: true, service: "mobile" },
  mobile_no_data: { topic: "your mobile data", role: "technical", needsIdentity: true, problem: true, request: true, service: "mobile" },
  mobile_slow_data: { topic: "slow mobile data", role: "technical", needsIdentity: true, problem: true, request: true, service: "mobile" },
  mms_issue: { topic: "picture messages (MMS)", role: "technical", needsIdentity: true, problem: true, request: true, service: "mobile" },
  roaming_abroad: { topic: "using your phone abroad", role: "technical", needsIdentity: true, problem: true, request: true, knowledgeHelps: true, service: "mobile" },
  broadband_drops: { topic: "your home broadband dropping out", role: "technical", needsIdentity: true, problem: true, request: true, service: "broadband" },
  broadband_slow: { topic: "slow home broadband", role: "technical", needsIdentity: true, problem: true, request: true, service: "broadband" },
  broadband_outage: { topic: "your home broadband being down", role: "technical", needsIdentity: true, problem: true, request: true, service: "broadband" },
  line_suspended: { topic: "a suspended line", role: "account", needsIdentity: true, problem: true, request: true },
  bill_explain: { topic: "a charge on your bill", role: "account", needsIdentity: true, problem: false, request: true },
  bill_dispute: { topic: "disputing a charge", role: "account", needsIdentity: true, problem: false, request: true },
  bill_payment: { topic: "paying a bill", role: "account", needsIdentity: true, problem: false, request: true },
  plan_info: { topic: "our plans", role: "account", needsIdentity: false, problem: false, request: true },
  plan_upgrade: { topic: "changing your plan", role: "account", needsIdentity: true, problem: false, request: true },
  data_topup: { topic: "a data top-up", role: "account", needsIdentity: true, problem: false, request: true },
  moving_house: { topic: "moving house", role: "knowledge", needsIdentity: false, problem: false, request: true },
  account_security: { topic: "a suspicious message or the safety of your account", role: "knowledge", needsIdentity: false, problem: false, request: true },
  account_info: { topic: "your usage, plan or contract", role: "account", needsIdentity: true, problem: false, request: true },
  lost_phone: { topic: "a lost or stolen phone", role: "knowledge", needsIdentity: false, problem: true, request: true },
  provide_identity: { topic: "confirming your details", role: "none", needsIdentity: false, problem: false, request: false },
  troubleshooting_answer: { topic: "the check we were doing", role: "none", needsIdentity: false, problem: false, request: false },
  human_request: { topic: "talking to a person", role: "none", needsIdentity: false, problem: false, request: false },
  greeting: { topic: "something else", role: "none", needsIdentity: false, problem: false, request: false },
  goodbye: { topic: "something else", role: "none", needsIdentity: false, problem: false, request: false },
  out_of_scope: { topic: "something else", role: "none", needsIdentity: false, problem: false, request: false },
};

export const intentRecord = (label: IntentLabel): IntentRecord => INTENTS[label];

/** Labels whose record matches, in the table's order. */
export function intentsWhere(test: (record: IntentRecord) => boolean): IntentLabel[] {
  return (Object.keys(INTENTS) as IntentLabel[]).filter((label) => test(INTENTS[label]));
}
