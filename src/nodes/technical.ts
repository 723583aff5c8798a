import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { FAULT_LAYER_ORDER, type Observation } from "../domain/customer-actions.js";
import type { AccountAction, IntentAnalysis, Troubleshooting } from "../domain/support.js";
import type { BackendContext, TelecomBackend } from "../backend/types.js";
import { runProcedure, type ProcedureProgress } from "../diagnostics/procedure-runner.js";
import type { SupportStateUpdate, SupportStateValue } from "../graph/state.js";
import type { Procedure } from "../memory/schemas.js";
import { degradeOnFailure } from "./guard.js";
import { lastCustomerMessage, startNode, type NodeRun } from "./node-run.js";

/** Observations that name a fault (answers like "not fixed" or "unsure" do not). */
const FAULTS: Observation[] = [
  "outage", "line_suspended", "line_not_active", "contract_ended", "roaming_disabled", "data_exhausted", "payment_pending",
  "bill_overdue", "line_fault", "no_service", "no_signal", "weak_signal", "airplane_on", "sim_locked", "sim_not_detected",
  "data_off", "roaming_off", "data_saver_on", "vpn_on", "speed_slow", "mms_failed", "lights_red",
];

/**
 * The technical role: runs diagnostic procedures from procedural memory against
 * the backend (carrier checks at once, device-side steps as requests to the
 * customer, their answers interpreted), several faults in layer order, and the
 * account actions the customer asked for (data top-ups, bill reads).
 */
export async function technicalNode(state: SupportStateValue, config: LangGraphRunnableConfig): Promise<SupportStateUpdate> {
  const run = startNode(state, config);
  const ctx: BackendContext = { threadId: String(config.configurable?.thread_id ?? "") };
  const message = lastCustomerMessage(state.messages);
  const issue = state.openIssue ?? state.intentAnalysis;
  const work = new TechnicalWork(run, ctx, state);
  // The backend refuses every account read before verification; the planner never routes here without it.
  if (!state.customer.verified) return work.update();

  // Unless the message clearly starts another request, it answers the device check that is pending (the planner routed it here).
  if (state.troubleshooting?.status === "awaiting_customer" && state.pendingAction && !state.newRequest) {
    await work.continueWithAnswer(state.troubleshooting, message);
  } else if (issue) {
    // A continuation ("it's 555 010 0009, Priya") is not a problem description: match the words that opened the issue.
    await work.startProcedures(issue, issue === state.intentAnalysis ? message : state.openIssueMessage || message);
  }
  return work.update();
}

class TechnicalWork {
  private troubleshooting: Troubleshooting | null;
  private readonly accountActions: AccountAction[] = [];
  private readonly notes: string[] = [];
  private requested: SupportStateValue["requestedActions"] = [];
  private readonly backend: TelecomBackend;

  constructor(
    private readonly run: NodeRun,
    private readonly ctx: BackendContext,
    private readonly state: SupportStateValue,
  ) {
    this.troubleshooting = state.troubleshooting;
    this.backend = run.deps.backend;
  }

  async continueWithAnswer(current: Troubleshooting, message: string): Promise<void> {
    const procedure = await this.loadProcedure(current.procedureId);
    const step = procedure?.steps.find((s) => s.id === current.stepId);
    if (!procedure || step?.kind !== "customer_action") return;
    const answer = await this.run.engines.technical.interpret({ message, procedure, step, prompt: this.run.prompt("technical") });
    // An answer that says nothing about the step must not move the decision tree (its "otherwise" may be a hand-over):
    // the same step is asked again, unless the procedure itself branches on "unsure".
    if (answer.observation === "unsure" && !step.branches.some((branch) => branch.when === "unsure")) {
      this.requested = [{ actionId: step.action, ask: step.ask }];
      this.notes.push("I'm not sure that answered my last question, so let's try it once more");
      return;
    }
    const progress = await runProcedure({
      procedure,
      fromStep: step.id,
      answer: { observation: answer.observation, detail: answer.detail },
      backend: this.backend,
      ctx: this.ctx,
      lineId: await this.lineFor(procedure),
    });
    await this.apply(procedure, progress);
  }

