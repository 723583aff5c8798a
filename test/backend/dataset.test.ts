import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSimulatedBackend, DatasetError, loadDataset, parseDataset } from "../../src/backend/index.js";
import { agree, builtInDataset, clock, ok, openBackend, refused, smallDataset, tempDir } from "./helpers.js";

function errorOf(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DatasetError) return err;
    throw err;
  }
  throw new Error("expected a DatasetError");
}

describe("the built-in dataset", () => {
  it("is valid and covers the scenarios the agent must handle", async () => {
    const d = parseDataset(await builtInDataset());
    expect(d.operator).toMatchObject({ name: "Nimbus Mobile", currency: "USD", maxTopUpGb: 2, lateFee: 10, travelPassPerDay: 8 });
    expect(d.customers.length).toBeGreaterThanOrEqual(22);
    const lines = d.lines;
    expect(lines.some((l) => l.status === "suspended" && l.suspensionReason === "overdue_bill")).toBe(true);
    expect(lines.some((l) => l.status === "suspended" && l.contractEnd !== null && l.contractEnd < "2026-11-21")).toBe(true);
    expect(lines.some((l) => l.status === "pending_activation")).toBe(true);
    expect(d.bills.some((b) => b.lineItems.some((li) => li.disputed))).toBe(true);
    expect(d.customers.filter((c) => c.movedAt).length).toBeGreaterThanOrEqual(2);
    expect(d.customers.filter((c) => c.tier === "business").length).toBeGreaterThanOrEqual(2);
    expect(d.outages.some((o) => o.service === "broadband" && o.status === "active")).toBe(true);
    const perCustomer = new Map<string, number>();
    for (const l of lines) perCustomer.set(l.customerId, (perCustomer.get(l.customerId) ?? 0) + 1);
    expect([...perCustomer.values()].filter((n) => n > 1).length).toBeGreaterThanOrEqual(5);
    const plans = Object.fromEntries(d.plans.map((p) => [p.id, [p.name, p.monthlyPrice, p.dataLimitGb, p.topUpPricePerGb, p.speedMbps]]));
    expect(plans).toEqual({
      lite: ["Nimbus Lite", 15, 5, 5, null],
      plus: ["Nimbus Plus", 30, 20, 4, null],
      max: ["Nimbus Max", 45, 60, 3, null],
      unlimited: ["Nimbus Unlimited", 65, null, null, null],
      "fibre-100": ["Home Fibre 100", 40, null, null, 100],
      "fibre-500": ["Home Fibre 500", 55, null, null, 500],
      "fibre-1g": ["Home Fibre 1G", 70, null, null, 1000],
    });
  });
});

describe("dataset validation", () => {
  it("names the record and field of a line pointing to a missing plan", () => {
    const d = smallDataset();
    d.lines[1]!.planId = "gold";
    expect(errorOf(() => parseDataset(d, "my.json")).issues).toEqual(['lines[1] (id "B"): plan "gold" does not exist']);
  });

  it("names duplicate ids and duplicate numbers", () => {
    const d = smallDataset();
    d.customers[1]!.id = "X-1";
    d.lines[1]!.customerId = "X-1";
    d.lines[1]!.number = d.lines[0]!.number;
    const issues = errorOf(() => parseDataset(d)).issues;
    expect(issues).toContain('customers[1] (id "X-1"): duplicate id "X-1"');
    expect(issues).toContain('lines[1] (id "B"): number "+12025550101" is already used by line "A"');
  });

  it("names the field of a schema error", () => {
    const d = smallDataset() as unknown as { customers: Array<Record<string, unknown>> };
    d.customers[0]!.dateOfBirth = "10/12/1990";
    const [issue] = errorOf(() => parseDataset(d)).issues;
    expect(issue).toMatch(/^customers\[0\] \(id "X-1"\): field "dateOfBirth": /);
  });

  it("catches inconsistent records: bill sums, references to other customers, suspension without reason", () => {
    const d = smallDataset();
    d.bills[0]!.amount = 12;
    (d.bills[0]!.lineItems[0] as { lineId: string }).lineId = "B";
    Object.assign(d.lines[0]!, { status: "suspended" });
    const issues = errorOf(() => parseDataset(d)).issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        'lines[0] (id "A"): suspensionReason is required when status is "suspended"',
        'bills[0] (id "INV-1"): amount 12 does not equal the sum of its lineItems (10.00)',
        'bills[0] (id "INV-1"): lineItems[0].lineId "B" belongs to another customer',
      ]),
    );
  });

  it("reports a missing file, bad JSON and a wrong format clearly", async () => {
    const dir = await tempDir();
    await expect(loadDataset(join(dir, "nope.json"))).rejects.toThrow(/nope\.json: 1 problem\(s\):\n  file not found/);
    await writeFile(join(dir, "bad.json"), "{ customers: [");
    await expect(loadDataset(join(dir, "bad.json"))).rejects.toThrow(/bad\.json.*not valid JSON/s);
    await writeFile(join(dir, "other.json"), JSON.stringify({ hello: "world" }));
    await expect(loadDataset(join(dir, "other.json"))).rejects.toThrow(/field "format"/);
  });
});

