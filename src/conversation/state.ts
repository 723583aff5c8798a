import { MessagesValue, ReducedValue, StateSchema, UntrackedValue } from "@langchain/langgraph";
import { z } from "zod";
import {
  AccountAction,
  ConversationStatus,
  CustomerActionRequest,
  PlanStep,
  Escalation,
  IntentAnalysis,
  KnowledgeFindings,
  PlanDecision,
  TraceEntry,
  Troubleshooting,
} from "../domain/support.js";
import { PromptVersion, Role } from "../memory/schemas.js";
import { Pending, Topic } from "./pending.js";
import { FollowUp } from "./reading.js";
import { CustomerRating, EpisodeScores, TurnScores } from "../scoring/schemas.js";

export const CustomerState = z.object({
  /** Phone number the customer gave (normalised by the backend on lookup). */
  phoneNumber: z.string().optional(),
  customerId: z.string().optional(),
  firstName: z.string().optional(),
  tier: z.string().optional(),
  /** Identity claims the customer gave, kept until verification succeeds. */
  fullName: z.string().optional(),
  dateOfBirth: z.string().optional(),
  verified: z.boolean().default(false),
  /** The details of the last failed lookup: tried again only once the customer changes one of them. */
  rejectedClaims: z.string().optional(),
  /** Verification attempts that failed in this conversation. */
  failedAttempts: z.number().int().nonnegative().default(0),
});
export type CustomerState = z.infer<typeof CustomerState>;

/** What memory offered this turn, kept in state so Studio (and the scorers) can see it. */
export const MemoryContext = z.object({
  facts: z.record(z.string(), z.string()).default({}),
  history: z.array(z.object({ intent: z.string(), outcome: z.string(), summary: z.string(), createdAt: z.string() })).default([]),
  similarCases: z.array(z.object({ intent: z.string(), outcome: z.string(), resolutionPath: z.array(z.string()), similarity: z.number() })).default([]),
  /** The verified customer `history` was read for: read once per conversation, not every turn. */
  historyOf: z.string().optional(),
  /** A digest of the words `similarCases` were searched with (the open issue's): searched again only when the issue changes. */
  casesFor: z.string().optional(),
});
export type MemoryContext = z.infer<typeof MemoryContext>;

const appendList = <T>(schema: z.ZodType<T>) =>
  new ReducedValue(z.array(schema).default([]), { reducer: (current: T[], next: T[]) => [...current, ...next] });

/**
 * The work of the current turn: what the roles found and decided for this
 * message. Replaced whole at the start of every turn (the context node), so
 * nothing of the last turn's work leaks into this one.
 */
export const TurnWork = z.object({
  /** When this turn began; account actions after it belong to this turn. */
  startedAt: z.string(),
  /** Troubleshooting observations that existed when this turn began; the ones after are this turn's findings. */
  observationsBefore: z.number().int().nonnegative(),
  /** The customer was already verified when this turn began, so they have been greeted by name. */
  greeted: z.boolean(),
  /** This message read as a follow-up to the pending item or the topic, when it is one. */
  followUp: FollowUp.nullable(),
  /** This message clearly starts a new request (rather than continuing the open one). */
  newRequest: z.boolean(),
  plan: PlanDecision.nullable(),
  /** Steps the planner took in this turn. */
  taken: z.array(PlanStep),
  /** Planner decisions taken in this turn; bounded so no input can loop the graph. */
  steps: z.number().int().nonnegative(),
  /** The account role asked for device troubleshooting after its carrier-side checks. */
  troubleshootNext: z.boolean(),
  /** The account role found something only a person can do. */
  handoverReason: z.string().nullable(),
  knowledgeFindings: KnowledgeFindings.nullable(),
  /** Device-side actions asked of the customer in this turn. */
  requestedActions: z.array(CustomerActionRequest),
  /** Sentences found in this turn that the reply must carry, in the customer's language (never staff notes). */
  notes: z.array(z.string()),
});
export type TurnWork = z.infer<typeof TurnWork>;

