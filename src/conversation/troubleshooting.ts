import { FAULT_LAYER_ORDER, type Diagnosis, type DiagnosisLayer, type FaultLayer, type NetworkTech, type Observation, type ReplyReading } from "../domain/customer-actions.js";
import type { AccountAction, CustomerActionRequest, IntentAnalysis, ObservationRecord, Troubleshooting } from "../domain/support.js";
import { diagnose, newDiagnosis, type CarrierFacts, type DiagnosisTurn } from "../diagnostics/layered.js";
import { INTENT_PROCEDURES, diagnosisPolicyFor } from "../engines/local/technical.js";
import type { RoleEngines, RolePrompt } from "../engines/types.js";
import type { BackendContext, TelecomBackend } from "../backend/types.js";
import { runProcedure, type ProcedureProgress } from "../diagnostics/procedure-runner.js";
import type { Memory } from "../memory/index.js";
import type { Procedure, Role } from "../memory/schemas.js";
import { degradeOnFailure } from "./degrade.js";
import { lastCustomerMessage } from "./messages.js";
import type { SupportStateValue, TurnWork } from "./state.js";

/** What troubleshooting runs on: the carrier's systems, the procedures in memory, the technical engine and the role prompts. */
export interface TroubleshootingPorts {
  backend: TelecomBackend;
  ctx: BackendContext;
  procedures: Pick<Memory["procedural"], "findProcedures" | "procedure">;
  technical: RoleEngines["technical"];
  prompt(role: Role): RolePrompt;
  /** Parts that did not answer (a procedure read that failed is named here and the turn goes on). */
  degraded: string[];
}

/** What a turn of troubleshooting found and asks for. */
export interface TroubleshootingOutcome {
  troubleshooting: Troubleshooting | null;
  /** Device-side steps asked of the customer now. */
  requestedActions: CustomerActionRequest[];
  /** The device-side step still waiting for the customer's answer. */
  pendingAction: CustomerActionRequest | null;
  accountActions: AccountAction[];
  /** Sentences the reply must carry. */
  notes: string[];
}

/** Observations that name a fault (answers like "not fixed" or "unsure" do not). */
const FAULTS: Observation[] = [
  "outage", "line_suspended", "line_not_active", "contract_ended", "roaming_disabled", "data_exhausted", "payment_pending",
  "bill_overdue", "line_fault", "no_service", "no_signal", "weak_signal", "airplane_on", "sim_locked", "sim_not_detected",
  "data_off", "roaming_off", "data_saver_on", "vpn_on", "speed_slow", "mms_failed", "lights_red",
];

/**
 * One turn of the technical role: runs diagnostic procedures from procedural
 * memory against the backend (carrier checks at once, device-side steps as
 * requests to the customer, their answers interpreted), several faults in layer
 * order. Continues the diagnosis under way unless the message starts a new request.
 */
export async function troubleshoot(ports: TroubleshootingPorts, state: SupportStateValue): Promise<TroubleshootingOutcome> {
  const message = lastCustomerMessage(state.messages);
  const issue = state.openIssue ?? state.intentAnalysis;
  const work = new TroubleshootingWork(ports, state);
  // The backend refuses every account read before verification; the planner never routes here without it.
  if (!state.customer.verified) return work.outcome();

  const diagnosing = state.troubleshooting?.diagnosis && ["active", "awaiting_customer"].includes(state.troubleshooting.status);
  // Unless the message clearly starts another request, it answers the device check that is pending (the planner routed it here).
  if (diagnosing && !state.thisTurn.newRequest) {
    // The layered diagnosis reads the message whole; after a carrier-side fix (no step pending) it re-checks the line.
    await work.continueDiagnosis(state.troubleshooting!, message);
  } else if (state.troubleshooting?.status === "awaiting_customer" && state.pendingAction && !state.thisTurn.newRequest) {
    await work.continueWithAnswer(state.troubleshooting, message);
  } else if (issue) {
    // A continuation ("it's 555 010 0009, Priya") is not a problem description: match the words that opened the issue.
    await work.startProcedures(issue, issue === state.intentAnalysis ? message : state.openIssueMessage || message);
  }
  return work.outcome();
}

