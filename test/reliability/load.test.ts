import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { formatReport, runLoad } from "../../scripts/load/conversations.js";
import { startLocalPostgres, type LocalPostgres } from "../../scripts/load/postgres.js";
import { startServingProcess, type ChildServer } from "../../scripts/load/processes.js";

/**
 * The short form of `npm run load-test` on the durable path: two serving processes on a real PostgreSQL and the
 * test run's Chroma server, conversations at once, each moving to the other process at every turn. No errors, no
 * lost or crossed turns. (The long form with a standalone Chroma server and a killed process: npm run test:full.)
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "load-"));
let postgres: LocalPostgres;
const servers: ChildServer[] = [];

beforeAll(async () => {
  postgres = await startLocalPostgres();
  const env = {
    CHECKPOINT_URL: postgres.url,
    CHROMA_URL: inject("chromaUrl"),
    CHROMA_COLLECTION_PREFIX: `load_${randomUUID().slice(0, 8)}`,
    TELECOM_STATE_DIR: path.join(dir, "telecom"),
  };
  // One after the other: the first fills the empty collections with the knowledge base.
  for (const name of ["a", "b"]) servers.push(await startServingProcess({ env: { ...env, MONITORING_DIR: path.join(dir, `monitoring-${name}`) } }));
}, 240_000);

afterAll(async () => {
  await Promise.allSettled(servers.map((server) => server.stop()));
  await postgres?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("concurrent conversations through two serving processes on PostgreSQL", () => {
  it("10 conversations x 3 turns at once, alternating processes: every turn answered once, each for its own customer", async () => {
    const report = await runLoad(
      servers.map((server) => new Client({ apiUrl: server.url })),
      { conversations: 10, turns: 3, durationMs: 0 },
    );
    console.log(formatReport(report));
    expect(report.errors).toEqual([]);
    expect(report.crossed).toEqual([]);
    expect(report.threads).toBe(10);
    expect(report.turns).toBe(30);
  }, 240_000);
});
