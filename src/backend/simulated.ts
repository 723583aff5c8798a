import { z } from "zod";
import type { CarrierCheck, Observation } from "../domain/customer-actions.js";
import { AuditLog, type AuditQuery, type AuditQueryResult } from "./audit.js";
import {
  addDays,
  sameArgs,
  type NormalisedArgs,
  type PlanChangeResult,
  type Prepared,
  type ProposalRequestParsed,
  type RoamingResult,
  type TopUpResult,
} from "./consent.js";
import { loadDataset } from "./dataset.js";
import { maskFirstName, normalizeName, normalizePhone, parseDateOfBirth } from "./identity.js";
import {
  checkPaymentRequest,
  checkPlanChange,
  checkResume,
  checkRoaming,
  checkTechnician,
  checkTopUp,
  cap as capitalise,
  contractEnded,
  daysBetween,
  derivePriority,
  refuse,
  remainingDataGb,
  round2,
  today,
} from "./policy.js";
import { ProposalRequest as ProposalRequestSchema } from "./schemas.js";
import type {
  AccountActionKind,
  Bill,
  BillStatus,
  Customer,
  Dataset,
  Line,
  Outage,
  PaymentRequest,
  Plan,
  Proposal,
  ProposalRequest,
  Refusal,
  Result,
  Ticket,
  TicketStatus,
  Verification,
} from "./schemas.js";
import { readState, STATE_FORMAT, writeState, type StateFile } from "./state.js";
import { billName, dateAndTimeUtc, dayAndDate, lineName, longDate, money, phone } from "./wording.js";
import type {
  AreaStatus,
  BackendContext,
  CustomerView,
  HandoverInput,
  Identification,
  LineRef,
  LineStatusSummary,
  LineTestView,
  TelecomBackend,
  TicketInput,
  TicketUpdate,
  UsageView,
  VerifiedCustomer,
} from "./types.js";

export interface SimulatedBackendFiles {
  datasetPath: string;
  statePath: string;
  auditPath: string;
  /** The clock policy uses (contract ends, overdue days); tests pin it. */
  now?: () => Date;
}

type ActionKind = "lookup" | "read" | "change";
/** Failed verification attempts after which the thread must go to a human. */
export const MAX_FAILED_VERIFICATIONS = 3;

const PRIORITY_RANK: Record<Ticket["priority"], number> = { low: 0, medium: 1, high: 2, urgent: 3 };

/** The outstanding states of a bill: past its due date and not paid. */
const PAST_DUE: BillStatus[] = ["overdue", "awaiting_payment"];

/**
 * The built-in carrier over a dataset file. Changes live in a state file next
 * to it (atomic snapshot after each change); every attempt is audited.
 * Calls are serialised so concurrent tool calls never interleave a change.
 */
export class SimulatedTelecomBackend implements TelecomBackend {
  private lock: Promise<unknown> = Promise.resolve();
  private dirty = false;
  private readonly audit: AuditLog;
  private readonly now: () => Date;
  /** The proposal the running action proposed, decided or consumed: recorded on its audit entry. */
  private auditProposalId: string | null = null;

  private constructor(
    readonly files: SimulatedBackendFiles,
    private data: Dataset,
    private verifications: Record<string, Verification>,
    private proposals: Proposal[],
    private readonly datasetSha256: string,
  ) {
    this.audit = new AuditLog(files.auditPath);
    this.now = files.now ?? (() => new Date());
  }

  /** Loads and validates the dataset, then applies the state file if there is one. Throws DatasetError on bad files. */
  static async open(files: SimulatedBackendFiles): Promise<SimulatedTelecomBackend> {
    const { dataset, sha256 } = await loadDataset(files.datasetPath);
    const state = await readState(files.statePath, sha256);
    return new SimulatedTelecomBackend(files, state?.data ?? dataset, state?.verifications ?? {}, state?.proposals ?? [], sha256);
  }

  /** A deep copy of the current data, for inspection. */
  snapshot(): Dataset {
    return structuredClone(this.data);
  }

  // ------------------------------------------------------------------ plumbing

  /**
   * Runs one action: serialised, audited, persisted when it changed something,
   * and rolled back if it could not be saved. Never throws.
   */
  private run<T extends object>(
    ctx: BackendContext,
    action: string,
    kind: ActionKind,
    args: object,
    fn: () => Result<T>,
    /** Who the action concerned when no customer is verified in the thread (simulated customer actions). */
    subject?: () => string | null,
  ): Promise<Result<T>> {
    const task = this.lock.then(async (): Promise<Result<T>> => {
      const at = this.now().toISOString();
      const threadId = typeof ctx?.threadId === "string" ? ctx.threadId : "";
      let result: Result<T>;
      const before = {
        data: structuredClone(this.data),
        verifications: structuredClone(this.verifications),
        proposals: structuredClone(this.proposals),
      };
      this.dirty = false;
      this.auditProposalId = null;
      if (!threadId.trim()) {
        result = refuse(
          "invalid_input",
          "No conversation thread id was given; identity is verified per conversation.",
          "retry_later",
          "Something went wrong on our side before I could look at that; please try again in a moment.",
        );
      } else {
        try {
          result = fn();
        } catch (err) {
          this.restore(before);
          result = refuse(
            "unavailable",
            `The backend failed while running ${action}: ${(err as Error).message}`,
            "hand_over",
            "Our account system ran into a problem just now, so nothing was changed; a colleague can pick this up for you.",
          );
        }
        if (this.dirty) {
          try {
            await this.persist();
          } catch (err) {
            this.restore(before);
            result = refuse(
              "unavailable",
              `The change could not be saved (${(err as Error).message}); nothing was changed. Try again later or hand over.`,
              "retry_later",
              "I couldn't save that just now, so nothing was changed; please try again in a few minutes.",
            );
          }
        }
      }
      await this.audit
        .record({
          at,
          threadId: threadId || "(none)",
          customerId: this.verifications[threadId]?.customerId ?? subject?.() ?? null,
          action,
          kind,
          args: { ...(args as Record<string, unknown>) },
          outcome: result.ok ? "ok" : "refused",
          code: result.ok ? null : result.code,
          reason: result.ok ? null : result.reason,
          ...(result.ok ? {} : { customerMessage: result.customerMessage }),
          ...(this.auditProposalId ? { proposalId: this.auditProposalId } : {}),
          ...(kind === "change" && result.ok ? { result } : {}),
        })
        .catch((err: unknown) => console.error(`[backend] audit log write failed: ${String(err)}`));
      return result;
    });
    this.lock = task.catch(() => undefined);
    return task;
  }

  private restore(before: { data: Dataset; verifications: Record<string, Verification>; proposals: Proposal[] }): void {
    this.data = before.data;
    this.verifications = before.verifications;
    this.proposals = before.proposals;
    this.dirty = false;
  }

  private async persist(): Promise<void> {
    const state: StateFile = {
      format: STATE_FORMAT,
      version: 1,
      datasetFile: this.files.datasetPath,
      datasetSha256: this.datasetSha256,
      updatedAt: this.now().toISOString(),
      data: this.data,
      verifications: this.verifications,
      proposals: this.proposals,
    };
    await writeState(this.files.statePath, state);
    this.dirty = false;
  }

  private plan(id: string): Plan {
    // Consistency checks at load guarantee every line's plan exists.
    return this.data.plans.find((p) => p.id === id)!;
  }

  private verifiedCustomer(ctx: BackendContext): Customer | Refusal {
    const v = this.verifications[ctx.threadId];
    const customer = v?.customerId ? this.data.customers.find((c) => c.id === v.customerId) : undefined;
    if (!customer)
      return refuse(
        "not_verified",
        "The customer's identity has not been verified in this conversation. Ask for the phone number on the account and their full name or date of birth, then look them up.",
        "verify_identity",
        "Before I can look at your account I need to confirm it's you: please tell me the phone number on the account and your full name or date of birth.",
      );
    return customer;
  }

