import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { inflate } from "@sparticuz/chromium";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileMonitor } from "../../src/monitoring/index.js";

const LAUNCH_ARGS = ["--headless=new", "--no-sandbox", "--no-zygote", "--disable-gpu", "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

interface BundledChromium {
  executablePath: string;
  env: Record<string, string>;
}

/**
 * The headless Chromium that `@sparticuz/chromium` ships inside its npm package (Brotli archives of the binary,
 * the NSS libraries it links and fonts), so `npm install && npm test` needs no browser from the system. Unpacked
 * once into node_modules/.cache (not the system temp folder: the package would unpack into os.tmpdir()) and reused;
 * a folder is only renamed into place once complete, so a run killed while unpacking leaves nothing half-done.
 */
async function bundledChromium(): Promise<BundledChromium> {
  const packageDir = path.dirname(path.dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")));
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { version: string };
  const cacheDir = path.resolve("node_modules", ".cache", `sparticuz-chromium-${version}`);
  if (!fs.existsSync(cacheDir)) {
    const partial = `${cacheDir}.${process.pid}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    const tmpdir = process.env.TMPDIR;
    process.env.TMPDIR = partial; // inflate() writes next to os.tmpdir()
    try {
      await Promise.all(["chromium.br", "al2023.tar.br", "fonts.tar.br", "swiftshader.tar.br"].map((file) => inflate(path.join(packageDir, "bin", file))));
    } finally {
      if (tmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdir;
    }
    // The package's fonts.conf names /tmp/fonts; this one names the unpacked fonts.
    fs.writeFileSync(path.join(partial, "fonts.conf"), `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${path.join(cacheDir, "fonts", "fonts")}</dir><cachedir>${path.join(cacheDir, "fonts-cache")}</cachedir></fontconfig>\n`);
    try {
      fs.renameSync(partial, cacheDir);
    } catch (error) {
      fs.rmSync(partial, { recursive: true, force: true }); // another run finished first
      if (!fs.existsSync(cacheDir)) throw error;
    }
  }
  return {
    executablePath: path.join(cacheDir, "chromium"),
    env: { LD_LIBRARY_PATH: path.join(cacheDir, "al2023", "lib"), FONTCONFIG_FILE: path.join(cacheDir, "fonts.conf"), HOME: cacheDir },
  };
}

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
    const bundled = await bundledChromium();
    browser = await chromium.launch({ executablePath: bundled.executablePath, args: LAUNCH_ARGS, env: { ...process.env, ...bundled.env } });
  }, 120_000);
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
