/**
 * Restore the telecom backend to its dataset: deletes the state file (changes
 * made by actions and per-conversation verification). With --audit, also
 * deletes the audit log. Honours TELECOM_DATASET and TELECOM_STATE_DIR, and
 * --dataset <file> to reset the state of another dataset.
 */
import { rm, stat } from "node:fs/promises";
import { Command } from "commander";
import { resolveBackendPaths } from "../src/backend/index.js";
import { runCli } from "./run-cli.js";

const program = new Command("backend:reset")
  .description("Deletes the backend state so the dataset is restored on the next start")
  .option("--audit", "also delete the audit log")
  .option("--dataset <file>", "reset the state of this dataset (default TELECOM_DATASET, else the bundled one)");

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  program.parse();
  const { audit, dataset } = program.opts<{ audit?: boolean; dataset?: string }>();
  const paths = resolveBackendPaths({ datasetPath: dataset });
  const targets = [paths.statePath, ...(audit ? [paths.auditPath] : [])];
  console.log(`Dataset: ${paths.datasetPath}`);
  for (const file of targets) {
    if (await exists(file)) {
      await rm(file);
      console.log(`Deleted ${file}`);
    } else console.log(`Nothing to delete at ${file}`);
  }
  if (!audit) console.log(`Kept the audit log ${paths.auditPath} (use --audit to delete it too).`);
  console.log("The backend will start from the dataset on its next start.");
  return 0;
}

runCli(main);
