import type { RunnableConfig } from "@langchain/core/runnables";
import { WRITES_IDX_MAP, type ChannelVersions, type Checkpoint, type CheckpointMetadata, type PendingWrite } from "@langchain/langgraph-checkpoint";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type pg from "pg";

/**
 * PostgresSaver with each write in one statement. The package's saver sends a checkpoint as BEGIN, one INSERT per
 * changed channel, the checkpoint row, COMMIT, and a node's pending writes as BEGIN, one INSERT per write, COMMIT:
 * about 180 round trips per turn of this graph. Here a checkpoint (its blobs and its row) is one statement and a
 * node's writes are one statement, with the rows passed as arrays (`unnest`): the same rows in the same tables, in
 * one transaction each (a single statement is atomic), so the package's reads, `list` and migrations are unchanged.
 */
export class BatchedPostgresSaver extends PostgresSaver {
  private readonly table: { checkpoints: string; blobs: string; writes: string };

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
    await this.connections.query(
      `WITH blobs AS (
         INSERT INTO ${this.table.blobs} (thread_id, checkpoint_ns, channel, version, type, blob)
         SELECT $1, $2, channel, version, type, blob FROM unnest($7::text[], $8::text[], $9::text[], $10::bytea[]) AS b(channel, version, type, blob)
         ON CONFLICT (thread_id, checkpoint_ns, channel, version) DO NOTHING)
       INSERT INTO ${this.table.checkpoints} (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata`,
      [
        thread_id,
        checkpoint_ns,
        checkpoint.id,
        checkpoint_id,
        this._dumpCheckpoint(checkpoint),
        serializedMetadata,
        blobs.map((b) => b[2]),
        blobs.map((b) => b[3]),
        blobs.map((b) => b[4]),
        blobs.map((b) => (b[5] ? Buffer.from(b[5].buffer, b[5].byteOffset, b[5].byteLength) : null)),
      ],
    );
    return { configurable: { thread_id, checkpoint_ns, checkpoint_id: checkpoint.id } };
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    if (writes.length === 0) return;
    const { thread_id, checkpoint_ns = "", checkpoint_id } = (config.configurable ?? {}) as { thread_id: string; checkpoint_ns?: string; checkpoint_id: string };
    // Writes to special channels only (errors, interrupts...) replace an earlier write of the same index.
    const replace = writes.every(([channel]) => channel in WRITES_IDX_MAP);
    const dumped = await this._dumpWrites(thread_id, checkpoint_ns, checkpoint_id, taskId, writes as [string, unknown][]);
    // One row per index: a statement may not touch a row twice. The package's row-by-row statements let the last
    // write of an index win when replacing and the first otherwise; so does this.
    const byIndex = new Map<number, (typeof dumped)[number]>();
    for (const row of dumped) if (replace || !byIndex.has(row[4])) byIndex.set(row[4], row);
    const rows = [...byIndex.values()];
    await this.connections.query(
      `INSERT INTO ${this.table.writes} (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
       SELECT $1, $2, $3, $4, idx, channel, type, blob FROM unnest($5::int[], $6::text[], $7::text[], $8::bytea[]) AS w(idx, channel, type, blob)
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx) ${replace ? "DO UPDATE SET channel = EXCLUDED.channel, type = EXCLUDED.type, blob = EXCLUDED.blob" : "DO NOTHING"}`,
      [
        thread_id,
        checkpoint_ns,
        checkpoint_id,
        taskId,
        rows.map((r) => r[4]),
        rows.map((r) => r[5]),
        rows.map((r) => r[6]),
        rows.map((r) => Buffer.from(r[7].buffer, r[7].byteOffset, r[7].byteLength)),
      ],
    );
  }
}