class TroubleshootingWork {
  private troubleshooting: Troubleshooting | null;
  private readonly accountActions: AccountAction[] = [];
  private readonly notes: string[] = [];
  private requested: TurnWork["requestedActions"] = [];
  private readonly backend: TelecomBackend;
  private readonly ctx: BackendContext;

  constructor(
    private readonly ports: TroubleshootingPorts,
    private readonly state: SupportStateValue,
  ) {
    this.troubleshooting = state.troubleshooting;
    this.backend = ports.backend;
    this.ctx = ports.ctx;
  }

  async continueWithAnswer(current: Troubleshooting, message: string): Promise<void> {
    const procedure = await this.loadProcedure(current.procedureId);
    const step = procedure?.steps.find((s) => s.id === current.stepId);
    if (!procedure || step?.kind !== "customer_action") return;
    const answer = await this.ports.technical.interpret({ message, procedure, step, prompt: this.ports.prompt("technical") });
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
    const candidates = await degradeOnFailure("procedures", () => this.ports.procedures.findProcedures(message, 4), [], this.ports.degraded);
    const choice = await this.ports.technical.chooseProcedure({ message, intent: issue, candidates, prompt: this.ports.prompt("technical") });
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
    if (current?.diagnosis && (current.status === "active" || current.status === "awaiting_customer") && procedures.some((p) => LAYERED_PROCEDURES[p.id])) {
      // Another mobile problem while diagnosing: its layer joins the diagnosis, lower layers first as always.
      const layers = [...new Set([...current.diagnosis.layers, ...procedures.flatMap((p) => (LAYERED_PROCEDURES[p.id] ? [LAYERED_PROCEDURES[p.id]!] : []))])];
      const order: DiagnosisLayer[] = ["service", "data", "mms"];
      this.troubleshooting = { ...current, diagnosis: { ...current.diagnosis, layers: order.filter((l) => layers.includes(l)) } };
      const procedure = await this.loadProcedure(current.procedureId);
      await this.advanceDiagnosis(null, procedure ? await this.lineFor(procedure) : undefined);
      return;
    }
    if (current && (current.status === "active" || current.status === "awaiting_customer")) {
      // Already troubleshooting: new problems wait their turn.
      const queue = [...current.queue, ...procedures.map((p) => p.id).filter((id) => id !== current.procedureId && !current.queue.includes(id))];
      this.troubleshooting = { ...current, queue };
      this.requested = this.state.pendingAction ? [this.state.pendingAction] : [];
      return;
    }
    const layered = procedures.filter((p) => LAYERED_PROCEDURES[p.id]);
    if (layered.length > 0) {
      // Mobile problems: one layered diagnosis covers them all; other procedures (broadband) wait their turn.
      // Only procedures the customer's own requests name wait in the queue, not near matches of the symptom text.
      // A broadband procedure waits only for a customer who has broadband.
      const named = new Set([issue.primary, ...issue.secondary].map((label) => INTENT_PROCEDURES[label]).filter(Boolean));
      const view = await this.backend.getCustomer(this.ctx);
      const kinds = new Set(view.ok ? view.lines.map((line) => line.kind) : []);
      const others = procedures.filter((p) => !LAYERED_PROCEDURES[p.id] && named.has(p.id) && (p.layer !== "broadband" || kinds.has("broadband"))).map((p) => p.id);
      await this.startDiagnosis(layered, others, issue, message);
      return;
    }
    const [first, ...rest] = procedures;
    if (!first) {
      // Nothing for the customer to do on the device: the reply says what the account and knowledge roles found.
      return;
    }
    await this.start(first, rest.map((p) => p.id), this.troubleshooting?.completed ?? []);
  }

