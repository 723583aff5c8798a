/**
 * npx tsx test/scoring/collect-transcripts.ts [--conversations ids|all] [--troubleshooting N] [--seed N] [--out FILE]
 * Runs the real support graph (local engines, embedded Chroma on a temporary folder that is removed
 * afterwards) over the conversation suite and the device-sim troubleshooting scenarios, and writes each
 * conversation as the scorer reads it (src/scoring/transcript.ts): the turns with the backend's audit
 * events of each turn, and the final state. The labelled fixture (scorer-labels.json) was built from
 * this output by reading each transcript; this script only regenerates the raw material.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { Command } from "commander";
import { createSimulatedBackend } from "../../src/backend/index.js";
import type { DatasetInput } from "../../src/backend/schemas.js";
import { DEFAULT_DATASET_PATH } from "../../src/backend/index.js";
import { SimulatedCustomer } from "../../src/device-sim/customer.js";
import { DATASET_NOW } from "../../src/device-sim/evaluate.js";
import { carrierViewOf, finalCheckPasses, SimulatedPhone } from "../../src/device-sim/phone.js";
import { SeededRandom } from "../../src/device-sim/rng.js";
import { datasetFor, generateScenarios, phoneSettingsFor } from "../../src/device-sim/scenarios.js";
import type { SupportStateValue } from "../../src/conversation/state.js";
import { createSupportGraph } from "../../src/graph/support-graph.js";
import { DEGRADATIONS, DegradeKind, degradedSections } from "../../src/prompts/degraded.js";
import { startEmbeddedChroma } from "../../src/memory/chroma-server.js";
import { eventOfAudit, finalStateOf, ScorableConversation, transcriptOfState, type TranscriptTurn } from "../../src/scoring/transcript.js";
import { allConversations, DEFAULT_SEED } from "../conversations/cases/index.js";
import { openSuiteEnvironment, runAll, type SuiteEnvironment } from "../conversations/run.js";

export interface CollectedConversation {
  id: string;
  source: "conversations" | "troubleshooting";
  /** What the source's own checker said (a hint for the reader, not a label). */
  checker: { met: boolean; failures: string[] };
  conversation: ScorableConversation;
  /** The same conversation as the graph's remember node sees it: from the final state alone, without the audit log. */
  fromState?: ScorableConversation;
}

const program = new Command("collect-transcripts")
  .option("--conversations <ids>", "conversation ids (comma-separated, trailing * for a prefix) or all", "all")
  .option("--troubleshooting <n>", "troubleshooting scenarios, spread over the generated list", "0")
  .option("--seed <n>", "phrasing seed of the conversation suite", String(DEFAULT_SEED))
  .option("--degrade <kind>", "pin a deliberately degraded prompt version first (src/prompts/degraded.ts: curt, unchecked-fix, apology)")
  .option("--out <file>", "where to write", "test/scoring/fixtures/collected.json");
program.parse();
const options = program.opts<{ conversations: string; troubleshooting: string; seed: string; degrade?: string; out: string }>();
const seed = Number(options.seed);

async function collectSuite(env: SuiteEnvironment): Promise<CollectedConversation[]> {
  let conversations = allConversations(seed);
  if (options.conversations !== "all") {
    const wanted = options.conversations.split(",").map((s) => s.trim());
    conversations = conversations.filter((c) => wanted.some((w) => (w.endsWith("*") ? c.id.startsWith(w.slice(0, -1)) : c.id === w)));
  }
  const runs = await runAll(env, conversations, seed, { concurrency: 2, onResult: (r, n) => process.stderr.write(`${n}/${conversations.length} ${r.conversation.id}\n`) });
  // A graph on the same checkpointer reads each thread's final state (no node runs).
  const reader = createSupportGraph({ memory: env.memory, localEngines: env.localEngines } as never, { checkpointer: env.checkpointer });
  const out: CollectedConversation[] = [];
  for (const run of runs) {
    const state = (await reader.getState({ configurable: { thread_id: run.record.threadId } })).values as SupportStateValue;
    let start = 0;
    const turns: TranscriptTurn[] = run.record.turns.map((turn) => {
      const events = run.record.audit.slice(start, turn.auditEnd).map(eventOfAudit).filter((e) => e !== null);
      start = turn.auditEnd;
      return { customer: turn.customer, replies: turn.replies, event: turn.event ?? (turn.error ? `error: ${turn.error}` : undefined), events };
    });
    out.push({
      id: options.degrade ? `${options.degrade}-${run.conversation.id}` : run.conversation.id,
      source: "conversations",
      checker: { met: run.verdict.met, failures: run.verdict.failures },
      conversation: ScorableConversation.parse({ ...finalStateOf(state), turns, audited: true }),
      fromState: transcriptOfState(state),
    });
  }
  return out;
}

