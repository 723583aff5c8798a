import { describe, expect, it } from "vitest";
import { agree, ok, openBackend, refused, verify } from "./helpers.js";

describe("account reads", () => {
  it("reads the customer, their lines with plans, bills, usage and devices", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "t" };
    await verify(backend, "t", "5550100010", "Tom Becker");
    const view = ok(await backend.getCustomer(ctx));
    expect(view.customer).toMatchObject({ tier: "business", accountStatus: "active" });
    expect(view.lines.map((l) => l.id)).toEqual(["L-1012", "L-1013", "L-1014"]);
    const { line, plan } = ok(await backend.getLine(ctx, { lineId: "L-1014" }));
    expect(line.number).toBe("+15550111002");
    expect(plan).toMatchObject({ id: "plus", name: "Nimbus Plus", monthlyPrice: 30, dataLimitGb: 20, topUpPricePerGb: 4 });
    const usage = ok(await backend.getUsage(ctx, { lineId: "L-1014" }));
    expect(usage).toMatchObject({ dataUsedGb: 19.6, remainingGb: 0.4, overLimit: false, needsTopUp: true, cycleEnd: "2026-11-30" });
    const bills = ok(await backend.listBills(ctx)).bills;
    expect(bills.map((b) => b.periodStart)).toEqual(["2026-10-01", "2026-09-01"]);
    expect(ok(await backend.listBills(ctx, { status: "overdue" })).bills).toEqual([]);
    const devices = ok(await backend.listDevices(ctx, { lineId: "L-1013" })).devices;
    expect(devices).toEqual([expect.objectContaining({ make: "Samsung", model: "Galaxy S24", lineId: "L-1013" })]);
  });

  it("explains a bill line by line, including a disputed charge", async () => {
    const { backend } = await openBackend();
    await verify(backend, "t", "5550100006", "David Okafor");
    const { bill, pendingPaymentRequest } = ok(await backend.getBill({ threadId: "t" }, { billId: "b-3012" }));
    expect(bill.amount).toBe(93);
    expect(bill.lineItems.find((li) => li.disputed)).toMatchObject({ kind: "roaming", amount: 48 });
    expect(pendingPaymentRequest).toBeNull();
    expect(ok(await backend.listTickets({ threadId: "t" })).tickets[0]).toMatchObject({ id: "T-5001", status: "in_progress" });
  });

  it("shows the plan catalogue without verification", async () => {
    const { backend } = await openBackend();
    const plans = ok(await backend.listPlans({ threadId: "anon" })).plans;
    expect(plans.map((p) => p.id)).toEqual(["lite", "plus", "max", "unlimited", "fibre-100", "fibre-500", "fibre-1g"]);
    expect(ok(await backend.listPlans({ threadId: "anon" }, { kind: "broadband" })).plans).toHaveLength(3);
    expect(ok(await backend.getPlan({ threadId: "anon" }, { planId: "Nimbus Unlimited" })).plan).toMatchObject({ dataLimitGb: null, monthlyPrice: 65 });
    expect(refused(await backend.getPlan({ threadId: "anon" }, { planId: "gold" })).reason).toContain("lite");
  });
});

describe("network status and diagnostics", () => {
  it("reports a broadband outage by ZIP code, city or the verified customer's own address", async () => {
    const { backend } = await openBackend();
    const byZip = ok(await backend.checkNetworkStatus({ threadId: "anon" }, { area: "240 River Road, Springfield 62704" }));
    expect(byZip.area.name).toBe("Riverside");
    expect(byZip.broadband.status).toBe("outage");
    expect(byZip.broadband.outages[0]).toMatchObject({ id: "OUT-301", estimatedResolution: "2026-11-21T20:00:00Z" });
    expect(byZip.mobile.status).toBe("ok");
    const downtown = ok(await backend.checkNetworkStatus({ threadId: "anon" }, { area: "downtown" }));
    expect(downtown.mobile.status).toBe("degraded");
    const lakeside = ok(await backend.checkNetworkStatus({ threadId: "anon" }, { area: "62566" }));
    expect(lakeside.broadband.status).toBe("ok");
    expect(lakeside.planned[0]?.id).toBe("OUT-303");
    expect(refused(await backend.checkNetworkStatus({ threadId: "anon" }, { area: "Atlantis" })).code).toBe("not_found");
    expect(refused(await backend.checkNetworkStatus({ threadId: "anon" })).code).toBe("not_verified");
    await verify(backend, "t", "5550100005", "Linda Nguyen");
    expect(ok(await backend.checkNetworkStatus({ threadId: "t" })).broadband.status).toBe("outage");
  });

  it("summarises a line's status with one observation per carrier check", async () => {
    const { backend } = await openBackend();
    await verify(backend, "a", "5550100003", "Aisha Khan");
    const aisha = ok(await backend.getLineStatus({ threadId: "a" }, {}));
    expect(aisha).toMatchObject({ status: "suspended", suspensionReason: "overdue_bill", suspensionBill: { id: "B-3005", status: "overdue" } });
    expect(aisha.overdueBills.map((b) => [b.id, b.daysOverdue])).toEqual([["B-3005", 37], ["B-3006", 6]]);
    expect(aisha.observations).toEqual(["line_suspended", "bill_overdue", "roaming_disabled"]);

    await verify(backend, "m", "5550100001", "Maria Gonzalez");
    const maria = ok(await backend.getLineStatus({ threadId: "m" }, {}));
    expect(maria.checks).toEqual({ line_status: "ok", billing_status: "ok", area_outage: "outage", roaming_setting: "roaming_disabled", data_allowance: "ok" });

    await verify(backend, "j", "5550100002", "James Carter");
    expect(ok(await backend.getLineStatus({ threadId: "j" }, {})).checks.data_allowance).toBe("data_exhausted");

    await verify(backend, "r", "5550100004", "Robert Miller");
    expect(ok(await backend.getLineStatus({ threadId: "r" }, {})).observations).toContain("contract_ended");

    await verify(backend, "w", "5550100008", "Wei Chen");
    expect(ok(await backend.getLineStatus({ threadId: "w" }, {})).observations[0]).toBe("line_not_active");

    await verify(backend, "p", "5550100009", "Priya Sharma");
    expect(ok(await backend.getLineStatus({ threadId: "p" }, {})).features).toEqual({ mms: true, volte: true, wifiCalling: true });
  });

  it("runs a broadband line test: sync drops, a fault, an area outage", async () => {
    const { backend } = await openBackend();
    await verify(backend, "g", "5550100011", "Grace Kim");
    const grace = ok(await backend.runBroadbandLineTest({ threadId: "g" }, {}));
    expect(grace).toMatchObject({ lineId: "L-1015", result: "sync_drops", observation: "line_fault" });
    expect(grace.detail).toMatch(/every 30 minutes/);
    await verify(backend, "l", "5550100005", "Linda Nguyen");
    expect(ok(await backend.runBroadbandLineTest({ threadId: "l" }, {})).observation).toBe("outage");
    await verify(backend, "s", "5550100007", "Sophie Laurent");
    expect(ok(await backend.runBroadbandLineTest({ threadId: "s" }, {})).observation).toBe("line_not_active");
    await verify(backend, "m", "5550100001", "Maria Gonzalez");
    expect(refused(await backend.runBroadbandLineTest({ threadId: "m" }, {})).code).toBe("not_found");
  });
});

