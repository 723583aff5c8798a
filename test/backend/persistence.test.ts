import { execFile } from "node:child_process";
import { copyFile, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createSimulatedBackend, DatasetError, DEFAULT_DATASET_PATH } from "../../src/backend/index.js";
import { agree, clock, ok, openBackend, refused, tempDir, verify } from "./helpers.js";

const run = promisify(execFile);

describe("persistence", () => {
  it("changes and verification survive a restart", async () => {
    const f = await openBackend();
    await verify(f.backend, "t", "5550100001", "Maria Gonzalez");
    await agree(f.backend, "t", { action: "enable_roaming", args: {} });
    ok(await f.backend.setRoaming({ threadId: "t" }, { enabled: true }));
    const after = await f.reopen();
    // Still verified in the same conversation, and roaming is still on.
    expect(ok(await after.getLine({ threadId: "t" }, {})).line.roamingEnabled).toBe(true);
    expect(ok(await after.getVerifiedCustomer({ threadId: "t" })).customerId).toBe("C-1001");
    // The dataset file itself is untouched.
    const dataset = JSON.parse(await readFile(DEFAULT_DATASET_PATH, "utf8"));
    expect(dataset.lines.find((l: { id: string }) => l.id === "L-1001").roamingEnabled).toBe(false);
  });

  it("a change that cannot be saved is refused and not applied", async () => {
    const dir = await tempDir();
    // The state path is an existing folder, so the atomic rename fails.
    const statePath = join(dir, "blocked");
    const b = await createSimulatedBackend({ datasetPath: DEFAULT_DATASET_PATH, statePath, auditPath: join(dir, "a.jsonl"), now: clock });
    await mkdir(statePath);
    const r = refused(await b.findCustomerByPhone({ threadId: "t" }, { phoneNumber: "5550100001", fullName: "Maria Gonzalez" }));
    expect(r).toMatchObject({ code: "unavailable", nextStep: "retry_later" });
    // Once the state can be written again, the verification that could not be saved is not there.
    await rm(statePath, { recursive: true });
    expect(refused(await b.getCustomer({ threadId: "t" })).code).toBe("not_verified");
  });

  it("a corrupt state file fails with a clear error naming it, and is not overwritten", async () => {
    const f = await openBackend();
    await verify(f.backend, "t", "5550100001", "Maria Gonzalez");
    const half = (await readFile(f.statePath, "utf8")).slice(0, 200);
    await writeFile(f.statePath, half);
    const err = await f.reopen().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toContain(f.statePath);
    expect((err as Error).message).toMatch(/corrupt or half-written.*backend:reset/);
    expect(await readFile(f.statePath, "utf8")).toBe(half);
  });

  it("a state file made from another version of the dataset is refused", async () => {
    const dir = await tempDir();
    const datasetPath = join(dir, "data.json");
    await copyFile(DEFAULT_DATASET_PATH, datasetPath);
    const paths = { datasetPath, statePath: join(dir, "s.json"), auditPath: join(dir, "a.jsonl"), now: clock };
    const b = await createSimulatedBackend(paths);
    await verify(b, "t", "5550100001", "Maria Gonzalez");
    await writeFile(datasetPath, (await readFile(datasetPath, "utf8")).replace('"Maria"', '"Mariana"'));
    await expect(createSimulatedBackend(paths)).rejects.toThrow(/different version of the dataset/);
  });

  it("the audit log records every attempt, refusals included, and survives a restart", async () => {
    const f = await openBackend();
    const ctx = { threadId: "audit-thread" };
    await f.backend.getCustomer(ctx);
    await f.backend.findCustomerByPhone(ctx, { phoneNumber: "5550100002", dateOfBirth: "1995-09-30" });
    await f.backend.topUpData(ctx, { gb: 3 });
    await agree(f.backend, "audit-thread", { action: "top_up_data", args: { gb: 1 } }, "yes, 1 gb is fine");
    await f.backend.topUpData(ctx, { gb: 1 });
    await f.backend.getCustomer({ threadId: "other" });
    const after = await f.reopen();
    const { entries, skippedLines } = await after.queryAudit({ threadId: "audit-thread" });
    expect(skippedLines).toBe(0);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ["getCustomer", "refused"],
      ["findCustomerByPhone", "ok"],
      ["topUpData", "refused"],
      ["proposeAction", "ok"],
      ["recordCustomerDecision", "ok"],
      ["topUpData", "ok"],
    ]);
    // Propose, decide and consume name the same proposal; the decision keeps the customer's words.
    const proposalId = (entries[3]!.result as { proposal: { id: string } }).proposal.id;
    expect(entries[4]).toMatchObject({ proposalId, args: { accepted: true, customerWords: "yes, 1 gb is fine" } });
    const topUp = entries[5]!;
    expect(topUp).toMatchObject({ customerId: "C-1002", kind: "change", args: { gb: 1 }, result: { charge: 5 }, proposalId });
    expect(entries[2]!.reason).toMatch(/at most 2 GB/);
    // The date of birth never lands in the log.
    expect(entries[1]!.args.dateOfBirth).toBe("[redacted]");
    expect((await after.queryAudit({ customerId: "C-1002", action: "topUpData", outcome: "ok" })).entries).toHaveLength(1);
    expect((await after.queryAudit({ limit: 1 })).entries[0]!.threadId).toBe("other");
    // A line cut by a crash is skipped, not fatal.
    await writeFile(f.auditPath, (await readFile(f.auditPath, "utf8")) + '{"id":"x","at":');
    expect((await after.queryAudit()).skippedLines).toBe(1);
  });

  it("npm run backend:reset restores the dataset; --audit also clears the audit log", async () => {
    const dir = await tempDir();
    const datasetPath = join(dir, "shop.json");
    await copyFile(DEFAULT_DATASET_PATH, datasetPath);
    const env = { ...process.env, TELECOM_DATASET: datasetPath, TELECOM_STATE_DIR: join(dir, "state") };
    const b = await createSimulatedBackend({ datasetPath, statePath: join(dir, "state", "shop.state.json"), auditPath: join(dir, "state", "shop.audit.jsonl"), now: clock });
    await verify(b, "t", "5550100001", "Maria Gonzalez");
    await agree(b, "t", { action: "enable_roaming", args: {} });
    ok(await b.setRoaming({ threadId: "t" }, { enabled: true }));
    const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
    const first = await run(tsx, ["scripts/backend-reset.ts"], { env });
    expect(first.stdout).toContain(`Deleted ${join(dir, "state", "shop.state.json")}`);
    expect(first.stdout).toContain("Kept the audit log");
    await expect(stat(join(dir, "state", "shop.audit.jsonl"))).resolves.toBeTruthy();
    const fresh = await createSimulatedBackend({ datasetPath, statePath: join(dir, "state", "shop.state.json"), auditPath: join(dir, "state", "shop.audit.jsonl"), now: clock });
    // Verification was part of the state: gone, and roaming is back to the dataset's value.
    expect(refused(await fresh.getLine({ threadId: "t" }, {})).code).toBe("not_verified");
    await verify(fresh, "t2", "5550100001", "Maria Gonzalez");
    expect(ok(await fresh.getLine({ threadId: "t2" }, {})).line.roamingEnabled).toBe(false);
    const second = await run(tsx, ["scripts/backend-reset.ts", "--audit"], { env });
    expect(second.stdout).toContain(`Deleted ${join(dir, "state", "shop.audit.jsonl")}`);
    await expect(stat(join(dir, "state", "shop.audit.jsonl"))).rejects.toThrow();
  });
});
