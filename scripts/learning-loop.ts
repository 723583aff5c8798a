/**
 * npm run learning-loop [-- --rounds 3]
 * Closes the loop offline: replays the scripted conversations, runs a round of
 * prompt evolution, replays again (candidates serve their A/B share), and so
 * on. Prints the mean score per role after each round and every decision
 * (proposed, promoted, retired, rolled back). Runs on a fresh Chroma folder so
 * it starts from the default prompts; monitoring goes to MONITORING_DIR.
 */
import fs from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { loadSettings } from "../src/config/settings.js";
import { openDefaultDependencies } from "../src/graph/defaults.js";
import { PROJECT_ROOT } from "../src/graph/dependencies.js";
import { ensureEvolutionConfig } from "../src/prompts/evolution-config.js";
import { evolvePrompts } from "../src/prompts/evolve.js";
import { formatRoleTable, loadConversations, replayAll, type ReplaySummary } from "../src/replay/index.js";
import { runCli } from "./run-cli.js";

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new InvalidArgumentError("a whole number from 1 to 20");
  return n;
};

const program = new Command("learning-loop")
  .description("Replay, evolve the role prompts, replay again: the before/after figures per role")
  .option("--rounds <n>", "evolution rounds", positiveInt, 3)
  .option("--conversations <file>", "JSONL of scripted conversations", path.join(PROJECT_ROOT, "data", "eval", "conversations.jsonl"))
  .option("--dir <folder>", "working folder (emptied first): Chroma, decision log, summary", path.join(".data", "learning-loop"))
  .option("--quiet", "no per-round detail");

async function main(): Promise<number> {
  program.parse();
  const options = program.opts<{ rounds: number; conversations: string; dir: string; quiet?: boolean }>();
  const conversations = await loadConversations(options.conversations);
  fs.rmSync(options.dir, { recursive: true, force: true });
  fs.mkdirSync(options.dir, { recursive: true });
  const evolution = ensureEvolutionConfig({ decisionsFile: path.join(options.dir, "decisions.jsonl") });
  const settings = loadSettings(process.env, { chroma: { dataDir: path.join(options.dir, "chroma") } as never });
  const deps = await openDefaultDependencies(settings);
  const stamp = Date.now().toString(36);
  try {
    const summaries: ReplaySummary[] = [];
    const replay = async (label: string) => {
      const summary = await replayAll(deps, conversations, { label: `${stamp}-${label}` });
      summaries.push({ ...summary, label });
      if (!options.quiet) console.log(`replay ${label}: ${summary.scored}/${summary.conversations} scored; ${versionsLine(summary)}`);
    };
    const promotions: string[] = [];
    await replay("before");
    for (let round = 1; round <= options.rounds; round++) {
      const report = await evolvePrompts({ memory: deps.memory, config: evolution });
      if (!options.quiet) console.log(`evolve round ${round} (${report.episodes} scored episodes):\n${report.lines.map((line) => `  ${line}`).join("\n")}`);
      for (const decision of report.decisions) {
        if (decision.kind === "promoted" || decision.kind === "rolled_back") promotions.push(`round ${round}: ${decision.role} v${decision.version} ${decision.kind.replace("_", " ")}: ${decision.reason}`);
      }
      await replay(`round ${round}`);
    }
    console.log(`\nmean score per role (0-1), ${conversations.length} conversations per replay\n`);
    console.log(formatRoleTable(summaries));
    console.log(`\npromotions and rollbacks:${promotions.length ? `\n${promotions.map((p) => `  ${p}`).join("\n")}` : " none"}`);
    const file = path.join(options.dir, "summary.json");
    fs.writeFileSync(file, JSON.stringify({ rounds: options.rounds, summaries, promotions }, null, 2) + "\n");
    console.log(`\nsummary: ${file}; decisions: ${evolution.decisionsFile}; monitoring logs: ${deps.monitor.dir}`);
    return 0;
  } finally {
    deps.close();
  }
}

/** Which prompt versions served each role in a replay, with their mean: "dialogue v1 0.85 (n=17), v2 0.88 (n=17)". */
function versionsLine(summary: ReplaySummary): string {
  return Object.entries(summary.versions)
    .map(([role, versions]) => `${role} ${Object.entries(versions).map(([v, m]) => `${v} ${m.mean.toFixed(3)} (n=${m.n})`).join(", ")}`)
    .join("; ");
}

runCli(main);
