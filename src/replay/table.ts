import { Role } from "../memory/schemas.js";
import type { ReplaySummary } from "./summary.js";

/** Mean score per role, one column per replay: what the replay and learning-loop scripts print. */
export function formatRoleTable(summaries: ReplaySummary[]): string {
  const header = ["role", ...summaries.map((s) => s.label)];
  const rows = Role.options.map((role) => [role, ...summaries.map((s) => (s.roles[role] ? `${s.roles[role]!.mean.toFixed(3)} (n=${s.roles[role]!.n})` : "-"))]);
  const names = [...new Set(summaries.flatMap((s) => Object.keys(s.scores)))].sort();
  const scoreRows = names.map((name) => [`  ${name}`, ...summaries.map((s) => (s.scores[name] ? s.scores[name]!.mean.toFixed(3) : "-"))]);
  const outcomeRow = ["outcomes", ...summaries.map((s) => Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(", "))];
  const all = [header, ...rows, ["scores", ...summaries.map(() => "")], ...scoreRows, outcomeRow];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  return all.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
}
