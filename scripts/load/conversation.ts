import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Client } from "@langchain/langgraph-sdk";
import { Dataset } from "../../src/backend/schemas.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface Customer {
  id: string;
  firstName: string;
  fullName: string;
  phone: string;
}

/** Customers with an active line, each verifiable by number and name. */
export function loadCustomers(): Customer[] {
  const data = Dataset.parse(JSON.parse(fs.readFileSync(path.join(ROOT, "data", "telecom", "dataset.json"), "utf8")));
  return data.customers.flatMap((c) => {
    const line = data.lines.find((l) => l.customerId === c.id && l.status === "active" && l.kind === "mobile");
    return line ? [{ id: c.id, firstName: c.firstName, fullName: `${c.firstName} ${c.lastName}`, phone: line.number.replace(/^\+1/, "") }] : [];
  });
}

const script = (c: Customer) => ["my mobile data stopped working", `${c.phone}, ${c.fullName}`, "what plan am I on?", "thanks, bye"];

interface TurnValues {
  reply?: string;
  trace?: { node: string; ms: number }[];
  customer?: { verified?: boolean; customerId?: string };
  messages?: { type?: string; content?: unknown }[];
}

/** What every conversation of a run adds to: each answered turn's times, where its time went, and what went wrong. */
export class LoadTally {
  /** Per answered turn, ms from the turn's start (the scheduled start in the open model) to its reply. */
  readonly latencies: number[] = [];
  /** Per answered turn, ms of the run request alone (runs.wait). */
  readonly requests: number[] = [];
  /** Per answered turn, performance.now() when it started (its scheduled start in the open model) and was answered. */
  readonly startedAt: number[] = [];
  readonly answeredAt: number[] = [];
  readonly nodeMs = new Map<string, number>();
  inNodesMs = 0;
  threads = 0;
  readonly errors: string[] = [];
  /** Turns answered for another customer, or threads whose messages are not what was sent. */
  readonly crossed: string[] = [];
}

/** A thread that ended (all its turns sent) or was left (a turn failed), or is still open at the end of the run. */
export interface ThreadRecord {
  threadId: string;
  customer: Customer;
  /** The messages sent and answered so far. */
  sent: string[];
  /** A turn failed: the thread's content is not checked. */
  failed: boolean;
}

/**
 * One of the run's conversations: a customer's scripted thread, one turn at a time, then the next customer's thread
 * on the next round. With several clients (replicas), it moves to the next replica at every turn, as a load balancer
 * with no affinity would send it. Every turn's answer must belong to its own customer.
 */
export class Conversation {
  private round = 0;
  private thread: ThreadRecord | undefined;

  constructor(
    private readonly index: number,
    private readonly replicas: Client[],
    private readonly customers: Customer[],
    private readonly options: { conversations: number; turns: number },
    private readonly tally: LoadTally,
  ) {}

  /**
   * Sends the thread's next message (first starting a thread for the next customer if none is open) and checks the
   * reply. Latency counts from `scheduledAt` in the open model (waiting for the conversation and starting its thread
   * included), from the run request in the closed loop. Returns the thread when this turn ended it or failed,
   * undefined while it goes on.
   */
  async takeTurn(scheduledAt?: number): Promise<ThreadRecord | undefined> {
    const thread = this.thread ?? (await this.startThread());
    const turn = thread.sent.length;
    const customer = thread.customer;
    const content = script(customer)[turn]!;
    const t0 = performance.now();
    let values: TurnValues;
    try {
      const client = this.replicas[(this.index + turn) % this.replicas.length]!;
      values = (await client.runs.wait(thread.threadId, "support", { input: { messages: [{ role: "user", content, id: randomUUID() }] } })) as TurnValues;
    } catch (error) {
      this.tally.errors.push(`${customer.id} turn ${turn + 1}: ${(error as Error).message}`);
      this.thread = undefined;
      return { ...thread, failed: true };
    }
    const answeredAt = performance.now();
    this.tally.latencies.push(answeredAt - (scheduledAt ?? t0));
    this.tally.requests.push(answeredAt - t0);
    this.tally.startedAt.push(scheduledAt ?? t0);
    this.tally.answeredAt.push(answeredAt);
    thread.sent.push(content);
    for (const entry of values.trace ?? []) {
      this.tally.nodeMs.set(entry.node, (this.tally.nodeMs.get(entry.node) ?? 0) + entry.ms);
      this.tally.inNodesMs += entry.ms;
    }
    const reply = values.reply ?? "";
    if (!reply.trim()) this.tally.errors.push(`${customer.id} turn ${turn + 1}: empty reply`);
    if (turn >= 1 && values.customer?.customerId !== customer.id) this.tally.crossed.push(`${customer.id} turn ${turn + 1}: state of ${values.customer?.customerId ?? "nobody"}`);
    const stranger = this.customers.find((o) => o.firstName !== customer.firstName && (reply.includes(o.fullName) || reply.includes(`Hi ${o.firstName}`)));
    if (stranger) this.tally.crossed.push(`${customer.id} turn ${turn + 1}: reply names ${stranger.id}`);
    if (thread.sent.length < this.options.turns) return undefined;
    this.thread = undefined;
    return thread;
  }

  /** The thread left open when the run ended (the open model stops mid-conversation), if any. */
  openThread(): ThreadRecord | undefined {
    return this.thread;
  }

  /** The thread must hold exactly the messages sent to it, each answered once. */
  async verify(thread: ThreadRecord): Promise<void> {
    const state = (await this.replicas[(this.index + thread.sent.length) % this.replicas.length]!.threads.getState(thread.threadId)).values as TurnValues;
    const messages = state.messages ?? [];
    const human = messages.filter((m) => m.type === "human").map((m) => String(m.content));
    const ai = messages.filter((m) => m.type === "ai");
    if (JSON.stringify(human) !== JSON.stringify(thread.sent) || ai.length !== thread.sent.length) {
      this.tally.crossed.push(`${thread.customer.id} thread ${thread.threadId}: ${human.length} customer and ${ai.length} agent messages for ${thread.sent.length} sent`);
    }
  }

  private async startThread(): Promise<ThreadRecord> {
    const customer = this.customers[(this.index + this.round++ * this.options.conversations) % this.customers.length]!;
    const created = await this.replicas[this.index % this.replicas.length]!.threads.create({ metadata: { load: true, customer: customer.id } });
    this.tally.threads++;
    this.thread = { threadId: created.thread_id, customer, sent: [], failed: false };
    return this.thread;
  }
}