  private resolveLine(customer: Customer, ref: LineRef | undefined, kind?: Line["kind"]): Line | Refusal {
    const mine = this.data.lines.filter((l) => l.customerId === customer.id && (!kind || l.kind === kind));
    const wanted = ref?.lineId?.trim();
    if (!wanted) {
      const open = mine.filter((l) => l.status !== "closed");
      if (open.length === 1) return open[0]!;
      const what = kind === "broadband" ? "home broadband" : kind === "mobile" ? "mobile" : "";
      if (open.length === 0)
        return refuse(
          "not_found",
          `The customer has no open ${kind ?? ""} line.`.replace("  ", " "),
          "inform_customer",
          `There is no open ${what} line on your account.`.replace("  ", " "),
        );
      return refuse(
        "invalid_input",
        `The customer has ${open.length} ${kind ?? ""} lines; say which one: ${open.map((l) => `${l.id} (${l.number})`).join(", ")}.`.replace("  ", " "),
        "ask_customer",
        `You have ${open.length} ${what} lines, ${open.map((l) => phone(l.number)).join(", ")}; which one do you mean?`.replace("  ", " "),
      );
    }
    const asNumber = normalizePhone(wanted);
    const line = this.data.lines.find((l) => l.id.toLowerCase() === wanted.toLowerCase() || (asNumber !== null && l.number === asNumber));
    if (!line)
      return refuse(
        "not_found",
        `No line "${wanted}" exists. Check the line id or number with the customer.`,
        "ask_customer",
        "I can't find a line with that number on your account; could you check the number?",
      );
    if (line.customerId !== customer.id)
      return refuse(
        "policy",
        `Line "${wanted}" is not on the verified customer's account; details of another account are never given or changed.`,
        "inform_customer",
        "That number isn't on your account, so I can't look at it or change it.",
      );
    if (kind && line.kind !== kind)
      return refuse(
        "invalid_input",
        `Line ${line.id} is a ${line.kind} line; this needs a ${kind} line.`,
        "ask_customer",
        `That's ${lineName(line)}, but this needs your ${kind === "mobile" ? "mobile line" : "home broadband"}; which one do you mean?`,
      );
    return line;
  }

  private ownBill(customer: Customer, billId: string): Bill | Refusal {
    const bill = this.data.bills.find((b) => b.id.toLowerCase() === billId.trim().toLowerCase());
    if (!bill)
      return refuse(
        "not_found",
        `No bill "${billId}" exists. Check the bill id (see list_bills).`,
        "ask_customer",
        "I can't find that bill on your account; which month's bill do you mean?",
      );
    if (bill.customerId !== customer.id)
      return refuse(
        "policy",
        `Bill "${billId}" is not on the verified customer's account.`,
        "inform_customer",
        "That bill isn't on your account, so I can't look at it.",
      );
    return bill;
  }

  private pendingRequests(customerId: string): PaymentRequest[] {
    return this.data.paymentRequests.filter((p) => p.customerId === customerId && p.status === "pending");
  }

  private nextId(prefix: string, ids: string[]): string {
    let max = 0;
    for (const id of ids) {
      const m = new RegExp(`^${prefix}(\\d+)$`).exec(id);
      if (m) max = Math.max(max, Number(m[1]));
    }
    return `${prefix}${String(max + 1).padStart(4, "0")}`;
  }

  private activeOutages(areaId: string, service: "mobile" | "broadband"): Outage[] {
    return this.data.outages.filter((o) => o.areaId === areaId && o.service === service && o.status === "active");
  }

  private verifiedView(c: Customer, method: NonNullable<Verification["method"]>): VerifiedCustomer {
    return { found: true, verified: true, customerId: c.id, firstName: c.firstName, lastName: c.lastName, tier: c.tier, method };
  }

  private failVerification(ctx: BackendContext, reason: string, customerMessage: string): Refusal {
    const v = (this.verifications[ctx.threadId] ??= { customerId: null, verifiedAt: null, method: null, failedAttempts: 0 });
    v.failedAttempts += 1;
    // A failed attempt also drops any earlier verification: the person on the line is in doubt.
    v.customerId = null;
    v.verifiedAt = null;
    v.method = null;
    this.dirty = true;
    if (v.failedAttempts >= MAX_FAILED_VERIFICATIONS)
      return refuse(
        "not_verified",
        `${reason} Too many failed attempts in this conversation: hand over to a human agent.`,
        "hand_over",
        "Those details still don't match our records, so for your security a colleague will help you confirm your identity another way.",
      );
    return refuse("not_verified", reason, "ask_customer", customerMessage);
  }

  private lockedOut(ctx: BackendContext): Refusal | null {
    const v = this.verifications[ctx.threadId];
    if (v && v.failedAttempts >= MAX_FAILED_VERIFICATIONS)
      return refuse(
        "policy",
        `Identity verification failed ${v.failedAttempts} times in this conversation; no further attempts are allowed. Hand over to a human agent.`,
        "hand_over",
        "For your security I can't take more identity attempts in this conversation; a colleague will help you confirm it's you.",
      );
    return null;
  }

  private markVerified(ctx: BackendContext, c: Customer, method: NonNullable<Verification["method"]>): VerifiedCustomer {
    this.verifications[ctx.threadId] = { customerId: c.id, verifiedAt: this.now().toISOString(), method, failedAttempts: 0 };
    this.dirty = true;
    return this.verifiedView(c, method);
  }

  // ------------------------------------------------------------------ identity

  findCustomerByPhone(
    ctx: BackendContext,
    args: { phoneNumber: string; fullName?: string; dateOfBirth?: string },
  ): Promise<Result<Identification | VerifiedCustomer>> {
    return this.run<Identification | VerifiedCustomer>(ctx, "findCustomerByPhone", "lookup", args, () => {
      const locked = this.lockedOut(ctx);
      if (locked) return locked;
      const number = normalizePhone(String(args?.phoneNumber ?? ""));
      if (!number)
        return refuse(
          "invalid_input",
          `"${args?.phoneNumber ?? ""}" is not a valid phone number; ask for the 10-digit number on the account (e.g. 555 010 0001).`,
          "ask_customer",
          "That doesn't look like a full phone number; could you give me the 10-digit number on the account, like 555 010 0001?",
        );
      const line = this.data.lines.find((l) => l.number === number && l.status !== "closed");
      const customer = line
        ? this.data.customers.find((c) => c.id === line.customerId)
        : this.data.customers.find((c) => c.contactPhone === number);
      if (!customer)
        return refuse(
          "not_found",
          "No account uses that number. Ask the customer to check it, or verify with full name and date of birth instead.",
          "ask_customer",
          "I couldn't find an account with that number; could you check it, or give me your full name and date of birth instead?",
        );
      const hasName = !!args.fullName?.trim();
      const hasDob = !!args.dateOfBirth?.trim();
      if (!hasName && !hasDob)
        return { ok: true, found: true, verified: false, maskedFirstName: maskFirstName(customer.firstName) };
      let dob: string | null = null;
      if (hasDob) {
        dob = parseDateOfBirth(args.dateOfBirth!);
        if (!dob)
          return refuse(
            "invalid_input",
            `"${args.dateOfBirth}" is not a valid date of birth; ask for it as YYYY-MM-DD or MM/DD/YYYY.`,
            "ask_customer",
            "I couldn't read that date of birth; could you write it like 12/31/1980?",
          );
      }
      const nameOk = !hasName || normalizeName(args.fullName!) === normalizeName(`${customer.firstName} ${customer.lastName}`);
      const dobOk = !hasDob || dob === customer.dateOfBirth;
      if (!nameOk || !dobOk) {
        // Which detail did not match may be said (the customer can correct it); what is on file never is.
        const wrong = !nameOk && !dobOk ? "name and date of birth" : !nameOk ? "name" : "date of birth";
        return this.failVerification(
          ctx,
          `The ${wrong} given do${wrong === "name and date of birth" ? "" : "es"} not match the account for that number. Ask the customer to check; never reveal what is on file.`,
          `The ${wrong} you gave ${wrong === "name and date of birth" ? "don't" : "doesn't"} match the account for that number; could you check ${wrong === "name and date of birth" ? "them" : "it"} and try again?`,
        );
      }
      return { ok: true, ...this.markVerified(ctx, customer, hasName ? "phone_and_name" : "phone_and_dob") };
    });
  }

