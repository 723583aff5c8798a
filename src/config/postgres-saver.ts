import type { RunnableConfig } from "@langchain/core/runnables";
import { WRITES_IDX_MAP, type ChannelVersions, type Checkpoint, type CheckpointMetadata, type PendingWrite } from "@langchain/langgraph-checkpoint";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type pg from "pg";
import { eachCallerItsOwnOutcome, OneBatchInFlight } from "../util/one-batch-in-flight.js";

/** One checkpoint to store: its row and the blobs of the channels it changed. */
interface CheckpointRow {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  checkpoint: unknown;
  metadata: unknown;
  blobs: { channel: string; version: string; type: string; blob: Buffer | null }[];
}

/** One task's pending writes; `replace` for the special channels whose rows a later write replaces. */
interface WritesRow {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  task_id: string;
  replace: boolean;
  writes: { idx: number; channel: string; type: string; blob: Buffer }[];
}

/**
 * PostgresSaver whose writes are few statements. The package's saver sends a checkpoint as BEGIN, one INSERT per
 * changed channel, the checkpoint row, COMMIT, and a task's pending writes as BEGIN, one INSERT per write, COMMIT:
 * about 180 round trips per turn of this graph. Here a checkpoint (its blobs and its row) is one statement and a
 * task's writes are one statement, with the rows passed as arrays; and the checkpoints (and the writes) of turns
 * running at the same time in this process go in one statement together, one in flight at a time
 * (`OneBatchInFlight`), since with a checkpoint per graph step a statement and its commit per thread would be most of
 * PostgreSQL's work. The same rows in the same tables, each statement atomic, so the package's reads, `list` and
 * migrations are unchanged. If a statement of several callers fails, each caller's rows are written on their own, so
 * each caller gets its own outcome.
 */
export class BatchedPostgresSaver extends PostgresSaver {
  private readonly table: { checkpoints: string; blobs: string; writes: string };
  private readonly checkpointBatches = new OneBatchInFlight<CheckpointRow, void>(eachCallerItsOwnOutcome((rows) => this.insertCheckpoints(rows)));
  private readonly writeBatches = new OneBatchInFlight<WritesRow, void>(eachCallerItsOwnOutcome((rows) => this.insertWrites(rows)));

  constructor(
    private readonly connections: pg.Pool,
    schema: string,
  ) {
    super(connections, undefined, { schema });
    const quoted = `"${schema}"`;
    this.table = { checkpoints: `${quoted}.checkpoints`, blobs: `${quoted}.checkpoint_blobs`, writes: `${quoted}.checkpoint_writes` };
  }

