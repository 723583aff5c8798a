import pg from "pg";
import type { CheckpointTarget } from "../config/checkpointer.js";

/**
 * One run at a time per thread, across every serving process: a client that retries a turn on another replica
 * while the first is still running waits for it instead of writing beside it. On Postgres this is a session
 * advisory lock, which the server drops by itself when the holding process dies (so a killed replica never leaves
 * a thread locked). On SQLite (one process) an in-process queue.
 */
export interface ThreadRunLock {
  withThread<T>(threadId: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function openThreadRunLock(target: CheckpointTarget, options: { maxConnections?: number } = {}): ThreadRunLock {
  return target.kind === "postgres" ? new PostgresRunLock(target.url, options.maxConnections ?? 64) : new InProcessRunLock();
}

class PostgresRunLock implements ThreadRunLock {
  private readonly pool: pg.Pool;

  constructor(url: string, maxConnections: number) {
    this.pool = new pg.Pool({ connectionString: url, max: maxConnections });
    this.pool.on("error", () => undefined);
  }

  async withThread<T>(threadId: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [`thread:${threadId}`]);
      try {
        return await fn();
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [`thread:${threadId}`]).catch(() => {
          broken = true; // the session is gone, and its lock with it
        });
      }
    } finally {
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

class InProcessRunLock implements ThreadRunLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async withThread<T>(threadId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(threadId) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.tails.set(threadId, tail);
    try {
      return await run;
    } finally {
      if (this.tails.get(threadId) === tail) this.tails.delete(threadId);
    }
  }

  async close(): Promise<void> {}
}
