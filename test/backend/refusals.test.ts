import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createBackendTools, createSimulatedBackend, DEFAULT_DATASET_PATH, parseDataset, policy } from "../../src/backend/index.js";
import { RefusalCode, type Refusal } from "../../src/backend/schemas.js";
import { agree, builtInDataset, clock, ok, openBackend, refused, tempDir, verify } from "./helpers.js";

/** Words meant for staff or engines that must never reach a customer. */
const STAFF_PHRASING = /hand(ed)?[ -]?over|ask the customer|\bagents?\b|\(see|see:|\bstaff\b|\btool\b|propose|list_bills|verify the customer/i;
/** Record ids (L-1003, B-3005, T-5001, PR-0001, P-0001, OUT-301, AREA-RS) and raw ISO dates. */
const INTERNAL = /\b(?:[LBTCP]|PR|OUT|AREA)-[A-Z0-9]+\b|\d{4}-\d{2}-\d{2}/;

function checkCustomerMessage(r: Refusal, where: string): void {
  const m = r.customerMessage;
  expect(m, where).toBeTruthy();
  expect(m, `${where}: staff phrasing in "${m}"`).not.toMatch(STAFF_PHRASING);
  expect(m, `${where}: internal id or raw date in "${m}"`).not.toMatch(INTERNAL);
  expect(m, `${where}: one finished sentence`).toMatch(/^[A-Z"].*[.?!]$/);
  expect(m, `${where}: the staff note is separate`).not.toBe(r.reason);
}

describe("customer-facing refusals", () => {
  it("every refusal path gives one plain sentence with the next step, and no staff note, id or raw date", async () => {
    const { backend: b } = await openBackend();
    const anon = { threadId: "anon" };
    const results: Array<[string, Refusal]> = [];
    const collect = async (where: string, p: Promise<{ ok: boolean }>) => results.push([where, refused(await p) as Refusal]);

    // Identity.
    await collect("read before verification", b.getCustomer(anon));
    await collect("action before verification", b.topUpData(anon, { gb: 1 }));
    await collect("proposal before verification", b.proposeAction(anon, { action: "resume_line" }));
    await collect("decision before verification", b.recordCustomerDecision(anon, { proposalId: "P-0001", accepted: true, customerWords: "yes" }));
    await collect("own address before verification", b.checkNetworkStatus(anon));
    await collect("bad phone", b.findCustomerByPhone(anon, { phoneNumber: "call me" }));
    await collect("unknown phone", b.findCustomerByPhone(anon, { phoneNumber: "555 999 9999" }));
    await collect("bad date of birth", b.findCustomerByPhone(anon, { phoneNumber: "5550100001", dateOfBirth: "31st of feb" }));
    await collect("first name only", b.findCustomerByNameAndDob(anon, { fullName: "maria", dateOfBirth: "1988-04-12" }));
    await collect("bad dob with name", b.findCustomerByNameAndDob(anon, { fullName: "maria gonzalez", dateOfBirth: "soon" }));
    await collect("name does not match", b.findCustomerByPhone({ threadId: "w1" }, { phoneNumber: "5550100001", fullName: "Maria Lopez" }));
    await collect("dob does not match", b.findCustomerByPhone({ threadId: "w2" }, { phoneNumber: "5550100001", dateOfBirth: "1990-01-01" }));
    await collect("nothing matches", b.findCustomerByNameAndDob({ threadId: "w3" }, { fullName: "Nobody Here", dateOfBirth: "1990-01-01" }));
    for (let i = 0; i < 2; i++) await b.findCustomerByPhone({ threadId: "locked" }, { phoneNumber: "5550100001", fullName: "Wrong Name" });
    await collect("third failure", b.findCustomerByPhone({ threadId: "locked" }, { phoneNumber: "5550100001", fullName: "Wrong Name" }));
    await collect("locked out", b.findCustomerByPhone({ threadId: "locked" }, { phoneNumber: "5550100001", fullName: "Maria Gonzalez" }));

    // Public reads.
    await collect("unknown plan", b.getPlan(anon, { planId: "gold" }));
    await collect("unknown area", b.checkNetworkStatus(anon, { area: "Atlantis" }));

    // Lines, bills, tickets of the wrong kind or owner.
    await verify(b, "maria", "5550100001", "Maria Gonzalez");
    const maria = { threadId: "maria" };
    await collect("another customer's line", b.getLine(maria, { lineId: "L-1002" }));
    await collect("unknown line", b.getLine(maria, { lineId: "L-9999" }));
    await collect("no broadband line", b.runBroadbandLineTest(maria, {}));
    await collect("another customer's bill", b.getBill(maria, { billId: "B-3003" }));
    await collect("unknown bill", b.getBill(maria, { billId: "B-0000" }));
    await collect("another customer's ticket", b.getTicket(maria, { ticketId: "T-5001" }));
    await collect("unknown ticket", b.getTicket(maria, { ticketId: "T-0000" }));
    await collect("empty ticket subject", b.openTicket(maria, { category: "mobile", subject: " " }));
    await collect("top-up not needed", b.topUpData(maria, { gb: 1 }));
    await collect("top-up too big", b.topUpData(maria, { gb: 5 }));
    await collect("top-up negative", b.topUpData(maria, { gb: -1 }));
    await collect("top-up odd step", b.topUpData(maria, { gb: 0.3 }));
    await collect("roaming undecided", b.setRoaming(maria, { enabled: "yes" as unknown as boolean }));
    await collect("roaming already off", b.setRoaming(maria, { enabled: false }));
    await collect("roaming without consent", b.setRoaming(maria, { enabled: true }));
    await collect("resume an active line", b.resumeLine(maria, {}));
    await collect("payment for a paid bill", b.sendPaymentRequest(maria, { billId: "B-3001" }));
    await collect("plan already", b.changePlan(maria, { planId: "plus" }));
    await collect("plan unknown", b.proposeAction(maria, { action: "change_plan", args: { planId: "gold" } }));
    await collect("plan of the wrong kind", b.proposeAction(maria, { action: "change_plan", args: { lineId: "L-1001", planId: "fibre-500" } }));
    await collect("technician for a mobile-only customer", b.bookTechnician(maria, {}));
    await collect("malformed proposal", b.proposeAction(maria, { action: "top_up_data", args: { gb: "two" } } as never));
    await collect("unknown proposal", b.recordCustomerDecision(maria, { proposalId: "P-0404", accepted: true, customerWords: "yes" }));
    const offer = ok(await b.proposeAction(maria, { action: "change_plan", args: { planId: "max" } })).proposal;
    await collect("decision without words", b.recordCustomerDecision(maria, { proposalId: offer.id, accepted: true, customerWords: "" }));
    await collect("decision not yes or no", b.recordCustomerDecision(maria, { proposalId: offer.id, accepted: "maybe" as never, customerWords: "hmm" }));
    ok(await b.proposeAction(maria, { action: "change_plan", args: { planId: "unlimited" } }));
    await collect("replaced offer", b.recordCustomerDecision(maria, { proposalId: offer.id, accepted: true, customerWords: "yes" }));
    await collect("append with no hand-over", b.appendToHandover(maria, { text: "hello??" }));
    await collect("append nothing", b.appendToHandover(maria, { text: "  " }));
    await collect("hand-over without summary", b.transferToHuman(maria, { summary: "", reason: "x" }));

    await verify(b, "emily", "5550100013", "Emily Johnson");
    await collect("several lines", b.topUpData({ threadId: "emily" }, { gb: 1 }));

    await verify(b, "aisha", "5550100003", "Aisha Khan");
    const aisha = { threadId: "aisha" };
    await collect("resume with the bill unpaid", b.resumeLine(aisha, {}));
    await collect("top-up on a suspended line", b.topUpData(aisha, { gb: 1 }));
    await collect("roaming on a suspended line", b.setRoaming(aisha, { enabled: true }));
    await collect("plan change on a suspended line", b.changePlan(aisha, { planId: "max" }));
    await collect("bad channel", b.sendPaymentRequest(aisha, { billId: "B-3005", channel: "pigeon" as never }));
    await agree(b, "aisha", { action: "send_payment_request", args: { billId: "B-3005" } });
    ok(await b.sendPaymentRequest(aisha, { billId: "B-3005" }));
    await collect("payment already pending", b.sendPaymentRequest(aisha, { billId: "B-3006" }));
    await collect("resume while awaiting payment", b.resumeLine(aisha, {}));

    await verify(b, "robert", "5550100004", "Robert Miller");
    await agree(b, "robert", { action: "send_payment_request", args: { billId: "B-3007" } });
    ok(await b.sendPaymentRequest({ threadId: "robert" }, { billId: "B-3007" }));
    ok(await b.recordCustomerPayment("B-3007"));
    await collect("contract ended", b.resumeLine({ threadId: "robert" }, {}));
    await verify(b, "lucas", "5550100018", "Lucas Martin");
    await collect("lost or stolen", b.resumeLine({ threadId: "lucas" }, {}));
    await verify(b, "wei", "5550100008", "Wei Chen");
    await collect("not yet active", b.proposeAction({ threadId: "wei" }, { action: "enable_roaming" }));
    await verify(b, "daniel", "5550100016", "Daniel Wilson");
    await collect("payment for a bill not overdue", b.sendPaymentRequest({ threadId: "daniel" }, { billId: "B-3029" }));
    await collect("downgrade with a bill overdue", b.proposeAction({ threadId: "daniel" }, { action: "change_plan", args: { planId: "lite" } }));
    await verify(b, "mike", "5550100014", "Michael Brown");
    await collect("unlimited plan", b.topUpData({ threadId: "mike" }, { gb: 1 }));
    await verify(b, "linda", "5550100005", "Linda Nguyen");
    await collect("technician during an outage", b.bookTechnician({ threadId: "linda" }, {}));
    await verify(b, "ahmed", "5550100012", "Ahmed Hassan");
    await collect("technician in the past", b.proposeAction({ threadId: "ahmed" }, { action: "book_technician", args: { preferredDate: "2026-11-01" } }));
    await collect("technician on a Sunday", b.proposeAction({ threadId: "ahmed" }, { action: "book_technician", args: { preferredDate: "2026-11-29" } }));
    await agree(b, "ahmed", { action: "book_technician", args: {} });
    const visit = ok(await b.bookTechnician({ threadId: "ahmed" }, {}));
    await collect("technician already booked", b.bookTechnician({ threadId: "ahmed" }, {}));
    await collect("broadband line where a mobile one is needed", b.getUsage({ threadId: "ahmed" }, { lineId: "L-1018" }));
    await collect("empty ticket update", b.updateTicket({ threadId: "ahmed" }, { ticketId: visit.ticket.id }));
    ok(await b.updateTicket({ threadId: "ahmed" }, { ticketId: visit.ticket.id, status: "closed" }));
    await collect("closed ticket", b.updateTicket({ threadId: "ahmed" }, { ticketId: visit.ticket.id, note: "again" }));

    // The simulated customer's own payment.
    await collect("pay a paid bill", b.recordCustomerPayment("B-3001"));
    await collect("pay an unknown bill", b.recordCustomerPayment("B-0000"));
    await collect("no thread", b.getCustomer({ threadId: " " }));

    // Branches the built-in data does not reach, straight from the policy functions.
    const d = parseDataset(await builtInDataset());
    const mobile = d.lines.find((l) => l.id === "L-1001")!;
    const plus = d.plans.find((p) => p.id === "plus")!;
    const now = clock();
    const fraud = policy.checkResume({ ...mobile, status: "suspended", suspensionReason: "fraud_check" }, undefined, now);
    const closedRoaming = policy.checkRoaming({ ...mobile, status: "closed" }, false);
    const mobileVisit = policy.checkTechnician(mobile, undefined);
    const closedVisit = policy.checkTechnician({ ...d.lines.find((l) => l.id === "L-1018")!, status: "closed" }, undefined);
    const broadbandTopUp = policy.checkTopUp({ ...mobile, kind: "broadband" }, plus, 1, d.operator);
    const longOverdue = policy.checkPlanChange(
      mobile,
      plus,
      d.plans.find((p) => p.id === "max")!,
      [{ ...d.bills.find((b) => b.id === "B-3005")! }],
      d.operator,
      now,
    );
    const pendingResume = policy.checkResume({ ...mobile, status: "pending_activation" }, undefined, now);
    for (const [where, r] of Object.entries({ fraud, closedRoaming, mobileVisit, closedVisit, broadbandTopUp, longOverdue, pendingResume }))
      results.push([where, r!]);

    for (const [where, r] of results) checkCustomerMessage(r, where);
    // Every kind of refusal was walked; "unavailable" (the backend itself failing) is the next test.
    expect(new Set(results.map(([, r]) => r.code))).toEqual(new Set(RefusalCode.options.filter((c) => c !== "unavailable")));
    expect(results.length).toBeGreaterThan(70);
  });

  it("an outage of the backend is explained without internals", async () => {
    const dir = await tempDir();
    const statePath = join(dir, "blocked");
    const b = await createSimulatedBackend({ datasetPath: DEFAULT_DATASET_PATH, statePath, auditPath: join(dir, "a.jsonl"), now: clock });
    await mkdir(statePath); // the state file cannot be written
    const r = refused(await b.findCustomerByPhone({ threadId: "t" }, { phoneNumber: "5550100001", fullName: "Maria Gonzalez" }));
    expect(r.code).toBe("unavailable");
    checkCustomerMessage(r, "state not writable");
    const tools = createBackendTools(b);
    const noThread = JSON.parse((await tools.find((t) => t.name === "get_customer")!.invoke({})) as string) as Refusal;
    checkCustomerMessage(noThread, "tool without a thread id");
  });

  it("says which identity detail did not match, never what is on file", async () => {
    const { backend } = await openBackend();
    const name = refused(await backend.findCustomerByPhone({ threadId: "a" }, { phoneNumber: "5550100001", fullName: "Maria Lopez" }));
    expect(name.customerMessage).toBe("The name you gave doesn't match the account for that number; could you check it and try again?");
    const dob = refused(await backend.findCustomerByPhone({ threadId: "b" }, { phoneNumber: "5550100001", fullName: "maria gonzalez", dateOfBirth: "04/13/1988" }));
    expect(dob.customerMessage).toBe("The date of birth you gave doesn't match the account for that number; could you check it and try again?");
    expect(`${name.customerMessage} ${dob.customerMessage}`).not.toMatch(/Gonzalez|1988-04-12|04\/12/);
  });
});
