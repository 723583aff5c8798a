import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ReportData } from "./report-data.js";

/** Chart.js's UMD build, inlined so the page renders with no network. */
function chartJsSource(): string {
  // The UMD file is not among the package's exports; it sits next to its main entry.
  const main = createRequire(import.meta.url).resolve("chart.js");
  const file = path.join(path.dirname(main), "chart.umd.min.js");
  return fs.readFileSync(file, "utf8");
}

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A self-contained HTML page: the figures as text, four charts drawn by Chart.js in the page. */
export function renderReportHtml(data: ReportData): string {
  const alertRows = data.recentAlerts
    .map((a) => `<tr class="${a.level}"><td>${escapeHtml(a.at)}</td><td>${a.level}</td><td>${escapeHtml(a.metric)}</td><td>${escapeHtml(a.message)}</td></tr>`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Support graph monitoring report</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 2rem; }
  figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: .5rem; }
  canvas { width: 100%; height: 300px; }
  table { border-collapse: collapse; } td, th { padding: .2rem .6rem; border-bottom: 1px solid #ddd; text-align: left; }
  tr.critical td { color: #b00020; } tr.warning td { color: #8a5a00; }
  .empty { color: #777; }
</style>
</head>
<body>
<h1>Support graph monitoring report</h1>
<p id="summary">Generated ${escapeHtml(data.generatedAt)}: ${data.turns} turns, ${data.conversationsScored} scored conversations, turn latency p50 ${data.turnLatency.p50} ms / p95 ${data.turnLatency.p95} ms, ${data.llmCalls} LLM calls, ${data.tokens} tokens, ${data.errorTurns} turns with errors, ${data.fallbacks} fallbacks, ${data.retrievalHits} knowledge passages retrieved, ${data.recentAlerts.length ? data.alerts.reduce((n, a) => n + a.warning + a.critical, 0) : 0} alerts.</p>
<div class="grid">
  <figure><figcaption>Scores over time (mean per role, per scored conversation)</figcaption><canvas id="scores-over-time"></canvas></figure>
  <figure><figcaption>Scores per prompt version</figcaption><canvas id="scores-per-version"></canvas></figure>
  <figure><figcaption>Latency percentiles per node (ms)</figcaption><canvas id="latency"></canvas></figure>
  <figure><figcaption>Alerts by metric and level</figcaption><canvas id="alerts"></canvas></figure>
</div>
<h2>Recent alerts</h2>
${alertRows ? `<table><tr><th>at</th><th>level</th><th>metric</th><th>message</th></tr>${alertRows}</table>` : `<p class="empty">No alerts.</p>`}
<script>${chartJsSource()}</script>
<script id="report-data" type="application/json">${scriptJson(data)}</script>
<script>
(function () {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
  const common = { animation: false, responsive: true, maintainAspectRatio: false };
  window.reportCharts = {};
  const roles = [...new Set(data.scoresOverTime.flatMap((r) => Object.keys(r.roles)))].sort();
  window.reportCharts.scoresOverTime = new Chart(document.getElementById("scores-over-time"), {
    type: "line",
    data: {
      labels: data.scoresOverTime.map((_, i) => i + 1),
      datasets: roles.map((role, i) => ({ label: role, data: data.scoresOverTime.map((r) => r.roles[role] ?? null), borderColor: palette[i % palette.length], spanGaps: true, pointRadius: 1 })),
    },
    options: { ...common, scales: { y: { min: 0, max: 1 }, x: { title: { display: true, text: "scored conversation" } } } },
  });
  window.reportCharts.scoresPerVersion = new Chart(document.getElementById("scores-per-version"), {
    type: "bar",
    data: {
      labels: data.perVersion.map((v) => v.role + " v" + v.version + " (n=" + v.n + ")"),
      datasets: [{ label: "mean role score", data: data.perVersion.map((v) => v.mean), backgroundColor: data.perVersion.map((v) => palette[roles.indexOf(v.role) % palette.length] || palette[0]) }],
    },
    options: { ...common, scales: { y: { min: 0, max: 1 } } },
  });
  window.reportCharts.latency = new Chart(document.getElementById("latency"), {
    type: "bar",
    data: {
      labels: data.latency.map((l) => l.node),
      datasets: ["p50", "p95", "p99"].map((p, i) => ({ label: p, data: data.latency.map((l) => l[p]), backgroundColor: palette[i] })),
    },
    options: { ...common },
  });
  window.reportCharts.alerts = new Chart(document.getElementById("alerts"), {
    type: "bar",
    data: {
      labels: data.alerts.map((a) => a.metric),
      datasets: [
        { label: "warning", data: data.alerts.map((a) => a.warning), backgroundColor: "#f0b400" },
        { label: "critical", data: data.alerts.map((a) => a.critical), backgroundColor: "#b00020" },
      ],
    },
    options: { ...common, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
</script>
</body>
</html>
`;
}

/** The short text summary `npm run report` prints. */
export function reportText(data: ReportData): string {
  const lines = [
    `turns: ${data.turns}; scored conversations: ${data.conversationsScored}`,
    `turn latency: p50 ${data.turnLatency.p50} ms, p95 ${data.turnLatency.p95} ms, p99 ${data.turnLatency.p99} ms`,
    `slowest nodes (p95): ${[...data.latency].sort((a, b) => b.p95 - a.p95).slice(0, 3).map((l) => `${l.node} ${l.p95} ms`).join(", ") || "-"}`,
    `LLM calls: ${data.llmCalls}; tokens: ${data.tokens}; turns with errors: ${data.errorTurns}; fallbacks: ${data.fallbacks}; knowledge passages: ${data.retrievalHits}`,
    `scores per prompt version: ${data.perVersion.map((v) => `${v.role} v${v.version} ${v.mean.toFixed(3)} (n=${v.n})`).join(", ") || "-"}`,
    `alerts: ${data.alerts.map((a) => `${a.metric} ${a.warning} warning / ${a.critical} critical`).join(", ") || "none"}`,
  ];
  return lines.join("\n");
}
