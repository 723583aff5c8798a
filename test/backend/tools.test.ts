import { describe, expect, it } from "vitest";
import { BACKEND_TOOL_NAMES, createBackendTools } from "../../src/backend/index.js";
import { ok, openBackend, smallDataset } from "./helpers.js";

type Tools = ReturnType<typeof createBackendTools>;
function byName(tools: Tools, name: string) {
  const t = tools.find((x) => x.name === name);
  if (!t) throw new Error(`no tool ${name}`);
  return t;
}
async function call(tools: Tools, name: string, args: Record<string, unknown>, threadId = "thread-1") {
  const out = await byName(tools, name).invoke(args, { configurable: { thread_id: threadId } });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from a tool, checked by the assertions
  return JSON.parse(out as string) as any;
}

describe("LangChain tools", () => {
  it("exposes every backend capability with a zod argument schema", async () => {
    const { backend } = await openBackend();
    const tools = createBackendTools(backend);
    expect(tools.map((t) => t.name)).toEqual([...BACKEND_TOOL_NAMES]);
    for (const t of tools) expect(t.description.length).toBeGreaterThan(20);
    // No engine can say yes for the customer: no tool records a decision or takes an "accepted" flag.
    expect(tools.map((t) => t.name).filter((n) => /accept|decision|decide|consent|approve/.test(n))).toEqual([]);
    for (const t of tools) expect(Object.keys((t.schema as { shape: object }).shape)).not.toContain("accepted");
    // An LLM sending a wrong type gets a schema error from LangChain before the backend is touched.
    await expect(byName(tools, "top_up_data").invoke({ gb: "lots" }, { configurable: { thread_id: "x" } })).rejects.toThrow();
  });

  it("run a traveller's conversation on the built-in dataset, with identity taken from the thread", async () => {
    const { backend } = await openBackend();
    const tools = createBackendTools(backend);
    expect(await call(tools, "get_line_status", {})).toMatchObject({ ok: false, code: "not_verified" });
    expect(await call(tools, "find_customer_by_phone", { phoneNumber: "(555) 010-0001" })).toMatchObject({ ok: true, verified: false, maskedFirstName: "M***" });
    expect(await call(tools, "find_customer_by_phone", { phoneNumber: "(555) 010-0001", fullName: "Maria Gonzalez" })).toMatchObject({ ok: true, verified: true });
    const status = await call(tools, "get_line_status", {});
    expect(status.checks).toMatchObject({ roaming_setting: "roaming_disabled" });
    // An engine that acts before the customer agreed is refused, with a sentence the customer can read.
    expect(await call(tools, "set_roaming", { enabled: true })).toMatchObject({
      ok: false,
      code: "consent_required",
      customerMessage: expect.stringContaining("I need your go-ahead to turn on roaming for your line 555-010-0001"),
    });
    const proposed = await call(tools, "propose_action", { action: "enable_roaming" });
    expect(proposed.proposal).toMatchObject({ action: "enable_roaming", args: { lineId: "L-1001" }, price: 8, pricePer: "day", status: "proposed" });
    // The customer's yes reaches the backend from the dialogue layer, not from a tool.
    ok(await backend.recordCustomerDecision({ threadId: "thread-1" }, { proposalId: proposed.proposal.id, accepted: true, customerWords: "yes pls im in spain" }));
    expect(await call(tools, "set_roaming", { enabled: true })).toMatchObject({ ok: true, roamingEnabled: true, charge: 0 });
    // A different thread is a different conversation: not verified there.
    expect(await call(tools, "get_customer", {}, "thread-2")).toMatchObject({ ok: false, code: "not_verified" });
    expect(await call(tools, "top_up_data", { gb: 5 })).toMatchObject({ ok: false, code: "policy" });
    const handover = await call(tools, "transfer_to_human", { summary: "Traveller in Spain, roaming enabled, still no data.", reason: "unresolved" });
    expect(handover).toMatchObject({ ok: true, queue: "customer-care" });
    const audit = await backend.queryAudit({ threadId: "thread-1", kind: "change" });
    expect(audit.entries.map((e) => [e.action, e.outcome])).toEqual([
      ["enableRoaming", "refused"],
      ["proposeAction", "ok"],
      ["recordCustomerDecision", "ok"],
      ["enableRoaming", "ok"],
      ["topUpData", "refused"],
      ["transferToHuman", "ok"],
    ]);
  });

  it("cover billing, tickets and diagnostics", async () => {
    const { backend } = await openBackend();
    const tools = createBackendTools(backend);
    await call(tools, "find_customer_by_name_and_dob", { fullName: "Aisha Khan", dateOfBirth: "01/22/1990" });
    const bills = (await call(tools, "list_bills", { status: "overdue" })) as { bills: Array<{ id: string }> };
    expect(bills.bills.map((b) => b.id)).toEqual(["B-3006", "B-3005"]);
    expect(await call(tools, "get_bill", { billId: "B-3005" })).toMatchObject({ ok: true, bill: { amount: 30 } });
    const offer = await call(tools, "propose_action", { action: "send_payment_request", billId: "b-3005", channel: "email" });
    expect(offer.proposal).toMatchObject({ args: { billId: "B-3005", channel: "email" }, price: 30, effect: "send you a payment link for your September 2026 bill ($30.00) by email to aisha.khan@example.com" });
    ok(await backend.recordCustomerDecision({ threadId: "thread-1" }, { proposalId: offer.proposal.id, accepted: true, customerWords: "ok send it to my email" }));
    expect(await call(tools, "send_payment_request", { billId: "B-3005", channel: "email" })).toMatchObject({ ok: true, paymentRequest: { sentTo: "aisha.khan@example.com" } });
    expect(await call(tools, "resume_line", {})).toMatchObject({ ok: false, code: "policy" });
    expect(await call(tools, "get_customer", {})).toMatchObject({ ok: true, customer: { id: "C-1003" } });
    expect(await call(tools, "get_line", { lineId: "L-1003" })).toMatchObject({ ok: true, plan: { id: "plus" } });
    expect(await call(tools, "get_usage", {})).toMatchObject({ ok: true, dataUsedGb: 8.1 });
    expect(await call(tools, "list_devices", {})).toMatchObject({ ok: true, devices: [{ model: "iPhone 14" }] });
    expect(await call(tools, "check_network_status", {})).toMatchObject({ ok: true, area: { name: "Oakwood" } });
    expect(await call(tools, "run_broadband_line_test", {})).toMatchObject({ ok: false, code: "not_found" });
    expect(await call(tools, "list_plans", { kind: "mobile" })).toMatchObject({ ok: true });
    expect(await call(tools, "get_plan", { planId: "max" })).toMatchObject({ ok: true, plan: { monthlyPrice: 45 } });
    const opened = (await call(tools, "open_ticket", { category: "billing", subject: "Wants a payment plan", urgency: "medium", sentiment: "negative" })) as {
      ticket: { id: string; priority: string };
    };
    expect(opened.ticket.priority).toBe("medium");
    expect(await call(tools, "update_ticket", { ticketId: opened.ticket.id, note: "Payment link sent by email" })).toMatchObject({ ok: true });
    expect(await call(tools, "get_ticket", { ticketId: opened.ticket.id })).toMatchObject({ ok: true, ticket: { history: [{}, { note: "Payment link sent by email" }] } });
    expect(await call(tools, "list_tickets", {})).toMatchObject({ ok: true, tickets: [{ id: opened.ticket.id }] });
    expect(await call(tools, "get_verified_customer", {})).toMatchObject({ ok: true, customerId: "C-1003" });
    expect(await call(tools, "book_technician", {})).toMatchObject({ ok: false, code: "not_found" });
  });

  it("work on a second dataset file", async () => {
    const { backend } = await openBackend(smallDataset());
    const tools = createBackendTools(backend);
    expect(await call(tools, "find_customer_by_phone", { phoneNumber: "+1 202 555 0202", fullName: "alan turing" })).toMatchObject({ ok: true, customerId: "X-2" });
    expect(await call(tools, "get_usage", {})).toMatchObject({ ok: true, remainingGb: 1.9, needsTopUp: false });
    expect(await call(tools, "transfer_to_human", { summary: "Wants a fibre quote", reason: "sales" })).toMatchObject({ queue: "business-support" });
  });

  it("refuse clearly when run without a thread id", async () => {
    const { backend } = await openBackend();
    const tools = createBackendTools(backend);
    const out = JSON.parse((await byName(tools, "get_customer").invoke({})) as string);
    expect(out).toMatchObject({ ok: false, code: "invalid_input" });
    expect(out.reason).toMatch(/thread_id/);
  });
});
