import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Client } from "@langchain/langgraph-sdk";
import { Dataset } from "../../src/backend/schemas.js";
import { latencySummary } from "../../src/monitoring/stats.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface LoadOptions {
  /** Conversations running at the same time. */
  conversations: number;
  /** Turns of each conversation (at most 4: problem, identity, follow-up, goodbye). */
  turns: number;
  /** Each conversation starts new threads until this much time has passed (0: one thread each). */
  durationMs: number;
}

export interface LoadReport {
  conversations: number;
  threads: number;
  turns: number;
  errors: string[];
  /** Turns answered for another customer, or threads whose messages are not what was sent. */
  crossed: string[];
  elapsedMs: number;
  turnsPerSecond: number;
  latencyMs: { p50: number; p95: number; max: number };
  /**
   * Where a turn's time goes, mean ms per turn: each node's own time (from the turn's trace), and the rest of the
   * request (queueing behind other turns for the CPU, checkpoint writes, HTTP, the run's bookkeeping).
   */
  breakdownMs: { nodes: Record<string, number>; inNodes: number; outsideNodes: number; request: number };
}

interface Customer {
  id: string;
  firstName: string;
  fullName: string;
  phone: string;
}

/** Customers with an active line, each verifiable by number and name. */
function loadCustomers(): Customer[] {
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

/**
 * Many conversations at once through a LangGraph API (the dev server or the serving service), each as a different
 * customer. With several clients (replicas), each conversation moves to the next replica at every turn, as a load
 * balancer with no affinity would send it. Every turn's answer must belong to its own customer, and each thread must
 * end holding exactly the messages sent to it, each answered once.
 */
export async function runLoad(clients: Client | Client[], options: LoadOptions): Promise<LoadReport> {
  const replicas = Array.isArray(clients) ? clients : [clients];
  const nodeMs = new Map<string, number>();
  let inNodes = 0;
  const customers = loadCustomers();
  const others = (c: Customer) => customers.filter((o) => o.firstName !== c.firstName);
  const latencies: number[] = [];
  const errors: string[] = [];
  const crossed: string[] = [];
  let threads = 0;
  const started = performance.now();
  const deadline = Date.now() + options.durationMs;

  async function converse(index: number, round: number): Promise<void> {
    const customer = customers[(index + round * options.conversations) % customers.length]!;
    const thread = await replicas[index % replicas.length]!.threads.create({ metadata: { load: true, customer: customer.id } });
    threads++;
    const sent = script(customer).slice(0, options.turns);
    for (const [turn, content] of sent.entries()) {
      const t0 = performance.now();
      let values: TurnValues;
      try {
        const client = replicas[(index + turn) % replicas.length]!;
        values = (await client.runs.wait(thread.thread_id, "support", { input: { messages: [{ role: "user", content, id: randomUUID() }] } })) as TurnValues;
      } catch (error) {
        errors.push(`${customer.id} turn ${turn + 1}: ${(error as Error).message}`);
        return;
      }
      latencies.push(performance.now() - t0);
      for (const entry of values.trace ?? []) {
        nodeMs.set(entry.node, (nodeMs.get(entry.node) ?? 0) + entry.ms);
        inNodes += entry.ms;
      }
      const reply = values.reply ?? "";
      if (!reply.trim()) errors.push(`${customer.id} turn ${turn + 1}: empty reply`);
      if (turn >= 1 && values.customer?.customerId !== customer.id) crossed.push(`${customer.id} turn ${turn + 1}: state of ${values.customer?.customerId ?? "nobody"}`);
      const stranger = others(customer).find((o) => reply.includes(o.fullName) || reply.includes(`Hi ${o.firstName}`));
      if (stranger) crossed.push(`${customer.id} turn ${turn + 1}: reply names ${stranger.id}`);
    }
    const state = (await replicas[(index + sent.length) % replicas.length]!.threads.getState(thread.thread_id)).values as TurnValues;
    const messages = state.messages ?? [];
    const human = messages.filter((m) => m.type === "human").map((m) => String(m.content));
    const ai = messages.filter((m) => m.type === "ai");
    if (JSON.stringify(human) !== JSON.stringify(sent) || ai.length !== sent.length) {
      crossed.push(`${customer.id} thread ${thread.thread_id}: ${human.length} customer and ${ai.length} agent messages for ${sent.length} sent`);
    }
  }

  await Promise.all(
    Array.from({ length: options.conversations }, async (_, index) => {
      let round = 0;
      do await converse(index, round++);
      while (Date.now() < deadline);
    }),
  );
  const elapsedMs = performance.now() - started;
  const latency = latencySummary(latencies);
  return {
    conversations: options.conversations,
    threads,
    turns: latencies.length,
    errors,
    crossed,
    elapsedMs: Math.round(elapsedMs),
    turnsPerSecond: Math.round((latencies.length / (elapsedMs / 1000)) * 10) / 10,
    latencyMs: { p50: Math.round(latency.p50), p95: Math.round(latency.p95), max: Math.round(latency.max) },
    breakdownMs: breakdown(nodeMs, inNodes, latencies),
  };
}

function breakdown(nodeMs: Map<string, number>, inNodes: number, latencies: number[]): LoadReport["breakdownMs"] {
  const turns = Math.max(1, latencies.length);
  const round = (ms: number) => Math.round((ms / turns) * 10) / 10;
  const request = latencies.reduce((sum, ms) => sum + ms, 0);
  return {
    nodes: Object.fromEntries([...nodeMs].sort((a, b) => b[1] - a[1]).map(([node, ms]) => [node, round(ms)])),
    inNodes: round(inNodes),
    outsideNodes: round(request - inNodes),
    request: round(request),
  };
}

export function formatReport(report: LoadReport): string {
  return [
    `conversations: ${report.conversations} at once, ${report.threads} threads, ${report.turns} turns in ${(report.elapsedMs / 1000).toFixed(1)} s`,
    `throughput: ${report.turnsPerSecond} turns/s`,
    `latency per turn: p50 ${report.latencyMs.p50} ms, p95 ${report.latencyMs.p95} ms, max ${report.latencyMs.max} ms`,
    `where a turn's time goes (mean ms): request ${report.breakdownMs.request} = in nodes ${report.breakdownMs.inNodes} + outside nodes ${report.breakdownMs.outsideNodes} (waiting for the CPU, checkpoints, HTTP)`,
    `  nodes: ${Object.entries(report.breakdownMs.nodes).map(([node, ms]) => `${node} ${ms}`).join(", ")}`,
    `errors: ${report.errors.length}${report.errors.length ? `\n  ${report.errors.slice(0, 10).join("\n  ")}` : ""}`,
    `lost or crossed turns: ${report.crossed.length}${report.crossed.length ? `\n  ${report.crossed.slice(0, 10).join("\n  ")}` : ""}`,
  ].join("\n");
}
