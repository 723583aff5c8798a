import { describe, expect, it } from "vitest";
import { normalizeName, normalizePhone, parseDateOfBirth } from "../../src/backend/index.js";
import { ok, openBackend, refused, verify } from "./helpers.js";

describe("phone, name and date normalisation", () => {
  it("accepts the common ways a customer writes a number", () => {
    for (const s of ["(555) 010-0001", "+1 555 010 0001", "555.010.0001", "15550100001", "5550100001"])
      expect(normalizePhone(s)).toBe("+15550100001");
    for (const s of ["12345", "555-010-000A", "+44 20 7946 0000", ""]) expect(normalizePhone(s)).toBeNull();
  });
  it("ignores case, accents, apostrophes and spacing in names; parses ISO and US dates", () => {
    expect(normalizeName("  josé   RAMÍREZ ")).toBe(normalizeName("Jose Ramirez"));
    expect(normalizeName("Sarah OBrien")).toBe(normalizeName("Sarah O'Brien"));
    expect(parseDateOfBirth("04/12/1988")).toBe("1988-04-12");
    expect(parseDateOfBirth("1988-4-12")).toBe("1988-04-12");
    expect(parseDateOfBirth("1988-02-30")).toBeNull();
    expect(parseDateOfBirth("yesterday")).toBeNull();
  });
});