  /** Starts the layered diagnosis for mobile problems: the layers the complaints need, the phone, where the customer is. */
  async startDiagnosis(procedures: Procedure[], queue: string[], issue: IntentAnalysis, message: string): Promise<void> {
    // The layers of every problem the conversation raised, not only this message's: "the top says SOS" while the
    // complaint was no data still needs data working at the end.
    const said = this.state.messages.filter((m) => m.getType() === "human").map((m) => String(m.content)).join(" \n ");
    const labels = [issue.primary, ...issue.secondary, this.state.openIssue?.primary, ...(this.state.openIssue?.secondary ?? []), this.state.topic?.intent];
    const named = labels.flatMap((label) => (label && INTENT_PROCEDURES[label] && LAYERED_PROCEDURES[INTENT_PROCEDURES[label]!] ? [LAYERED_PROCEDURES[INTENT_PROCEDURES[label]!]!] : []));
    const raised: DiagnosisLayer[] = [...(DATA_WORDS.test(said) ? ["data" as const] : []), ...(MMS_WORDS.test(said) ? ["mms" as const] : [])];
    const layers = [...new Set([...procedures.map((p) => LAYERED_PROCEDURES[p.id]!), ...named, ...raised])];
    // Abroad if anything the customer said puts them there ("travelling in France"), not only this message.
    const abroad =
      procedures.some((p) => p.id === "roaming-no-data") ||
      ABROAD.test(`${message} ${this.state.openIssueMessage} ${said}`) ||
      Boolean(issue.entities.location && ABROAD_PLACE.test(issue.entities.location));
    const lineId = await this.lineFor(procedures[0]!);
    const phone = await this.phoneOf(lineId, abroad);
    const first = procedures[0]!;
    this.troubleshooting = {
      procedureId: first.id,
      layer: first.layer,
      stepId: "start",
      status: "active",
      observations: this.troubleshooting?.observations ?? [],
      faultsFound: this.troubleshooting?.faultsFound ?? [],
      faultsFixed: this.troubleshooting?.faultsFixed ?? [],
      queue,
      completed: this.troubleshooting?.completed ?? [],
      diagnosis: newDiagnosis({ layers, abroad, os: phone.os, bestNetwork: phone.bestNetwork }),
      proposal: null,
    };
    // What this message already says about the phone ("it says No SIM", "rebooted, 3 bars 4G") is read before the first step.
    const reading = message.trim() ? await this.ports.technical.readReply({ message, prompt: this.ports.prompt("technical") }) : null;
    // "No signal" in a complaint is why they called, not a look at the status bar: that is still asked.
    if (reading?.service === "no_service" && reading.sim === undefined && reading.airplaneMode === undefined && reading.bars === undefined) delete reading.service;
    await this.advanceDiagnosis(reading, lineId);
  }

  /** Reads the customer's reply whole and takes the diagnosis one step on. */
  async continueDiagnosis(current: Troubleshooting, message: string): Promise<void> {
    const reading = await this.ports.technical.readReply({
      message,
      pendingAction: this.state.pendingAction ?? undefined,
      prompt: this.ports.prompt("technical"),
    });
    const procedure = await this.loadProcedure(current.procedureId);
    await this.advanceDiagnosis(reading, procedure ? await this.lineFor(procedure) : undefined);
  }

