import { describe, expect, it } from "vitest";
import { derivePriority } from "../../src/backend/index.js";
import { agree, ok, openBackend, refused, verify } from "./helpers.js";

describe("roaming", () => {
  it("enables roaming for a traveller at no charge, and can turn it off again", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "t" };
    await verify(backend, "t", "5550100001", "Maria Gonzalez");
    await agree(backend, "t", { action: "enable_roaming", args: {} });
    const on = ok(await backend.setRoaming(ctx, { enabled: true }));
    expect(on).toMatchObject({ lineId: "L-1001", roamingEnabled: true, charge: 0 });
    expect(on.note).toMatch(/no charge/);
    // Already on: nothing to propose and nothing to do.
    expect(refused(await backend.setRoaming(ctx, { enabled: true })).customerMessage).toBe("Roaming is already on for your line 555-010-0001.");
    expect(refused(await backend.proposeAction(ctx, { action: "enable_roaming" })).reason).toMatch(/already on/);
    // No bill got a roaming charge from enabling it.
    const bills = ok(await backend.listBills(ctx)).bills;
    expect(bills.every((b) => b.lineItems.every((li) => li.kind !== "roaming"))).toBe(true);
    await agree(backend, "t", { action: "disable_roaming", args: {} }, "ok turn it off");
    expect(ok(await backend.setRoaming(ctx, { enabled: false })).roamingEnabled).toBe(false);
  });

  it("refuses roaming on a suspended line or a broadband line", async () => {
    const { backend } = await openBackend();
    await verify(backend, "a", "5550100003", "Aisha Khan");
    expect(refused(await backend.setRoaming({ threadId: "a" }, { enabled: true })).reason).toMatch(/suspended/);
    await verify(backend, "b", "5550100005", "Linda Nguyen");
    expect(refused(await backend.setRoaming({ threadId: "b" }, { lineId: "L-1005", enabled: true })).code).toBe("invalid_input");
  });
});

describe("data top-up", () => {
  it("tops up a line that is out of data and charges the current bill at the plan's price", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "t" };
    await verify(backend, "t", "5550100002", "James Carter");
    expect(ok(await backend.getUsage(ctx, {})).needsTopUp).toBe(true);
    await agree(backend, "t", { action: "top_up_data", args: { gb: 2 } });
    const r = ok(await backend.topUpData(ctx, { gb: 2 }));
    expect(r).toMatchObject({ lineId: "L-1002", addedGb: 2, remainingGb: 2, charge: 10 });
    const bill = ok(await backend.getBill(ctx, { billId: r.billId })).bill;
    expect(bill.status).toBe("draft");
    expect(bill.lineItems).toEqual([expect.objectContaining({ kind: "top_up", amount: 10, lineId: "L-1002" })]);
    expect(bill.amount).toBe(10);
    // Now it has 2 GB left, so another top-up is not needed.
    expect(refused(await backend.topUpData(ctx, { gb: 1 })).reason).toMatch(/does not need a top-up: 2 GB/);
  });

  it("refuses more than 2 GB at a time", async () => {
    const { backend } = await openBackend();
    await verify(backend, "t", "5550100002", "James Carter");
    const r = refused(await backend.topUpData({ threadId: "t" }, { gb: 5 }));
    expect(r).toMatchObject({ code: "policy", nextStep: "inform_customer" });
    expect(r.reason).toMatch(/at most 2 GB/);
  });

  it("refuses a line that does not need it, an unlimited plan, a suspended line and silly amounts", async () => {
    const { backend } = await openBackend();
    await verify(backend, "maria", "5550100001", "Maria Gonzalez");
    expect(refused(await backend.topUpData({ threadId: "maria" }, { gb: 1 })).reason).toMatch(/13.6 GB of data is left/);
    await verify(backend, "mike", "5550100014", "Michael Brown");
    expect(refused(await backend.topUpData({ threadId: "mike" }, { gb: 1 })).reason).toMatch(/no data limit/);
    await verify(backend, "aisha", "5550100003", "Aisha Khan");
    expect(refused(await backend.topUpData({ threadId: "aisha" }, { gb: 1 })).reason).toMatch(/suspended/);
    await verify(backend, "james", "5550100002", "James Carter");
    expect(refused(await backend.topUpData({ threadId: "james" }, { gb: -1 })).code).toBe("invalid_input");
    expect(refused(await backend.topUpData({ threadId: "james" }, { gb: 0.3 })).code).toBe("invalid_input");
  });

  it("asks which line when the customer has several", async () => {
    const { backend } = await openBackend();
    await verify(backend, "t", "5550100013", "Emily Johnson");
    const r = refused(await backend.topUpData({ threadId: "t" }, { gb: 1 }));
    expect(r).toMatchObject({ code: "invalid_input", nextStep: "ask_customer" });
    expect(r.reason).toContain("L-1021");
    // The Lite line (4.6 of 5 GB used) needs it; name it by number (the proposal resolves it to the line id).
    expect((await agree(backend, "t", { action: "top_up_data", args: { lineId: "555.011.1301", gb: 1 } })).args).toEqual({ lineId: "L-1021", gb: 1 });
    expect(ok(await backend.topUpData({ threadId: "t" }, { lineId: "+1 (555) 011-1301", gb: 1 })).charge).toBe(5);
  });
});

