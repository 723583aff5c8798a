import type { CarrierCheck, Observation } from "../domain/customer-actions.js";
import { contractEnded, daysBetween, refuse, remainingDataGb, today } from "./policy.js";
import type { Bill, BillStatus, Customer, Device, Line, Outage, PaymentRequest, Plan, Result } from "./schemas.js";
import type { BackendStore } from "./store.js";
import type { AreaStatus, BackendContext, CustomerView, LineRef, LineStatusSummary, LineTestView, UsageView } from "./types.js";

/** The outstanding states of a bill: past its due date and not paid. */
const PAST_DUE: BillStatus[] = ["overdue", "awaiting_payment"];

/** Reads: the catalogue (public), the verified customer's account, network status and line diagnostics. */
export class AccountReads {
  constructor(private readonly s: BackendStore) {}

  getCustomer(ctx: BackendContext): Promise<Result<CustomerView>> {
    return this.s.run<CustomerView>(ctx, "getCustomer", "read", {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const lines = this.s.data.lines
        .filter((l) => l.customerId === c.id)
        .map((l) => ({ id: l.id, kind: l.kind, number: l.number, status: l.status, planId: l.planId, planName: this.s.plan(l.planId).name }));
      return { ok: true, customer: structuredClone(c), lines };
    });
  }

  getLine(ctx: BackendContext, args: LineRef): Promise<Result<{ line: Line; plan: Plan }>> {
    return this.s.run<{ line: Line; plan: Plan }>(ctx, "getLine", "read", args ?? {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const line = this.s.resolveLine(c, args);
      if ("ok" in line) return line;
      return { ok: true, line: structuredClone(line), plan: structuredClone(this.s.plan(line.planId)) };
    });
  }

  listPlans(ctx: BackendContext, args?: { kind?: Plan["kind"] }): Promise<Result<{ plans: Plan[] }>> {
    // The catalogue is public: no verification needed.
    return this.s.run<{ plans: Plan[] }>(ctx, "listPlans", "read", args ?? {}, () => ({
      ok: true,
      plans: structuredClone(this.s.data.plans.filter((p) => !args?.kind || p.kind === args.kind)),
    }));
  }

  getPlan(ctx: BackendContext, args: { planId: string }): Promise<Result<{ plan: Plan }>> {
    return this.s.run<{ plan: Plan }>(ctx, "getPlan", "read", args, () => {
      const id = String(args?.planId ?? "").trim().toLowerCase();
      const plan = this.s.data.plans.find((p) => p.id.toLowerCase() === id || p.name.toLowerCase() === id);
      if (!plan)
        return refuse(
          "not_found",
          `No plan "${args?.planId}". Known plans: ${this.s.data.plans.map((p) => p.id).join(", ")}.`,
          "ask_customer",
          `I don't know a plan called "${args?.planId ?? ""}"; our plans are ${this.s.data.plans.map((p) => p.name).join(", ")}.`,
        );
      return { ok: true, plan: structuredClone(plan) };
    });
  }

  listBills(ctx: BackendContext, args?: { status?: BillStatus }): Promise<Result<{ bills: Bill[] }>> {
    return this.s.run<{ bills: Bill[] }>(ctx, "listBills", "read", args ?? {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const bills = this.s.data.bills
        .filter((b) => b.customerId === c.id && (!args?.status || b.status === args.status))
        .sort((a, b) => b.periodStart.localeCompare(a.periodStart));
      return { ok: true, bills: structuredClone(bills) };
    });
  }