describe("a second dataset file", () => {
  it("is used through the factory option, with the same policy", async () => {
    const { backend } = await openBackend(smallDataset());
    const ctx = { threadId: "t" };
    ok(await backend.findCustomerByPhone(ctx, { phoneNumber: "202-555-0101", dateOfBirth: "12/10/1990" }));
    expect(ok(await backend.getUsage(ctx, {}))).toMatchObject({ planName: "Basic 2", remainingGb: 0.2, needsTopUp: true });
    // The operator's own top-up price applies; its defaults (2 GB cap) too.
    expect((await agree(backend, "t", { action: "top_up_data", args: { gb: 1 } })).effect).toBe(
      "add 1 GB of data to 202-555-0101 for $6.00, charged to your next bill",
    );
    expect(ok(await backend.topUpData(ctx, { gb: 1 })).charge).toBe(6);
    expect(refused(await backend.topUpData(ctx, { gb: 3 })).reason).toMatch(/at most 2 GB/);
    await agree(backend, "t", { action: "send_payment_request", args: { billId: "INV-1" } });
    expect(ok(await backend.sendPaymentRequest(ctx, { billId: "INV-1" })).paymentRequest.sentTo).toBe("+12025550101");
    expect(ok(await backend.checkNetworkStatus(ctx, { area: "10002" })).area.name).toBe("Midtown");
  });

  it("is picked up from TELECOM_DATASET, with state named after it in TELECOM_STATE_DIR", async () => {
    const dir = await tempDir();
    const file = join(dir, "acme.json");
    await writeFile(file, JSON.stringify(smallDataset()));
    const saved = { ds: process.env.TELECOM_DATASET, sd: process.env.TELECOM_STATE_DIR };
    process.env.TELECOM_DATASET = file;
    process.env.TELECOM_STATE_DIR = join(dir, "st");
    try {
      const b = await createSimulatedBackend({ now: clock });
      expect(b.files.statePath).toBe(join(dir, "st", "acme.state.json"));
      expect(b.files.auditPath).toBe(join(dir, "st", "acme.audit.jsonl"));
      ok(await b.findCustomerByNameAndDob({ threadId: "t" }, { fullName: "Alan Turing", dateOfBirth: "1985-06-23" }));
      expect(ok(await b.getCustomer({ threadId: "t" })).customer.tier).toBe("business");
    } finally {
      process.env.TELECOM_DATASET = saved.ds;
      process.env.TELECOM_STATE_DIR = saved.sd;
      if (saved.ds === undefined) delete process.env.TELECOM_DATASET;
      if (saved.sd === undefined) delete process.env.TELECOM_STATE_DIR;
    }
  });

  it("a broken dataset stops the backend from starting, naming the record", async () => {
    const d = smallDataset();
    d.lines[0]!.customerId = "X-404";
    await expect(openBackend(d)).rejects.toThrow(/lines\[0\] \(id "A"\): customer "X-404" does not exist/);
  });
});