  private async advanceDiagnosis(reading: ReplyReading | null, lineId: string | undefined): Promise<void> {
    const current = this.troubleshooting!;
    const carrier = await this.carrierFacts(lineId);
    // The technical and planner guidelines set the diagnosis's step order, how a fix is verified and when to give up.
    const turn = diagnose(current.diagnosis!, reading, carrier, diagnosisPolicyFor(this.ports.prompt("technical"), this.ports.prompt("planner")));
    const d = turn.diagnosis;
    const decision = turn.decision;
    const base: Troubleshooting = {
      ...current,
      diagnosis: d,
      observations: [...current.observations, ...observationRecords(current.procedureId, reading, turn, carrier)],
      faultsFound: [...new Set([...current.faultsFound, ...d.found.map((f) => `device:${f}`)])],
      faultsFixed: [...new Set([...current.faultsFixed, ...d.fixed.map((f) => `device:${f}`)])],
      proposal: null,
    };
    this.notes.push(...turn.say.filter(Boolean));
    this.requested = [];
    switch (decision.kind) {
      case "ask":
        this.troubleshooting = {
          ...base,
          stepId: `${decision.step.kind}:${decision.step.faultId ?? decision.step.action}`,
          layer: FAULT_LAYER_OF[decision.step.layer],
          status: "awaiting_customer",
          note: undefined,
        };
        this.requested = [{ actionId: decision.step.action, ask: decision.ask }];
        return;
      case "propose":
        // Reported, never done here: the conversation layer proposes it and runs it only on the customer's yes.
        this.troubleshooting = { ...base, stepId: `propose:${decision.proposal.action}`, status: "active", proposal: decision.proposal, note: decision.proposal.because };
        return;
      case "resolved": {
        this.troubleshooting = { ...base, stepId: "resolved", status: "resolved", completed: [...new Set([...current.completed, current.procedureId])], note: decision.message };
        this.notes.push(decision.message);
        // Another problem was waiting (e.g. home broadband): it starts now.
        const [nextId, ...rest] = base.queue;
        const next = nextId ? await this.loadProcedure(nextId) : undefined;
        if (next) await this.start(next, rest, this.troubleshooting.completed);
        return;
      }
      case "handover":
        this.troubleshooting = { ...base, stepId: "handover", status: "handover", note: decision.reason };
        return;
    }
  }

  /** The carrier side of the line this turn, from the backend's reads. */
  private async carrierFacts(lineId: string | undefined): Promise<CarrierFacts> {
    const status = await this.backend.getLineStatus(this.ctx, { lineId });
    const network = await this.backend.checkNetworkStatus(this.ctx, {});
    const down = network.ok && network.mobile.status === "outage" ? network.mobile.outages[0] : undefined;
    if (!status.ok) {
      return { lineId: lineId ?? "", lineStatus: "active", contractEnded: false, overdueBill: null, pendingPayment: null, roamingOnLine: true, dataExhausted: false, outage: down ? down.title : null };
    }
    const suspensionBill = status.suspensionBill && status.suspensionBill.status !== "paid" ? { id: status.suspensionBill.id, amount: status.suspensionBill.amount } : null;
    const overdue = status.overdueBills[0];
    return {
      lineId: status.lineId,
      lineStatus: status.status,
      contractEnded: status.contractEnded,
      overdueBill: suspensionBill ?? (overdue ? { id: overdue.id, amount: overdue.amount } : null),
      pendingPayment: status.pendingPaymentRequest ? { billId: status.pendingPaymentRequest.billId, amount: status.pendingPaymentRequest.amount } : null,
      roamingOnLine: status.roamingEnabled,
      dataExhausted: status.data.exhausted,
      outage: down ? down.title : null,
    };
  }

