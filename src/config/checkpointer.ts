import fs from "node:fs";
import path from "node:path";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import pg from "pg";
import { z } from "zod";
import { BatchedPostgresSaver } from "./postgres-saver.js";
import { SettingsError } from "./settings.js";
import { environment, type Environment } from "./settings.js";

/**
 * Where threads are checkpointed. `CHECKPOINT_URL=postgres://…` (or `postgresql://`) selects Postgres, which
 * several processes and machines can share; otherwise the embedded default, a SQLite file (`CHECKPOINT_DB`, else
 * `.data/checkpoints.sqlite`), for one process. `CHECKPOINT_URL=sqlite:FILE` names a SQLite file explicitly.
 */
export const CheckpointTarget = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("postgres"), url: z.string().min(1), schema: z.string().regex(/^[a-z_][a-z0-9_]*$/).default("public") }),
  z.object({ kind: z.literal("sqlite"), file: z.string().min(1) }),
]);
export type CheckpointTarget = z.infer<typeof CheckpointTarget>;

export const DEFAULT_CHECKPOINT_DB = path.join(".data", "checkpoints.sqlite");

/**
 * The target from the environment: `CHECKPOINT_URL`, else `CHECKPOINT_DB`, else the default file. `sqliteFile`
 * (the chat's `--db`, given on the command line) wins over both.
 */
export function checkpointTargetFromEnv(env: Environment = environment(), sqliteFile?: string): CheckpointTarget {
  if (sqliteFile) return { kind: "sqlite", file: sqliteFile };
  const url = env.CHECKPOINT_URL?.trim();
  if (url) return parseCheckpointUrl(url, env.CHECKPOINT_SCHEMA?.trim() || undefined);
  return { kind: "sqlite", file: env.CHECKPOINT_DB?.trim() || DEFAULT_CHECKPOINT_DB };
}

export function parseCheckpointUrl(url: string, schema?: string): CheckpointTarget {
  if (/^sqlite:/i.test(url)) {
    const file = url.replace(/^sqlite:(\/\/)?/i, "");
    if (!file) throw new SettingsError(`CHECKPOINT_URL ${url} names no SQLite file (sqlite:FILE)`);
    return { kind: "sqlite", file };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SettingsError(`CHECKPOINT_URL is not a URL: expected postgres://user:password@host:5432/database or sqlite:FILE`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new SettingsError(`CHECKPOINT_URL ${describeUrl(parsed)}: only postgres:// (or postgresql://) and sqlite: are supported`);
  }
  const target = CheckpointTarget.safeParse({ kind: "postgres", url, schema });
  if (!target.success) throw new SettingsError(`CHECKPOINT_SCHEMA ${schema} is not a plain lower-case schema name`);
  return target.data;
}

/** The target for messages and logs: never the password. */
export function describeCheckpointTarget(target: CheckpointTarget): string {
  return target.kind === "sqlite" ? `SQLite ${target.file}` : `Postgres ${describeUrl(new URL(target.url))}`;
}

function describeUrl(url: URL): string {
  const shown = new URL(url.href);
  if (shown.password) shown.password = "***";
  return shown.href;
}

export interface OpenedCheckpointer {
  saver: BaseCheckpointSaver;
  target: CheckpointTarget;
  /** Releases the SQLite file or the Postgres connections. */
  close(): Promise<void>;
}

export interface OpenCheckpointerOptions {
  /** Postgres connections this process may hold (default 10). */
  poolSize?: number;
}

/**
 * Opens the checkpointer and makes sure it can be used: the SQLite file is created (WAL), the Postgres tables are
 * created or migrated. A bad path or an unreachable database fails here with one SettingsError line.
 */
export async function openCheckpointer(target: CheckpointTarget, options: OpenCheckpointerOptions = {}): Promise<OpenedCheckpointer> {
  if (target.kind === "sqlite") {
    try {
      fs.mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
      const saver = SqliteSaver.fromConnString(target.file);
      // Opening is lazy; touch the file now so a bad path fails here.
      saver.db.pragma("journal_mode = WAL");
      // A turn writes ~10 checkpoints; with WAL, NORMAL skips an fsync per commit (~3x less time in SQLite per turn,
      // see docs/benchmarks.md) and still survives a killed process; only an OS crash can lose the latest commits.
      saver.db.pragma("synchronous = NORMAL");
      return { saver, target, close: async () => void saver.db.close() };
    } catch (error) {
      throw new SettingsError(`cannot open the checkpoint database ${target.file} (CHECKPOINT_DB): ${messageOf(error)}`);
    }
  }
  const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10 });
  // An idle connection the server drops (restart, failover) must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  const saver = new BatchedPostgresSaver(pool, target.schema);
  try {
    await setUpPostgres(pool, saver);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new SettingsError(`cannot use the checkpoint database ${describeCheckpointTarget(target)} (CHECKPOINT_URL): ${messageOf(error)}`);
  }
  return { saver, target, close: () => pool.end() };
}

