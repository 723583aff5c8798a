import { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "../../scripts/load/api-server.js";
import { formatReport, runLoad } from "../../scripts/load/conversations.js";

/**
 * The short form of `npm run load-test`: conversations at once through the
 * LangGraph API server on loopback. No errors, no lost or crossed turns.
 */
let server: ApiServer;

beforeAll(async () => {
  server = await startApiServer({ jobsPerWorker: 10 });
}, 130_000);

afterAll(async () => {
  await server?.stop();
}, 30_000);

describe("concurrent conversations through the LangGraph API server", () => {
  it("10 conversations x 2 turns at once: every turn answered, each for its own customer", async () => {
    const report = await runLoad(new Client({ apiUrl: server.url }), { conversations: 10, turns: 2, durationMs: 0 });
    console.log(formatReport(report));
    expect(report.errors).toEqual([]);
    expect(report.crossed).toEqual([]);
    expect(report.threads).toBe(10);
    expect(report.turns).toBe(20);
  }, 180_000);
});
