import { mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";
import lockfile from "proper-lockfile";

/**
 * Several processes (serving replicas, the chat, scripts) on one backend state file: each action runs under a
 * cross-process lock on the file and starts from the file as it is now, so no process overwrites another's change
 * with its own stale snapshot. The lock is `<state file>.lock` (a folder, created atomically by mkdir; proper-lockfile
 * refreshes its time while held and takes over a lock whose holder died, after `staleMs`).
 */
export class StateFileLock {
  private folderReady = false;

  constructor(
    private readonly statePath: string,
    private readonly options: { staleMs?: number; waitMs?: number } = {},
  ) {}

  /** Runs `fn` while holding the lock; throws StateLockTimeout when another process holds it for longer than `waitMs`. */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.folderReady) {
      await mkdir(dirname(this.statePath), { recursive: true });
      this.folderReady = true;
    }
    const staleMs = this.options.staleMs ?? 10_000;
    const waitMs = this.options.waitMs ?? 15_000;
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.statePath, {
        realpath: false, // the state file may not exist yet
        stale: staleMs,
        update: Math.floor(staleMs / 2),
        // Short, growing waits: an action holds the lock for a few milliseconds.
        retries: { retries: Math.ceil(waitMs / 25), factor: 1.1, minTimeout: 2, maxTimeout: 25, randomize: true },
      });
    } catch (error) {
      throw new StateLockTimeout(this.statePath, error);
    }
    try {
      return await fn();
    } finally {
      await release().catch(() => undefined); // compromised (taken over as stale): nothing left to release
    }
  }
}

export class StateLockTimeout extends Error {
  override name = "StateLockTimeout";
  constructor(statePath: string, cause: unknown) {
    super(`another process holds the backend state ${statePath} (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
}

/**
 * Which version of the state file is on disk: it is replaced by rename on every write, so the inode changes even
 * when size and time do not. null when there is no file.
 */
export async function stateFileVersion(statePath: string): Promise<string | null> {
  try {
    const s = await stat(statePath, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
