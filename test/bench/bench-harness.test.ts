import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { BenchResults } from "../../scripts/bench/report.js";

const run = promisify(execFile);

describe("npm run bench (quickest form)", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-out-"));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it("runs every benchmark, prints the table and writes a well-formed results.json and the chart", async () => {
    const { stdout } = await run(
      "npx",
      ["tsx", "scripts/bench.ts", "--quick", "--episodes", "50,100", "--turns", "5", "--queries", "3", "--chunks", "50", "--texts", "100", "--launches", "1", "--out", out],
      { timeout: 280_000, maxBuffer: 10_000_000 },
    );
    const results = BenchResults.parse(JSON.parse(fs.readFileSync(path.join(out, "results.json"), "utf8")));
    const benchmarks = new Set(results.rows.map((row) => row.benchmark));
    for (const name of ["turn", "turn node", "retrieval", "ingestion", "embedder", "cold start", "llm path", "memory"]) expect(benchmarks).toContain(name);
    const turnRows = results.rows.filter((row) => row.benchmark === "turn");
    expect(turnRows.map((row) => `${row.episodes} ${row.metric}`)).toEqual(
      [50, 100].flatMap((episodes) => ["p50", "p95", "p99", "time to reply p50/p95"].map((metric) => `${episodes} ${metric}`)),
    );
    expect(Object.keys(results.details)).toEqual(["turns", "retrieval", "ingestion", "embedder", "cold-start", "llm-path"]);
    expect(fs.readFileSync(path.join(out, "turn-latency.svg"), "utf8")).toMatch(/^<svg[\s\S]*<polyline[\s\S]*<\/svg>\n$/);
    expect(stdout).toMatch(/^benchmark\s+metric/m);
    expect(stdout).toContain("results.json");
  }, 300_000);

  it("rejects a bad option with one line, not a stack trace", async () => {
    const failed = await run("npx", ["tsx", "scripts/bench.ts", "--only", "nonsense"]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(/unknown benchmark nonsense/);
    expect((failed as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
  });
});
