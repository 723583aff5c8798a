import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import lockfile from "proper-lockfile";

/**
 * The Chroma server that ships inside the `chromadb` package, run as a child
 * process on a persistent folder.
 *
 * Several processes may use one folder (a chat and an ingest at once): the first
 * starts the server and records it in `<dataDir>/.server.json`; the others find
 * it there and reuse it. Each user holds a lease file; the last one out stops the
 * server. Two servers are never started on one folder, so the data is never
 * written by two engines at once.
 */
export interface EmbeddedChroma {
  url: string;
  port: number;
  pid: number;
  /** True when this process started the server. */
  started: boolean;
  /** Drops this process's lease; stops the server if no other process uses it. */
  release(): void;
}

export interface EmbeddedChromaOptions {
  dataDir: string;
  /** Fixed port; a free one is chosen when omitted. */
  port?: number;
  startTimeoutMs?: number;
}

export class ChromaStartError extends Error {
  override name = "ChromaStartError";
}

interface ServerRecord {
  pid: number;
  port: number;
  startedAt: string;
}

const SERVER_FILE = ".server.json";
const LEASES_DIR = ".leases";
const LOG_FILE = ".server.log";

export async function startEmbeddedChroma(options: EmbeddedChromaOptions): Promise<EmbeddedChroma> {
  const dataDir = path.resolve(options.dataDir);
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  try {
    fs.mkdirSync(path.join(dataDir, LEASES_DIR), { recursive: true });
  } catch (error) {
    throw new ChromaStartError(`Cannot create the Chroma data folder ${dataDir}: ${(error as Error).message}`);
  }

  const unlock = await lockfile.lock(dataDir, { retries: { retries: 100, minTimeout: 50, maxTimeout: 500 }, stale: 60_000 });
  try {
    const existing = readServerRecord(dataDir);
    if (existing && isAlive(existing.pid)) {
      if (await waitForHeartbeat(existing.port, Math.min(timeoutMs, 5_000))) {
        return lease(dataDir, existing, false);
      }
      throw new ChromaStartError(
        `A Chroma server (pid ${existing.pid}) holds ${dataDir} but does not answer on port ${existing.port}. ` +
          `Stop that process, or set CHROMA_DATA_DIR to another folder.`,
      );
    }
    if (existing) clearServerRecord(dataDir);
    const record = await spawnServer(dataDir, options.port ?? (await freePort()), timeoutMs);
    fs.writeFileSync(path.join(dataDir, SERVER_FILE), JSON.stringify(record));
    return lease(dataDir, record, true);
  } finally {
    await unlock();
  }
}

function lease(dataDir: string, record: ServerRecord, started: boolean): EmbeddedChroma {
  const leaseFile = path.join(dataDir, LEASES_DIR, String(process.pid));
  fs.writeFileSync(leaseFile, String(record.pid));
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    releaseLease(dataDir, leaseFile, record);
  };
  // Synchronous on purpose: it must also run from the 'exit' event.
  process.on("exit", release);
  return { url: `http://127.0.0.1:${record.port}`, port: record.port, pid: record.pid, started, release };
}

function releaseLease(dataDir: string, leaseFile: string, record: ServerRecord): void {
  fs.rmSync(leaseFile, { force: true });
  const othersAlive = liveLeases(dataDir).length > 0;
  if (othersAlive) return;
  // The server's CLI exits cleanly on SIGINT; SIGTERM is not handled promptly by its engine.
  signal(record.pid, "SIGINT");
  // Wait (synchronously: this also runs on 'exit') until the engine has let go of the folder,
  // so a server started right after never shares it with a dying one.
  const deadline = Date.now() + 10_000;
  while (isAlive(record.pid) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  if (isAlive(record.pid)) signal(record.pid, "SIGKILL");
  const current = readServerRecord(dataDir);
  if (current?.pid === record.pid) clearServerRecord(dataDir);
}

/** Leases of processes that still run; leases of dead processes are removed. */
function liveLeases(dataDir: string): number[] {
  const dir = path.join(dataDir, LEASES_DIR);
  const alive: number[] = [];
  for (const name of safeReadDir(dir)) {
    const pid = Number(name);
    if (Number.isInteger(pid) && isAlive(pid)) alive.push(pid);
    else fs.rmSync(path.join(dir, name), { force: true });
  }
  return alive;
}

async function spawnServer(dataDir: string, port: number, timeoutMs: number): Promise<ServerRecord> {
  const cli = chromaCliPath();
  const log = fs.openSync(path.join(dataDir, LOG_FILE), "w");
  // Detached: a Ctrl-C in the terminal must not kill a server other processes still use.
  const child = spawn(process.execPath, [cli, "run", "--path", dataDir, "--port", String(port)], {
    detached: true,
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  child.unref();
  let exitCode: number | null = null;
  child.once("exit", (code) => {
    exitCode = code ?? -1;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== null) {
      throw new ChromaStartError(`The embedded Chroma server exited (code ${exitCode}) while starting: ${logTail(dataDir)}`);
    }
    if (await heartbeat(port)) return { pid: child.pid!, port, startedAt: new Date().toISOString() };
    await sleep(100);
  }
  signal(child.pid!, "SIGKILL");
  throw new ChromaStartError(`The embedded Chroma server did not answer within ${timeoutMs} ms: ${logTail(dataDir)}`);
}

function chromaCliPath(): string {
  // The package does not export its package.json or cli, so walk up from its main entry.
  let dir = path.dirname(createRequire(import.meta.url).resolve("chromadb"));
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, "dist", "cli.mjs");
}

async function waitForHeartbeat(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  do {
    if (await heartbeat(port)) return true;
    await sleep(100);
  } while (Date.now() < deadline);
  return false;
}

async function heartbeat(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function readServerRecord(dataDir: string): ServerRecord | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(path.join(dataDir, SERVER_FILE), "utf8")) as ServerRecord;
    return Number.isInteger(record.pid) && Number.isInteger(record.port) ? record : undefined;
  } catch {
    return undefined;
  }
}

function clearServerRecord(dataDir: string): void {
  fs.rmSync(path.join(dataDir, SERVER_FILE), { force: true });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** An exited child not yet reaped by its parent still answers signal 0; it no longer holds the folder. */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false; // no /proc (not Linux): trust signal 0
  }
}

function logTail(dataDir: string): string {
  try {
    const text = fs.readFileSync(path.join(dataDir, LOG_FILE), "utf8");
    // The banner is ASCII art; the useful part is the last few lines.
    return text.replace(/\x1b\[[0-9;]*m/g, "").trim().split("\n").slice(-5).join(" | ") || "(no output)";
  } catch {
    return "(no log)";
  }
}

function safeReadDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
