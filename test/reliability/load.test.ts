import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { formatReport, runLoad, type LoadReport } from "../../scripts/load/conversations.js";
import { startLocalPostgres, type LocalPostgres } from "../../scripts/load/postgres.js";
import { startServingProcess, type ChildServer } from "../../scripts/load/processes.js";
import { sharedApiServerUrl } from "../helpers/api-server.js";
import { TIER } from "../helpers/tier.js";

/**
 * Short forms of `npm run load-test`: conversations at once, each for its own customer; no errors, no lost or crossed
 * turns. `npm test` drives the run's shared LangGraph API server; `npm run test:full` the durable path, two serving
 * processes on a real PostgreSQL and the run's Chroma server, each conversation moving to the other process at every
 * turn. (The long form with a standalone Chroma server and a killed process: test/full.)
 */
/** Every turn answered once, for its own customer, with no error. */
function expectEveryTurnAnswered(report: LoadReport, conversations: number, turns: number) {
  console.log(formatReport(report));
  expect(report.errors).toEqual([]);
  expect(report.crossed).toEqual([]);
  expect(report.threads).toBe(conversations);
  expect(report.turns).toBe(conversations * turns);
}

describe.runIf(TIER === "short")("concurrent conversations through the LangGraph API server", () => {
  it("8 conversations x 2 turns at once: every turn answered once, each for its own customer", async () => {
    expectEveryTurnAnswered(await runLoad(new Client({ apiUrl: sharedApiServerUrl() }), { conversations: 8, turns: 2, durationMs: 0 }), 8, 2);
  }, 120_000);

  it("open model, turns starting at 8/s for 2 s on 4 conversations: every scheduled turn answered once, for its own customer", async () => {
    const seed = 7;
    const report = await runLoad(new Client({ apiUrl: sharedApiServerUrl() }), { conversations: 4, turns: 4, durationMs: 2_000, open: { ratePerSecond: 8, seed } });
    console.log(`open model, seed ${seed}`);
    console.log(formatReport(report));
    expect(report.errors).toEqual([]);
    // Threads still open when the schedule ended were checked too: each holds exactly the messages sent so far.
    expect(report.crossed).toEqual([]);
    if (report.model.kind !== "open") throw new Error(`the ${report.model.kind} loop ran`);
    expect(report.model.scheduled).toBeGreaterThan(5);
    expect(report.turns).toBe(report.model.scheduled);
  }, 120_000);
});

describe.runIf(TIER === "full")("concurrent conversations through two serving processes on PostgreSQL", () => {
  let dir: string;
  let postgres: LocalPostgres;
  const servers: ChildServer[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "load-"));
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
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("10 conversations x 3 turns at once, alternating processes: every turn answered once, each for its own customer", async () => {
    const clients = servers.map((server) => new Client({ apiUrl: server.url }));
    expectEveryTurnAnswered(await runLoad(clients, { conversations: 10, turns: 3, durationMs: 0 }), 10, 3);
  }, 240_000);
});