describe("payment requests", () => {
  it("sends one for an overdue bill, and then refuses a second while it is pending", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "t" };
    await verify(backend, "t", "5550100016", "Daniel Wilson");
    await agree(backend, "t", { action: "send_payment_request", args: { billId: "B-3030" } });
    const r = ok(await backend.sendPaymentRequest(ctx, { billId: "B-3030" }));
    expect(r.paymentRequest).toMatchObject({ billId: "B-3030", amount: 30, channel: "sms", sentTo: "+15550100016", status: "pending" });
    expect(ok(await backend.getBill(ctx, { billId: "B-3030" })).bill.status).toBe("awaiting_payment");
    const second = refused(await backend.sendPaymentRequest(ctx, { billId: "B-3030", channel: "email" }));
    expect(second.reason).toMatch(/already pending/);
  });

  it("refuses a bill that is not overdue", async () => {
    const { backend } = await openBackend();
    await verify(backend, "t", "5550100016", "Daniel Wilson");
    const r = refused(await backend.sendPaymentRequest({ threadId: "t" }, { billId: "B-3029" }));
    expect(r).toMatchObject({ code: "policy" });
    expect(r.reason).toMatch(/paid, not overdue/);
  });

  it("only one request may be pending per customer, even for another overdue bill", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "t" };
    await verify(backend, "t", "5550100003", "Aisha Khan");
    await agree(backend, "t", { action: "send_payment_request", args: { billId: "B-3005" } });
    ok(await backend.sendPaymentRequest(ctx, { billId: "B-3005" }));
    expect(refused(await backend.sendPaymentRequest(ctx, { billId: "B-3006" })).reason).toMatch(/only one can be pending/);
    // A request already pending in the dataset counts too.
    await verify(backend, "o", "5550100015", "Olivia Davis");
    expect(refused(await backend.sendPaymentRequest({ threadId: "o" }, { billId: "B-3028" })).reason).toMatch(/PR-0001/);
  });
});