  async startProcedures(issue: IntentAnalysis, message: string): Promise<void> {
    const candidates = await degradeOnFailure("procedures", () => this.run.deps.memory.procedural.findProcedures(message, 4), [], this.run.degraded);
    const choice = await this.run.engines.technical.chooseProcedure({ message, intent: issue, candidates, prompt: this.run.prompt("technical") });
    const known = new Map(candidates.map((c) => [c.procedure.id, c.procedure]));
    const wanted = [choice.procedureId, ...choice.others].filter((id): id is string => Boolean(id));
    const procedures: Procedure[] = [];
    for (const id of new Set(wanted)) {
      const procedure = known.get(id) ?? (await this.loadProcedure(id));
      if (procedure) procedures.push(procedure);
    }
    // Connectivity before data, data before MMS: the order of the fault layers.
    procedures.sort((a, b) => FAULT_LAYER_ORDER.indexOf(a.layer) - FAULT_LAYER_ORDER.indexOf(b.layer));
    const current = this.troubleshooting;
    if (current && (current.status === "active" || current.status === "awaiting_customer")) {
      // Already troubleshooting: new problems wait their turn.
      const queue = [...current.queue, ...procedures.map((p) => p.id).filter((id) => id !== current.procedureId && !current.queue.includes(id))];
      this.troubleshooting = { ...current, queue };
      this.requested = this.state.pendingAction ? [this.state.pendingAction] : [];
      return;
    }
    const [first, ...rest] = procedures;
    if (!first) {
      this.notes.push("no diagnostic procedure matches this problem");
      return;
    }
    await this.start(first, rest.map((p) => p.id), this.troubleshooting?.completed ?? []);
  }

  private async start(procedure: Procedure, queue: string[], completed: string[]): Promise<void> {
    const progress = await runProcedure({ procedure, fromStep: procedure.start, backend: this.backend, ctx: this.ctx, lineId: await this.lineFor(procedure) });
    this.troubleshooting = {
      procedureId: procedure.id,
      layer: procedure.layer,
      stepId: procedure.start,
      status: "active",
      observations: this.troubleshooting?.observations ?? [],
      faultsFound: this.troubleshooting?.faultsFound ?? [],
      faultsFixed: this.troubleshooting?.faultsFixed ?? [],
      queue,
      completed,
    };
    await this.apply(procedure, progress);
  }

  /** Folds a run of the procedure into the troubleshooting state; a fixed fault moves on to the next queued one. */
  private async apply(procedure: Procedure, progress: ProcedureProgress): Promise<void> {
    const current = this.troubleshooting!;
    const faults = progress.observations.filter((o) => FAULTS.includes(o.observation)).map((o) => `${procedure.id}:${o.observation}`);
    const faultsFound = [...new Set([...current.faultsFound, ...faults])];
    let faultsFixed = current.faultsFixed;
    if (progress.status === "resolved") {
      // Fixed only now that the customer's own check has confirmed it (resolved steps follow a confirming check).
      faultsFixed = [...new Set([...faultsFixed, ...faultsFound.filter((f) => f.startsWith(`${procedure.id}:`))])];
    }
    this.accountActions.push(...progress.accountActions);
    this.troubleshooting = {
      ...current,
      stepId: progress.stepId,
      status: progress.status,
      observations: [...current.observations, ...progress.observations],
      faultsFound,
      faultsFixed,
      completed: progress.status === "resolved" ? [...current.completed, procedure.id] : current.completed,
      note: progress.message,
    };
    this.requested = progress.requested ? [progress.requested] : [];

    const [nextId, ...rest] = this.troubleshooting.queue;
    if (progress.status === "resolved" && nextId) {
      const next = await this.loadProcedure(nextId);
      if (next) await this.start(next, rest, this.troubleshooting.completed);
    }
  }

  private async loadProcedure(id: string): Promise<Procedure | undefined> {
    return degradeOnFailure("procedures", () => this.run.deps.memory.procedural.procedure(id), undefined, this.run.degraded);
  }

  /** The line a procedure is about: the broadband service, or the mobile line the customer gave. */
  private async lineFor(procedure: Procedure): Promise<string | undefined> {
    const view = await this.backend.getCustomer(this.ctx);
    if (!view.ok) return undefined;
    const kind = procedure.layer === "broadband" ? "broadband" : "mobile";
    const lines = view.lines.filter((line) => line.kind === kind);
    const digits = (text: string | undefined) => (text ?? "").replace(/\D/g, "").slice(-10);
    const given = digits(this.state.customer.phoneNumber);
    return (lines.find((line) => given && digits(line.number) === given) ?? lines[0])?.id;
  }

  update(): SupportStateUpdate {
    const t = this.troubleshooting;
    return {
      troubleshooting: t,
      requestedActions: this.requested,
      pendingAction: t?.status === "awaiting_customer" ? (this.requested[0] ?? null) : null,
      accountActions: this.accountActions,
      notes: this.notes,
      degraded: this.run.degraded,
      trace: [this.run.trace("technical", "technical", t ? `${t.procedureId}:${t.stepId} ${t.status}` : undefined)],
    };
  }
}
