import { appendFile, mkdir, open, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { randomUUID } from "node:crypto";
import { appendCreatingFolder } from "../util/append.js";
import { z } from "zod";

/** One attempted backend action: who, what, with which arguments, and what came of it. */
export const AuditEntry = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  threadId: z.string(),
  /** The verified customer of the thread when the action ran (or the one it concerned); null if none. */
  customerId: z.string().nullable(),
  action: z.string(),
  kind: z.enum(["lookup", "read", "change"]),
  args: z.record(z.string(), z.unknown()),
  outcome: z.enum(["ok", "refused"]),
  code: z.string().nullable(),
  reason: z.string().nullable(),
  /** The sentence the customer was given with a refusal. */
  customerMessage: z.string().optional(),
  /** The consent proposal this entry proposed, decided, consumed or failed. */
  proposalId: z.string().optional(),
  /** Result of a change (what it did); reads record only the outcome to keep the log small. */
  result: z.unknown().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export interface AuditQuery {
  threadId?: string;
  customerId?: string;
  action?: string;
  outcome?: "ok" | "refused";
  kind?: "lookup" | "read" | "change";
  /** ISO datetime; entries at or after it. */
  since?: string;
  /** Most recent N (after filtering). */
  limit?: number;
}

export interface AuditQueryResult {
  entries: AuditEntry[];
  /** Lines that could not be read (e.g. a line cut by a crash); they are kept in the file, only skipped. */
  skippedLines: number;
}

/** Arguments that are identity secrets are kept out of the log. */
const REDACT = new Set(["dateOfBirth"]);

/**
 * Append-only JSONL log. Appends are serialised so concurrent actions never
 * interleave partial lines; every entry is on disk before the action returns.
 */
export class AuditLog {
  private chain: Promise<unknown> = Promise.resolve();
  /** Whether this process has made sure the file ends with a newline before its first append. */
  private tailChecked = false;

  constructor(readonly file: string) {}

  record(entry: Omit<AuditEntry, "id" | "at"> & { at?: string }): Promise<AuditEntry> {
    const full: AuditEntry = {
      ...entry,
      id: randomUUID(),
      at: entry.at ?? new Date().toISOString(),
      args: Object.fromEntries(Object.entries(entry.args).map(([k, v]) => [k, REDACT.has(k) && v ? "[redacted]" : v])),
    };
    const write = this.chain.then(async () => {
      // A line cut by a crash would swallow the next entry: start on a fresh line.
      if (!this.tailChecked) {
        await mkdir(dirname(this.file), { recursive: true });
        if (await endsMidLine(this.file)) await appendFile(this.file, "\n", "utf8");
        this.tailChecked = true;
      }
      await appendCreatingFolder(this.file, JSON.stringify(full) + "\n");
      return full;
    });
    this.chain = write.catch(() => undefined);
    return write;
  }

  async query(q: AuditQuery = {}): Promise<AuditQueryResult> {
    await this.chain;
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], skippedLines: 0 };
      throw err;
    }
    let skippedLines = 0;
    let entries: AuditEntry[] = [];
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        const parsed = AuditEntry.safeParse(JSON.parse(line));
        if (parsed.success) entries.push(parsed.data);
        else skippedLines++;
      } catch {
        skippedLines++;
      }
    }
    entries = entries.filter(
      (e) =>
        (q.threadId === undefined || e.threadId === q.threadId) &&
        (q.customerId === undefined || e.customerId === q.customerId) &&
        (q.action === undefined || e.action === q.action) &&
        (q.outcome === undefined || e.outcome === q.outcome) &&
        (q.kind === undefined || e.kind === q.kind) &&
        (q.since === undefined || e.at >= q.since),
    );
    if (q.limit !== undefined) entries = entries.slice(-q.limit);
    return { entries, skippedLines };
  }
}

/** Whether a file's last byte is not a newline (a line was cut); false when it is missing or empty. */
async function endsMidLine(file: string): Promise<boolean> {
  const handle = await open(file, "r").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw err;
  });
  if (!handle) return false;
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}
