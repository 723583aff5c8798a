import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimulatedBackend, DEFAULT_DATASET_PATH, type SimulatedTelecomBackend } from "../../src/backend/index.js";
import { onTestFinished } from "vitest";
import type { DatasetInput, Proposal, ProposalRequest } from "../../src/backend/schemas.js";

/** "Today" for every test: the dataset's dates are written relative to it. */
export const NOW = new Date("2026-11-21T12:00:00Z");
export const clock = () => NOW;

/** A fresh folder for one test's files, removed when the test finishes. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "telecom-backend-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function builtInDataset(): Promise<DatasetInput> {
  return JSON.parse(await readFile(DEFAULT_DATASET_PATH, "utf8")) as DatasetInput;
}

export interface Fixture {
  dir: string;
  backend: SimulatedTelecomBackend;
  statePath: string;
  auditPath: string;
  datasetPath: string;
  reopen(): Promise<SimulatedTelecomBackend>;
}

/** A backend over the built-in dataset (or the given one, written to a temp file) with its state in a temp folder. */
export async function openBackend(dataset?: unknown): Promise<Fixture> {
  const dir = await tempDir();
  let datasetPath = DEFAULT_DATASET_PATH;
  if (dataset !== undefined) {
    datasetPath = join(dir, "custom.json");
    await writeFile(datasetPath, JSON.stringify(dataset, null, 2));
  }
  const statePath = join(dir, "state.json");
  const auditPath = join(dir, "audit.jsonl");
  const open = () => createSimulatedBackend({ datasetPath, statePath, auditPath, now: clock });
  return { dir, backend: await open(), statePath, auditPath, datasetPath, reopen: open };
}

/** Verify a customer of the built-in dataset in `threadId` by phone and full name. */
export async function verify(b: SimulatedTelecomBackend, threadId: string, phone: string, fullName: string): Promise<void> {
  const r = await b.findCustomerByPhone({ threadId }, { phoneNumber: phone, fullName });
  if (!r.ok || !r.verified) throw new Error(`verification failed for ${fullName}: ${JSON.stringify(r)}`);
}

/** Narrow a result to its success branch, failing the test with the refusal reason otherwise. */
export function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got refusal: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}
export function refused<T extends { ok: boolean }>(r: T): Extract<T, { ok: false }> {
  if (r.ok) throw new Error(`expected a refusal, got: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: false }>;
}

/**
 * A small second dataset, written from scratch: one carrier, two customers.
 * Tests mutate copies of it to produce broken files.
 */
export function smallDataset() {
  return {
    format: "nimbus-telecom-dataset",
    version: 1,
    operator: { name: "Test Telco", currency: "USD" },
    plans: [
      { id: "basic", name: "Basic 2", kind: "mobile", monthlyPrice: 10, dataLimitGb: 2, topUpPricePerGb: 6 },
      { id: "home", name: "Home 50", kind: "broadband", monthlyPrice: 30, dataLimitGb: null, topUpPricePerGb: null, speedMbps: 50 },
    ],
    customers: [
      {
        id: "X-1",
        firstName: "Ada",
        lastName: "Byron",
        dateOfBirth: "1990-12-10",
        email: "ada@example.org",
        contactPhone: "+12025550101",
        address: { street: "1 Engine Row", city: "Metro", state: "NY", postalCode: "10001", areaId: "M1" },
        accountStatus: "active",
        tier: "standard",
        customerSince: "2020-01-01",
        paymentMethods: [{ id: "pm", type: "card", last4: "1234", isDefault: true }],
      },
      {
        id: "X-2",
        firstName: "Alan",
        lastName: "Turing",
        dateOfBirth: "1985-06-23",
        email: "alan@example.org",
        contactPhone: "+12025550202",
        address: { street: "2 Bletchley Way", city: "Metro", state: "NY", postalCode: "10002", areaId: "M1" },
        accountStatus: "active",
        tier: "business",
        customerSince: "2019-01-01",
        paymentMethods: [],
      },
    ],
    lines: [
      { id: "A", customerId: "X-1", kind: "mobile", number: "+12025550101", status: "active", planId: "basic", dataUsedGb: 1.8, cycleEnd: "2026-11-30", contractEnd: null },
      { id: "B", customerId: "X-2", kind: "mobile", number: "+12025550202", status: "active", planId: "basic", dataUsedGb: 0.1, cycleEnd: "2026-11-30", contractEnd: "2027-01-01" },
    ],
    bills: [
      {
        id: "INV-1",
        customerId: "X-1",
        periodStart: "2026-10-01",
        periodEnd: "2026-10-31",
        issueDate: "2026-11-01",
        dueDate: "2026-11-10",
        amount: 10,
        status: "overdue",
        lineItems: [{ description: "Basic 2", kind: "plan", amount: 10, lineId: "A" }],
      },
    ],
    areas: [{ id: "M1", name: "Midtown", city: "Metro", postalCodes: ["10001", "10002"], mobileTechnologies: ["4G"], broadbandAvailable: true }],
  };
}

/**
 * What the dialogue layer does before an account action: propose it, and
 * record the customer's yes in their own words. Returns the accepted proposal.
 */
export async function agree(
  b: SimulatedTelecomBackend,
  threadId: string,
  request: ProposalRequest,
  customerWords = "yes please go ahead",
): Promise<Proposal> {
  const proposed = ok(await b.proposeAction({ threadId }, request));
  return ok(await b.recordCustomerDecision({ threadId }, { proposalId: proposed.proposal.id, accepted: true, customerWords })).proposal;
}
