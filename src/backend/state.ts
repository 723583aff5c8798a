import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { DatasetError, parseDataset } from "./dataset.js";
import { Dataset, Proposal, Verification } from "./schemas.js";

/**
 * The state file is a full snapshot of the dataset after the changes actions
 * made, plus per-thread verification. It records which dataset it was made
 * from, so an edited dataset is never silently mixed with stale state.
 * Proposals (consent) live here too, so an accepted offer survives a restart.
 */
export const STATE_FORMAT = "nimbus-telecom-state";
export const StateFile = z.object({
  format: z.literal(STATE_FORMAT),
  version: z.literal(1),
  datasetFile: z.string(),
  datasetSha256: z.string(),
  updatedAt: z.iso.datetime(),
  data: Dataset,
  verifications: z.record(z.string(), Verification),
  /** Proposals of every thread, oldest first; a state file from before consent had none. */
  proposals: z.array(Proposal).default([]),
});
export type StateFile = z.infer<typeof StateFile>;

/** Returns null when there is no state file yet; throws DatasetError naming the file when it cannot be trusted. */
export async function readState(file: string, datasetSha256: string): Promise<StateFile | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new DatasetError(file, [`state file cannot be read (${String(err)})`]);
  }
  const hint = "run `npm run backend:reset` to discard it and start again from the dataset";
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DatasetError(file, [`state file is corrupt or half-written: not valid JSON (${(err as Error).message}); ${hint}`]);
  }
  const parsed = StateFile.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new DatasetError(file, [`state file is not valid at "${first.path.join(".")}": ${first.message}; ${hint}`]);
  }
  if (parsed.data.datasetSha256 !== datasetSha256)
    throw new DatasetError(file, [
      `state file was made from a different version of the dataset (${parsed.data.datasetFile}); ${hint}`,
    ]);
  // Re-check references: a hand-edited state must meet the same bar as a dataset.
  parseDataset(parsed.data.data, file);
  return parsed.data;
}

let seq = 0;
/** Write to a temp file in the same folder, then rename: a crash leaves the old file or the new one, never half of one. */
export async function writeAtomic(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${++seq}.tmp`;
  try {
    await writeFile(tmp, content, "utf8");
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined); // leave no stray temp files behind
    throw err;
  }
}

export async function writeState(file: string, state: StateFile): Promise<void> {
  await writeAtomic(file, JSON.stringify(state, null, 1));
}