  /** The customer's phone on that line: iPhone or Android, and the best network type it can get where it is. */
  private async phoneOf(lineId: string | undefined, abroad: boolean): Promise<{ os: Diagnosis["os"]; bestNetwork: NetworkTech }> {
    const devices = await this.backend.listDevices(this.ctx, lineId ? { lineId } : {});
    const device = devices.ok ? (devices.devices.find((d) => d.kind === "phone") ?? devices.devices[0]) : undefined;
    const os: Diagnosis["os"] = !device ? "unknown" : /ios|iphone|apple/i.test(`${device.os} ${device.make}`) ? "ios" : "android";
    let best: NetworkTech = "4G";
    if (!abroad) {
      const network = await this.backend.checkNetworkStatus(this.ctx, {});
      const techs: string[] = network.ok ? network.mobile.technologies : ["4G"];
      // 5G mast work in the area ("phones fall back to 4G") means 4G is the best the phone can get today.
      const fiveGDown = network.ok && network.mobile.outages.some((o) => /\b5g\b/i.test(`${o.title} ${o.description}`));
      best = techs.includes("5G") && !fiveGDown ? "5G" : techs.includes("4G") ? "4G" : techs.includes("3G") ? "3G" : "2G";
    }
    if (best === "5G" && device && device.supports5g === false) best = "4G";
    return { os, bestNetwork: best };
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
      // A needed account action is reported for the conversation layer to propose; the procedure waits at the step after it.
      stepId: progress.status === "proposal" ? (progress.next ?? progress.stepId) : progress.stepId,
      status: progress.status === "proposal" ? "active" : progress.status,
      proposal: progress.proposal ?? null,
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
    return degradeOnFailure("procedures", () => this.ports.procedures.procedure(id), undefined, this.ports.degraded);
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

  outcome(): TroubleshootingOutcome {
    const t = this.troubleshooting;
    return {
      troubleshooting: t,
      requestedActions: this.requested,
      pendingAction: t?.status === "awaiting_customer" ? (this.requested[0] ?? null) : null,
      accountActions: this.accountActions,
      notes: this.notes,
    };
  }
}

/** Mobile procedures the layered diagnosis serves, and the layer each complaint needs working. */
const LAYERED_PROCEDURES: Record<string, DiagnosisLayer> = {
  "mobile-no-service": "service",
  "mobile-no-data": "data",
  "mobile-slow-data": "data",
  "roaming-no-data": "data",
  "mms-not-sending": "mms",
};
/** Words of a customer's complaint that name mobile data or picture messages (the layers a diagnosis must end with working). */
const DATA_WORDS = /\b(mobile data|my data|the data|data (?:is|isn'?t|doesn'?t|won'?t|stopped)|internet|apps?\b|won'?t load|buffer\w*|slow|speed|online|whatsapp|maps)\b/i;
const MMS_WORDS = /\b(mms|picture messages?|photos? by text|send (?:photos|pictures))\b/i;
const FAULT_LAYER_OF: Record<DiagnosisLayer, FaultLayer> = { service: "connectivity", data: "data", mms: "mms" };
const PLACES = "spain|france|italy|portugal|germany|greece|mexico|canada|europe|lisbon|paris|rome|madrid|london|barcelona";
const ABROAD = new RegExp(`\\b(abroad|overseas|holiday|vacation|travel(?:l?ing)?|trip|landed|(?:in|to) (?:${PLACES}))\\b`, "i");
const ABROAD_PLACE = new RegExp(`\\b(${PLACES}|abroad)\\b`, "i");

/** What this turn found, as observation records (for the dialogue, the scores and the episode). */
function observationRecords(procedureId: string, reading: ReplyReading | null, turn: DiagnosisTurn, carrier: CarrierFacts): ObservationRecord[] {
  const records: ObservationRecord[] = [];
  const customer = (observation: Observation, detail = "") => records.push({ procedureId, stepId: "diagnosis", observation, source: "customer", detail });
  const carrierSide = (observation: Observation) => records.push({ procedureId, stepId: "carrier", observation, source: "carrier", detail: "" });
  if (reading) {
    if (reading.airplaneMode === "on") customer("airplane_on");
    if (reading.sim === "missing") customer("sim_not_detected");
    if (reading.sim === "pin_locked" || reading.sim === "puk_locked") customer("sim_locked", reading.sim);
    if (reading.service === "no_service" || reading.service === "emergency_only") customer("no_service", reading.service);
    if (reading.service === "registered") customer("signal_ok", `${reading.bars ?? "?"} bars ${reading.network ?? ""}`.trim());
    if (reading.mobileData === "off") customer("data_off");
    if (reading.dataRoaming === "off") customer("roaming_off");
    if (reading.dataSaver === "on") customer("data_saver_on");
    if (reading.vpn === "on") customer("vpn_on");
    const data = turn.diagnosis.checks.data;
    if (reading.speedTest && data) customer(data.result === "ok" ? "speed_ok" : data.result === "slow" ? "speed_slow" : "not_fixed", data.detail);
    if (reading.mms) customer(reading.mms === "sent" ? "mms_ok" : "mms_failed");
  }
  if (turn.decision.kind === "propose" || turn.decision.kind === "handover") {
    if (carrier.lineStatus === "suspended") carrierSide(carrier.contractEnded ? "contract_ended" : "line_suspended");
    else if (turn.decision.kind === "propose" && turn.decision.proposal.action === "enable_roaming") carrierSide("roaming_disabled");
    else if (turn.decision.kind === "propose" && turn.decision.proposal.action === "top_up_data") carrierSide("data_exhausted");
  }
  return records;
}
