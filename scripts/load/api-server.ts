import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./ports.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface ApiServer {
  url: string;
  /** The process id of the server's process tree (npx and the server below it). */
  pid: number;
  /** What the server printed, for error messages. */
  log(): string;
  /** Stops the server and its embedded Chroma, and removes the temporary folder. */
  stop(): Promise<void>;
}

export interface ApiServerOptions {
  /** Runs the server executes at once (the CLI's default is 10). */
  jobsPerWorker?: number;
  startTimeoutMs?: number;
  /** More environment for the server (e.g. CHROMA_URL). */
  env?: Record<string, string>;
}

/**
 * Starts `langgraph-cli dev` on the repository's langgraph.json, bound to
 * 127.0.0.1 on a free port, with everything it writes (Chroma, backend state, the
 * server's own storage) in a temporary folder.
 */
export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "langgraph-api-"));
  // The server keeps its storage next to the config file: a copy with paths back to the repository.
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, "langgraph.json"), "utf8")) as { graphs: Record<string, string> };
  const configDir = path.join(dir, "config");
  fs.mkdirSync(configDir);
  for (const [id, spec] of Object.entries(config.graphs)) {
    const [file, exported] = spec.split(":");
    config.graphs[id] = `./${path.relative(configDir, path.resolve(ROOT, file!))}:${exported}`;
  }
  fs.writeFileSync(path.join(configDir, "langgraph.json"), JSON.stringify(config));

  const port = await freePort();
  // --no-reload: an edit to a source file elsewhere in the tree must not restart the server mid-run (it cut runs short).
  const args = ["@langchain/langgraph-cli", "dev", "--no-browser", "--no-reload", "--host", "127.0.0.1", "--port", String(port), "--config", path.join(configDir, "langgraph.json")];
  if (options.jobsPerWorker) args.push("--n-jobs-per-worker", String(options.jobsPerWorker));
  const child = spawn("npx", args, {
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
      ...options.env,
    },
  });
  let log = "";
  child.stdout!.on("data", (chunk) => (log += chunk));
  child.stderr!.on("data", (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopServer(child, dir);
  try {
    await waitUntilUp(url, child, options.startTimeoutMs ?? 120_000, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid!, log: () => log, stop };
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API server exited (code ${child.exitCode}): ${log().slice(-2000)}`);
    try {
      if ((await fetch(`${url}/ok`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the API server did not answer within ${timeoutMs / 1000} s: ${log().slice(-2000)}`);
}

async function stopServer(child: ChildProcess, dir: string): Promise<void> {
  if (child.pid && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      process.kill(-child.pid, "SIGINT");
    } catch {
      // already gone
    }
    // The CLI's file watcher can keep the group alive well after the server stopped: a short grace, then the group goes.
    const graceful = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3_000))]);
    if (!graceful) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    }
  }
  // The embedded Chroma is released on the signal; stop it should it have survived.
  const record = path.join(dir, "chroma", ".server.json");
  if (fs.existsSync(record)) {
    try {
      process.kill((JSON.parse(fs.readFileSync(record, "utf8")) as { pid: number }).pid, "SIGINT");
    } catch {
      // already gone
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
