import { z } from "zod";
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
import { parseDateOfBirth } from "./identity.js";
import {
  checkPaymentRequest,
  checkPlanChange,
  checkResume,
  checkRoaming,
  checkTechnician,
  checkTopUp,
  daysBetween,
  refuse,
  remainingDataGb,
  round2,
  today,
} from "./policy.js";
import { ProposalRequest as ProposalRequestSchema } from "./schemas.js";
import type {
  AccountActionKind,
  Bill,
  Customer,
  Line,
  PaymentRequest,
  Proposal,
  ProposalRequest,
  Refusal,
  Result,
  Ticket,
} from "./schemas.js";
import type { BackendStore } from "./store.js";
import type { TicketDesk } from "./tickets.js";
import type { BackendContext, LineRef } from "./types.js";
import { billName, dayAndDate, lineName, longDate, money, phone } from "./wording.js";

/**
 * Consent and account actions. Every action that charges or changes a line
 * runs through `gated`: the same `prepare*` function resolves its arguments,
 * applies policy and prices it, both when it is proposed and when it is
 * carried out, so a proposal that would be refused is refused up front, and
 * an action runs only against an accepted proposal with exactly the same
 * normalised arguments and price.
 */
export class AccountActions {
  constructor(
    private readonly s: BackendStore,
    private readonly tickets: TicketDesk,
  ) {}

