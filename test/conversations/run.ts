import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isAIMessage, type BaseMessage } from "@langchain/core/messages";
import { Command } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import type { ChromaClient } from "chromadb";
import { createSimulatedBackend, type SimulatedTelecomBackend } from "../../src/backend/index.js";
import { loadSettings } from "../../src/config/settings.js";
import { createEmbeddings } from "../../src/embeddings/index.js";
import { createLocalEngines } from "../../src/engines/local/index.js";
import type { SupportDependencies } from "../../src/graph/dependencies.js";
import { createSupportGraph } from "../../src/graph/support-graph.js";
import { connectChroma, type ChromaConnection } from "../../src/memory/chroma-connection.js";
import { openCollection } from "../../src/memory/collections.js";
import { EpisodicMemory, createMemory, type Memory } from "../../src/memory/index.js";
import { seedEmptyMemory } from "../../src/memory/seed.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { clock } from "../backend/helpers.js";
import { SimulatedDevice } from "./device.js";
import { evaluate, offersAbout, type RunRecord, type TurnRecord, type Verdict } from "./evaluate.js";
import { Rng } from "./rng.js";
import { Turn as TurnSchema, type Conversation } from "./schema.js";

/**
 * Runs the suite's conversations through the real support graph: real Chroma
 * (one seeded knowledge base and prompt store shared by all), a fresh simulated
 * backend per conversation on a temporary folder with the tests' fixed "today",
 * a fresh episodic memory per conversation (so no conversation learns from
 * another and the figures do not depend on the order), and a SQLite checkpointer.
 */

export interface SuiteEnvironment {
  client: ChromaClient;
  memory: Memory;
  embedder: ReturnType<typeof createEmbeddings>;
  prefix: string;
  dir: string;
  checkpointer: SqliteSaver;
  localEngines: ReturnType<typeof createLocalEngines>;
  close(): Promise<void>;
}