  findCustomerByNameAndDob(ctx: BackendContext, args: { fullName: string; dateOfBirth: string }): Promise<Result<VerifiedCustomer>> {
    return this.run<VerifiedCustomer>(ctx, "findCustomerByNameAndDob", "lookup", args, () => {
      const locked = this.lockedOut(ctx);
      if (locked) return locked;
      const name = normalizeName(String(args?.fullName ?? ""));
      if (!name.includes(" "))
        return refuse("invalid_input", "Ask for the customer's full name (first and last).", "ask_customer", "Could you give me your full name, first and last?");
      const dob = parseDateOfBirth(String(args?.dateOfBirth ?? ""));
      if (!dob)
        return refuse(
          "invalid_input",
          `"${args?.dateOfBirth ?? ""}" is not a valid date of birth; ask for it as YYYY-MM-DD or MM/DD/YYYY.`,
          "ask_customer",
          "I couldn't read that date of birth; could you write it like 12/31/1980?",
        );
      const matches = this.data.customers.filter(
        (c) => c.dateOfBirth === dob && normalizeName(`${c.firstName} ${c.lastName}`) === name,
      );
      if (matches.length > 1)
        return refuse(
          "invalid_input",
          "More than one account matches; ask for the phone number on the account as well.",
          "ask_customer",
          "Could you also give me the phone number on the account, so I find the right one?",
        );
      if (matches.length === 0)
        return this.failVerification(
          ctx,
          "No account matches that name and date of birth. Ask the customer to check them, or for the phone number on the account.",
          "I couldn't find an account with that name and date of birth; could you check them, or give me the phone number on the account?",
        );
      return { ok: true, ...this.markVerified(ctx, matches[0]!, "name_and_dob") };
    });
  }

  getVerifiedCustomer(ctx: BackendContext): Promise<Result<VerifiedCustomer>> {
    return this.run<VerifiedCustomer>(ctx, "getVerifiedCustomer", "read", {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      return { ok: true, ...this.verifiedView(c, this.verifications[ctx.threadId]!.method!) };
    });
  }

  // ------------------------------------------------------------------ reads

  getCustomer(ctx: BackendContext): Promise<Result<CustomerView>> {
    return this.run<CustomerView>(ctx, "getCustomer", "read", {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const lines = this.data.lines
        .filter((l) => l.customerId === c.id)
        .map((l) => ({ id: l.id, kind: l.kind, number: l.number, status: l.status, planId: l.planId, planName: this.plan(l.planId).name }));
      return { ok: true, customer: structuredClone(c), lines };
    });
  }

  getLine(ctx: BackendContext, args: LineRef): Promise<Result<{ line: Line; plan: Plan }>> {
    return this.run<{ line: Line; plan: Plan }>(ctx, "getLine", "read", args ?? {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const line = this.resolveLine(c, args);
      if ("ok" in line) return line;
      return { ok: true, line: structuredClone(line), plan: structuredClone(this.plan(line.planId)) };
    });
  }

  listPlans(ctx: BackendContext, args?: { kind?: Plan["kind"] }): Promise<Result<{ plans: Plan[] }>> {
    // The catalogue is public: no verification needed.
    return this.run<{ plans: Plan[] }>(ctx, "listPlans", "read", args ?? {}, () => ({
      ok: true,
      plans: structuredClone(this.data.plans.filter((p) => !args?.kind || p.kind === args.kind)),
    }));
  }

  getPlan(ctx: BackendContext, args: { planId: string }): Promise<Result<{ plan: Plan }>> {
    return this.run<{ plan: Plan }>(ctx, "getPlan", "read", args, () => {
      const id = String(args?.planId ?? "").trim().toLowerCase();
      const plan = this.data.plans.find((p) => p.id.toLowerCase() === id || p.name.toLowerCase() === id);
      if (!plan)
        return refuse(
          "not_found",
          `No plan "${args?.planId}". Known plans: ${this.data.plans.map((p) => p.id).join(", ")}.`,
          "ask_customer",
          `I don't know a plan called "${args?.planId ?? ""}"; our plans are ${this.data.plans.map((p) => p.name).join(", ")}.`,
        );
      return { ok: true, plan: structuredClone(plan) };
    });
  }

  listBills(ctx: BackendContext, args?: { status?: BillStatus }): Promise<Result<{ bills: Bill[] }>> {
    return this.run<{ bills: Bill[] }>(ctx, "listBills", "read", args ?? {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const bills = this.data.bills
        .filter((b) => b.customerId === c.id && (!args?.status || b.status === args.status))
        .sort((a, b) => b.periodStart.localeCompare(a.periodStart));
      return { ok: true, bills: structuredClone(bills) };
    });
  }

