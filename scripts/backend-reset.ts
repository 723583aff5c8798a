/**
 * Restore the telecom backend to its dataset: deletes the state file (changes
 * made by actions and per-conversation verification). With --audit, also
 * deletes the audit log. Honours TELECOM_DATASET and TELECOM_STATE_DIR, and
 * --dataset <file> to reset the state of another dataset.
 */
import { rm, stat } from "node:fs/promises";
import { resolveBackendPaths } from "../src/backend/index.js";

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log("Usage: npm run backend:reset -- [--audit] [--dataset <file>]\n  Deletes the backend state so the dataset is restored; --audit also deletes the audit log.");
    return 0;
  }
  const i = argv.indexOf("--dataset");
  const datasetPath = i >= 0 ? argv[i + 1] : undefined;
  if (i >= 0 && !datasetPath) {
    console.error("--dataset needs a file path");
    return 2;
  }
  const paths = resolveBackendPaths({ datasetPath });
  const targets = [paths.statePath, ...(argv.includes("--audit") ? [paths.auditPath] : [])];
  console.log(`Dataset: ${paths.datasetPath}`);
  for (const file of targets) {
    if (await exists(file)) {
      await rm(file);
      console.log(`Deleted ${file}`);
    } else console.log(`Nothing to delete at ${file}`);
  }
  if (!argv.includes("--audit")) console.log(`Kept the audit log ${paths.auditPath} (use --audit to delete it too).`);
  console.log("The backend will start from the dataset on its next start.");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`backend:reset failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
