/**
 * npm run replay [-- --conversations FILE] [--label NAME] [--out FILE]
 * Replays the scripted customer conversations against the support graph with the
 * active prompts of the store in CHROMA_DATA_DIR (or CHROMA_URL), on a memory
 * namespace of its own that is dropped afterwards and a fresh backend state per
 * conversation, and prints the mean scores per role. A replay writes no live
 * episode, no monitoring log and no prompt decision.
 */
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { loadSettings } from "../src/config/settings.js";
import { PROJECT_ROOT } from "../src/graph/dependencies.js";
import { openReplayEnvironment } from "../src/replay/environment.js";
import { formatRoleTable, loadConversations, replayAll } from "../src/replay/index.js";
import { runCli } from "./run-cli.js";

const program = new Command("replay")
  .description("Replay the scripted customer conversations and print mean scores per role")
  .option("--conversations <file>", "JSONL of scripted conversations", path.join(PROJECT_ROOT, "data", "eval", "conversations.jsonl"))
  .option("--label <name>", "name of this replay (thread ids are replay-<label>-<id>)", `run-${new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15)}`)
  .option("--out <file>", "JSON summary", path.join("reports", "replay-summary.json"))
  .option("--quiet", "no line per conversation");

async function main(): Promise<number> {
  program.parse();
  const options = program.opts<{ conversations: string; label: string; out: string; quiet?: boolean }>();
  const conversations = await loadConversations(options.conversations);
  const replay = await openReplayEnvironment(loadSettings(), path.join(".data", `replay-work-${process.pid}`));
  try {
    const summary = await replayAll(replay.env, conversations, {
      label: options.label,
      onResult: (result, index) => {
        if (options.quiet) return;
        const roles = Object.entries(result.roles).map(([role, value]) => `${role} ${value.toFixed(2)}`).join(", ");
        console.log(`${String(index + 1).padStart(2)}/${conversations.length} ${result.id}: ${result.status} after ${result.turns} turn(s)${roles ? `; ${roles}` : "; not scored"}`);
      },
    });
    console.log(`\n${summary.scored} of ${summary.conversations} conversations scored; ${summary.meanTurns} turns on average\n`);
    console.log(formatRoleTable([summary]));
    fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    fs.writeFileSync(options.out, JSON.stringify(summary, null, 2) + "\n");
    console.log(`\nsummary: ${options.out}`);
    return 0;
  } finally {
    replay.close();
  }
}

runCli(main);
