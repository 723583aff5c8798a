import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./ports.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface ChildServer {
  url: string;
  port: number;
  pid: number;
  /** What the process printed, for error messages. */
  log(): string;
  /** SIGKILL: the process dies at once, mid-turn if it was in one. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

async function startChild(command: string[], env: NodeJS.ProcessEnv, port: number, healthPath: string, timeoutMs: number): Promise<ChildServer> {
  const child = spawn(process.execPath, command, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env });
  let log = "";
  child.stdout!.on("data", (chunk) => (log += chunk));
  child.stderr!.on("data", (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));
  const url = `http://127.0.0.1:${port}`;
  const signal = async (name: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(name);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const server: ChildServer = { url, port, pid: child.pid!, log: () => log, kill: () => signal("SIGKILL", 0), stop: (graceMs = 15_000) => signal("SIGTERM", graceMs) };
  try {
    await waitUntilUp(`${url}${healthPath}`, child, timeoutMs, () => log);
  } catch (error) {
    await server.kill();
    throw error;
  }
  return server;
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (code ${child.exitCode}): ${log().slice(-2000)}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s: ${log().slice(-2000)}`);
}

/** A standalone Chroma server (`npx chroma run --path DIR --port N`, the server the chromadb package ships). */
export async function startChromaServer(dataDir: string, options: { port?: number; timeoutMs?: number } = {}): Promise<ChildServer> {
  const port = options.port ?? (await freePort());
  const cli = path.join(ROOT, "node_modules", "chromadb", "dist", "cli.mjs");
  return startChild([cli, "run", "--path", dataDir, "--port", String(port)], { ...process.env }, port, "/api/v2/heartbeat", options.timeoutMs ?? 60_000);
}

export interface ServingProcessOptions {
  /** CHECKPOINT_URL, CHROMA_URL, TELECOM_STATE_DIR, MONITORING_DIR, ... */
  env: Record<string, string>;
  port?: number;
  timeoutMs?: number;
  /** Extra Node options, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

/** One serving process (`npm run serve`: src/server/main.ts) on 127.0.0.1. */
export async function startServingProcess(options: ServingProcessOptions): Promise<ChildServer> {
  const port = options.port ?? (await freePort());
  const env = { ...process.env, LANGSMITH_TRACING: "false", NO_COLOR: "1", HOST: "127.0.0.1", PORT: String(port), ...options.env };
  return startChild([...(options.nodeArgs ?? []), "--import", "tsx", path.join(ROOT, "src", "server", "main.ts")], env, port, "/ok", options.timeoutMs ?? 120_000);
}