/** Creates or migrates the tables; several processes starting at once take turns (a session-level advisory lock). */
async function setUpPostgres(pool: pg.Pool, saver: PostgresSaver): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('telecom-support-graph:checkpoint-setup'))");
    try {
      await saver.setup();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('telecom-support-graph:checkpoint-setup'))");
    }
  } finally {
    client.release();
  }
}

/** Opens the checkpointer the environment selects (see checkpointTargetFromEnv). */
export function openCheckpointerFromEnv(env: Environment = environment(), sqliteFile?: string, options?: OpenCheckpointerOptions) {
  return openCheckpointer(checkpointTargetFromEnv(env, sqliteFile), options);
}

const environmentSavers = new Map<string, BaseCheckpointSaver>();

/**
 * The factory's default when a caller hands in no checkpointer: Postgres when `CHECKPOINT_URL` names it (one pool
 * per URL for the process, tables set up before the first use), otherwise none, as before (SQLite stays opt-in
 * there, so embedding the graph writes no file the caller did not ask for).
 */
export function checkpointerFromEnvironment(env: Environment = environment()): BaseCheckpointSaver | undefined {
  const url = env.CHECKPOINT_URL?.trim();
  if (!url) return undefined;
  const target = parseCheckpointUrl(url, env.CHECKPOINT_SCHEMA?.trim() || undefined);
  const key = JSON.stringify(target);
  let saver = environmentSavers.get(key);
  if (!saver) {
    saver = target.kind === "sqlite" ? lazySqlite(target.file) : lazyPostgres(target);
    environmentSavers.set(key, saver);
  }
  return saver;
}

function lazySqlite(file: string): BaseCheckpointSaver {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return SqliteSaver.fromConnString(file);
}

/** A PostgresSaver whose tables are set up once, before its first read or write. */
function lazyPostgres(target: Extract<CheckpointTarget, { kind: "postgres" }>): BaseCheckpointSaver {
  const pool = new pg.Pool({ connectionString: target.url });
  pool.on("error", () => undefined);
  let ready: Promise<void> | undefined;
  class SetUpOnFirstUse extends BatchedPostgresSaver {
    private ensure(): Promise<void> {
      ready ??= setUpPostgres(pool, this).catch((error: unknown) => {
        ready = undefined; // try again on the next call
        throw error;
      });
      return ready;
    }
    override async getTuple(...args: Parameters<PostgresSaver["getTuple"]>) {
      await this.ensure();
      return super.getTuple(...args);
    }
    override async *list(...args: Parameters<PostgresSaver["list"]>) {
      await this.ensure();
      yield* super.list(...args);
    }
    override async put(...args: Parameters<PostgresSaver["put"]>) {
      await this.ensure();
      return super.put(...args);
    }
    override async putWrites(...args: Parameters<PostgresSaver["putWrites"]>) {
      await this.ensure();
      return super.putWrites(...args);
    }
  }
  return new SetUpOnFirstUse(pool, target.schema);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
