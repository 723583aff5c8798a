import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { BenchResults } from "../../scripts/bench/report.js";
import { TIER } from "../helpers/tier.js";

const run = promisify(execFile);

/** The smallest sizes that still give every row. */
const SMALL = ["--episodes", "50,100", "--turns", "5", "--queries", "3", "--chunks", "50", "--texts", "100", "--launches", "1"];
/**
 * `npm run test:full` runs every benchmark; `npm test` only the embedder's (half a second, no Chroma): enough to check the
 * harness's table and results.json, while the turn benchmark's rows and chart are checked in the full tier.
 */
const FULL = TIER === "full";
const EXPECTED = FULL
  ? { only: [], benchmarks: ["turn", "turn node", "retrieval", "ingestion", "embedder", "cold start", "llm path", "memory"], details: ["turns", "retrieval", "ingestion", "embedder", "cold-start", "llm-path"] }
  : { only: ["--only", "embedder"], benchmarks: ["embedder"], details: ["embedder"] };

describe(`npm run bench (quickest form, ${TIER} tier)`, () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-out-"));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it(`runs ${FULL ? "every benchmark" : "the embedder benchmark"}, prints the table and writes a well-formed results.json${FULL ? " and the chart" : ""}`, async () => {
    const { stdout } = await run("npx", ["tsx", "scripts/bench.ts", "--quick", ...SMALL, ...EXPECTED.only, "--out", out], { timeout: 280_000, maxBuffer: 10_000_000 });
    const results = BenchResults.parse(JSON.parse(fs.readFileSync(path.join(out, "results.json"), "utf8")));
    expect(new Set(results.rows.map((row) => row.benchmark))).toEqual(new Set(EXPECTED.benchmarks));
    expect(Object.keys(results.details)).toEqual(EXPECTED.details);
    expect(stdout).toMatch(/^benchmark\s+metric/m);
    expect(stdout).toContain("results.json");
    expect(fs.readFileSync(path.join(out, "results.md"), "utf8")).toMatch(/^\| benchmark \| metric/);
    if (!FULL) return;
    const turnRows = results.rows.filter((row) => row.benchmark === "turn");
    expect(turnRows.map((row) => `${row.episodes} ${row.metric}`)).toEqual(
      [50, 100].flatMap((episodes) => ["p50", "p95", "p99", "time to reply p50/p95"].map((metric) => `${episodes} ${metric}`)),
    );
    expect(fs.readFileSync(path.join(out, "turn-latency.svg"), "utf8")).toMatch(/^<svg[\s\S]*<polyline[\s\S]*<\/svg>\n$/);
  }, 300_000);

  it("rejects a bad option with one line, not a stack trace", async () => {
    const failed = await run("npx", ["tsx", "scripts/bench.ts", "--only", "nonsense"]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(/unknown benchmark nonsense/);
    expect((failed as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
  });
});