describe("tickets, technicians and hand-over", () => {
  it("opens, updates and reads a ticket with priority from the customer's tier and history", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "t" };
    await verify(backend, "t", "5550100011", "Grace Kim");
    const { ticket } = ok(
      await backend.openTicket(ctx, { category: "broadband", subject: "Internet drops every 30 minutes", lineId: "L-1015", urgency: "high", sentiment: "negative", impact: "degraded" }),
    );
    expect(ticket).toMatchObject({ id: "T-5004", status: "open", priority: "urgent", customerId: "C-1011", lineId: "L-1015", threadId: "t" });
    const updated = ok(await backend.updateTicket(ctx, { ticketId: ticket.id, status: "in_progress", assignee: "noc", note: "Line test shows sync drops" })).ticket;
    expect(updated).toMatchObject({ status: "in_progress", assignee: "noc" });
    expect(updated.history.map((h) => h.action)).toEqual(["opened", "status open -> in_progress; assignee -> noc"]);
    expect(ok(await backend.getTicket(ctx, { ticketId: "t-5004" })).ticket.history).toHaveLength(2);
    ok(await backend.updateTicket(ctx, { ticketId: ticket.id, status: "closed" }));
    expect(refused(await backend.updateTicket(ctx, { ticketId: ticket.id, note: "again" })).reason).toMatch(/closed/);
    expect(refused(await backend.updateTicket(ctx, { ticketId: "T-5001", note: "x" })).code).toBe("policy");
    expect(refused(await backend.openTicket(ctx, { category: "mobile", subject: "  " })).code).toBe("invalid_input");
  });

  it("books a technician for a faulty broadband line, not during an area outage, and not twice", async () => {
    const { backend } = await openBackend();
    await verify(backend, "a", "5550100012", "Ahmed Hassan");
    await agree(backend, "a", { action: "book_technician", args: {} });
    const { ticket } = ok(await backend.bookTechnician({ threadId: "a" }, { notes: "Slow since Tuesday" }));
    expect(ticket).toMatchObject({ category: "technician", lineId: "L-1018", appointmentDate: "2026-11-23", assignee: "field-technicians" });
    expect(refused(await backend.bookTechnician({ threadId: "a" }, {})).reason).toMatch(/already booked.*2026-11-23/);
    await verify(backend, "l", "5550100005", "Linda Nguyen");
    expect(refused(await backend.bookTechnician({ threadId: "l" }, {})).reason).toMatch(/outage/);
    await verify(backend, "j", "5550100024", "José Ramírez");
    expect(refused(await backend.bookTechnician({ threadId: "j" }, { preferredDate: "2026-11-01" })).code).toBe("invalid_input");
    await agree(backend, "j", { action: "book_technician", args: { preferredDate: "11/27/2026" } });
    expect(ok(await backend.bookTechnician({ threadId: "j" }, { preferredDate: "11/27/2026" })).ticket.appointmentDate).toBe("2026-11-27");
  });

  it("transfers to a human with the summary, verified or not", async () => {
    const { backend } = await openBackend();
    const anon = ok(await backend.transferToHuman({ threadId: "x" }, { summary: "Caller cannot recall account details; wants to port out.", reason: "port-out request" }));
    expect(anon.ticket).toMatchObject({ category: "handover", customerId: null, handoverSummary: "Caller cannot recall account details; wants to port out." });
    expect(anon.queue).toBe("customer-care");
    await verify(backend, "g", "5550100011", "Grace Kim");
    const biz = ok(
      await backend.transferToHuman({ threadId: "g" }, { summary: "Warehouse broadband drops every 30 min; line test shows sync drops.", reason: "repeat fault", impact: "no_service", urgency: "high" }),
    );
    expect(biz.queue).toBe("business-support");
    expect(biz.ticket.priority).toBe("urgent");
    expect(ok(await backend.getTicket({ threadId: "g" }, { ticketId: biz.ticket.id })).ticket.handoverSummary).toMatch(/sync drops/);
    expect(refused(await backend.transferToHuman({ threadId: "g" }, { summary: "", reason: "x" })).code).toBe("invalid_input");
  });
});
