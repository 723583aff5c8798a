import type { CarrierCheck, Observation, ProcedureAccountAction } from "../domain/customer-actions.js";
import type { AccountAction, CustomerActionRequest, ObservationRecord } from "../domain/support.js";
import type { BackendContext, TelecomBackend } from "../backend/types.js";
import type { Outage } from "../backend/schemas.js";
import type { Procedure, ProcedureStep } from "../memory/schemas.js";

/** Where a procedure stopped in this turn. */
export interface ProcedureProgress {
  stepId: string;
  status: "awaiting_customer" | "resolved" | "handover";
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
        const result = await runAccountAction(backend, ctx, step.action, input.lineId);
        accountActions.push({ action: step.action, args: result.args, ok: result.ok, detail: result.detail, at: now().toISOString() });
        step = steps.get(follow(step, result.ok ? "done" : "not_fixed"));
        break;
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

async function runAccountAction(
  backend: TelecomBackend,
  ctx: BackendContext,
  action: ProcedureAccountAction,
  lineId?: string,
): Promise<{ ok: boolean; detail: string; args: Record<string, unknown> }> {
  switch (action) {
    case "enable_roaming": {
      const result = await backend.setRoaming(ctx, { lineId, enabled: true });
      return result.ok ? { ok: true, detail: result.note, args: { enabled: true } } : refused(result, { enabled: true });
    }
    case "top_up_data": {
      const result = await backend.topUpData(ctx, { lineId, gb: 2 });
      return result.ok
        ? { ok: true, detail: `added ${result.addedGb} GB for $${result.charge.toFixed(2)}; ${result.remainingGb} GB left`, args: { gb: 2 } }
        : refused(result, { gb: 2 });
    }
    case "send_payment_request": {
      const line = await backend.getLineStatus(ctx, { lineId });
      const bill = line.ok ? (line.suspensionBill ?? line.overdueBills[0]) : undefined;
      if (!bill) return { ok: false, detail: "there is no overdue bill to request payment for", args: {} };
      const result = await backend.sendPaymentRequest(ctx, { billId: bill.id });
      return result.ok
        ? { ok: true, detail: `bill ${bill.id}, $${bill.amount.toFixed(2)}`, args: { billId: bill.id } }
        : refused(result, { billId: bill.id });
    }
    case "resume_line": {
      const result = await backend.resumeLine(ctx, { lineId });
      return result.ok ? { ok: true, detail: "", args: { lineId: result.lineId } } : refused(result, {});
    }
    case "book_technician": {
      const result = await backend.bookTechnician(ctx, { lineId });
      return result.ok ? { ok: true, detail: `ticket ${result.ticket.id}`, args: {} } : refused(result, {});
    }
  }
}

const refused = (result: { reason: string }, args: Record<string, unknown>) => ({ ok: false, detail: result.reason, args });

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
