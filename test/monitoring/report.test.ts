import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileMonitor } from "../../src/monitoring/index.js";

const CHROMIUM = "/usr/bin/chromium";
const LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Monitoring logs as the graph writes them: turns with their nodes, scored conversations on two prompt versions, alerts. */
async function writeLogs(dir: string) {
  const monitor = new FileMonitor({ dir, thresholds: { driftWindow: 4 } as never });
  const start = Date.parse("2026-01-05T10:00:00Z");
  for (let i = 0; i < 12; i++) {
    const at = new Date(start + i * 60_000).toISOString();
    await monitor.recordTurn({
      at,
      threadId: `t-${i}`,
      turn: 1,
      responseMs: i === 11 ? 3_400 : 30 + i,
      tokens: i === 10 ? 1_200 : 0,
      nodes: [
        { node: "context", ms: 5 + i },
        { node: "intent", ms: 2 + i / 2 },
        { node: "knowledge", ms: 9 + i, retrievalHits: 4 },
        { node: "dialogue", ms: 3 + i },
      ],
    });
    const version = i < 6 ? 1 : 2;
    await monitor.recordScores({ at, threadId: `t-${i}`, scores: { empathy: version === 1 ? 0.6 : 0.9 }, roles: { dialogue: version === 1 ? 0.7 : 0.85, planner: 0.75 }, promptVersions: { dialogue: version, planner: 1 } });
  }
}

describe("npm run report", () => {
  let browser: Browser;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-"));
  const out = path.join(dir, "out", "report.html");

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: the report test needs Debian's chromium package (apt-get install -y chromium; .ci/run installs it)`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes a report whose four charts render in headless Chromium with no network and no console errors", async () => {
    await writeLogs(path.join(dir, "monitoring"));
    const { stdout } = await promisify(execFile)("npx", ["tsx", "scripts/report.ts", "--monitoring-dir", path.join(dir, "monitoring"), "--out", out], { cwd: process.cwd() });
    expect(stdout).toMatch(/turns: 12; scored conversations: 12/);
    expect(stdout).toMatch(/dialogue v1 0\.700 \(n=6\), dialogue v2 0\.850 \(n=6\)/);
    expect(stdout).toMatch(/response_time 0 warning \/ 1 critical/);

    const page = await browser.newPage();
    const problems: string[] = [];
    const network: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      network.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(out).href);
    // Page-side code as strings: the test's TypeScript has no DOM types.
    await page.waitForFunction("Boolean(window.reportCharts)");
    const charts = await page.evaluate(`Object.fromEntries(Object.entries(window.reportCharts).map(([name, chart]) => [name, {
      type: chart.config.type,
      labels: chart.data.labels.length,
      points: chart.data.datasets.reduce((n, d) => n + d.data.length, 0),
    }]))`);
    expect(charts).toEqual({
      scoresOverTime: { type: "line", labels: 12, points: 24 },
      scoresPerVersion: { type: "bar", labels: 3, points: 3 },
      latency: { type: "bar", labels: 4, points: 12 },
      alerts: { type: "bar", labels: 2, points: 4 },
    });

    // Every canvas has pixels drawn on it.
    const painted = (await page.evaluate(`[...document.querySelectorAll("canvas")].map((canvas) => {
      const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn += 1;
      return { id: canvas.id, width: canvas.width, drawn };
    })`)) as { id: string; width: number; drawn: number }[];
    expect(painted).toHaveLength(4);
    for (const canvas of painted) {
      expect(canvas.width, canvas.id).toBeGreaterThan(0);
      expect(canvas.drawn, canvas.id).toBeGreaterThan(500);
    }
    expect(await page.textContent("table")).toMatch(/turn took 3\.40 s/);
    expect(problems).toEqual([]);
    expect(network).toEqual([]);
  });
});
