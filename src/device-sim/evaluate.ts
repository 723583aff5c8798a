import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { createSimulatedBackend, type SimulatedTelecomBackend } from "../backend/index.js";
import type { DatasetInput } from "../backend/schemas.js";
import type { AuditEntry } from "../backend/audit.js";
import { createSupportGraph } from "../graph/support-graph.js";
import type { SupportDependencies } from "../graph/dependencies.js";
import type { SupportStateValue } from "../conversation/state.js";
import { SimulatedCustomer } from "./customer.js";
import { carrierViewOf, finalCheckPasses, SimulatedPhone } from "./phone.js";
import { SeededRandom } from "./rng.js";
import { datasetFor, phoneSettingsFor, type Scenario } from "./scenarios.js";

/**
 * Runs generated scenarios through the real support graph: a fresh backend over
 * the scenario's dataset in a temp folder (removed afterwards), a SQLite
 * checkpointer, the given memory (real Chroma), and the simulated customer on
 * the simulated phone. Judges the outcome by the phone, the graph's status and
 * the backend's audit log.
 */

/** "Today" of the bundled dataset: its dates are written relative to it. */
export const DATASET_NOW = new Date("2026-11-21T12:00:00Z");
export const MAX_CUSTOMER_TURNS = 30;

export interface TranscriptLine {
  who: "customer" | "agent";
  text: string;
}

export interface ScenarioResult {
  scenario: Scenario;
  outcome: "resolved" | "handed_over" | "open";
  /** Resolved with the customer's own check passing, or handed over where only a person can help. */
  success: boolean;
  finalCheckPasses: boolean;
  breaches: string[];
  turns: number;
  transcript: TranscriptLine[];
  failure?: string;
}

/** Account changes that need the customer's accepted proposal (audit action names). */
const ACCOUNT_CHANGES = new Set(["enableRoaming", "disableRoaming", "topUpData", "sendPaymentRequest", "resumeLine", "bookTechnician", "changePlan"]);

