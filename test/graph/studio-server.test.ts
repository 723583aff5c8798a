import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@langchain/langgraph-sdk";

/**
 * The LangGraph API server (`npx @langchain/langgraph-cli dev`) serving the graphs
 * of langgraph.json, driven through @langchain/langgraph-sdk as a service would.
 * Everything it writes (Chroma, backend state, the server's own storage) goes to a
 * temporary folder.
 */
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const START_TIMEOUT_MS = 120_000;

interface Values {
  reply: string;
  status: string;
  customer: { verified: boolean; customerId?: string; firstName?: string };
  plan: { next: string[] } | null;
  requestedActions: { actionId: string; ask: string }[];
  troubleshooting: { procedureId: string; stepId: string; status: string } | null;
  escalation: { ticketId?: string; summary: string; humanReply?: string } | null;
  trace: { node: string; ms: number }[];
}

let dir: string;
let server: ChildProcess | undefined;
let log = "";
let client: Client;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API server exited (code ${child.exitCode}):\n${log.slice(-3000)}`);
    try {
      const response = await fetch(`${url}/ok`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the API server did not answer within ${START_TIMEOUT_MS / 1000} s:\n${log.slice(-3000)}`);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-server-"));
  // The repository's langgraph.json, with its graph paths made relative to a temporary
  // folder: the server keeps its storage (.langgraph_api) next to the config file.
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, "langgraph.json"), "utf8")) as { graphs: Record<string, string> };
  const configDir = path.join(dir, "config");
  fs.mkdirSync(configDir);
  for (const [id, spec] of Object.entries(config.graphs)) {
    const [file, exported] = spec.split(":");
    config.graphs[id] = `./${path.relative(configDir, path.resolve(ROOT, file!))}:${exported}`;
  }
  fs.writeFileSync(path.join(configDir, "langgraph.json"), JSON.stringify(config));

  const port = await freePort();
  server = spawn("npx", ["@langchain/langgraph-cli", "dev", "--no-browser", "--port", String(port), "--config", path.join(configDir, "langgraph.json")], {
    cwd: ROOT,
    detached: true, // its own process group, so the whole tree can be stopped
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      CHROMA_URL: "",
      CHROMA_DATA_DIR: path.join(dir, "chroma"),
      TELECOM_STATE_DIR: path.join(dir, "telecom"),
      LANGGRAPH_CLI_NO_ANALYTICS: "1",
      LANGSMITH_TRACING: "false",
      NO_COLOR: "1",
    },
  });
  server.stdout!.on("data", (chunk) => (log += chunk));
  server.stderr!.on("data", (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(url, server);
  client = new Client({ apiUrl: url });
}, START_TIMEOUT_MS + 10_000);

afterAll(async () => {
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    try {
      process.kill(-server.pid, "SIGINT");
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  }
  // The embedded Chroma is released on the signal; stop it should it have survived.
  const record = path.join(dir, "chroma", ".server.json");
  if (fs.existsSync(record)) {
    const { pid } = JSON.parse(fs.readFileSync(record, "utf8")) as { pid: number };
    try {
      process.kill(pid, "SIGINT");
    } catch {
      // already gone
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe("LangGraph API server", () => {
  it("lists the support graph from langgraph.json", async () => {
    const assistants = await client.assistants.search({ graphId: "support" });
    expect(assistants.map((a) => a.graph_id)).toContain("support");
  });

  it("runs a conversation through the SDK: identity, a troubleshooting step, a hand-over and a human reply", async () => {
    const thread = await client.threads.create();
    const say = async (content: string) =>
      (await client.runs.wait(thread.thread_id, "support", { input: { messages: [{ role: "user", content }] } })) as unknown as Values;

    const first = await say("my phone has no service since this morning");
    expect(first.reply).toMatch(/confirm it's you/i);
    expect(first.plan?.next).toContain("verify_identity");
    expect(first.customer.verified).toBe(false);
    expect(first.status).toBe("open");

    // James Carter has one active mobile line (data/telecom/dataset.json).
    const second = await say("I am James Carter, my number is +1 555 010 0002");
    expect(second.customer).toMatchObject({ verified: true, customerId: "C-1002", firstName: "James" });
    expect(second.reply).toMatch(/James/);
    expect(second.troubleshooting).toMatchObject({ procedureId: "mobile-no-service", status: "awaiting_customer" });
    expect(second.requestedActions.map((a) => a.actionId)).toEqual(["check_status_bar"]);
    expect(second.reply).toContain(second.requestedActions[0]!.ask);
    expect(second.trace.map((t) => t.node)).toEqual(expect.arrayContaining(["context", "intent", "planner", "technical", "dialogue", "remember"]));

    // A hand-over pauses the thread: the run answers with the interrupt, the state holds the rest.
    const third = (await say("this is not working, I want to talk to a human")) as unknown as {
      __interrupt__: { value: { type: string; ticketId?: string; summary: string } }[];
    };
    expect(third.__interrupt__.map((i) => i.value.type)).toEqual(["handover"]);
    const ticketId = third.__interrupt__[0]!.value.ticketId;
    expect(ticketId).toMatch(/^T-/);
    expect(third.__interrupt__[0]!.value.summary).toContain("C-1002");

    const paused = await client.threads.getState(thread.thread_id);
    const pausedValues = paused.values as unknown as Values;
    expect(paused.next).toEqual(["await_human"]);
    expect(pausedValues.status).toBe("handed_over");
    expect(pausedValues.escalation?.ticketId).toBe(ticketId);
    expect(pausedValues.reply).toContain(ticketId);

    // A human agent's reply resumes it.
    const resumed = (await client.runs.wait(thread.thread_id, "support", {
      command: { resume: "Hi James, Sam here from Nimbus: I am checking the mast near you." },
    })) as unknown as Values;
    expect(resumed.escalation?.humanReply).toMatch(/Sam here/);
    expect(resumed.reply).toMatch(/Sam here/);
    expect((await client.threads.getState(thread.thread_id)).next).toEqual([]);
  });
});
