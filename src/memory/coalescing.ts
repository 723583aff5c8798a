import type { Collection, Metadata } from "chromadb";
import { ChromaUnavailableError } from "./chroma-connection.js";
import { withChromaErrors } from "./collections.js";
import { eachCallerItsOwnOutcome, OneBatchInFlight } from "../util/one-batch-in-flight.js";

/** One record to upsert, with its vector computed by the caller. */
export interface UpsertRow {
  id: string;
  embedding: number[];
  document: string;
  metadata: Metadata;
}

interface UpsertRequest {
  rows: UpsertRow[];
  /** Called synchronously, in write order, with the ids of this request's rows that the collection now holds. */
  onWritten?: (ids: string[]) => void;
}

/**
 * The upserts of one collection in this process, coalesced: concurrent callers' rows go to Chroma in one request
 * (one upsert of ten records costs the Chroma server about a quarter of ten upserts of one).
 *
 * - Each caller's promise settles when its own rows are written, or rejects with the error.
 * - The same id twice in a batch: the row of the later caller (or later in one caller's list) is written.
 * - If a batch of several callers fails (one caller's row rejected, say a vector of the wrong dimension), each caller's
 *   rows are written again on their own, in arrival order, so one caller's bad row does not fail the others.
 *   An unreachable Chroma fails them all at once instead.
 */
export class CoalescedUpserts {
  private readonly batches = new OneBatchInFlight<UpsertRequest, void>(
    eachCallerItsOwnOutcome((requests) => this.write(requests), (error) => error instanceof ChromaUnavailableError),
  );

  constructor(
    private readonly collection: Collection,
    private readonly what: string,
  ) {}

  /** Upserts these rows; `onWritten` hears which of them were written (a later caller's row with the same id wins). */
  async upsert(rows: UpsertRow[], onWritten?: (ids: string[]) => void): Promise<void> {
    if (rows.length === 0) return;
    await this.batches.run({ rows, onWritten });
  }

  private async write(requests: readonly UpsertRequest[]): Promise<void> {
    const winners = lastById(requests.flatMap((request) => request.rows));
    await this.send([...winners.values()]);
    for (const request of requests) {
      request.onWritten?.(request.rows.filter((row) => winners.get(row.id) === row).map((row) => row.id));
    }
  }

  private send(rows: UpsertRow[]): Promise<void> {
    return withChromaErrors(this.what, () =>
      this.collection.upsert({
        ids: rows.map((row) => row.id),
        embeddings: rows.map((row) => row.embedding),
        documents: rows.map((row) => row.document),
        metadatas: rows.map((row) => row.metadata),
      }),
    );
  }
}

/** The last row of each id, in the order the ids first appear (Chroma rejects a request naming an id twice). */
function lastById(rows: UpsertRow[]): Map<string, UpsertRow> {
  const byId = new Map<string, UpsertRow>();
  for (const row of rows) byId.set(row.id, row);
  return byId;
}


/** One stored record as a thread read returns it. */
export interface ThreadRecord {
  id: string;
  metadata: Metadata;
  document: string;
}

/**
 * Reads of one collection's records by their `threadId` metadata, coalesced: concurrent reads of different threads
 * become one `get` with `threadId: { $in: [...] }` (one thread: the plain filter), split by thread. Ten threads in
 * one get cost the Chroma server about a seventh of ten gets.
 */
export class CoalescedThreadReads {
  private readonly batches = new OneBatchInFlight<string, ThreadRecord[]>((threadIds) => this.read(threadIds));

  constructor(
    private readonly collection: Collection,
    private readonly what: string,
  ) {}

  /** The records whose `threadId` is this thread. */
  byThread(threadId: string): Promise<ThreadRecord[]> {
    return this.batches.run(threadId);
  }

  private async read(threadIds: readonly string[]): Promise<ThreadRecord[][]> {
    const distinct = [...new Set(threadIds)];
    const result = await withChromaErrors(this.what, () =>
      this.collection.get({
        where: distinct.length === 1 ? { threadId: distinct[0]! } : { threadId: { $in: distinct } },
        include: ["metadatas", "documents"],
      }),
    );
    const byThread = new Map<string, ThreadRecord[]>();
    result.ids.forEach((id, index) => {
      const metadata = result.metadatas[index] ?? {};
      const threadId = metadata.threadId;
      if (typeof threadId !== "string") return;
      const records = byThread.get(threadId) ?? [];
      records.push({ id, metadata, document: result.documents[index] ?? "" });
      byThread.set(threadId, records);
    });
    return threadIds.map((threadId) => [...(byThread.get(threadId) ?? [])]);
  }
}

const upsertsByCollection = new WeakMap<Collection, CoalescedUpserts>();
const threadReadsByCollection = new WeakMap<Collection, CoalescedThreadReads>();

/** The coalesced upserts of this collection object, shared by every memory of this process that writes through it. */
export function coalescedUpserts(collection: Collection, what: string): CoalescedUpserts {
  let upserts = upsertsByCollection.get(collection);
  if (!upserts) upsertsByCollection.set(collection, (upserts = new CoalescedUpserts(collection, what)));
  return upserts;
}

/** The coalesced thread reads of this collection object, shared by every memory of this process that reads through it. */
export function coalescedThreadReads(collection: Collection, what: string): CoalescedThreadReads {
  let reads = threadReadsByCollection.get(collection);
  if (!reads) threadReadsByCollection.set(collection, (reads = new CoalescedThreadReads(collection, what)));
  return reads;
}