/** A turn before any role has worked on it. */
export function freshTurn({ startedAt, observationsBefore, greeted }: Pick<TurnWork, "startedAt" | "observationsBefore" | "greeted">): TurnWork {
  return { startedAt, observationsBefore, greeted, followUp: null, newRequest: false, plan: null, taken: [], steps: 0, troubleshootNext: false, handoverReason: null, knowledgeFindings: null, requestedActions: [], notes: [] };
}

/**
 * The support graph's state: the conversation, the current turn's work
 * (`thisTurn`), and the observability of the turn (trace, degraded). Reduced
 * lists (account actions) grow within a conversation; the trace and the turn's
 * work are replaced at the start of each turn with `Overwrite`.
 */
export const SupportState = new StateSchema({
  messages: MessagesValue,
  customer: CustomerState.default({ verified: false, failedAttempts: 0 }),
  /** How this message was read (intent, entities, sentiment). */
  intentAnalysis: IntentAnalysis.nullable().default(null),
  /** The last substantive request, kept across turns (e.g. while identity is being verified). */
  openIssue: IntentAnalysis.nullable().default(null),
  /** The customer's words when they opened that issue: what procedures are matched against. */
  openIssueMessage: z.string().default(""),
  /** What the agent's last question or proposal expects; the next message is read against it first. */
  pending: Pending.nullable().default(null),
  /** The topic the conversation is on, for short follow-ups ("why?", "when?"). */
  topic: Topic.nullable().default(null),
  /** The turn in which the open issue was raised. */
  issueTurn: z.number().int().nonnegative().default(0),
  troubleshooting: Troubleshooting.nullable().default(null),
  /** The device-side step the customer was asked to do and has not answered yet. */
  pendingAction: CustomerActionRequest.nullable().default(null),
  accountActions: appendList(AccountAction),
  escalation: Escalation.nullable().default(null),
  /** What memory offered this turn. */
  memory: MemoryContext.default({ facts: {}, history: [], similarCases: [] }),
  /** The work of this turn; parallel roles' updates merge into it, their notes add up. */
  thisTurn: new ReducedValue(TurnWork.default(freshTurn({ startedAt: "", observationsBefore: 0, greeted: false })), {
    inputSchema: TurnWork.partial(),
    reducer: (current: TurnWork, update: Partial<TurnWork>) => ({ ...current, ...update, notes: [...current.notes, ...(update.notes ?? [])] }),
  }),
  /** Per-node timings, engines and fallbacks of the current turn. */
  trace: appendList(TraceEntry),
  /** Parts that did not answer this turn (e.g. "chroma", "llm:intent"). */
  degraded: new ReducedValue(z.array(z.string()).default([]), { reducer: (current: string[], next: string[]) => [...new Set([...current, ...next])] }),
  promptVersions: z.partialRecord(Role, z.number().int()).default({}),
  status: ConversationStatus.default("open"),
  turn: z.number().int().nonnegative().default(0),
  /** The customer-facing reply of this turn. */
  reply: z.string().default(""),
  /** Memory writes that failed (Chroma away) and are retried on the next turn; never silently dropped. */
  pendingWrites: z.array(z.object({ kind: z.enum(["working", "episode"]), payload: z.string() })).default([]),
  /** Active role prompts of this run; read from procedural memory every turn, not checkpointed. */
  prompts: new UntrackedValue(z.partialRecord(Role, PromptVersion)),
  /** Whether the episode of this conversation has been written. */
  episodeRecorded: z.boolean().default(false),
  /** Reply scores of this conversation's turns so far (cleared once its episode is written). */
  turnScores: z.array(TurnScores).default([]),
  /** The customer's explicit 1-5 rating of this conversation, when given. */
  rating: CustomerRating.nullable().default(null),
  /** Scores of the last finished conversation, with their per-role attribution. */
  scores: EpisodeScores.default({}),
});

export type SupportStateValue = typeof SupportState.State;
export type SupportStateUpdate = typeof SupportState.Update;