  getBill(ctx: BackendContext, args: { billId: string }): Promise<Result<{ bill: Bill; pendingPaymentRequest: PaymentRequest | null }>> {
    return this.run<{ bill: Bill; pendingPaymentRequest: PaymentRequest | null }>(ctx, "getBill", "read", args, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const bill = this.ownBill(c, String(args?.billId ?? ""));
      if ("ok" in bill) return bill;
      const pending = this.pendingRequests(c.id).find((p) => p.billId === bill.id) ?? null;
      return { ok: true, bill: structuredClone(bill), pendingPaymentRequest: structuredClone(pending) };
    });
  }

  getUsage(ctx: BackendContext, args: LineRef): Promise<Result<UsageView>> {
    return this.run<UsageView>(ctx, "getUsage", "read", args ?? {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const line = this.resolveLine(c, args, "mobile");
      if ("ok" in line) return line;
      return { ok: true, ...this.usage(line) };
    });
  }

  private usage(line: Line): UsageView {
    const plan = this.plan(line.planId);
    const remaining = remainingDataGb(line, plan);
    return {
      lineId: line.id,
      number: line.number,
      planName: plan.name,
      dataLimitGb: plan.dataLimitGb,
      dataUsedGb: line.dataUsedGb,
      dataRefuelledGb: line.dataRefuelledGb,
      remainingGb: remaining,
      overLimit: remaining !== null && remaining <= 0,
      needsTopUp: remaining !== null && line.status === "active" && remaining < this.data.operator.topUpThresholdGb,
      topUpPricePerGb: plan.topUpPricePerGb,
      cycleEnd: line.cycleEnd,
      roamingEnabled: line.roamingEnabled,
    };
  }

  listDevices(ctx: BackendContext, args?: LineRef): Promise<Result<{ devices: import("./schemas.js").Device[] }>> {
    return this.run(ctx, "listDevices", "read", args ?? {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      let lineId: string | null = null;
      if (args?.lineId) {
        const line = this.resolveLine(c, args);
        if ("ok" in line) return line;
        lineId = line.id;
      }
      const devices = this.data.devices.filter((d) => d.customerId === c.id && (!lineId || d.lineId === lineId));
      return { ok: true, devices: structuredClone(devices) };
    });
  }

  // ------------------------------------------------------------------ network and diagnostics

  checkNetworkStatus(ctx: BackendContext, args?: { area?: string }): Promise<Result<AreaStatus>> {
    return this.run<AreaStatus>(ctx, "checkNetworkStatus", "read", args ?? {}, () => {
      let areaId: string;
      const query = args?.area?.trim();
      if (!query) {
        // Without an area, the customer's own address: that is account data, so it needs verification.
        const c = this.verifiedCustomer(ctx);
        if ("ok" in c)
          return refuse(
            "not_verified",
            "Give an area, ZIP code or city, or verify the customer to use their address.",
            "ask_customer",
            "Tell me your ZIP code or town and I'll check the network there.",
          );
        areaId = c.address.areaId;
      } else {
        const found = this.findArea(query);
        if (!found)
          return refuse(
            "not_found",
            `No network area matches "${query}". Ask for the ZIP code of the address.`,
            "ask_customer",
            `I couldn't find "${query}" on our network map; could you give me the ZIP code?`,
          );
        areaId = found;
      }
      return { ok: true, ...this.areaStatus(areaId) };
    });
  }

  private findArea(query: string): string | null {
    const q = query.toLowerCase();
    const byId = this.data.areas.find((a) => a.id.toLowerCase() === q);
    if (byId) return byId.id;
    for (const zip of query.match(/\b\d{5}\b/g) ?? []) {
      const a = this.data.areas.find((x) => x.postalCodes.includes(zip));
      if (a) return a.id;
    }
    const byName = this.data.areas.find((a) => q.includes(a.name.toLowerCase()));
    if (byName) return byName.id;
    const byCity = this.data.areas.find((a) => q.includes(a.city.toLowerCase()));
    return byCity?.id ?? null;
  }

  private areaStatus(areaId: string): AreaStatus {
    const area = this.data.areas.find((a) => a.id === areaId)!;
    const statusOf = (outages: Outage[]) =>
      outages.some((o) => o.severity === "down") ? ("outage" as const) : outages.length ? ("degraded" as const) : ("ok" as const);
    const mobile = this.activeOutages(areaId, "mobile");
    const broadband = this.activeOutages(areaId, "broadband");
    return {
      area: { id: area.id, name: area.name, city: area.city },
      mobile: { status: statusOf(mobile), technologies: [...area.mobileTechnologies], outages: structuredClone(mobile) },
      broadband: {
        available: area.broadbandAvailable,
        status: area.broadbandAvailable ? statusOf(broadband) : "not_available",
        outages: structuredClone(broadband),
      },
      planned: structuredClone(this.data.outages.filter((o) => o.areaId === areaId && o.status === "planned")),
    };
  }

  getLineStatus(ctx: BackendContext, args: LineRef): Promise<Result<LineStatusSummary>> {
    return this.run<LineStatusSummary>(ctx, "getLineStatus", "read", args ?? {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const line = this.resolveLine(c, args);
      if ("ok" in line) return line;
      return { ok: true, ...this.lineStatus(c, line) };
    });
  }

  private lineStatus(c: Customer, line: Line): LineStatusSummary {
    const now = this.now();
    const plan = this.plan(line.planId);
    const remaining = remainingDataGb(line, plan);
    const pending = this.pendingRequests(c.id)[0] ?? null;
    const overdueBills = this.data.bills
      .filter((b) => b.customerId === c.id && PAST_DUE.includes(b.status) && b.dueDate)
      .map((b) => ({ id: b.id, amount: b.amount, dueDate: b.dueDate!, daysOverdue: Math.max(0, daysBetween(b.dueDate!, today(now))), status: b.status }));
    const suspensionBill = line.suspensionBillId ? this.data.bills.find((b) => b.id === line.suspensionBillId) : undefined;
    const ended = contractEnded(line, now);

    const checks: Partial<Record<CarrierCheck, Observation>> = {};
    checks.line_status = line.status === "active" ? "ok" : line.status === "suspended" ? "line_suspended" : "line_not_active";
    checks.billing_status = pending ? "payment_pending" : overdueBills.length ? "bill_overdue" : "ok";
    checks.area_outage = this.activeOutages(c.address.areaId, line.kind).length ? "outage" : "ok";
    if (line.kind === "mobile") {
      checks.roaming_setting = line.roamingEnabled ? "ok" : "roaming_disabled";
      checks.data_allowance = remaining !== null && remaining <= 0 ? "data_exhausted" : "ok";
    } else {
      checks.broadband_line = line.lineTest && line.lineTest.result !== "ok" ? "line_fault" : "ok";
    }
    const order: Observation[] = [
      "line_not_active",
      "line_suspended",
      "contract_ended",
      "outage",
      "bill_overdue",
      "payment_pending",
      "data_exhausted",
      "line_fault",
      "roaming_disabled",
    ];
    const found = new Set<Observation>(Object.values(checks).filter((o) => o !== "ok"));
    if (ended && line.status === "suspended") found.add("contract_ended");
    const observations = order.filter((o) => found.has(o));

    return {
      lineId: line.id,
      number: line.number,
      kind: line.kind,
      status: line.status,
      planName: plan.name,
      suspensionReason: line.suspensionReason,
      suspendedAt: line.suspendedAt,
      suspensionBill: suspensionBill ? { id: suspensionBill.id, status: suspensionBill.status, amount: suspensionBill.amount } : null,
      contractEnd: line.contractEnd,
      contractEnded: ended,
      roamingEnabled: line.roamingEnabled,
      features: { ...line.features },
      data: { usedGb: line.dataUsedGb, limitGb: plan.dataLimitGb, refuelledGb: line.dataRefuelledGb, remainingGb: remaining, exhausted: checks.data_allowance === "data_exhausted" },
      pendingPaymentRequest: structuredClone(pending),
      overdueBills,
      checks,
      observations: observations.length ? observations : ["ok"],
    };
  }

  runBroadbandLineTest(ctx: BackendContext, args: LineRef): Promise<Result<LineTestView>> {
    return this.run<LineTestView>(ctx, "runBroadbandLineTest", "read", args ?? {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const line = this.resolveLine(c, args, "broadband");
      if ("ok" in line) return line;
      const outage = this.activeOutages(c.address.areaId, "broadband")[0] ?? null;
      const test = line.lineTest;
      const base = { lineId: line.id, testedAt: this.now().toISOString(), areaOutage: structuredClone(outage) };
      if (line.status !== "active")
        return { ok: true, ...base, result: "not_tested", detail: `The line is ${line.status.replace("_", " ")}; it cannot be tested.`, observation: "line_not_active" };
      if (outage)
        return { ok: true, ...base, result: "not_tested", detail: `Area outage: ${outage.title}.`, observation: "outage" };
      const result = test?.result ?? "ok";
      return {
        ok: true,
        ...base,
        result,
        detail: test?.detail || (result === "ok" ? "Line synchronised at the plan's speed; no faults found." : ""),
        observation: result === "ok" ? "ok" : "line_fault",
      };
    });
  }

  // ------------------------------------------------------------------ consent and account actions
  //
  // Every action that charges or changes a line runs through `gated`: the same
  // `prepare*` function resolves its arguments, applies policy and prices it,
  // both when it is proposed and when it is carried out, so a proposal that
  // would be refused is refused up front, and an action runs only against an
  // accepted proposal with exactly the same normalised arguments and price.

  proposeAction(ctx: BackendContext, request: ProposalRequest): Promise<Result<{ proposal: Proposal }>> {
    return this.run<{ proposal: Proposal }>(ctx, "proposeAction", "change", (request ?? {}) as object, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const parsed = ProposalRequestSchema.safeParse(request);
      if (!parsed.success)
        return refuse(
          "invalid_input",
          `Not a valid proposal: ${z.prettifyError(parsed.error)}`,
          "retry_later",
          "Something went wrong on my side while preparing that; could you tell me again what you'd like me to do?",
        );
      const prepared = this.prepare(ctx, c, parsed.data);
      if ("ok" in prepared) return prepared;
      if (prepared.refusal) return prepared.refusal;
      const id = this.nextId("P-", this.proposals.map((p) => p.id));
      // One open proposal per thread: the customer answers the last thing they were asked.
      for (const old of this.proposals)
        if (old.threadId === ctx.threadId && old.status === "proposed") this.settle(old, "expired", `replaced by ${id}`);
      const proposal: Proposal = {
        id,
        threadId: ctx.threadId,
        customerId: c.id,
        action: prepared.action,
        args: prepared.args,
        effect: prepared.effect,
        price: prepared.price,
        pricePer: prepared.pricePer,
        currency: this.data.operator.currency,
        status: "proposed",
        createdAt: this.now().toISOString(),
        decidedAt: null,
        customerWords: null,
        settledAt: null,
        settledNote: null,
      };
      this.proposals.push(proposal);
      this.auditProposalId = id;
      this.dirty = true;
      return { ok: true, proposal: structuredClone(proposal) };
    });
  }

  recordCustomerDecision(
    ctx: BackendContext,
    args: { proposalId: string; accepted: boolean; customerWords: string },
  ): Promise<Result<{ proposal: Proposal }>> {
    return this.run<{ proposal: Proposal }>(ctx, "recordCustomerDecision", "change", args ?? {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const wanted = String(args?.proposalId ?? "").trim().toLowerCase();
      // Only this thread's proposals exist for it: another conversation's offer cannot be accepted here.
      const p = this.proposals.find((x) => x.id.toLowerCase() === wanted && x.threadId === ctx.threadId);
      if (!p || p.customerId !== c.id)
        return refuse(
          "not_found",
          `No proposal "${args?.proposalId ?? ""}" for this customer in this conversation.`,
          "inform_customer",
          "I haven't offered anything for you to agree to yet, so nothing has been done.",
        );
      this.auditProposalId = p.id;
      if (typeof args.accepted !== "boolean")
        return refuse("invalid_input", "accepted must be true or false.", "ask_customer", `Would you like me to ${p.effect}?`);
      if (typeof args.customerWords !== "string" || !args.customerWords.trim())
        return refuse(
          "invalid_input",
          "A decision needs the customer's own words, quoted from their message.",
          "ask_customer",
          `Would you like me to ${p.effect}?`,
        );
      if (p.status !== "proposed") {
        const customerMessage = {
          accepted: "You've already said yes to that.",
          done: "That's already done.",
          declined: "You said no to that earlier, so nothing was done.",
          expired: "That offer was replaced by a newer one, so nothing was done with it.",
          failed: "That couldn't be done when we tried, so nothing was changed.",
        }[p.status];
        return refuse("policy", `Proposal ${p.id} is ${p.status}; only an open proposal can be accepted or declined.`, "inform_customer", customerMessage);
      }
      p.status = args.accepted ? "accepted" : "declined";
      p.decidedAt = this.now().toISOString();
      p.customerWords = args.customerWords.trim();
      this.dirty = true;
      return { ok: true, proposal: structuredClone(p) };
    });
  }

  pendingProposal(ctx: BackendContext): Promise<Result<{ proposal: Proposal | null }>> {
    return this.run<{ proposal: Proposal | null }>(ctx, "pendingProposal", "read", {}, () => {
      const customerId = this.verifications[ctx.threadId]?.customerId ?? null;
      const open = this.proposals.filter((p) => p.threadId === ctx.threadId && p.customerId === customerId && p.status === "proposed");
      return { ok: true, proposal: structuredClone(open.at(-1) ?? null) };
    });
  }

  private settle(p: Proposal, status: "done" | "failed" | "expired", note: string): void {
    p.status = status;
    p.settledAt = this.now().toISOString();
    p.settledNote = note;
    this.dirty = true;
  }

  /** The oldest accepted, unconsumed proposal of this thread and customer for exactly this action and these arguments. */
  private acceptedProposal(threadId: string, customerId: string, action: AccountActionKind, args: NormalisedArgs): Proposal | null {
    return (
      this.proposals.find(
        (p) => p.threadId === threadId && p.customerId === customerId && p.status === "accepted" && p.action === action && sameArgs(p.args, args),
      ) ?? null
    );
  }

  private prepare(ctx: BackendContext, c: Customer, request: ProposalRequestParsed): Refusal | Prepared<object> {
    switch (request.action) {
      case "top_up_data":
        return this.prepareTopUp(c, request.args);
      case "enable_roaming":
        return this.prepareRoaming(c, request.args, true);
      case "disable_roaming":
        return this.prepareRoaming(c, request.args, false);
      case "send_payment_request":
        return this.preparePaymentRequest(ctx, c, request.args);
      case "resume_line":
        return this.prepareResume(c, request.args);
      case "change_plan":
        return this.preparePlanChange(c, request.args);
      case "book_technician":
        return this.prepareTechnician(ctx, c, request.args);
    }
  }

  /**
   * Runs a consented action: verified customer, the action's own policy (a
   * refusal also fails the matching accepted proposal, so it is never replayed),
   * then the accepted proposal with the same arguments and price, consumed once.
   */
  private gated<R extends object>(
    ctx: BackendContext,
    auditAction: string,
    rawArgs: object | undefined,
    prepare: (c: Customer) => Refusal | Prepared<R>,
  ): Promise<Result<R>> {
    return this.run<R>(ctx, auditAction, "change", rawArgs ?? {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const prepared = prepare(c);
      if ("ok" in prepared) return prepared;
      const consent = this.acceptedProposal(ctx.threadId, c.id, prepared.action, prepared.args);
      if (consent) this.auditProposalId = consent.id;
      if (prepared.refusal) {
        if (consent) this.settle(consent, "failed", prepared.refusal.reason);
        return prepared.refusal;
      }
      if (!consent)
        return refuse(
          "consent_required",
          `No accepted proposal for ${prepared.action} ${JSON.stringify(prepared.args)} in this conversation. Propose it (proposeAction), tell the customer the effect and price, and act only after they say yes.`,
          "ask_customer",
          `Nothing has been done yet: I need your go-ahead to ${prepared.effect}.`,
        );
      if (consent.price !== prepared.price) {
        this.settle(consent, "failed", `price changed from ${consent.price} to ${prepared.price}`);
        return refuse(
          "consent_required",
          `The price changed since proposal ${consent.id} was accepted (${consent.price} -> ${prepared.price}); propose it again.`,
          "ask_customer",
          `The price has changed since you agreed, so nothing was done: I need your go-ahead to ${prepared.effect}.`,
        );
      }
      const result = prepared.apply();
      this.settle(consent, "done", auditAction);
      return { ok: true, ...result };
    });
  }

  setRoaming(ctx: BackendContext, args: LineRef & { enabled: boolean }) {
    return this.gated(ctx, args?.enabled ? "enableRoaming" : "disableRoaming", args, (c) => {
      if (typeof args?.enabled !== "boolean")
        return refuse("invalid_input", "Say whether roaming should be enabled or disabled.", "ask_customer", "Would you like roaming switched on or off?");
      return this.prepareRoaming(c, args, args.enabled);
    });
  }

  private prepareRoaming(c: Customer, args: LineRef | undefined, enabled: boolean): Refusal | Prepared<RoamingResult> {
    const action = enabled ? "enable_roaming" : "disable_roaming";
    const line = this.resolveLine(c, args, "mobile");
    if ("ok" in line) return line;
    const normalised = { lineId: line.id };
    const refusal =
      checkRoaming(line, enabled) ??
      (line.roamingEnabled === enabled
        ? refuse(
            "policy",
            `Roaming is already ${enabled ? "on" : "off"} on ${line.id}.`,
            "inform_customer",
            `Roaming is already ${enabled ? "on" : "off"} for ${lineName(line)}.`,
          )
        : null);
    if (refusal) return { action, args: normalised, refusal };
    const op = this.data.operator;
    const pass = money(op.travelPassPerDay, op.currency);
    return {
      action,
      args: normalised,
      refusal: null,
      // Switching on is free; what the customer agrees to is the Travel Pass day price when they use the phone abroad.
      price: enabled ? op.travelPassPerDay : 0,
      pricePer: enabled ? "day" : "once",
      effect: enabled
        ? `turn on roaming for ${lineName(line)}: switching it on is free, and each day you use your phone in a Travel Pass destination costs ${pass}`
        : `turn off roaming for ${lineName(line)}, so it won't connect to networks abroad`,
      apply: () => {
        line.roamingEnabled = enabled;
        this.dirty = true;
        const note = enabled
          ? `Roaming is on at no charge. Usage abroad follows the destination's roaming rates; a Travel Pass (${op.travelPassPerDay.toFixed(2)} ${op.currency}/day) uses the plan allowance abroad. The phone's own data roaming setting must also be on.`
          : "Roaming is off: the line will not use networks abroad.";
        return { lineId: line.id, roamingEnabled: line.roamingEnabled, charge: 0, note };
      },
    };
  }

  topUpData(ctx: BackendContext, args: LineRef & { gb: number }) {
    return this.gated(ctx, "topUpData", args, (c) => this.prepareTopUp(c, args));
  }

  private prepareTopUp(c: Customer, args: (LineRef & { gb: number }) | undefined): Refusal | Prepared<TopUpResult> {
    const line = this.resolveLine(c, args, "mobile");
    if ("ok" in line) return line;
    const gb = Number(args?.gb);
    const normalised = { lineId: line.id, gb };
    const plan = this.plan(line.planId);
    const refusal = checkTopUp(line, plan, gb, this.data.operator);
    if (refusal) return { action: "top_up_data", args: normalised, refusal };
    const charge = round2(gb * plan.topUpPricePerGb!);
    return {
      action: "top_up_data",
      args: normalised,
      refusal: null,
      price: charge,
      pricePer: "once",
      effect: `add ${gb} GB of data to ${phone(line.number)} for ${money(charge, this.data.operator.currency)}, charged to your next bill`,
      apply: () => {
        line.dataRefuelledGb = round2(line.dataRefuelledGb + gb);
        const bill = this.draftBill(c);
        bill.lineItems.push({ description: `Data top-up ${gb} GB (${line.number})`, kind: "top_up", amount: charge, lineId: line.id, disputed: false });
        bill.amount = round2(bill.amount + charge);
        this.dirty = true;
        return { lineId: line.id, addedGb: gb, remainingGb: remainingDataGb(line, plan)!, charge, billId: bill.id };
      },
    };
  }

  /** Charges made now go on the bill of the current period, created as a draft if needed. */
  private draftBill(c: Customer): Bill {
    const d = today(this.now());
    const existing = this.data.bills.find((b) => b.customerId === c.id && b.status === "draft" && b.periodStart <= d && d <= b.periodEnd);
    if (existing) return existing;
    const [y, m] = [Number(d.slice(0, 4)), Number(d.slice(5, 7))];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const bill: Bill = {
      id: this.nextId("B-", this.data.bills.map((b) => b.id)),
      customerId: c.id,
      periodStart: `${d.slice(0, 7)}-01`,
      periodEnd: `${d.slice(0, 7)}-${String(last).padStart(2, "0")}`,
      issueDate: null,
      dueDate: null,
      amount: 0,
      status: "draft",
      paidAt: null,
      lineItems: [],
    };
    this.data.bills.push(bill);
    return bill;
  }

  sendPaymentRequest(ctx: BackendContext, args: { billId: string; channel?: "sms" | "email" }) {
    return this.gated(ctx, "sendPaymentRequest", args, (c) => this.preparePaymentRequest(ctx, c, args));
  }

  private preparePaymentRequest(
    ctx: BackendContext,
    c: Customer,
    args: { billId: string; channel?: "sms" | "email" } | undefined,
  ): Refusal | Prepared<{ paymentRequest: PaymentRequest }> {
    const bill = this.ownBill(c, String(args?.billId ?? ""));
    if ("ok" in bill) return bill;
    const channel = args?.channel ?? "sms";
    if (channel !== "sms" && channel !== "email")
      return refuse("invalid_input", `Channel "${String(channel)}" is not sms or email.`, "ask_customer", "Would you like the payment link by text or by email?");
    const normalised = { billId: bill.id, channel };
    const pending = this.pendingRequests(c.id);
    const pendingBill = pending[0] ? this.data.bills.find((b) => b.id === pending[0]!.billId) : undefined;
    const currency = this.data.operator.currency;
    const refusal = checkPaymentRequest(bill, pending, pendingBill, currency);
    if (refusal) return { action: "send_payment_request", args: normalised, refusal };
    const sentTo = channel === "sms" ? c.contactPhone : c.email;
    return {
      action: "send_payment_request",
      args: normalised,
      refusal: null,
      price: bill.amount,
      pricePer: "once",
      effect: `send you a payment link for ${billName(bill)} (${money(bill.amount, currency)}) by ${channel === "sms" ? `text to ${phone(sentTo)}` : `email to ${sentTo}`}`,
      apply: () => {
        const request: PaymentRequest = {
          id: this.nextId("PR-", this.data.paymentRequests.map((p) => p.id)),
          customerId: c.id,
          billId: bill.id,
          amount: bill.amount,
          channel,
          sentTo,
          status: "pending",
          sentAt: this.now().toISOString(),
          threadId: ctx.threadId,
        };
        this.data.paymentRequests.push(request);
        bill.status = "awaiting_payment";
        this.dirty = true;
        return { paymentRequest: structuredClone(request) };
      },
    };
  }

  resumeLine(ctx: BackendContext, args: LineRef) {
    return this.gated(ctx, "resumeLine", args, (c) => this.prepareResume(c, args));
  }

  private prepareResume(c: Customer, args: LineRef | undefined): Refusal | Prepared<{ lineId: string; status: Line["status"] }> {
    const line = this.resolveLine(c, args);
    if ("ok" in line) return line;
    const normalised = { lineId: line.id };
    const bill = line.suspensionBillId ? this.data.bills.find((b) => b.id === line.suspensionBillId) : undefined;
    const refusal = checkResume(line, bill, this.now());
    if (refusal) return { action: "resume_line", args: normalised, refusal };
    return {
      action: "resume_line",
      args: normalised,
      refusal: null,
      price: 0,
      pricePer: "once",
      effect: `switch ${lineName(line)} back on`,
      apply: () => {
        line.status = "active";
        line.suspendedAt = null;
        line.suspensionReason = null;
        line.suspensionBillId = null;
        if (c.accountStatus === "suspended" && !this.data.lines.some((l) => l.customerId === c.id && l.status === "suspended"))
          c.accountStatus = "active";
        this.dirty = true;
        return { lineId: line.id, status: line.status };
      },
    };
  }

  changePlan(ctx: BackendContext, args: LineRef & { planId: string }) {
    return this.gated(ctx, "changePlan", args, (c) => this.preparePlanChange(c, args));
  }

  private findPlan(query: string): Plan | undefined {
    const q = query.trim().toLowerCase();
    return this.data.plans.find((p) => p.id.toLowerCase() === q || p.name.toLowerCase() === q);
  }

  private preparePlanChange(c: Customer, args: (LineRef & { planId: string }) | undefined): Refusal | Prepared<PlanChangeResult> {
    const next = this.findPlan(String(args?.planId ?? ""));
    if (!next)
      return refuse(
        "not_found",
        `No plan "${args?.planId ?? ""}". Known plans: ${this.data.plans.map((p) => p.id).join(", ")}.`,
        "ask_customer",
        `I don't know a plan called "${args?.planId ?? ""}"; our plans are ${this.data.plans.map((p) => p.name).join(", ")}.`,
      );
    const line = this.resolveLine(c, args, args?.lineId ? undefined : next.kind);
    if ("ok" in line) return line;
    const normalised = { lineId: line.id, planId: next.id };
    const current = this.plan(line.planId);
    const now = this.now();
    const bills = this.data.bills.filter((b) => b.customerId === c.id);
    const refusal = checkPlanChange(line, current, next, bills, this.data.operator, now);
    if (refusal) return { action: "change_plan", args: normalised, refusal };
    const currency = this.data.operator.currency;
    const monthly = money(next.monthlyPrice, currency);
    const d = today(now);
    // Upgrades (and same-price moves) start now; a downgrade waits for the next cycle (knowledge: plan-upgrades-and-eligibility).
    const downgrade = next.monthlyPrice < current.monthlyPrice;
    const effectiveFrom = downgrade ? addDays(line.cycleEnd, 1) : d;
    // The rest of this cycle at the new price, as a prorated difference on the current bill (a 30-day cycle).
    const daysLeft = Math.min(30, Math.max(0, daysBetween(d, line.cycleEnd) + 1));
    const prorated = downgrade || next.id === current.id ? 0 : round2(((next.monthlyPrice - current.monthlyPrice) * daysLeft) / 30);
    const effect =
      next.id === current.id
        ? `keep ${lineName(line)} on ${current.name} at ${money(current.monthlyPrice, currency)} a month and cancel the planned move to ${this.plan(line.pendingPlanId!).name}`
        : downgrade
          ? `move ${lineName(line)} from ${current.name} to ${next.name} at ${monthly} a month from ${longDate(effectiveFrom)}, the start of your next billing period`
          : `move ${lineName(line)} from ${current.name} to ${next.name} at ${monthly} a month, starting today${prorated > 0 ? `; your next bill includes ${money(prorated, currency)} for the rest of this billing period` : ""}`;
    return {
      action: "change_plan",
      args: normalised,
      refusal: null,
      price: next.monthlyPrice,
      pricePer: "month",
      effect,
      apply: () => {
        if (downgrade) line.pendingPlanId = next.id;
        else {
          line.planId = next.id;
          line.pendingPlanId = null;
          if (prorated > 0) {
            const bill = this.draftBill(c);
            bill.lineItems.push({
              description: `${current.name} to ${next.name}: ${daysLeft} day(s) at the new price (${line.number})`,
              kind: "plan",
              amount: prorated,
              lineId: line.id,
              disputed: false,
            });
            bill.amount = round2(bill.amount + prorated);
          }
        }
        this.dirty = true;
        return { lineId: line.id, planId: line.planId, pendingPlanId: line.pendingPlanId, effectiveFrom, charge: prorated };
      },
    };
  }

  bookTechnician(ctx: BackendContext, args: LineRef & { preferredDate?: string; notes?: string }) {
    return this.gated(ctx, "bookTechnician", args, (c) => this.prepareTechnician(ctx, c, args));
  }

  private prepareTechnician(
    ctx: BackendContext,
    c: Customer,
    args: (LineRef & { preferredDate?: string; notes?: string }) | undefined,
  ): Refusal | Prepared<{ ticket: Ticket }> {
    const line = this.resolveLine(c, args, "broadband");
    if ("ok" in line) return line;
    const d = today(this.now());
    const wanted = args?.preferredDate?.trim() || null;
    let date: string;
    if (wanted) {
      const parsed = parseDateOfBirth(wanted);
      if (!parsed || parsed <= d)
        return refuse(
          "invalid_input",
          `"${wanted}" is not a future date; ask for a date after today (${d}).`,
          "ask_customer",
          `Visits can be booked from tomorrow onwards; which day after ${longDate(d)} suits you?`,
        );
      date = parsed;
    } else {
      const next = new Date(`${d}T12:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 2);
      if (next.getUTCDay() === 0) next.setUTCDate(next.getUTCDate() + 1); // no Sunday visits
      date = next.toISOString().slice(0, 10);
    }
    // The resolved date under the argument's own name, so a proposal's args can be passed back to bookTechnician as they are.
    const normalised = { lineId: line.id, preferredDate: date };
    const booked = this.data.tickets.find(
      (t) => t.lineId === line.id && t.category === "technician" && !["resolved", "closed"].includes(t.status),
    );
    const refusal =
      checkTechnician(line, this.activeOutages(c.address.areaId, "broadband")[0]) ??
      (booked
        ? refuse(
            "policy",
            `A technician visit is already booked for this line on ${booked.appointmentDate} (ticket ${booked.id}).`,
            "inform_customer",
            `A technician visit is already booked for ${lineName(line)}${booked.appointmentDate ? ` on ${dayAndDate(booked.appointmentDate)}` : ""}.`,
          )
        : null) ??
      (new Date(`${date}T12:00:00Z`).getUTCDay() === 0
        ? refuse("invalid_input", `${date} is a Sunday; visits are Monday to Saturday.`, "ask_customer", "Technicians visit Monday to Saturday; which other day suits you?")
        : null);
    if (refusal) return { action: "book_technician", args: normalised, refusal };
    const op = this.data.operator;
    return {
      action: "book_technician",
      args: normalised,
      refusal: null,
      price: 0,
      pricePer: "once",
      effect: `book a technician to visit ${c.address.street} for ${lineName(line)} on ${dayAndDate(date)}; the visit is free when the fault is on our network or our equipment, and a ${money(op.technicianCalloutFee, op.currency)} callout fee applies only if it is in your own wiring or equipment`,
      apply: () => {
        const impact = line.lineTest?.result === "fault" || line.lineTest?.result === "no_sync" ? "no_service" : "degraded";
        const ticket = this.newTicket(ctx, c, {
          category: "technician",
          subject: `Technician visit for ${line.number}`,
          description: args?.notes ?? "",
          lineId: line.id,
          urgency: "medium",
          sentiment: "neutral",
          impact,
        });
        ticket.assignee = "field-technicians";
        ticket.appointmentDate = date;
        ticket.history.push({ at: ticket.createdAt, by: "agent", action: "appointment_booked", note: `Visit on ${date}` });
        return { ticket: structuredClone(ticket) };
      },
    };
  }

  // ------------------------------------------------------------------ tickets

  private newTicket(ctx: BackendContext, c: Customer | null, input: TicketInput): Ticket {
    const at = this.now().toISOString();
    const ticket: Ticket = {
      id: this.nextId("T-", this.data.tickets.map((t) => t.id)),
      customerId: c?.id ?? null,
      lineId: input.lineId ?? null,
      threadId: ctx.threadId,
      status: "open",
      priority: derivePriority({
        urgency: input.urgency ?? "medium",
        sentiment: input.sentiment ?? "neutral",
        impact: input.impact ?? "degraded",
        tier: c?.tier ?? "standard",
      }),
      category: input.category,
      subject: input.subject.trim(),
      description: input.description ?? "",
      assignee: null,
      handoverSummary: null,
      appointmentDate: null,
      createdAt: at,
      updatedAt: at,
      history: [{ at, by: "agent", action: "opened", note: input.subject.trim() }],
    };
    this.data.tickets.push(ticket);
    this.dirty = true;
    return ticket;
  }

  openTicket(ctx: BackendContext, args: TicketInput) {
    return this.run<{ ticket: Ticket }>(ctx, "openTicket", "change", args ?? {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      if (!args?.subject?.trim())
        return refuse("invalid_input", "A ticket needs a subject.", "ask_customer", "What would you like the ticket to be about?");
      let lineId: string | undefined;
      if (args.lineId) {
        const line = this.resolveLine(c, args);
        if ("ok" in line) return line;
        lineId = line.id;
      }
      const ticket = this.newTicket(ctx, c, { ...args, lineId });
      return { ok: true, ticket: structuredClone(ticket) };
    });
  }

  private ownTicket(ctx: BackendContext, c: Customer, ticketId: string): Ticket | Refusal {
    const t = this.data.tickets.find((x) => x.id.toLowerCase() === ticketId.trim().toLowerCase());
    if (!t)
      return refuse("not_found", `No ticket "${ticketId}".`, "ask_customer", "I can't find a ticket with that number on your account; could you check it?");
    if (t.customerId !== c.id && !(t.customerId === null && t.threadId === ctx.threadId))
      return refuse(
        "policy",
        `Ticket "${ticketId}" is not on the verified customer's account.`,
        "inform_customer",
        "That ticket isn't on your account, so I can't look at it.",
      );
    return t;
  }

  updateTicket(ctx: BackendContext, args: TicketUpdate) {
    return this.run<{ ticket: Ticket }>(ctx, "updateTicket", "change", args ?? {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const t = this.ownTicket(ctx, c, String(args?.ticketId ?? ""));
      if ("ok" in t) return t;
      if (t.status === "closed")
        return refuse(
          "policy",
          `Ticket ${t.id} is closed; open a new ticket instead.`,
          "inform_customer",
          "That ticket is already closed; if the problem is back, a new one can be opened for you.",
        );
      if (!args.status && !args.note?.trim() && !args.assignee?.trim())
        return refuse(
          "invalid_input",
          "Nothing to update: give a status, a note or an assignee.",
          "ask_customer",
          "What would you like me to add to the ticket?",
        );
      const at = this.now().toISOString();
      const changes: string[] = [];
      if (args.status && args.status !== t.status) {
        changes.push(`status ${t.status} -> ${args.status}`);
        t.status = args.status as TicketStatus;
      }
      if (args.assignee?.trim() && args.assignee.trim() !== t.assignee) {
        changes.push(`assignee -> ${args.assignee.trim()}`);
        t.assignee = args.assignee.trim();
      }
      t.history.push({ at, by: "agent", action: changes.length ? changes.join("; ") : "note", note: args.note?.trim() ?? "" });
      t.updatedAt = at;
      this.dirty = true;
      return { ok: true, ticket: structuredClone(t) };
    });
  }

  getTicket(ctx: BackendContext, args: { ticketId: string }) {
    return this.run<{ ticket: Ticket }>(ctx, "getTicket", "read", args ?? {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const t = this.ownTicket(ctx, c, String(args?.ticketId ?? ""));
      if ("ok" in t) return t;
      return { ok: true, ticket: structuredClone(t) };
    });
  }

  listTickets(ctx: BackendContext, args?: { status?: TicketStatus }) {
    return this.run<{ tickets: Ticket[] }>(ctx, "listTickets", "read", args ?? {}, () => {
      const c = this.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const tickets = this.data.tickets.filter((t) => t.customerId === c.id && (!args?.status || t.status === args.status));
      return { ok: true, tickets: structuredClone(tickets) };
    });
  }

  /** The thread's hand-over ticket that is still being worked on: one per conversation. */
  private openHandover(threadId: string): Ticket | undefined {
    return this.data.tickets.find((t) => t.threadId === threadId && t.category === "handover" && !["resolved", "closed"].includes(t.status));
  }

  transferToHuman(ctx: BackendContext, args: HandoverInput) {
    return this.run<{ ticket: Ticket; queue: string; reused: boolean }>(ctx, "transferToHuman", "change", args ?? {}, () => {
      if (!args?.summary?.trim())
        return refuse(
          "invalid_input",
          "A hand-over needs a summary of the conversation so the customer does not have to repeat it.",
          "retry_later",
          "Could you tell me in a sentence what you need help with, so the right person picks it up?",
        );
      const verified = this.verifiedCustomer(ctx);
      const c = "ok" in verified ? null : verified;
      const summary = args.summary.trim();
      const reason = args.reason?.trim() || "handover";
      const at = this.now().toISOString();
      const priority = derivePriority({
        urgency: args.urgency ?? "medium",
        sentiment: args.sentiment ?? "neutral",
        impact: args.impact ?? "degraded",
        tier: c?.tier ?? "standard",
      });
      const existing = this.openHandover(ctx.threadId);
      if (existing) {
        // A later hand-over in the same conversation adds to the ticket a person is already on.
        existing.history.push({ at, by: "agent", action: "handover_note", note: reason === "handover" ? summary : `${reason}: ${summary}` });
        existing.handoverSummary = summary;
        if (existing.customerId === null && c) {
          existing.customerId = c.id;
          existing.history.push({ at, by: "agent", action: "identity_verified", note: `Customer ${c.id} verified in the conversation` });
        }
        if (PRIORITY_RANK[priority] > PRIORITY_RANK[existing.priority]) {
          existing.history.push({ at, by: "agent", action: `priority ${existing.priority} -> ${priority}`, note: "" });
          existing.priority = priority;
        }
        existing.updatedAt = at;
        this.dirty = true;
        return { ok: true, ticket: structuredClone(existing), queue: existing.assignee ?? "customer-care", reused: true };
      }
      const queue = c?.tier === "business" ? "business-support" : "customer-care";
      const ticket = this.newTicket(ctx, c, {
        category: "handover",
        subject: `Hand-over: ${reason}`,
        description: c ? "" : "Identity not verified in this conversation.",
        urgency: args.urgency,
        sentiment: args.sentiment,
        impact: args.impact,
      });
      ticket.handoverSummary = summary;
      ticket.assignee = queue;
      ticket.history.push({ at: ticket.createdAt, by: "agent", action: "handover_note", note: summary });
      ticket.history.push({ at: ticket.createdAt, by: "agent", action: "transferred", note: `Queued for ${queue}` });
      return { ok: true, ticket: structuredClone(ticket), queue, reused: false };
    });
  }

  appendToHandover(ctx: BackendContext, args: { text: string; by?: "customer" | "agent" }) {
    return this.run<{ ticket: Ticket; queue: string }>(ctx, "appendToHandover", "change", args ?? {}, () => {
      const text = typeof args?.text === "string" ? args.text.trim() : "";
      if (!text)
        return refuse("invalid_input", "Nothing to add: the text is empty.", "ask_customer", "What would you like me to pass on to the team?");
      const ticket = this.openHandover(ctx.threadId);
      if (!ticket)
        return refuse(
          "not_found",
          "This conversation has no open hand-over ticket; use transferToHuman to open one.",
          "inform_customer",
          "You haven't been passed to a colleague in this conversation yet.",
        );
      const at = this.now().toISOString();
      const by = args.by === "agent" ? "agent" : "customer";
      ticket.history.push({ at, by, action: by === "customer" ? "customer_message" : "handover_note", note: text });
      ticket.updatedAt = at;
      this.dirty = true;
      return { ok: true, ticket: structuredClone(ticket), queue: ticket.assignee ?? "customer-care" };
    });
  }

  // ------------------------------------------------------------------ audit and simulation

  async queryAudit(query?: AuditQuery): Promise<AuditQueryResult> {
    await this.lock;
    return this.audit.query(query);
  }

  /**
   * Simulates the customer paying a bill (e.g. through the payment request link).
   * Not an agent tool: the agent can never mark a bill paid. Audited as "customer".
   */
  recordCustomerPayment(billId: string): Promise<Result<{ bill: Bill }>> {
    return this.run<{ bill: Bill }>({ threadId: "simulation:customer" }, "recordCustomerPayment", "change", { billId }, () => {
      const bill = this.data.bills.find((b) => b.id === billId);
      if (!bill) return refuse("not_found", `No bill "${billId}".`, "ask_customer", "I can't find that bill.");
      if (bill.status === "paid")
        return refuse("policy", `Bill ${billId} is already paid.`, "inform_customer", `${capitalise(billName(bill))} is already paid.`);
      if (bill.status === "draft")
        return refuse(
          "policy",
          `Bill ${billId} has not been issued yet.`,
          "inform_customer",
          `${capitalise(billName(bill))} hasn't been issued yet, so it can't be paid.`,
        );
      bill.status = "paid";
      bill.paidAt = today(this.now());
      for (const p of this.data.paymentRequests) if (p.billId === bill.id && p.status === "pending") p.status = "paid";
      this.dirty = true;
      return { ok: true, bill: structuredClone(bill) };
    }, () => this.data.bills.find((b) => b.id === billId)?.customerId ?? null);
  }
}
