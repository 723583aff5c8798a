import type { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import pg from "pg";
import { HTTPException } from "hono/http-exception";
import type { OpenedCheckpointer } from "../config/checkpointer.js";

/** A thread as the LangGraph API answers it (the fields the SDK's Thread type reads). */
export interface ApiThread {
  thread_id: string;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  status: "idle";
}

/**
 * The registry of threads: which ids exist and their metadata (the conversation itself is in the checkpointer).
 * On Postgres every serving process sees the same threads; on SQLite one process does. The shape is what
 * `createEmbedServer` of @langchain/langgraph-api expects (its `ThreadSaver`).
 */
export interface ThreadRegistry {
  get(id: string): Promise<ApiThread>;
  set(id: string, options: { kind: "put" | "patch"; metadata?: Record<string, unknown> }): Promise<ApiThread>;
  delete(id: string): Promise<void>;
  /**
   * Notes that these customer messages (by id) were received on the thread. True when none of them had been: a new
   * turn, run at once; false when one had, a retry, which the service checks against the thread's state.
   */
  firstReceipt(id: string, messageIds: string[]): Promise<boolean>;
  close(): Promise<void>;
}

/** The graph every thread runs: the service serves the support graph only, so state reads need no run first. */
const GRAPH_METADATA = { graph_id: "support", assistant_id: "support" };

const notFound = (id: string) => new HTTPException(404, { message: `Thread ${id} not found` });

/** The registry beside the checkpoints: a table in the same Postgres database, or in the same SQLite file. */
export async function openThreadRegistry(checkpoints: OpenedCheckpointer): Promise<ThreadRegistry> {
  const { target } = checkpoints;
  return target.kind === "postgres" ? PostgresThreads.open(target.url, target.schema) : SqliteThreads.open((checkpoints.saver as SqliteSaver).db as SqliteHandle);
}

/** The part of better-sqlite3's Database used here (the saver's own connection). */
interface SqliteHandle {
  exec(sql: string): unknown;
  prepare(sql: string): { get(...params: unknown[]): unknown; run(...params: unknown[]): unknown };
}

class PostgresThreads implements ThreadRegistry {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
  ) {}

  static async open(url: string, schema: string): Promise<PostgresThreads> {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    pool.on("error", () => undefined);
    const table = `"${schema}".support_threads`;
    // IF NOT EXISTS races when replicas start together; the advisory lock makes them take turns.
    const client = await pool.connect();
    try {
      await client.query("SELECT pg_advisory_lock(hashtext('telecom-support-graph:threads-setup'))");
      await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
        thread_id TEXT PRIMARY KEY,
        metadata JSONB NOT NULL DEFAULT '{}',
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${receiptsOf(table)} (
        thread_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (thread_id, message_id))`);
      await client.query("SELECT pg_advisory_unlock(hashtext('telecom-support-graph:threads-setup'))");
    } finally {
      client.release();
    }
    return new PostgresThreads(pool, table);
  }

  async get(id: string): Promise<ApiThread> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.table} WHERE thread_id = $1`, [id]);
    if (!rows[0]) throw notFound(id);
    return toThread(rows[0]);
  }

  async set(id: string, options: { kind: "put" | "patch"; metadata?: Record<string, unknown> }): Promise<ApiThread> {
    const metadata = JSON.stringify(options.metadata ?? {});
    const { rows } =
      options.kind === "put"
        ? await this.pool.query(
            `INSERT INTO ${this.table} (thread_id, metadata) VALUES ($1, $2)
             ON CONFLICT (thread_id) DO UPDATE SET metadata = EXCLUDED.metadata, updated_at = now() RETURNING *`,
            [id, metadata],
          )
        : await this.pool.query(`UPDATE ${this.table} SET metadata = metadata || $2::jsonb, updated_at = now() WHERE thread_id = $1 RETURNING *`, [id, metadata]);
    if (!rows[0]) throw notFound(id);
    return toThread(rows[0]);
  }

  async delete(id: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE thread_id = $1`, [id]);
    await this.pool.query(`DELETE FROM ${receiptsOf(this.table)} WHERE thread_id = $1`, [id]);
  }

  async firstReceipt(id: string, messageIds: string[]): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO ${receiptsOf(this.table)} (thread_id, message_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [id, messageIds],
    );
    return rowCount === new Set(messageIds).size;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

class SqliteThreads implements ThreadRegistry {
  private constructor(private readonly db: SqliteHandle) {}

  static async open(db: SqliteHandle): Promise<SqliteThreads> {
    db.exec(`CREATE TABLE IF NOT EXISTS support_threads (
      thread_id TEXT PRIMARY KEY, metadata TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
    db.exec(`CREATE TABLE IF NOT EXISTS support_thread_receipts (
      thread_id TEXT NOT NULL, message_id TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (thread_id, message_id))`);
    return new SqliteThreads(db);
  }

  async get(id: string): Promise<ApiThread> {
    const row = this.db.prepare("SELECT * FROM support_threads WHERE thread_id = ?").get(id) as SqliteRow | undefined;
    if (!row) throw notFound(id);
    return toThread({ ...row, metadata: JSON.parse(row.metadata) });
  }

  async set(id: string, options: { kind: "put" | "patch"; metadata?: Record<string, unknown> }): Promise<ApiThread> {
    const now = new Date().toISOString();
    const existing = this.db.prepare("SELECT * FROM support_threads WHERE thread_id = ?").get(id) as SqliteRow | undefined;
    if (!existing && options.kind === "patch") throw notFound(id);
    const metadata = options.kind === "put" ? (options.metadata ?? {}) : { ...JSON.parse(existing!.metadata), ...options.metadata };
    this.db
      .prepare(
        `INSERT INTO support_threads (thread_id, metadata, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (thread_id) DO UPDATE SET metadata = excluded.metadata, updated_at = excluded.updated_at`,
      )
      .run(id, JSON.stringify(metadata), existing?.created_at ?? now, now);
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    this.db.prepare("DELETE FROM support_threads WHERE thread_id = ?").run(id);
    this.db.prepare("DELETE FROM support_thread_receipts WHERE thread_id = ?").run(id);
  }

  async firstReceipt(id: string, messageIds: string[]): Promise<boolean> {
    const insert = this.db.prepare("INSERT OR IGNORE INTO support_thread_receipts (thread_id, message_id, received_at) VALUES (?, ?, ?)");
    const now = new Date().toISOString();
    let inserted = 0;
    for (const messageId of new Set(messageIds)) inserted += Number((insert.run(id, messageId, now) as { changes: number }).changes);
    return inserted === new Set(messageIds).size;
  }

  async close(): Promise<void> {} // the connection is the checkpointer's, closed with it
}

interface SqliteRow {
  thread_id: string;
  metadata: string;
  created_at: string;
  updated_at: string;
}

/** The table of received message ids beside the thread table (same schema). */
const receiptsOf = (threadTable: string) => threadTable.replace(/support_threads$/, "support_thread_receipts");

function toThread(row: { thread_id: string; metadata: Record<string, unknown>; created_at: string | Date; updated_at: string | Date }): ApiThread {
  return {
    thread_id: row.thread_id,
    metadata: { ...row.metadata, ...GRAPH_METADATA },
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
    status: "idle",
  };
}