describe("identity verification", () => {
  it("a phone number alone only identifies: masked first name, no account access", async () => {
    const { backend } = await openBackend();
    const r = ok(await backend.findCustomerByPhone({ threadId: "t" }, { phoneNumber: "(555) 010-0001" }));
    expect(r).toEqual({ ok: true, found: true, verified: false, maskedFirstName: "M***" });
    expect(JSON.stringify(r)).not.toContain("Gonzalez");
    const read = refused(await backend.getCustomer({ threadId: "t" }));
    expect(read.code).toBe("not_verified");
    expect(read.nextStep).toBe("verify_identity");
  });

  it("verifies with phone + full name, phone + date of birth, or full name + date of birth", async () => {
    const { backend } = await openBackend();
    const a = ok(await backend.findCustomerByPhone({ threadId: "a" }, { phoneNumber: "+1 555 010 0001", fullName: "maria gonzalez" }));
    expect(a).toMatchObject({ verified: true, customerId: "C-1001", method: "phone_and_name" });
    const b = ok(await backend.findCustomerByPhone({ threadId: "b" }, { phoneNumber: "5550100002", dateOfBirth: "09/30/1995" }));
    expect(b).toMatchObject({ verified: true, customerId: "C-1002", method: "phone_and_dob" });
    const c = ok(await backend.findCustomerByNameAndDob({ threadId: "c" }, { fullName: "Jose Ramirez", dateOfBirth: "1980-02-29" }));
    expect(c).toMatchObject({ verified: true, customerId: "C-1024", method: "name_and_dob" });
    expect(ok(await backend.getCustomer({ threadId: "c" })).customer.lastName).toBe("Ramírez");
  });

  it("verification belongs to one conversation only", async () => {
    const { backend } = await openBackend();
    await verify(backend, "mine", "555-010-0001", "Maria Gonzalez");
    expect(ok(await backend.getCustomer({ threadId: "mine" })).customer.id).toBe("C-1001");
    expect(refused(await backend.getCustomer({ threadId: "someone-else" })).code).toBe("not_verified");
  });

  it("mismatching details are refused without revealing what is on file", async () => {
    const { backend } = await openBackend();
    const r = refused(await backend.findCustomerByPhone({ threadId: "t" }, { phoneNumber: "5550100001", fullName: "Maria Lopez" }));
    expect(r.code).toBe("not_verified");
    expect(r.nextStep).toBe("ask_customer");
    expect(r.reason).not.toContain("Gonzalez");
    const both = refused(
      await backend.findCustomerByPhone({ threadId: "t2" }, { phoneNumber: "5550100001", fullName: "Maria Gonzalez", dateOfBirth: "1990-01-01" }),
    );
    expect(both.code).toBe("not_verified");
    expect(refused(await backend.findCustomerByNameAndDob({ threadId: "t3" }, { fullName: "Maria Gonzalez", dateOfBirth: "1988-04-13" })).code).toBe(
      "not_verified",
    );
  });

  it("after three failed attempts the conversation must go to a human, even with correct details", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "t" };
    for (let i = 0; i < 2; i++) await backend.findCustomerByPhone(ctx, { phoneNumber: "5550100001", fullName: "Wrong Name" });
    const third = refused(await backend.findCustomerByPhone(ctx, { phoneNumber: "5550100001", fullName: "Wrong Name" }));
    expect(third.nextStep).toBe("hand_over");
    const after = refused(await backend.findCustomerByPhone(ctx, { phoneNumber: "5550100001", fullName: "Maria Gonzalez" }));
    expect(after).toMatchObject({ code: "policy", nextStep: "hand_over" });
  });

  it("malformed input gets a clear refusal, never an exception", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "t" };
    expect(refused(await backend.findCustomerByPhone(ctx, { phoneNumber: "call me maybe" })).code).toBe("invalid_input");
    expect(refused(await backend.findCustomerByPhone(ctx, { phoneNumber: "5550100001", dateOfBirth: "31st of Feb" })).code).toBe("invalid_input");
    expect(refused(await backend.findCustomerByNameAndDob(ctx, { fullName: "Maria", dateOfBirth: "1988-04-12" })).code).toBe("invalid_input");
    expect(refused(await backend.findCustomerByPhone(ctx, { phoneNumber: "5559999999" })).code).toBe("not_found");
    expect(refused(await backend.findCustomerByPhone({ threadId: "" }, { phoneNumber: "5550100001" })).code).toBe("invalid_input");
    // Untyped callers (an LLM's JSON) can send anything.
    expect(refused(await backend.findCustomerByPhone(ctx, { phoneNumber: 42 as unknown as string })).code).toBe("invalid_input");
  });

  it("another customer's lines, bills and tickets are refused with a clear reason", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "t" };
    await verify(backend, "t", "5550100001", "Maria Gonzalez");
    const line = refused(await backend.getLine(ctx, { lineId: "L-1002" }));
    expect(line.code).toBe("policy");
    expect(line.reason).toMatch(/not on the verified customer's account/);
    expect(refused(await backend.getUsage(ctx, { lineId: "(555) 010-0002" })).code).toBe("policy");
    expect(refused(await backend.getBill(ctx, { billId: "B-3003" })).code).toBe("policy");
    expect(refused(await backend.getTicket(ctx, { ticketId: "T-5001" })).code).toBe("policy");
    expect(refused(await backend.setRoaming(ctx, { lineId: "L-1002", enabled: true })).code).toBe("policy");
    expect(refused(await backend.getLine(ctx, { lineId: "L-9999" })).code).toBe("not_found");
  });

  it("no account read or change happens before verification", async () => {
    const { backend } = await openBackend();
    const ctx = { threadId: "anon" };
    const calls = [
      backend.getCustomer(ctx),
      backend.getLine(ctx, { lineId: "L-1001" }),
      backend.listBills(ctx),
      backend.getBill(ctx, { billId: "B-3001" }),
      backend.getUsage(ctx, { lineId: "L-1001" }),
      backend.listDevices(ctx),
      backend.getLineStatus(ctx, { lineId: "L-1001" }),
      backend.runBroadbandLineTest(ctx, { lineId: "L-1005" }),
      backend.setRoaming(ctx, { lineId: "L-1001", enabled: true }),
      backend.topUpData(ctx, { lineId: "L-1002", gb: 1 }),
      backend.sendPaymentRequest(ctx, { billId: "B-3005" }),
      backend.resumeLine(ctx, { lineId: "L-1029" }),
      backend.bookTechnician(ctx, { lineId: "L-1018" }),
      backend.openTicket(ctx, { category: "mobile", subject: "x" }),
      backend.updateTicket(ctx, { ticketId: "T-5001", note: "x" }),
      backend.getTicket(ctx, { ticketId: "T-5001" }),
      backend.listTickets(ctx),
      backend.getVerifiedCustomer(ctx),
    ];
    for (const r of await Promise.all(calls)) expect(refused(r).code).toBe("not_verified");
    // Nothing changed: Maria's roaming is still off once she is verified.
    await verify(backend, "later", "5550100001", "Maria Gonzalez");
    expect(ok(await backend.getLine({ threadId: "later" }, { lineId: "L-1001" })).line.roamingEnabled).toBe(false);
  });
});