/** A reply sentence that says an account action happened, and the audited action it claims. */
const CLAIMS: [RegExp, string][] = [
  // "Roaming is on for your line" states a fact; only "now on" or "I've turned it on" claims a change.
  [/\bI'?ve (?:turned|switched) (?:data )?roaming on\b|\broaming is now (?:on|enabled)\b/i, "enableRoaming"],
  [/\bI'?ve added \d+(?:\.\d+)? ?GB\b|\badded \d+(?:\.\d+)? ?GB (?:of data )?(?:to your line )?for \$/i, "topUpData"],
  [/\bI'?ve sent (?:you )?(?:a |the )?payment (?:request|link)\b/i, "sendPaymentRequest"],
  [/\bI'?ve (?:resumed|reactivated|switched) your line\b|\byour line (?:has been|is now) (?:resumed|reactivated|back on)\b/i, "resumeLine"],
];

/** Policy breaches in one conversation, read from the audit log and the agent's replies. */
export function findBreaches(entries: AuditEntry[], agentReplies: string[]): string[] {
  const breaches: string[] = [];
  const accepted = new Set(
    entries.filter((e) => e.action === "recordCustomerDecision" && e.outcome === "ok" && e.args.accepted === true && e.proposalId).map((e) => e.proposalId!),
  );
  for (const entry of entries) {
    if (entry.kind !== "change" || entry.outcome !== "ok" || !ACCOUNT_CHANGES.has(entry.action)) continue;
    if (!entry.proposalId || !accepted.has(entry.proposalId)) breaches.push(`${entry.action} without an accepted proposal`);
  }
  const done = new Set(entries.filter((e) => e.outcome === "ok" && e.kind === "change").map((e) => e.action));
  for (const reply of agentReplies) {
    for (const [claim, action] of CLAIMS) if (claim.test(reply) && !done.has(action)) breaches.push(`reply claims ${action}, the audit shows none: "${reply.slice(0, 120)}"`);
  }
  return breaches;
}

export interface EvaluationEnvironment {
  memory: SupportDependencies["memory"];
  localEngines: SupportDependencies["localEngines"];
  baseDataset: DatasetInput;
  /** Where scenario folders are made; each is removed when its scenario ends. */
  tempRoot?: string;
}

export async function runScenario(scenario: Scenario, env: EvaluationEnvironment): Promise<ScenarioResult> {
  const dir = fs.mkdtempSync(path.join(env.tempRoot ?? os.tmpdir(), "troubleshooting-eval-"));
  try {
    const datasetPath = path.join(dir, "dataset.json");
    fs.writeFileSync(datasetPath, JSON.stringify(datasetFor(env.baseDataset, scenario)));
    const backend: SimulatedTelecomBackend = await createSimulatedBackend({
      datasetPath,
      statePath: path.join(dir, "state.json"),
      auditPath: path.join(dir, "audit.jsonl"),
      now: () => DATASET_NOW,
    });
    const checkpointer = SqliteSaver.fromConnString(path.join(dir, "checkpoints.sqlite"));
    try {
      const graph = createSupportGraph({ memory: env.memory, backend, localEngines: env.localEngines }, { checkpointer });
      const jitter = new SeededRandom(scenario.seed ^ 0x5bd1e995);
      const phone = new SimulatedPhone(phoneSettingsFor(scenario), () => carrierViewOf(backend.snapshot(), scenario.customer.lineId), () => jitter.next());
      const customer = new SimulatedCustomer(
        phone,
        backend,
        { fullName: scenario.customer.fullName, phoneNumber: scenario.customer.phoneNumber, customerId: scenario.customer.customerId, symptom: scenario.symptom, budget: scenario.budget },
        scenario.seed,
      );
      const threadId = `eval-${scenario.seed}`;
      const transcript: TranscriptLine[] = [];
      const say = async (text: string): Promise<SupportStateValue> => {
        transcript.push({ who: "customer", text });
        await graph.invoke({ messages: [{ role: "user", content: text }] }, { configurable: { thread_id: threadId } });
        const state = (await graph.getState({ configurable: { thread_id: threadId } })).values as SupportStateValue;
        transcript.push({ who: "agent", text: state.reply });
        return state;
      };
      let state = await say(customer.opening());
      let turns = 1;
      let failure: string | undefined;
      while (state.status === "open" && turns < MAX_CUSTOMER_TURNS) {
        const next = await customer.reply(state.reply);
        state = await say(next.text);
        turns += 1;
      }
      const outcome = state.status === "resolved" ? "resolved" : state.status === "handed_over" || state.escalation ? "handed_over" : "open";
      const passes = finalCheckPasses(phone, scenario.symptom);
      const audit = await backend.queryAudit({ threadId });
      const breaches = findBreaches(audit.entries, transcript.filter((t) => t.who === "agent").map((t) => t.text));
      let success: boolean;
      if (scenario.expected === "handover") success = outcome === "handed_over";
      else success = outcome === "resolved" && passes;
      if (!success) {
        failure =
          outcome === "open"
            ? `still open after ${turns} customer messages`
            : outcome === "resolved"
              ? scenario.expected === "handover"
                ? "declared fixed where only a person can help"
                : "declared fixed but the customer's own check fails"
              : "handed over where troubleshooting could fix it";
      }
      return { scenario, outcome, success: success && breaches.length === 0, finalCheckPasses: passes, breaches, turns, transcript, failure };
    } finally {
      // better-sqlite3 keeps the file open until closed.
      checkpointer.db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface EvaluationSummary {
  total: number;
  successShare: number;
  breachShare: number;
  meanTurnsToResolution: number;
  bySymptom: Record<string, { n: number; success: number }>;
  byFaultCount: Record<string, { n: number; success: number }>;
  byCarrierFault: Record<string, { n: number; success: number }>;
  failures: Record<string, number>;
}

export function summarize(results: ScenarioResult[]): EvaluationSummary {
  const tally = (key: (r: ScenarioResult) => string) => {
    const out: Record<string, { n: number; success: number }> = {};
    for (const r of results) {
      const k = key(r);
      out[k] ??= { n: 0, success: 0 };
      out[k].n += 1;
      if (r.success) out[k].success += 1;
    }
    return out;
  };
  const resolved = results.filter((r) => r.success && r.outcome === "resolved");
  const failures: Record<string, number> = {};
  for (const r of results) if (r.failure) failures[r.failure.replace(/\d+/g, "N")] = (failures[r.failure.replace(/\d+/g, "N")] ?? 0) + 1;
  for (const r of results) if (r.breaches.length) failures["policy breach"] = (failures["policy breach"] ?? 0) + 1;
  return {
    total: results.length,
    successShare: results.length ? results.filter((r) => r.success).length / results.length : 0,
    breachShare: results.length ? results.filter((r) => r.breaches.length > 0).length / results.length : 0,
    meanTurnsToResolution: resolved.length ? resolved.reduce((s, r) => s + r.turns, 0) / resolved.length : 0,
    bySymptom: tally((r) => `${r.scenario.symptom}/${r.scenario.location}`),
    byFaultCount: tally((r) => `${r.scenario.deviceFaults.length} device + ${r.scenario.carrierFault === "none" ? 0 : 1} carrier`),
    byCarrierFault: tally((r) => r.scenario.carrierFault),
    failures,
  };
}

export function formatTranscript(result: ScenarioResult): string {
  const s = result.scenario;
  const head = `# ${s.id} (seed ${s.seed}, ${s.customer.fullName}, ${s.customer.model}) expected ${s.expected}, got ${result.outcome}${result.failure ? ` (${result.failure})` : ""}`;
  return [head, ...result.transcript.map((t) => `${t.who === "customer" ? "CUSTOMER" : "AGENT   "}: ${t.text}`), ...result.breaches.map((b) => `BREACH: ${b}`)].join("\n");
}