  getBill(ctx: BackendContext, args: { billId: string }): Promise<Result<{ bill: Bill; pendingPaymentRequest: PaymentRequest | null }>> {
    return this.s.run<{ bill: Bill; pendingPaymentRequest: PaymentRequest | null }>(ctx, "getBill", "read", args, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const bill = this.s.ownBill(c, String(args?.billId ?? ""));
      if ("ok" in bill) return bill;
      const pending = this.s.pendingRequests(c.id).find((p) => p.billId === bill.id) ?? null;
      return { ok: true, bill: structuredClone(bill), pendingPaymentRequest: structuredClone(pending) };
    });
  }

  getUsage(ctx: BackendContext, args: LineRef): Promise<Result<UsageView>> {
    return this.s.run<UsageView>(ctx, "getUsage", "read", args ?? {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const line = this.s.resolveLine(c, args, "mobile");
      if ("ok" in line) return line;
      return { ok: true, ...this.usage(line) };
    });
  }

  private usage(line: Line): UsageView {
    const plan = this.s.plan(line.planId);
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
      needsTopUp: remaining !== null && line.status === "active" && remaining < this.s.data.operator.topUpThresholdGb,
      topUpPricePerGb: plan.topUpPricePerGb,
      cycleEnd: line.cycleEnd,
      roamingEnabled: line.roamingEnabled,
    };
  }

  listDevices(ctx: BackendContext, args?: LineRef): Promise<Result<{ devices: Device[] }>> {
    return this.s.run(ctx, "listDevices", "read", args ?? {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      let lineId: string | null = null;
      if (args?.lineId) {
        const line = this.s.resolveLine(c, args);
        if ("ok" in line) return line;
        lineId = line.id;
      }
      const devices = this.s.data.devices.filter((d) => d.customerId === c.id && (!lineId || d.lineId === lineId));
      return { ok: true, devices: structuredClone(devices) };
    });
  }

  checkNetworkStatus(ctx: BackendContext, args?: { area?: string }): Promise<Result<AreaStatus>> {
    return this.s.run<AreaStatus>(ctx, "checkNetworkStatus", "read", args ?? {}, () => {
      let areaId: string;
      const query = args?.area?.trim();
      if (!query) {
        // Without an area, the customer's own address: that is account data, so it needs verification.
        const c = this.s.verifiedCustomer(ctx);
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
    const byId = this.s.data.areas.find((a) => a.id.toLowerCase() === q);
    if (byId) return byId.id;
    for (const zip of query.match(/\b\d{5}\b/g) ?? []) {
      const a = this.s.data.areas.find((x) => x.postalCodes.includes(zip));
      if (a) return a.id;
    }
    const byName = this.s.data.areas.find((a) => q.includes(a.name.toLowerCase()));
    if (byName) return byName.id;
    const byCity = this.s.data.areas.find((a) => q.includes(a.city.toLowerCase()));
    return byCity?.id ?? null;
  }

  private areaStatus(areaId: string): AreaStatus {
    const area = this.s.data.areas.find((a) => a.id === areaId)!;
    const statusOf = (outages: Outage[]) =>
      outages.some((o) => o.severity === "down") ? ("outage" as const) : outages.length ? ("degraded" as const) : ("ok" as const);
    const mobile = this.s.activeOutages(areaId, "mobile");
    const broadband = this.s.activeOutages(areaId, "broadband");
    return {
      area: { id: area.id, name: area.name, city: area.city },
      mobile: { status: statusOf(mobile), technologies: [...area.mobileTechnologies], outages: structuredClone(mobile) },
      broadband: {
        available: area.broadbandAvailable,
        status: area.broadbandAvailable ? statusOf(broadband) : "not_available",
        outages: structuredClone(broadband),
      },
      planned: structuredClone(this.s.data.outages.filter((o) => o.areaId === areaId && o.status === "planned")),
    };
  }

  getLineStatus(ctx: BackendContext, args: LineRef): Promise<Result<LineStatusSummary>> {
    return this.s.run<LineStatusSummary>(ctx, "getLineStatus", "read", args ?? {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const line = this.s.resolveLine(c, args);
      if ("ok" in line) return line;
      return { ok: true, ...this.lineStatus(c, line) };
    });
  }

  private lineStatus(c: Customer, line: Line): LineStatusSummary {
    const now = this.s.now();
    const plan = this.s.plan(line.planId);
    const remaining = remainingDataGb(line, plan);
    const pending = this.s.pendingRequests(c.id)[0] ?? null;
    const overdueBills = this.s.data.bills
      .filter((b) => b.customerId === c.id && PAST_DUE.includes(b.status) && b.dueDate)
      .map((b) => ({ id: b.id, amount: b.amount, dueDate: b.dueDate!, daysOverdue: Math.max(0, daysBetween(b.dueDate!, today(now))), status: b.status }));
    const suspensionBill = line.suspensionBillId ? this.s.data.bills.find((b) => b.id === line.suspensionBillId) : undefined;
    const ended = contractEnded(line, now);

    const checks: Partial<Record<CarrierCheck, Observation>> = {};
    checks.line_status = line.status === "active" ? "ok" : line.status === "suspended" ? "line_suspended" : "line_not_active";
    checks.billing_status = pending ? "payment_pending" : overdueBills.length ? "bill_overdue" : "ok";
    checks.area_outage = this.s.activeOutages(c.address.areaId, line.kind).length ? "outage" : "ok";
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
    return this.s.run<LineTestView>(ctx, "runBroadbandLineTest", "read", args ?? {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      const line = this.s.resolveLine(c, args, "broadband");
      if ("ok" in line) return line;
      const outage = this.s.activeOutages(c.address.areaId, "broadband")[0] ?? null;
      const test = line.lineTest;
      const base = { lineId: line.id, testedAt: this.s.now().toISOString(), areaOutage: structuredClone(outage) };
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
}
