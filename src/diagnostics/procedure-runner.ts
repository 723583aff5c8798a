import type { CarrierCheck, Observation, ProcedureAccountAction, TroubleshootingProposal } from "../domain/customer-actions.js";
import type { AccountAction, CustomerActionRequest, ObservationRecord } from "../domain/support.js";
import type { BackendContext, TelecomBackend } from "../backend/types.js";
import type { Outage } from "../backend/schemas.js";
import type { Procedure, ProcedureStep } from "../memory/schemas.js";

/** Where a procedure stopped in this turn. */
export interface ProcedureProgress {
  stepId: string;
  status: "awaiting_customer" | "resolved" | "handover" | "proposal";
  /** The account action the procedure needs next (status "proposal"), for the conversation layer to propose. */
  proposal?: TroubleshootingProposal;
  /** The step to go on from once the proposal is done. */
  next?: string;
  requested?: CustomerActionRequest;
  observations: ObservationRecord[];
  accountActions: AccountAction[];
  /** The resolved step's message or the handover step's reason. */
  message?: string;
}

export interface RunProcedureInput {
  procedure: Procedure;
  /** The step to start from: the procedure's start, or the step the customer just answered. */
  fromStep: string;
  /** The interpreted answer to `fromStep` when it is a customer step. */
  answer?: { observation: Observation; detail: string };
  backend: TelecomBackend;
  ctx: BackendContext;
  /** The line the problem is about; the backend picks the customer's only line of that kind when omitted. */
  lineId?: string;
  now?: () => Date;
}

/** A procedure is a finite tree; this bound only guards against a hand-edited procedure with a cycle. */
const MAX_STEPS = 40;

/**
 * Executes a diagnostic procedure: carrier checks and account actions run at once
 * through the backend; the run stops at the first device-side step the customer
 * must do (or at a resolution or hand-over). Called again with the customer's
 * interpreted answer, it moves on from there.
 */
export async function runProcedure(input: RunProcedureInput): Promise<ProcedureProgress> {
  const { procedure, backend, ctx } = input;
  const steps = new Map(procedure.steps.map((step) => [step.id, step]));
  const observations: ObservationRecord[] = [];
  const accountActions: AccountAction[] = [];
  const now = input.now ?? (() => new Date());
  let answer = input.answer;
  let step = steps.get(input.fromStep);

  for (let count = 0; step && count < MAX_STEPS; count++) {
    switch (step.kind) {
      case "resolved":
        return { stepId: step.id, status: "resolved", observations, accountActions, message: step.message };
      case "handover":
        return { stepId: step.id, status: "handover", observations, accountActions, message: step.reason };
      case "customer_action": {
        if (!answer) {
          return { stepId: step.id, status: "awaiting_customer", requested: { actionId: step.action, ask: step.ask }, observations, accountActions };
        }
        observations.push({ procedureId: procedure.id, stepId: step.id, observation: answer.observation, source: "customer", detail: answer.detail });
        step = steps.get(follow(step, answer.observation));
        answer = undefined;
        break;
      }
      case "carrier_check": {
        const { observation, detail } = await runCarrierCheck(backend, ctx, step.check, input.lineId);
        observations.push({ procedureId: procedure.id, stepId: step.id, observation, source: "carrier", detail });
        step = steps.get(follow(step, observation));
        break;
      }
      case "account_action": {
        // Account changes need the customer's yes: the runner reports what is needed and stops; the conversation
        // layer proposes it, and the procedure goes on from the next step once it is done.
        if (step.action === "book_technician")
          return { stepId: step.id, status: "handover", observations, accountActions, message: "a technician visit is needed; booking one is for the account side" };
        const proposal = await proposalFor(backend, ctx, step.action, input.lineId);
        if (!proposal) {
          step = steps.get(follow(step, "not_fixed"));
          break;
        }
        return { stepId: step.id, status: "proposal", observations, accountActions, proposal, message: proposal.because, next: follow(step, "done") };
      }
    }
  }
  // Only reachable with a broken procedure: hand over rather than loop or dead-end.
  return { stepId: step?.id ?? input.fromStep, status: "handover", observations, accountActions, message: `procedure ${procedure.id} could not continue` };
}

