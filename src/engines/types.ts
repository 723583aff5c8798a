import { z } from "zod";
import { Observation, type ReplyReading } from "../domain/customer-actions.js";
import type {
  CustomerActionRequest,
  Escalation,
  IntentAnalysis,
  KnowledgeFindings,
  PlanDecision,
  PlanStep,
  Troubleshooting,
} from "../domain/support.js";
import type { Passage } from "../memory/semantic.js";
import type { Procedure, ProcedureStep, PromptSection } from "../memory/schemas.js";
import type { ProcedureMatch } from "../memory/procedural.js";
import type { CustomerState, MemoryContext } from "../conversation/state.js";
import type { Pending, Topic } from "../conversation/pending.js";
import type { FollowUp } from "../conversation/reading.js";

/**
 * One typed interface per role. Each has a local engine (no network) and an LLM
 * engine; the graph picks one per role from the run's configuration and falls
 * back to the local one when the LLM fails.
 */

/** The active prompt of a role as an engine sees it. */
export interface RolePrompt {
  version: number;
  sections: PromptSection[];
}

export interface ChatTurn {
  role: "customer" | "agent";
  text: string;
}

// ---------- intent ----------
export interface IntentInput {
  message: string;
  /** Recent turns, oldest first, without the current message. */
  recent: ChatTurn[];
  /** The device-side step the customer was asked to do, when one is pending. */
  pendingAction?: CustomerActionRequest;
  prompt: RolePrompt;
}
export interface IntentEngine {
  analyze(input: IntentInput): Promise<IntentAnalysis>;
}

// ---------- planner ----------
export interface PlannerInput {
  intent: IntentAnalysis;
  customer: CustomerState;
  troubleshooting: Troubleshooting | null;
  knowledge: KnowledgeFindings | null;
  escalation: Escalation | null;
  /** Steps already taken in this turn, in order. */
  taken: PlanStep[];
  /** Whether the intent needs account data (and so verified identity). */
  needsIdentity: boolean;
  thresholds: { clarifyBelow: number; handoverBelow: number };
  /** The agent's last message was already a clarifying question. */
  alreadyClarified?: boolean;
  prompt: RolePrompt;
}
export interface PlannerEngine {
  plan(input: PlannerInput): Promise<PlanDecision>;
}

// ---------- technical ----------
export const AnswerInterpretation = z.object({
  observation: Observation,
  detail: z.string().default("").describe("what the customer reported, e.g. a speed figure"),
  confidence: z.number().min(0).max(1),
});
export type AnswerInterpretation = z.infer<typeof AnswerInterpretation>;

export const ProcedureChoice = z.object({
  /** The procedure to start, or null when none fits. */
  procedureId: z.string().nullable(),
  /** Further procedures for other faults the customer described, any order (the graph orders them). */
  others: z.array(z.string()).default([]),
});
export type ProcedureChoice = z.infer<typeof ProcedureChoice>;

export interface InterpretInput {
  message: string;
  procedure: Procedure;
  step: Extract<ProcedureStep, { kind: "customer_action" }>;
  prompt: RolePrompt;
}
export interface ChooseProcedureInput {
  message: string;
  intent: IntentAnalysis;
  candidates: ProcedureMatch[];
  prompt: RolePrompt;
}
/** A customer's reply to a device step of the layered diagnosis, read whole. */
export interface ReadReplyInput {
  message: string;
  /** The device step the reply answers, when one is pending: it is matched against first. */
  pendingAction?: CustomerActionRequest;
  prompt: RolePrompt;
}
export interface TechnicalEngine {
  /** Reads the customer's free-text answer to a device-side step as an observation. */
  interpret(input: InterpretInput): Promise<AnswerInterpretation>;
  /** Reads every observation a reply carries (settings, status bar, speed test, MMS, what was done, how/why). */
  readReply(input: ReadReplyInput): Promise<ReplyReading>;
  /** Picks the procedure(s) for the problems described. */
  chooseProcedure(input: ChooseProcedureInput): Promise<ProcedureChoice>;
}

// ---------- knowledge ----------
export interface KnowledgeInput {
  question: string;
  passages: Passage[];
  prompt: RolePrompt;
}
export interface KnowledgeEngine {
  synthesize(input: KnowledgeInput): Promise<KnowledgeFindings>;
}

// ---------- dialogue ----------
export interface DialogueInput {
  message: string;
  customer: CustomerState;
  intent: IntentAnalysis | null;
  plan: PlanDecision | null;
  troubleshooting: Troubleshooting | null;
  /** The step just asked of the customer, when there is one. */
  requestedActions: CustomerActionRequest[];
  knowledge: KnowledgeFindings | null;
  /** Account actions taken in this turn, with their results or refusals. */
  accountActions: { action: string; ok: boolean; detail: string }[];
  escalation: Escalation | null;
  memory: MemoryContext;
  /** Facts the reply must carry (e.g. "identity verified", "outage until 18:00"). */
  notes: string[];
  /** Parts that did not answer this turn; the reply says what is degraded. */
  degraded: string[];
  /** How many troubleshooting observations existed before this turn: only those after are news. */
  observationsBeforeTurn?: number;
  /** This message read as a short follow-up ("why?", "when?", "ok"), and the topic it follows up. */
  followUp?: FollowUp | null;
  topic?: Topic | null;
  /** The agent's previous reply, so the same words are not sent twice in a row. */
  lastReply?: string;
  /** The conversation's open hand-over ticket, while a colleague has it. */
  openTicketId?: string;
  /** This message raised a new request (rather than answering or following up). */
  newRequest?: boolean;
  /** What the agent's question or proposal of this turn expects. */
  pending?: Pending | null;
  /** Whether the customer was already greeted by name in an earlier turn (greet once, not every turn). */
  greeted?: boolean;
  prompt: RolePrompt;
}
export const DialogueReply = z.object({ reply: z.string().min(1) });
export type DialogueReply = z.infer<typeof DialogueReply>;
export interface DialogueEngine {
  compose(input: DialogueInput): Promise<DialogueReply>;
}

export interface RoleEngines {
  planner: PlannerEngine;
  intent: IntentEngine;
  technical: TechnicalEngine;
  knowledge: KnowledgeEngine;
  dialogue: DialogueEngine;
}
