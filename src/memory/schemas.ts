import { z } from "zod";
import {
  CarrierCheck,
  CustomerActionId,
  FaultLayer,
  Observation,
  ProcedureAccountAction,
} from "../domain/customer-actions.js";

export const Role = z.enum(["planner", "intent", "technical", "knowledge", "dialogue"]);
export type Role = z.infer<typeof Role>;

// ---------- working memory ----------
export const WorkingFactKind = z.enum(["customer", "issue", "observation", "step", "note"]);
export const WorkingFact = z.object({
  threadId: z.string().min(1),
  key: z.string().min(1),
  kind: WorkingFactKind,
  value: z.string(),
  customerId: z.string().optional(),
  createdAt: z.string().datetime(),
  expiresAt: z.string().datetime(),
});
export type WorkingFact = z.infer<typeof WorkingFact>;

// ---------- episodic memory ----------
export const EpisodeOutcome = z.enum(["resolved", "handed_over", "closed", "abandoned"]);
export type EpisodeOutcome = z.infer<typeof EpisodeOutcome>;
export const Episode = z.object({
  id: z.string().min(1),
  threadId: z.string().min(1),
  customerId: z.string().min(1),
  summary: z.string().min(1),
  intent: z.string().min(1),
  outcome: EpisodeOutcome,
  /** Named scores in [0, 1] (resolution, empathy, conciseness, ...). */
  scores: z.record(z.string(), z.number().min(0).max(1)).default({}),
  /** Ordered steps or actions that led to the outcome. */
  resolutionPath: z.array(z.string()).default([]),
  turns: z.number().int().nonnegative().default(0),
  /** Prompt version per role that served this conversation. */
  promptVersions: z.record(z.string(), z.number().int()).default({}),
  createdAt: z.string().datetime(),
});
export type Episode = z.infer<typeof Episode>;
export type EpisodeInput = z.input<typeof Episode>;

// ---------- semantic memory ----------
export const KnowledgeCategory = z.enum(["policy", "plan", "product", "troubleshooting", "billing", "general"]);
export type KnowledgeCategory = z.infer<typeof KnowledgeCategory>;
export const KnowledgeChunk = z.object({
  id: z.string(),
  text: z.string(),
  source: z.string(),
  title: z.string(),
  section: z.string(),
  category: KnowledgeCategory,
  tags: z.array(z.string()),
  contentHash: z.string(),
  chunkIndex: z.number().int().nonnegative(),
});
export type KnowledgeChunk = z.infer<typeof KnowledgeChunk>;

// ---------- procedural memory: prompts ----------
export const PromptSectionKind = z.enum(["guardrail", "guideline", "instruction"]);
export const PromptSection = z.object({
  id: z.string().regex(/^[a-z0-9_-]+$/),
  title: z.string().min(1),
  kind: PromptSectionKind,
  text: z.string().min(1),
});
export type PromptSection = z.infer<typeof PromptSection>;
export const PromptStatus = z.enum(["active", "candidate", "retired"]);
export type PromptStatus = z.infer<typeof PromptStatus>;
export const PromptVersion = z.object({
  role: Role,
  version: z.number().int().positive(),
  status: PromptStatus,
  parent: z.number().int().positive().nullable(),
  createdAt: z.string().datetime(),
  reason: z.string(),
  sections: z.array(PromptSection).min(1),
});
export type PromptVersion = z.infer<typeof PromptVersion>;

// ---------- procedural memory: diagnostic procedures ----------
const StepId = z.string().regex(/^[a-z0-9_-]+$/);
const Branch = z.object({ when: Observation, next: StepId });
const BranchingStep = {
  id: StepId,
  branches: z.array(Branch).default([]),
  /** Where to go when no branch matches. */
  otherwise: StepId,
};
export const ProcedureStep = z.discriminatedUnion("kind", [
  z.object({ ...BranchingStep, kind: z.literal("carrier_check"), check: CarrierCheck, description: z.string() }),
  z.object({
    ...BranchingStep,
    kind: z.literal("customer_action"),
    action: CustomerActionId,
    /** The sentence asking the customer to look or act. */
    ask: z.string().min(1),
  }),
  z.object({ ...BranchingStep, kind: z.literal("account_action"), action: ProcedureAccountAction, description: z.string() }),
  z.object({ id: StepId, kind: z.literal("resolved"), message: z.string().min(1) }),
  z.object({ id: StepId, kind: z.literal("handover"), reason: z.string().min(1) }),
]);
export type ProcedureStep = z.infer<typeof ProcedureStep>;

export const Procedure = z
  .object({
    id: StepId,
    title: z.string().min(1),
    layer: FaultLayer,
    /** Problem descriptions as customers give them; the procedure is found by similarity to these. */
    symptoms: z.array(z.string().min(1)).min(3),
    start: StepId,
    steps: z.array(ProcedureStep).min(2),
  })
  .superRefine((procedure, ctx) => {
    const ids = new Set<string>();
    for (const step of procedure.steps) {
      if (ids.has(step.id)) ctx.addIssue({ code: "custom", message: `duplicate step id "${step.id}"`, path: ["steps"] });
      ids.add(step.id);
    }
    if (!ids.has(procedure.start)) ctx.addIssue({ code: "custom", message: `start step "${procedure.start}" does not exist`, path: ["start"] });
    procedure.steps.forEach((step, index) => {
      if (step.kind === "resolved" || step.kind === "handover") return;
      for (const target of [...step.branches.map((b) => b.next), step.otherwise]) {
        if (!ids.has(target)) {
          ctx.addIssue({ code: "custom", message: `step "${step.id}" points to missing step "${target}"`, path: ["steps", index] });
        }
      }
    });
  });
export type Procedure = z.infer<typeof Procedure>;