function follow(step: Extract<ProcedureStep, { branches: unknown }>, observation: Observation): string {
  return step.branches.find((branch) => branch.when === observation)?.next ?? step.otherwise;
}

/** One carrier-side check as an observation the procedure branches on. */
export async function runCarrierCheck(
  backend: TelecomBackend,
  ctx: BackendContext,
  check: CarrierCheck,
  lineId?: string,
): Promise<{ observation: Observation; detail: string }> {
  if (check === "area_outage") {
    const status = await backend.checkNetworkStatus(ctx, {});
    if (!status.ok) return { observation: "ok", detail: `network status unavailable: ${status.reason}` };
    const outages = [...status.mobile.outages, ...status.broadband.outages];
    // A degraded mast (e.g. 5G maintenance) does not explain a dead line; only a service that is down does.
    const down = status.mobile.status === "outage" || status.broadband.status === "outage";
    if (down && outages.length > 0) return { observation: "outage", detail: outages.map(describeOutage).join("; ") };
    const degraded = outages.length > 0 ? `; degraded: ${outages.map(describeOutage).join("; ")}` : "";
    return { observation: "ok", detail: `no outage reported in ${status.area.name}${degraded}` };
  }
  if (check === "broadband_line") {
    const test = await backend.runBroadbandLineTest(ctx, { lineId });
    if (!test.ok) return { observation: "ok", detail: `line test unavailable: ${test.reason}` };
    return { observation: test.observation, detail: test.detail };
  }
  const status = await backend.getLineStatus(ctx, { lineId });
  if (!status.ok) return { observation: "ok", detail: `line status unavailable: ${status.reason}` };
  const observation = status.checks[check] ?? "ok";
  return { observation, detail: describeLine(status, check) };
}

/** What an account_action step needs, as a proposal (null when it does not apply, e.g. no overdue bill). */
async function proposalFor(backend: TelecomBackend, ctx: BackendContext, action: ProcedureAccountAction, lineId?: string): Promise<TroubleshootingProposal | null> {
  const line = await backend.getLineStatus(ctx, { lineId });
  const id = line.ok ? line.lineId : lineId;
  switch (action) {
    case "enable_roaming":
      return { action, args: id ? { lineId: id } : {}, because: "roaming is switched off on your line, so your phone can't use networks abroad" };
    case "top_up_data":
      return { action, args: id ? { lineId: id } : {}, because: "you've used all the data in your allowance this month" };
    case "send_payment_request": {
      const bill = line.ok ? (line.suspensionBill ?? line.overdueBills[0]) : undefined;
      return bill ? { action, args: { billId: bill.id }, because: `a bill of $${bill.amount.toFixed(2)} is overdue` } : null;
    }
    case "resume_line":
      return { action, args: id ? { lineId: id } : {}, because: "your line is paused and can be switched back on" };
    default:
      return null;
  }
}


function describeOutage(outage: Outage): string {
  const until = outage.estimatedResolution ? `, expected to be fixed by ${outage.estimatedResolution.slice(0, 16).replace("T", " ")}` : "";
  return `${outage.title}${until}`;
}

function describeLine(status: { number: string; status: string; data: { usedGb: number; limitGb: number | null }; roamingEnabled: boolean }, check: CarrierCheck): string {
  switch (check) {
    case "data_allowance":
      return `${status.data.usedGb} GB used of ${status.data.limitGb === null ? "unlimited" : `${status.data.limitGb} GB`}`;
    case "roaming_setting":
      return `roaming is ${status.roamingEnabled ? "on" : "off"} on ${status.number}`;
    default:
      return `line ${status.number} is ${status.status}`;
  }
}
