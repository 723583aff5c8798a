import { z } from "zod";

/** One node call of a turn, as the trace recorded it. */
export const NodeMetric = z.object({
  node: z.string(),
  ms: z.number().nonnegative(),
  engine: z.enum(["local", "llm"]).optional(),
  llmCalls: z.number().int().nonnegative().default(0),
  tokens: z.number().int().nonnegative().default(0),
  llmErrors: z.number().int().nonnegative().default(0),
  fallback: z.boolean().default(false),
  retrievalHits: z.number().int().nonnegative().optional(),
});
export type NodeMetric = z.infer<typeof NodeMetric>;

/** One customer turn: what the monitor appends to `turns.jsonl`. */
export const TurnMetric = z.object({
  at: z.string().datetime(),
  threadId: z.string(),
  turn: z.number().int().nonnegative(),
  /** Wall time from the start of the turn to the monitor step. */
  responseMs: z.number().nonnegative(),
  tokens: z.number().int().nonnegative().default(0),
  llmCalls: z.number().int().nonnegative().default(0),
  fallbacks: z.number().int().nonnegative().default(0),
  /** Knowledge passages retrieved in this turn. */
  retrievalHits: z.number().int().nonnegative().default(0),
  /** Past episodes and similar cases memory offered this turn. */
  memoryHits: z.number().int().nonnegative().default(0),
  /** What went wrong: parts that did not answer, failed LLM calls, a turn that threw. */
  errors: z.array(z.string()).default([]),
  /** The turn threw and gave the customer no reply. */
  failed: z.boolean().default(false),
  intent: z.string().optional(),
  status: z.string().optional(),
  promptVersions: z.record(z.string(), z.number().int()).default({}),
  nodes: z.array(NodeMetric).default([]),
});
export type TurnMetric = z.infer<typeof TurnMetric>;
export type TurnMetricInput = z.input<typeof TurnMetric>;

/** The scores of one finished conversation: what the monitor appends to `scores.jsonl`. */
export const ScoreRecord = z.object({
  at: z.string().datetime(),
  threadId: z.string(),
  /** Named scores in [0, 1] of the whole conversation (resolution, empathy, ...). */
  scores: z.record(z.string(), z.number().min(0).max(1)),
  /** Mean score per role, when the scorer attributes scores to roles. */
  roles: z.record(z.string(), z.number().min(0).max(1)).default({}),
  /** Prompt version per role that served the conversation. */
  promptVersions: z.record(z.string(), z.number().int()).default({}),
  /** Where the conversation came from (e.g. "graph", "replay"). */
  source: z.string().default("graph"),
});
export type ScoreRecord = z.infer<typeof ScoreRecord>;
export type ScoreRecordInput = z.input<typeof ScoreRecord>;

export const AlertLevel = z.enum(["warning", "critical"]);
export type AlertLevel = z.infer<typeof AlertLevel>;
export const AlertMetric = z.enum(["response_time", "tokens_per_turn", "error_rate", "score_drift"]);
export type AlertMetric = z.infer<typeof AlertMetric>;

/** A threshold crossed: what the monitor appends to `alerts.jsonl`. */
export const Alert = z.object({
  at: z.string().datetime(),
  level: AlertLevel,
  metric: AlertMetric,
  value: z.number(),
  threshold: z.number(),
  message: z.string(),
  threadId: z.string().optional(),
  turn: z.number().int().optional(),
  /** The score name, for score drift. */
  score: z.string().optional(),
});
export type Alert = z.infer<typeof Alert>;