export async function openSuiteEnvironment(chromaUrl: string): Promise<SuiteEnvironment> {
  const connection: ChromaConnection = await connectChroma(loadSettings({}, { chroma: { url: chromaUrl } }).chroma);
  const embedder = createEmbeddings({ provider: "local" });
  const prefix = `conv_${process.pid}_${Date.now().toString(36)}`;
  const memory = await createMemory({ client: connection.client, embedder, prefix, workingTtlMinutes: 30 });
  await seedEmptyMemory(memory, { knowledgeDir: "data/knowledge", proceduresDir: "data/procedures", prompts: DEFAULT_PROMPTS });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conversations-"));
  const checkpointer = SqliteSaver.fromConnString(path.join(dir, "checkpoints.sqlite"));
  // A throwaway file: no fsync per checkpoint (a turn writes about ten).
  checkpointer.db.pragma("journal_mode = WAL");
  checkpointer.db.pragma("synchronous = OFF");
  return {
    client: connection.client,
    memory,
    embedder,
    prefix,
    dir,
    checkpointer,
    localEngines: createLocalEngines(),
    async close() {
      const names = (await connection.client.listCollections()).map((c) => c.name).filter((n) => n.startsWith(prefix));
      await Promise.all(names.map((name) => connection.client.deleteCollection({ name }).catch(() => undefined)));
      connection.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Longest a single turn may take before the conversation is given up as failed. */
const TURN_TIMEOUT_MS = 30_000;

function text(message: BaseMessage): string {
  return typeof message.content === "string" ? message.content : message.content.map((p) => ("text" in p ? p.text : "")).join("");
}

export interface ConversationRun {
  conversation: Conversation;
  record: RunRecord;
  verdict: Verdict;
}

/** Plays one conversation and judges it. Never throws: a failing turn is part of the record. */
export async function runConversation(env: SuiteEnvironment, conversation: Conversation, seed: number): Promise<ConversationRun> {
  const started = performance.now();
  const threadId = `conv-${conversation.id}-${seed}`;
  const stateDir = fs.mkdtempSync(path.join(env.dir, "backend-"));
  const backend: SimulatedTelecomBackend = await createSimulatedBackend({
    statePath: path.join(stateDir, "state.json"),
    auditPath: path.join(stateDir, "audit.jsonl"),
    now: clock,
  });
  const episodicName = `${env.prefix}_ep_${conversation.id}`.slice(0, 60);
  const episodic = new EpisodicMemory(await openCollection(env.client, episodicName, env.embedder), env.embedder.embeddings);
  const deps: SupportDependencies = { memory: { ...env.memory, episodic }, backend, localEngines: env.localEngines };
  const graph = createSupportGraph(deps, { checkpointer: env.checkpointer });
  const config = { configurable: { thread_id: threadId, evolveAfter: 0 } };
  const rng = new Rng(seed).fork(conversation.id);

  const turns: TurnRecord[] = [];
  let device: SimulatedDevice | null = null;
  let stopped = false;
  const auditLength = async () => (await backend.queryAudit({ threadId })).entries.length;
  const lastReply = () => [...turns].reverse().find((t) => t.replies.length)?.replies.at(-1) ?? "";

  async function send(message: string, extra: Partial<TurnRecord> = {}): Promise<void> {
    const record: TurnRecord = { customer: message, replies: [], auditEnd: 0, paused: false, ...extra };
    turns.push(record);
    try {
      const before = await graph.getState(config);
      if (before.tasks.some((task) => task.interrupts.length > 0)) {
        // Nobody answers as the human agent: the customer simply writes again (as in `npm run chat`).
        await graph.invoke(new Command({ resume: { reply: "" } }), config);
      }
      const count = ((await graph.getState(config)).values.messages as BaseMessage[] | undefined)?.length ?? 0;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        graph.invoke({ messages: [{ role: "user", content: message }] }, config),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no reply within ${TURN_TIMEOUT_MS / 1000} s`)), TURN_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      const after = await graph.getState(config);
      const messages = (after.values.messages as BaseMessage[]).slice(count);
      record.replies = messages.filter((m) => isAIMessage(m) && m.name !== "human_agent").map(text);
      record.paused = after.tasks.some((task) => task.interrupts.length > 0);
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      stopped = true;
    }
    record.auditEnd = await auditLength();
  }

  for (const raw of conversation.turns) {
    if (stopped) break;
    const turn = TurnSchema.parse(raw);
    if (typeof turn === "string") await send(turn);
    else if ("pay" in turn) {
      const paid = await backend.recordCustomerPayment(turn.pay);
      turns.push({ customer: null, replies: [], event: paid.ok ? `the customer paid ${turn.pay}` : `payment of ${turn.pay} failed: ${paid.reason}`, auditEnd: await auditLength(), paused: false });
    } else if ("device" in turn) {
      const firstMessage = turns.find((t) => t.customer !== null)?.customer ?? "it doesn't work";
      device ??= new SimulatedDevice(turn.device, rng.fork("device"), firstMessage.replace(/[.!?\s]+$/, ""));
      for (let step = 0; step < turn.maxSteps && !device.fixed && !stopped; step++) {
        if (turns.at(-1)?.paused) break;
        const answer = device.answer(lastReply());
        await send(answer.text, answer.fixed ? { deviceFixed: true } : {});
      }
    } else if ("replyMentions" in turn) {
      await send(turn.say, { replyMentions: turn.replyMentions });
    } else if ("yesTo" in turn) {
      if (offersAbout(lastReply(), turn.yesTo)) await send(turn.say);
    } else {
      const say = turn.ifReply.test(lastReply()) ? turn.say : turn.otherwise;
      if (say) await send(say);
    }
  }

  const audit = (await backend.queryAudit({ threadId })).entries;
  const snapshot = backend.snapshot();
  const verified = await backend.getVerifiedCustomer({ threadId });
  const record: RunRecord = {
    id: conversation.id,
    threadId,
    turns,
    audit,
    tickets: snapshot.tickets.filter((t) => t.threadId === threadId),
    knownTicketIds: snapshot.tickets.map((t) => t.id),
    identified: verified.ok ? verified.customerId : null,
    deviceFixed: device ? device.fixed : null,
    ms: Math.round(performance.now() - started),
  };
  await env.client.deleteCollection({ name: episodicName }).catch(() => undefined);
  fs.rmSync(stateDir, { recursive: true, force: true });
  return { conversation, record, verdict: evaluate(conversation, record) };
}

/** Runs conversations a few at a time (turns wait on Chroma and SQLite, so a little overlap pays). */
export async function runAll(
  env: SuiteEnvironment,
  conversations: Conversation[],
  seed: number,
  options: { concurrency?: number; onResult?: (run: ConversationRun, done: number) => void } = {},
): Promise<ConversationRun[]> {
  const results: ConversationRun[] = new Array(conversations.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < conversations.length) {
      const i = next++;
      results[i] = await runConversation(env, conversations[i]!, seed);
      options.onResult?.(results[i]!, ++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return results;
}
