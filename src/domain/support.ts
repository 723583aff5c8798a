import { z } from "zod";
import { CustomerActionId, Diagnosis, FaultLayer, Observation, TroubleshootingProposal } from "./customer-actions.js";

/**
 * The structured results of a support turn. Engines (local and LLM) produce
 * them, the graph state holds them, services read them.
 */

export const IntentLabel = z.enum([
  "mobile_no_service",
  "mobile_no_data",
  "mobile_slow_data",
  "mms_issue",
  "roaming_abroad",
  "broadband_drops",
  "broadband_slow",
  "broadband_outage",
  "bill_explain",
  "bill_dispute",
  "bill_payment",
  "line_suspended",
  "plan_info",
  "plan_upgrade",
  "data_topup",
  "moving_house",
  "account_security",
  "lost_phone",
  "account_info",
  "provide_identity",
  "troubleshooting_answer",
  "human_request",
  "greeting",
  "goodbye",
  "out_of_scope",
]);
export type IntentLabel = z.infer<typeof IntentLabel>;

export const Sentiment = z.enum(["negative", "neutral", "positive"]);
export const Urgency = z.enum(["low", "medium", "high", "critical"]);

export const Entities = z.object({
  phoneNumber: z.string().optional().describe("phone number as the customer wrote it"),
  customerId: z.string().optional(),
  fullName: z.string().optional(),
  dateOfBirth: z.string().optional().describe("ISO date YYYY-MM-DD"),
  location: z.string().optional().describe("place, country or travel destination"),
  device: z.string().optional(),
  amounts: z.array(z.number()).default([]),
  dates: z.array(z.string()).default([]),
});
export type Entities = z.infer<typeof Entities>;

export const IntentAnalysis = z.object({
  primary: IntentLabel,
  secondary: z.array(IntentLabel).default([]),
  entities: Entities,
  sentiment: Sentiment,
  urgency: Urgency,
  confidence: z.number().min(0).max(1),
  /** Best-scoring alternatives, for clarification questions. */
  alternatives: z.array(z.object({ intent: IntentLabel, score: z.number() })).default([]),
});
export type IntentAnalysis = z.infer<typeof IntentAnalysis>;

export const PlanStep = z.enum(["technical", "knowledge", "account", "clarify", "verify_identity", "handover", "reply", "close"]);
export type PlanStep = z.infer<typeof PlanStep>;

export const PlanDecision = z.object({
  /** The specialists to run next (run in parallel), or the final move of the turn. */
  next: z.array(PlanStep).min(1),
  reason: z.string(),
  /** The sub-goals of the request as the planner understood them. */
  goals: z.array(z.string()).default([]),
  clarifyingQuestion: z.string().optional(),
  /** A sentence for the customer that comes with this move (e.g. what the person taking over will do). */
  announce: z.string().optional(),
});
export type PlanDecision = z.infer<typeof PlanDecision>;

export const ObservationRecord = z.object({
  procedureId: z.string(),
  stepId: z.string(),
  observation: Observation,
  source: z.enum(["carrier", "customer"]),
  detail: z.string().default(""),
});
export type ObservationRecord = z.infer<typeof ObservationRecord>;

export const Troubleshooting = z.object({
  procedureId: z.string(),
  layer: FaultLayer,
  stepId: z.string(),
  status: z.enum(["active", "awaiting_customer", "resolved", "handover"]),
  observations: z.array(ObservationRecord).default([]),
  faultsFound: z.array(z.string()).default([]),
  faultsFixed: z.array(z.string()).default([]),
  /** Further procedures to run once this one is fixed (several faults at once), in fault-layer order. */
  queue: z.array(z.string()).default([]),
  completed: z.array(z.string()).default([]),
  /** The message of the resolved step, or the reason of the hand-over step, where the procedure stopped. */
  note: z.string().optional(),
  /** The layered device diagnosis (mobile problems): what is known about the phone and the step waiting. */
  diagnosis: Diagnosis.optional(),
  /** A carrier-side fix the diagnosis needs; the conversation layer proposes it to the customer and runs it on their yes. */
  proposal: TroubleshootingProposal.nullable().optional(),
});
export type Troubleshooting = z.infer<typeof Troubleshooting>;

export const CustomerActionRequest = z.object({
  actionId: CustomerActionId,
  ask: z.string(),
});
export type CustomerActionRequest = z.infer<typeof CustomerActionRequest>;

export const CitationRef = z.object({ source: z.string(), title: z.string(), section: z.string() });
export const KnowledgeFindings = z.object({
  query: z.string(),
  answer: z.string().describe("a short answer built only from the passages"),
  citations: z.array(CitationRef).default([]),
  passages: z.array(z.object({ text: z.string(), score: z.number(), citation: CitationRef })).default([]),
  covered: z.boolean().describe("false when the knowledge base does not answer the question"),
});
export type KnowledgeFindings = z.infer<typeof KnowledgeFindings>;

export const AccountAction = z.object({
  action: z.string(),
  args: z.record(z.string(), z.unknown()).default({}),
  ok: z.boolean(),
  detail: z.string(),
  at: z.string(),
});
export type AccountAction = z.infer<typeof AccountAction>;

export const Escalation = z.object({
  reason: z.string(),
  summary: z.string(),
  ticketId: z.string().optional(),
  at: z.string(),
  /** The turn in which the hand-over happened. */
  turn: z.number().int().nonnegative().default(0),
  /** This turn added the customer's message to the conversation's existing ticket (one ticket per conversation). */
  continued: z.boolean().default(false),
  /** What the human agent replied when the graph resumed. */
  humanReply: z.string().optional(),
});
export type Escalation = z.infer<typeof Escalation>;

export const TraceEntry = z.object({
  node: z.string(),
  engine: z.enum(["local", "llm"]).optional(),
  ms: z.number(),
  note: z.string().optional(),
  /** Set when the LLM engine failed and the local engine answered instead. */
  fallback: z.string().optional(),
  llmCalls: z.number().int().nonnegative().default(0),
  /** Tokens (input + output) of this node's LLM calls. */
  tokens: z.number().int().nonnegative().default(0),
  /** LLM calls of this node that failed (before any fallback answered). */
  llmErrors: z.number().int().nonnegative().default(0),
  /** Knowledge passages retrieved by this node, when it retrieves. */
  retrievalHits: z.number().int().nonnegative().optional(),
});
export type TraceEntry = z.infer<typeof TraceEntry>;

export const ConversationStatus = z.enum(["open", "resolved", "handed_over", "closed"]);
export type ConversationStatus = z.infer<typeof ConversationStatus>;