describe("resuming a line", () => {
  it("refuses while the bill that caused the suspension is unpaid, and resumes once it is paid", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "t" };
    await verify(backend, "t", "5550100003", "Aisha Khan");
    const before = refused(await backend.resumeLine(ctx, {}));
    expect(before).toMatchObject({ code: "policy", nextStep: "inform_customer" });
    expect(before.reason).toMatch(/B-3005.*only after that bill is paid/);
    await agree(backend, "t", { action: "send_payment_request", args: { billId: "B-3005" } });
    ok(await backend.sendPaymentRequest(ctx, { billId: "B-3005" }));
    expect(refused(await backend.resumeLine(ctx, {})).reason).toMatch(/awaiting payment/);
    // The customer paying is their own act, not the agent's: no proposal.
    ok(await backend.recordCustomerPayment("B-3005"));
    await agree(backend, "t", { action: "resume_line", args: {} });
    expect(ok(await backend.resumeLine(ctx, {}))).toMatchObject({ lineId: "L-1003", status: "active" });
    const customer = ok(await backend.getCustomer(ctx)).customer;
    expect(customer.accountStatus).toBe("active");
    const status = ok(await backend.getLineStatus(ctx, {}));
    expect(status.suspensionReason).toBeNull();
    expect(status.pendingPaymentRequest).toBeNull();
  });

  it("resumes a line whose overdue bill is already paid", async () => {
    const { backend } = await openBackend();
    await verify(backend, "t", "5550100021", "Fatima Ali");
    await agree(backend, "t", { action: "resume_line", args: {} });
    expect(ok(await backend.resumeLine({ threadId: "t" }, {})).status).toBe("active");
  });

  it("never resumes a line whose contract has ended, even when the bill is paid", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "t" };
    await verify(backend, "t", "5550100004", "Robert Miller");
    await agree(backend, "t", { action: "send_payment_request", args: { billId: "B-3007" } });
    ok(await backend.sendPaymentRequest(ctx, { billId: "B-3007" }));
    ok(await backend.recordCustomerPayment("B-3007"));
    const r = refused(await backend.resumeLine(ctx, {}));
    expect(r).toMatchObject({ code: "policy", nextStep: "hand_over" });
    expect(r.reason).toMatch(/contract ended on 2026-05-31/);
    expect(r.customerMessage).toBe(
      "This line's contract ended on 31 May 2026, so I can't switch it back on from here; a colleague in our accounts team can renew it for you.",
    );
    // It cannot even be offered.
    expect(refused(await backend.proposeAction(ctx, { action: "resume_line" })).customerMessage).toBe(r.customerMessage);
    // Kevin paused his line himself but his contract has since ended: still not the agent's call.
    await verify(backend, "k", "5550100026", "Kevin Patel");
    expect(refused(await backend.resumeLine({ threadId: "k" }, { lineId: "L-1035" })).nextStep).toBe("hand_over");
  });

  it("resumes a line the customer paused, but hands over a lost/stolen suspension", async () => {
    const { backend } = await openBackend();
    await verify(backend, "h", "5550100017", "Hannah Schmidt");
    await agree(backend, "h", { action: "resume_line", args: {} }, "yes turn it back on");
    expect(ok(await backend.resumeLine({ threadId: "h" }, {})).status).toBe("active");
    await verify(backend, "l", "5550100018", "Lucas Martin");
    expect(refused(await backend.resumeLine({ threadId: "l" }, {})).nextStep).toBe("hand_over");
  });

  it("refuses to resume a line that is not suspended", async () => {
    const { backend } = await openBackend();
    await verify(backend, "t", "5550100001", "Maria Gonzalez");
    expect(refused(await backend.resumeLine({ threadId: "t" }, {})).reason).toMatch(/not suspended/);
  });
});

describe("ticket priority", () => {
  it("rises with urgency, negative sentiment, impact and tier", () => {
    const base = { urgency: "low", sentiment: "neutral", impact: "minor", tier: "standard" } as const;
    expect(derivePriority(base)).toBe("low");
    expect(derivePriority({ ...base, impact: "no_service" })).toBe("medium");
    expect(derivePriority({ ...base, impact: "no_service", tier: "business" })).toBe("high");
    expect(derivePriority({ urgency: "high", sentiment: "angry", impact: "no_service", tier: "premium" })).toBe("urgent");
    expect(derivePriority({ ...base, urgency: "critical" })).toBe("high");
  });
});
