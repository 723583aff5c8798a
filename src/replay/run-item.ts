import fs from "node:fs";
import path from "node:path";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { MemorySaver } from "@langchain/langgraph";
import { createSimulatedBackend } from "../backend/index.js";
import type { DatasetInput } from "../backend/schemas.js";
import { DATASET_NOW, findBreaches, MAX_CUSTOMER_TURNS } from "../device-sim/evaluate.js";
import { SimulatedCustomer } from "../device-sim/customer.js";
import { carrierViewOf, finalCheckPasses, SimulatedPhone } from "../device-sim/phone.js";
import { SeededRandom } from "../device-sim/rng.js";
import { datasetFor, phoneSettingsFor, type Scenario } from "../device-sim/scenarios.js";
import type { RoleEngines } from "../engines/types.js";
import { createSupportGraph } from "../graph/support-graph.js";
import type { SupportStateValue } from "../conversation/state.js";
import type { Memory } from "../memory/index.js";
import type { Role } from "../memory/schemas.js";
import type { ScriptedConversation } from "./conversations.js";
import type { ReplayItem } from "./material.js";
import { replayConversation } from "./replay.js";

/**
 * The score a simulator scenario adds from its ground truth: 1 when the phone's
 * own check passes after "resolved" (or a person was rightly brought in) with
 * no policy breach, else 0. Only replays have it; live conversations cannot.
 */
export const VERIFIED_SUCCESS = "verifiedSuccess";

/** What one replayed conversation got: the scorer's figures and, for simulator scenarios, the ground truth. */
export interface ItemResult {
  id: string;
  kind: ReplayItem["kind"];
  threadId: string;
  status: SupportStateValue["status"];
  turns: number;
  /** The episode's scores as the graph stored them (`needMet`, `dialogue.mean`, ...); empty when unscored. */
  scores: Record<string, number>;
  promptVersions: Partial<Record<Role, number>>;
  /** Simulator scenarios: resolved with the phone's own check passing (or rightly handed over), and no policy breach. */
  success?: boolean;
  breaches: string[];
  replies: string[];
}

export interface ItemEnvironment {
  memory: Memory;
  localEngines: RoleEngines;
  baseDataset: DatasetInput;
  /** Folder for each conversation's backend state; every sub-folder is removed when its conversation ends. */
  workDir: string;
}

/**
 * Plays one item against a support graph on the given memory: a fresh
 * simulated backend (its own state and audit in a folder removed afterwards),
 * an in-memory checkpointer and no monitor, so nothing reaches live logs.
 */
export async function runItem(item: ReplayItem, env: ItemEnvironment, threadId: string): Promise<ItemResult> {
  fs.mkdirSync(env.workDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(env.workDir, "item-"));
  try {
    // A top-level run of its own: called from a node (the evolution graph's), LangGraph would otherwise nest the support graph's checkpoints under that run.
    return await AsyncLocalStorageProviderSingleton.getInstance().run(undefined as never, () =>
      item.kind === "scenario" ? runScenarioItem(item.id, item.scenario, env, dir, threadId) : runScriptedItem(item.id, item.conversation, env, dir, threadId),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runScenarioItem(id: string, scenario: Scenario, env: ItemEnvironment, dir: string, threadId: string): Promise<ItemResult> {
  const datasetPath = path.join(dir, "dataset.json");
  fs.writeFileSync(datasetPath, JSON.stringify(datasetFor(env.baseDataset, scenario)));
  const backend = await createSimulatedBackend({ datasetPath, statePath: path.join(dir, "state.json"), auditPath: path.join(dir, "audit.jsonl"), now: () => DATASET_NOW });
  const graph = createSupportGraph({ memory: env.memory, backend, localEngines: env.localEngines }, { checkpointer: new MemorySaver() });
  const jitter = new SeededRandom(scenario.seed ^ 0x5bd1e995);
  const phone = new SimulatedPhone(
    phoneSettingsFor(scenario),
    () => carrierViewOf(backend.snapshot(), scenario.customer.lineId),
    () => jitter.next(),
  );
  const customer = new SimulatedCustomer(
    phone,
    backend,
    { fullName: scenario.customer.fullName, phoneNumber: scenario.customer.phoneNumber, customerId: scenario.customer.customerId, symptom: scenario.symptom, budget: scenario.budget },
    scenario.seed,
  );
  const replies: string[] = [];
  const say = async (text: string): Promise<SupportStateValue> => {
    await graph.invoke({ messages: [{ role: "user", content: text }] }, { configurable: { thread_id: threadId } });
    const state = (await graph.getState({ configurable: { thread_id: threadId } })).values as SupportStateValue;
    replies.push(state.reply);
    return state;
  };
  let state = await say(customer.opening());
  let turns = 1;
  while (state.status === "open" && turns < MAX_CUSTOMER_TURNS) {
    state = await say((await customer.reply(state.reply)).text);
    turns += 1;
  }
  const outcome = state.status === "resolved" ? "resolved" : state.status === "handed_over" || state.escalation ? "handed_over" : "open";
  const breaches = findBreaches((await backend.queryAudit({ threadId })).entries, replies);
  const reached = scenario.expected === "handover" ? outcome === "handed_over" : outcome === "resolved" && finalCheckPasses(phone, scenario.symptom);
  const success = reached && breaches.length === 0;
  return {
    id,
    kind: "scenario",
    threadId,
    status: state.status,
    turns,
    // The simulator's ground truth joins the scorer's figures, so a gate or a rollback can guard it too.
    scores: { ...(state.episodeRecorded ? state.scores : {}), [VERIFIED_SUCCESS]: success ? 1 : 0 },
    promptVersions: { ...state.promptVersions },
    success,
    breaches,
    replies,
  };
}

async function runScriptedItem(id: string, conversation: ScriptedConversation, env: ItemEnvironment, dir: string, threadId: string): Promise<ItemResult> {
  const backend = await createSimulatedBackend({ statePath: path.join(dir, "state.json"), auditPath: path.join(dir, "audit.jsonl") });
  const graph = createSupportGraph({ memory: env.memory, backend, localEngines: env.localEngines }, { checkpointer: new MemorySaver() });
  const result = await replayConversation(graph, backend, conversation, threadId);
  return { id, kind: "scripted", threadId, status: result.status, turns: result.turns, scores: result.scores, promptVersions: result.promptVersions, breaches: [], replies: [] };
}