  proposeAction(ctx: BackendContext, request: ProposalRequest): Promise<Result<{ proposal: Proposal }>> {
    return this.s.run<{ proposal: Proposal }>(ctx, "proposeAction", "change", (request ?? {}) as object, () => {
      const c = this.s.verifiedCustomer(ctx);
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
      const id = this.s.nextId("P-", this.s.proposals.map((p) => p.id));
      // One open proposal per thread: the customer answers the last thing they were asked.
      for (const old of this.s.proposals)
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
        currency: this.s.data.operator.currency,
        status: "proposed",
        createdAt: this.s.now().toISOString(),
        decidedAt: null,
        customerWords: null,
        settledAt: null,
        settledNote: null,
      };
      this.s.proposals.push(proposal);
      this.s.auditProposalId = id;
      this.s.dirty = true;
      return { ok: true, proposal: structuredClone(proposal) };
    });
  }

  recordCustomerDecision(
    ctx: BackendContext,
    args: { proposalId: string; accepted: boolean; customerWords: string },
  ): Promise<Result<{ proposal: Proposal }>> {
    return this.s.run<{ proposal: Proposal }>(ctx, "recordCustomerDecision", "change", args ?? {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const wanted = String(args?.proposalId ?? "").trim().toLowerCase();
      // Only this thread's proposals exist for it: another conversation's offer cannot be accepted here.
      const p = this.s.proposals.find((x) => x.id.toLowerCase() === wanted && x.threadId === ctx.threadId);
      if (!p || p.customerId !== c.id)
        return refuse(
          "not_found",
          `No proposal "${args?.proposalId ?? ""}" for this customer in this conversation.`,
          "inform_customer",
          "I haven't offered anything for you to agree to yet, so nothing has been done.",
        );
      this.s.auditProposalId = p.id;
      if (typeof args.accepted !== "boolean")
        return refuse("invalid_input", "accepted must be true or false.", "ask_customer", `Would you like me to ${p.effect}?`);
      if (typeof args.customerWords !== "string" || !args.customerWords.trim())
        return refuse(
          "invalid_input",
          "A decision needs the customer's own words, quoted from their message.",
          "ask_customer",
          `Would you like me to ${p.effect}?`,
        );
      // The same yes again (a turn retried after its process died between the decision and the change): the decision
      // stands, and the change it consented to is carried out once (an accepted proposal is consumed when acted on).
      if (p.status === "accepted" && args.accepted) return { ok: true, proposal: structuredClone(p) };
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
      p.decidedAt = this.s.now().toISOString();
      p.customerWords = args.customerWords.trim();
      this.s.dirty = true;
      return { ok: true, proposal: structuredClone(p) };
    });
  }

  pendingProposal(ctx: BackendContext): Promise<Result<{ proposal: Proposal | null }>> {
    return this.s.run<{ proposal: Proposal | null }>(ctx, "pendingProposal", "read", {}, () => {
      const customerId = this.s.verifications[ctx.threadId]?.customerId ?? null;
      const open = this.s.proposals.filter((p) => p.threadId === ctx.threadId && p.customerId === customerId && p.status === "proposed");
      return { ok: true, proposal: structuredClone(open.at(-1) ?? null) };
    });
  }

  private settle(p: Proposal, status: "done" | "failed" | "expired", note: string): void {
    p.status = status;
    p.settledAt = this.s.now().toISOString();
    p.settledNote = note;
    this.s.dirty = true;
  }

  /** The oldest accepted, unconsumed proposal of this thread and customer for exactly this action and these arguments. */
  private acceptedProposal(threadId: string, customerId: string, action: AccountActionKind, args: NormalisedArgs): Proposal | null {
    return (
      this.s.proposals.find(
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
    return this.s.run<R>(ctx, auditAction, "change", rawArgs ?? {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const prepared = prepare(c);
      if ("ok" in prepared) return prepared;
      const consent = this.acceptedProposal(ctx.threadId, c.id, prepared.action, prepared.args);
      if (consent) this.s.auditProposalId = consent.id;
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
    const line = this.s.resolveLine(c, args, "mobile");
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
    const op = this.s.data.operator;
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
        this.s.dirty = true;
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
    const line = this.s.resolveLine(c, args, "mobile");
    if ("ok" in line) return line;
    const gb = Number(args?.gb);
    const normalised = { lineId: line.id, gb };
    const plan = this.s.plan(line.planId);
    const refusal = checkTopUp(line, plan, gb, this.s.data.operator);
    if (refusal) return { action: "top_up_data", args: normalised, refusal };
    const charge = round2(gb * plan.topUpPricePerGb!);
    return {
      action: "top_up_data",
      args: normalised,
      refusal: null,
      price: charge,
      pricePer: "once",
      effect: `add ${gb} GB of data to ${phone(line.number)} for ${money(charge, this.s.data.operator.currency)}, charged to your next bill`,
      apply: () => {
        line.dataRefuelledGb = round2(line.dataRefuelledGb + gb);
        const bill = this.draftBill(c);
        bill.lineItems.push({ description: `Data top-up ${gb} GB (${line.number})`, kind: "top_up", amount: charge, lineId: line.id, disputed: false });
        bill.amount = round2(bill.amount + charge);
        this.s.dirty = true;
        return { lineId: line.id, addedGb: gb, remainingGb: remainingDataGb(line, plan)!, charge, billId: bill.id };
      },
    };
  }

  /** Charges made now go on the bill of the current period, created as a draft if needed. */
  private draftBill(c: Customer): Bill {
    const d = today(this.s.now());
    const existing = this.s.data.bills.find((b) => b.customerId === c.id && b.status === "draft" && b.periodStart <= d && d <= b.periodEnd);
    if (existing) return existing;
    const [y, m] = [Number(d.slice(0, 4)), Number(d.slice(5, 7))];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const bill: Bill = {
      id: this.s.nextId("B-", this.s.data.bills.map((b) => b.id)),
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
    this.s.data.bills.push(bill);
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
    const bill = this.s.ownBill(c, String(args?.billId ?? ""));
    if ("ok" in bill) return bill;
    const channel = args?.channel ?? "sms";
    if (channel !== "sms" && channel !== "email")
      return refuse("invalid_input", `Channel "${String(channel)}" is not sms or email.`, "ask_customer", "Would you like the payment link by text or by email?");
    const normalised = { billId: bill.id, channel };
    const pending = this.s.pendingRequests(c.id);
    const pendingBill = pending[0] ? this.s.data.bills.find((b) => b.id === pending[0]!.billId) : undefined;
    const currency = this.s.data.operator.currency;
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
          id: this.s.nextId("PR-", this.s.data.paymentRequests.map((p) => p.id)),
          customerId: c.id,
          billId: bill.id,
          amount: bill.amount,
          channel,
          sentTo,
          status: "pending",
          sentAt: this.s.now().toISOString(),
          threadId: ctx.threadId,
        };
        this.s.data.paymentRequests.push(request);
        bill.status = "awaiting_payment";
        this.s.dirty = true;
        return { paymentRequest: structuredClone(request) };
      },
    };
  }

  resumeLine(ctx: BackendContext, args: LineRef) {
    return this.gated(ctx, "resumeLine", args, (c) => this.prepareResume(c, args));
  }

  private prepareResume(c: Customer, args: LineRef | undefined): Refusal | Prepared<{ lineId: string; status: Line["status"] }> {
    const line = this.s.resolveLine(c, args);
    if ("ok" in line) return line;
    const normalised = { lineId: line.id };
    const bill = line.suspensionBillId ? this.s.data.bills.find((b) => b.id === line.suspensionBillId) : undefined;
    const refusal = checkResume(line, bill, this.s.now());
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
        if (c.accountStatus === "suspended" && !this.s.data.lines.some((l) => l.customerId === c.id && l.status === "suspended"))
          c.accountStatus = "active";
        this.s.dirty = true;
        return { lineId: line.id, status: line.status };
      },
    };
  }

  changePlan(ctx: BackendContext, args: LineRef & { planId: string }) {
    return this.gated(ctx, "changePlan", args, (c) => this.preparePlanChange(c, args));
  }

  private preparePlanChange(c: Customer, args: (LineRef & { planId: string }) | undefined): Refusal | Prepared<PlanChangeResult> {
    const next = this.s.findPlan(String(args?.planId ?? ""));
    if (!next)
      return refuse(
        "not_found",
        `No plan "${args?.planId ?? ""}". Known plans: ${this.s.data.plans.map((p) => p.id).join(", ")}.`,
        "ask_customer",
        `I don't know a plan called "${args?.planId ?? ""}"; our plans are ${this.s.data.plans.map((p) => p.name).join(", ")}.`,
      );
    const line = this.s.resolveLine(c, args, args?.lineId ? undefined : next.kind);
    if ("ok" in line) return line;
    const normalised = { lineId: line.id, planId: next.id };
    const current = this.s.plan(line.planId);
    const now = this.s.now();
    const bills = this.s.data.bills.filter((b) => b.customerId === c.id);
    const refusal = checkPlanChange(line, current, next, bills, this.s.data.operator, now);
    if (refusal) return { action: "change_plan", args: normalised, refusal };
    const currency = this.s.data.operator.currency;
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
        ? `keep ${lineName(line)} on ${current.name} at ${money(current.monthlyPrice, currency)} a month and cancel the planned move to ${this.s.plan(line.pendingPlanId!).name}`
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
        this.s.dirty = true;
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
    const line = this.s.resolveLine(c, args, "broadband");
    if ("ok" in line) return line;
    const d = today(this.s.now());
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
    const booked = this.s.data.tickets.find(
      (t) => t.lineId === line.id && t.category === "technician" && !["resolved", "closed"].includes(t.status),
    );
    const refusal =
      checkTechnician(line, this.s.activeOutages(c.address.areaId, "broadband")[0]) ??
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
    const op = this.s.data.operator;
    return {
      action: "book_technician",
      args: normalised,
      refusal: null,
      price: 0,
      pricePer: "once",
      effect: `book a technician to visit ${c.address.street} for ${lineName(line)} on ${dayAndDate(date)}; the visit is free when the fault is on our network or our equipment, and a ${money(op.technicianCalloutFee, op.currency)} callout fee applies only if it is in your own wiring or equipment`,
      apply: () => {
        const impact = line.lineTest?.result === "fault" || line.lineTest?.result === "no_sync" ? "no_service" : "degraded";
        const ticket = this.tickets.newTicket(ctx, c, {
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
}