async function collectTroubleshooting(env: SuiteEnvironment, count: number): Promise<CollectedConversation[]> {
  const all = generateScenarios();
  const step = Math.max(1, Math.floor(all.length / count));
  const picked = all.filter((_, i) => i % step === 0).slice(0, count);
  const baseDataset = JSON.parse(fs.readFileSync(DEFAULT_DATASET_PATH, "utf8")) as DatasetInput;
  const out: CollectedConversation[] = [];
  for (const scenario of picked) {
    const dir = fs.mkdtempSync(path.join(env.dir, "trbl-"));
    const datasetPath = path.join(dir, "dataset.json");
    fs.writeFileSync(datasetPath, JSON.stringify(datasetFor(baseDataset, scenario)));
    const backend = await createSimulatedBackend({ datasetPath, statePath: path.join(dir, "state.json"), auditPath: path.join(dir, "audit.jsonl"), now: () => DATASET_NOW });
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
      const config = { configurable: { thread_id: `collect-${scenario.seed}` } };
      const turns: TranscriptTurn[] = [];
      let auditSeen = 0;
      const say = async (message: string): Promise<SupportStateValue> => {
        await graph.invoke({ messages: [{ role: "user", content: message }] }, config);
        const state = (await graph.getState(config)).values as SupportStateValue;
        const audit = (await backend.queryAudit({ threadId: config.configurable.thread_id })).entries;
        turns.push({ customer: message, replies: [state.reply], events: audit.slice(auditSeen).map(eventOfAudit).filter((e) => e !== null) });
        auditSeen = audit.length;
        return state;
      };
      let state = await say(customer.opening());
      while (state.status === "open" && turns.length < 16) state = await say((await customer.reply(state.reply)).text);
      const passes = finalCheckPasses(phone, scenario.symptom);
      const success = scenario.expected === "handover" ? state.status === "handed_over" : state.status === "resolved" && passes;
      out.push({
        id: `${options.degrade ? `${options.degrade}-` : ""}trbl-${scenario.id}`,
        source: "troubleshooting",
        checker: { met: success, failures: success ? [] : [`expected ${scenario.expected}, ended ${state.status}, phone check ${passes ? "passes" : "fails"}`] },
        conversation: ScorableConversation.parse({ ...finalStateOf(state), turns, audited: true }),
      });
      process.stderr.write(`trbl ${scenario.id} ${success ? "ok" : "FAIL"}\n`);
    } finally {
      checkpointer.db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

const chromaDir = fs.mkdtempSync(path.join(os.tmpdir(), "collect-transcripts-chroma-"));
const chroma = await startEmbeddedChroma({ dataDir: chromaDir, startTimeoutMs: 60_000 });
const env = await openSuiteEnvironment(chroma.url);
try {
  if (options.degrade) {
    // As `npm run learning-loop -- --degrade` does: the harmful guideline becomes the role's active version.
    const kind = DegradeKind.parse(options.degrade);
    const { role } = DEGRADATIONS[kind];
    const active = (await env.memory.procedural.activePrompt(role))!;
    await env.memory.procedural.addPromptVersion({ role, status: "active", parent: active.version, reason: `degraded: ${kind}`, sections: degradedSections(kind, active.sections) });
  }
  const collected = [
    ...(options.conversations === "none" ? [] : await collectSuite(env)),
    ...(Number(options.troubleshooting) > 0 ? await collectTroubleshooting(env, Number(options.troubleshooting)) : []),
  ];
  fs.writeFileSync(options.out, JSON.stringify(collected, null, 1) + "\n");
  console.log(`${collected.length} conversations written to ${options.out}`);
} finally {
  await env.close();
  chroma.release();
  fs.rmSync(chromaDir, { recursive: true, force: true });
}
