import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createSimulatedBackend } from "../../src/backend/index.js";
import { verifiableCustomers } from "./fixtures/customers.js";

/**
 * Two processes write the simulated backend's state file at the same time (as two serving replicas on one
 * TELECOM_STATE_DIR do): every verification each one made is in the file afterwards, and a third process sees them.
 */
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backend-processes-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const PER_PROCESS = 40;

function writer(prefix: string): Promise<{ failed: string[] }> {
  const args = ["--import", "tsx", path.join(ROOT, "test", "deploy", "fixtures", "verify-customers.ts"), path.join(dir, "state.json"), path.join(dir, "audit.jsonl"), prefix, String(PER_PROCESS)];
  return promisify(execFile)(process.execPath, args, { cwd: ROOT }).then(({ stdout }) => JSON.parse(stdout.trim().split("\n").at(-1)!) as { failed: string[] });
}

describe("the simulated backend's state across processes", () => {
  it("two processes verifying customers at once lose none of each other's writes", async () => {
    const running = Promise.all([writer("a"), writer("b")]);
    while (!fs.existsSync(path.join(dir, "a.ready")) || !fs.existsSync(path.join(dir, "b.ready"))) await new Promise((resolve) => setTimeout(resolve, 20));
    fs.writeFileSync(path.join(dir, "go"), "");
    const [a, b] = await running;
    expect(a.failed).toEqual([]);
    expect(b.failed).toEqual([]);

    const state = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8")) as { verifications: Record<string, { customerId: string }> };
    const expected = Object.fromEntries(
      ["a", "b"].flatMap((prefix) => Array.from({ length: PER_PROCESS }, (_, i) => [`${prefix}-${i}`, verifiableCustomers()[i % verifiableCustomers().length]!.id])),
    );
    expect(Object.fromEntries(Object.entries(state.verifications).map(([thread, v]) => [thread, v.customerId]))).toEqual(expected);

    // A third process on the same files: each thread is verified as its customer.
    const third = await createSimulatedBackend({ statePath: path.join(dir, "state.json"), auditPath: path.join(dir, "audit.jsonl") });
    for (const [threadId, customerId] of Object.entries(expected)) {
      const verified = await third.getVerifiedCustomer({ threadId });
      expect(verified.ok && verified.customerId, threadId).toBe(customerId);
    }
    // Both processes' audit entries are whole lines, and every thread's verification is in it.
    const audit = fs.readFileSync(path.join(dir, "audit.jsonl"), "utf8").trim().split("\n");
    expect(new Set(audit.map((line) => (JSON.parse(line) as { threadId: string }).threadId))).toEqual(new Set(Object.keys(expected)));
  }, 120_000);
});