  override async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, newVersions: ChannelVersions): Promise<RunnableConfig> {
    if (config.configurable === undefined) throw new Error(`Missing "configurable" field in "config" param`);
    const { thread_id, checkpoint_ns = "", checkpoint_id } = config.configurable as { thread_id: string; checkpoint_ns?: string; checkpoint_id?: string };
    const [blobs, serializedMetadata] = await Promise.all([
      this._dumpBlobs(thread_id, checkpoint_ns, checkpoint.channel_values, newVersions),
      this._dumpMetadata(metadata),
    ]);
    await this.checkpointBatches.run({
      thread_id,
      checkpoint_ns,
      checkpoint_id: checkpoint.id,
      parent_checkpoint_id: checkpoint_id ?? null,
      checkpoint: this._dumpCheckpoint(checkpoint),
      metadata: serializedMetadata,
      blobs: blobs.map((b) => ({ channel: b[2], version: b[3], type: b[4], blob: b[5] ? asBuffer(b[5]) : null })),
    });
    return { configurable: { thread_id, checkpoint_ns, checkpoint_id: checkpoint.id } };
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    if (writes.length === 0) return;
    const { thread_id, checkpoint_ns = "", checkpoint_id } = (config.configurable ?? {}) as { thread_id: string; checkpoint_ns?: string; checkpoint_id: string };
    const replace = writes.every(([channel]) => channel in WRITES_IDX_MAP);
    const dumped = await this._dumpWrites(thread_id, checkpoint_ns, checkpoint_id, taskId, writes as [string, unknown][]);
    // One row per index: a replacing write keeps the last of an index, any other the first (as the package does).
    const byIndex = new Map<number, (typeof dumped)[number]>();
    for (const row of dumped) if (replace || !byIndex.has(row[4])) byIndex.set(row[4], row);
    await this.writeBatches.run({
      thread_id,
      checkpoint_ns,
      checkpoint_id,
      task_id: taskId,
      replace,
      writes: [...byIndex.values()].map((r) => ({ idx: r[4], channel: r[5], type: r[6], blob: asBuffer(r[7]) })),
    });
  }

  private async insertCheckpoints(rows: readonly CheckpointRow[]): Promise<void> {
    // A row named twice in one statement cannot be updated twice: the later checkpoint of the same id wins.
    const latest = [...lastBy(rows, (r) => `${r.thread_id}\u0000${r.checkpoint_ns}\u0000${r.checkpoint_id}`).values()];
    const blobs = latest.flatMap((r) => r.blobs.map((b) => ({ ...b, thread_id: r.thread_id, checkpoint_ns: r.checkpoint_ns })));
    await this.connections.query(
      `WITH blobs AS (
         INSERT INTO ${this.table.blobs} (thread_id, checkpoint_ns, channel, version, type, blob)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[])
         ON CONFLICT (thread_id, checkpoint_ns, channel, version) DO NOTHING)
       INSERT INTO ${this.table.checkpoints} (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata)
       SELECT r->>'thread_id', r->>'checkpoint_ns', r->>'checkpoint_id', r->>'parent_checkpoint_id', r->'checkpoint', r->'metadata'
       FROM jsonb_array_elements($7::jsonb) AS r
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata`,
      [
        blobs.map((b) => b.thread_id),
        blobs.map((b) => b.checkpoint_ns),
        blobs.map((b) => b.channel),
        blobs.map((b) => b.version),
        blobs.map((b) => b.type),
        blobs.map((b) => b.blob),
        JSON.stringify(latest.map(({ blobs: _, ...row }) => row)),
      ],
    );
  }

  private async insertWrites(rows: readonly WritesRow[]): Promise<void> {
    const statements = [rows.filter((r) => r.replace), rows.filter((r) => !r.replace)].filter((some) => some.length > 0);
    for (const some of statements) {
      const replace = some[0]!.replace;
      const key = (r: WritesRow, idx: number) => `${r.thread_id}\u0000${r.checkpoint_ns}\u0000${r.checkpoint_id}\u0000${r.task_id}\u0000${idx}`;
      // Replacing: the last row of a key wins (one statement cannot update a row twice); otherwise the first stays.
      const flat = some.flatMap((r) => r.writes.map((w) => ({ ...w, row: r, key: key(r, w.idx) })));
      const kept = replace ? [...lastBy(flat, (w) => w.key).values()] : [...firstBy(flat, (w) => w.key).values()];
      await this.connections.query(
        `INSERT INTO ${this.table.writes} (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::bytea[])
         ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx) ${replace ? "DO UPDATE SET channel = EXCLUDED.channel, type = EXCLUDED.type, blob = EXCLUDED.blob" : "DO NOTHING"}`,
        [
          kept.map((w) => w.row.thread_id),
          kept.map((w) => w.row.checkpoint_ns),
          kept.map((w) => w.row.checkpoint_id),
          kept.map((w) => w.row.task_id),
          kept.map((w) => w.idx),
          kept.map((w) => w.channel),
          kept.map((w) => w.type),
          kept.map((w) => w.blob),
        ],
      );
    }
  }
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function lastBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(key(item), item);
  return byKey;
}

function firstBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return byKey;
}
