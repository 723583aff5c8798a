/**
 * npm run report [-- --out reports/report.html] [--monitoring-dir DIR]
 * Writes an HTML report of the monitoring logs (scores over time and per prompt
 * version, latency percentiles per node, alerts), self-contained so it opens
 * with no network, and prints a short summary.
 */
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { monitoringSettingsFromEnv } from "../src/monitoring/settings.js";
import { readMonitoringLogs } from "../src/monitoring/logs.js";
import { reportData } from "../src/monitoring/report-data.js";
import { renderReportHtml, reportText } from "../src/monitoring/report-html.js";
import { runCli } from "./run-cli.js";

const program = new Command("report")
  .description("Write an HTML report of the monitoring logs and print a summary")
  .option("--out <file>", "HTML file to write", path.join("reports", "report.html"))
  .option("--monitoring-dir <dir>", "folder of the monitoring logs (default: env MONITORING_DIR, else .data/monitoring)");

async function main(): Promise<number> {
  program.parse();
  const options = program.opts<{ out: string; monitoringDir?: string }>();
  const dir = options.monitoringDir ?? monitoringSettingsFromEnv().dir;
  if (!fs.existsSync(dir)) {
    console.error(`error: no monitoring logs in ${dir} (run a conversation, npm run replay or npm run learning-loop first)`);
    return 1;
  }
  const logs = await readMonitoringLogs(dir);
  const data = reportData(logs);
  fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
  fs.writeFileSync(options.out, renderReportHtml(data));
  console.log(reportText(data));
  if (logs.skippedLines) console.log(`(${logs.skippedLines} unreadable log line(s) skipped)`);
  console.log(`report: ${options.out}`);
  return 0;
}

runCli(main);
