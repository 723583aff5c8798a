import type { ConversationRun } from "./run.js";

/** The suite's figures and its readable output: shares, breaches, a breakdown, one line per failure, transcripts. */

export interface SuiteSummary {
  seed: number;
  conversations: number;
  met: number;
  share: number;
  consentBreaches: number;
  falseClaims: number;
  byCategory: Record<string, { met: number; total: number }>;
  byIntent: Record<string, { met: number; total: number }>;
  ms: number;
}

export function summarise(runs: ConversationRun[], seed: number): SuiteSummary {
  const byCategory: SuiteSummary["byCategory"] = {};
  const byIntent: SuiteSummary["byIntent"] = {};
  const add = (table: SuiteSummary["byCategory"], key: string, met: boolean) => {
    const row = (table[key] ??= { met: 0, total: 0 });
    row.total++;
    if (met) row.met++;
  };
  for (const run of runs) {
    add(byCategory, run.conversation.category, run.verdict.met);
    for (const intent of run.conversation.intents) add(byIntent, intent, run.verdict.met);
  }
  const met = runs.filter((r) => r.verdict.met).length;
  return {
    seed,
    conversations: runs.length,
    met,
    share: runs.length ? met / runs.length : 0,
    consentBreaches: runs.reduce((n, r) => n + r.verdict.consentBreaches.length, 0),
    falseClaims: runs.reduce((n, r) => n + r.verdict.falseClaims.length, 0),
    byCategory,
    byIntent,
    ms: runs.reduce((n, r) => n + r.record.ms, 0),
  };
}

const pct = (met: number, total: number) => `${((100 * met) / Math.max(1, total)).toFixed(0).padStart(3)}%`;

function table(title: string, rows: Record<string, { met: number; total: number }>): string {
  const keys = Object.keys(rows).sort((a, b) => rows[a]!.met / rows[a]!.total - rows[b]!.met / rows[b]!.total || a.localeCompare(b));
  const width = Math.max(title.length, ...keys.map((k) => k.length));
  return [`${title.padEnd(width)}   met / total`, ...keys.map((k) => `${k.padEnd(width)}  ${pct(rows[k]!.met, rows[k]!.total)}  ${String(rows[k]!.met).padStart(3)} / ${rows[k]!.total}`)].join("\n");
}

export function formatSummary(summary: SuiteSummary): string {
  return [
    `seed ${summary.seed}: ${summary.met} of ${summary.conversations} conversations met the customer's need (${(100 * summary.share).toFixed(1)}%)`,
    `consent breaches: ${summary.consentBreaches}; false claims: ${summary.falseClaims}`,
    "",
    table("category", summary.byCategory),
    "",
    table("intent", summary.byIntent),
  ].join("\n");
}

/** One line per conversation whose need was not met: its id and its reasons. */
export function formatFailures(runs: ConversationRun[]): string {
  return runs
    .filter((r) => !r.verdict.met)
    .map((r) => `✗ ${r.conversation.id}: ${r.verdict.failures.join("; ")}`)
    .join("\n");
}

/** The whole conversation as a person reads it, with the account changes and the verdict. */
export function formatTranscript(run: ConversationRun): string {
  const out: string[] = [`── ${run.conversation.id} (${run.conversation.category}; ${run.conversation.intents.join(", ")}) ${run.verdict.met ? "MET" : "NOT MET"}`, `   ${run.conversation.about}`];
  for (const turn of run.record.turns) {
    if (turn.event) out.push(`   [${turn.event}]`);
    if (turn.customer !== null) out.push(`customer: ${turn.customer}`);
    for (const reply of turn.replies) out.push(`agent:    ${reply.replace(/\n/g, "\n          ")}`);
    if (turn.error) out.push(`   [error: ${turn.error}]`);
    if (turn.paused) out.push("   [waiting for a person]");
  }
  const changes = run.record.audit.filter((e) => e.kind === "change" && !["recordCustomerPayment"].includes(e.action));
  if (changes.length) {
    out.push("   audit:");
    for (const e of changes) out.push(`     ${e.outcome === "ok" ? "ok     " : "refused"} ${e.action} ${JSON.stringify(e.args)}${e.proposalId ? ` (${e.proposalId})` : ""}${e.code ? ` [${e.code}]` : ""}`);
  }
  if (run.record.tickets.length) out.push(`   tickets: ${run.record.tickets.map((t) => `${t.id} ${t.category}`).join(", ")}`);
  for (const f of run.verdict.failures) out.push(`   ✗ ${f}`);
  return out.join("\n");
}
