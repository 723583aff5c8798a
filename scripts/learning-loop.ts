/**
 * npm run learning-loop [-- --rounds 3] [--seed N] [--degrade curt|unchecked-fix|apology] [--weak curt|unchecked-fix|apology] [--scenarios N] [--scripted N]
 * The learning loop offline, on a Chroma folder of its own (emptied first, so it
 * starts from the default prompts): each round plays the training half of the
 * replay material as live traffic, runs one evolution round (canary, rollback
 * watch, a rewrite gated by a paired replay) and replays the held-out half with
 * the active prompts. Prints, per round, the held-out outcome scores and the
 * decisions; at the end the done-when checks of issue 12.
 */
import fs from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { loadSettings } from "../src/config/settings.js";
import { PROJECT_ROOT } from "../src/graph/dependencies.js";
import { DecisionLog } from "../src/prompts/decision-log.js";
import { DegradeKind } from "../src/prompts/degraded.js";
import { ensureEvolutionConfig } from "../src/prompts/evolution-config.js";
import { loadConversations } from "../src/replay/conversations.js";
import { openReplayEnvironment } from "../src/replay/environment.js";
import { loweredGuards, outcomeLine, promotedEffects, recoveredShare, runLearningLoop } from "../src/replay/learning-loop.js";
import { runCli } from "./run-cli.js";

const wholeNumber = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
  return n;
};

const program = new Command("learning-loop")
  .description("Evolve the role prompts over replayed conversations; held-out outcome scores and decisions per round")
  .option("--rounds <n>", "evolution rounds", wholeNumber(1, 20), 3)
  .option("--seed <n>", "picks the conversations of each half", wholeNumber(0, 2 ** 31 - 1), 12)
  .option("--scenarios <n>", "simulator scenarios per half", wholeNumber(0, 200), 10)
  .option("--scripted <n>", "scripted conversations per half", wholeNumber(0, 100), 6)
  .option("--degrade <kind>", `start from a degraded version pinned by hand: ${DegradeKind.options.join(", ")}`, (value: string) => {
    const parsed = DegradeKind.safeParse(value);
    if (!parsed.success) throw new InvalidArgumentError(`one of ${DegradeKind.options.join(", ")}`);
    return parsed.data;
  })
  .option("--weak <kind>", `start with that harm in the starting prompt itself (no earlier version to roll back to): ${DegradeKind.options.join(", ")}`, (value: string) => {
    const parsed = DegradeKind.safeParse(value);
    if (!parsed.success) throw new InvalidArgumentError(`one of ${DegradeKind.options.join(", ")}`);
    return parsed.data;
  })
  .option("--conversations <file>", "JSONL of scripted conversations", path.join(PROJECT_ROOT, "data", "eval", "conversations.jsonl"))
  .option("--dir <folder>", "working folder (emptied first): Chroma, decision log, summary", path.join(".data", "learning-loop"));

async function main(): Promise<number> {
  program.parse();
  const options = program.opts<{ rounds: number; seed: number; scenarios: number; scripted: number; degrade?: DegradeKind; weak?: DegradeKind; conversations: string; dir: string }>();
  const conversations = await loadConversations(options.conversations);
  fs.rmSync(options.dir, { recursive: true, force: true });
  fs.mkdirSync(options.dir, { recursive: true });
  const config = ensureEvolutionConfig({ decisionsFile: path.join(options.dir, "decisions.jsonl") });
  const settings = loadSettings(process.env, { chroma: { dataDir: path.join(options.dir, "chroma"), url: undefined } });
  const cpu = process.cpuUsage();
  const started = Date.now();
  const replay = await openReplayEnvironment(settings, path.join(options.dir, "work"));
  try {
    const report = await runLearningLoop(
      replay.env,
      { rounds: options.rounds, seed: options.seed, sizes: { scenarios: options.scenarios, scripted: options.scripted }, conversations, config, degrade: options.degrade, weak: options.weak, onLine: (line) => console.log(line) },
      new DecisionLog(config.decisionsFile),
    );

    console.log(`\nheld-out outcome scores per round (seed ${report.seed}, ${report.heldOut.length} conversations)`);
    if (report.reference) console.log(`  default prompts: ${outcomeLine(report.reference, config.guards)}`);
    for (const figures of report.rounds) {
      const versions = Object.entries(figures.heldOut.versions).map(([role, v]) => `${role} v${v}`).join(" ");
      console.log(`  round ${figures.round}: ${outcomeLine(figures.heldOut, config.guards)}  [${versions}]`);
    }
    console.log("\ndecisions:");
    for (const figures of report.rounds.slice(1)) {
      const shown = figures.decisions.filter((d) => d.kind !== "waiting");
      console.log(`  round ${figures.round}: ${shown.length ? shown.map((d) => `${d.role} v${d.version} ${d.kind.replace("_", " ")}`).join("; ") : "none"}`);
    }

    const lowered = loweredGuards(report, config.guards);
    console.log(`\nchecks (issue 12):`);
    console.log(`  guard scores lowered on the held-out half against ${report.reference ? "the default prompts" : "round 0"}: ${lowered.length ? lowered.join("; ") : "none"}`);
    for (const effect of promotedEffects(report, config.guards)) {
      const targets = Object.entries(effect.targets).map(([m, t]) => `${m} ${t.before.toFixed(3)} → ${t.after.toFixed(3)} (${t.relative >= 0 ? "+" : ""}${(t.relative * 100).toFixed(1)}%)`);
      console.log(`  round ${effect.round}: promoted ${effect.role} v${effect.version}: ${targets.join(", ") || "targets not measured on the held-out half"}; other guards lowered: ${effect.othersFell.join(", ") || "none"}`);
    }
    const recovery = recoveredShare(report, config.guards);
    if (recovery) {
      const detected = report.rounds.slice(1).find((r) => r.decisions.some((d) => d.kind === "rolled_back" || d.kind === "proposed"));
      console.log(`  degraded start: lost ${recovery.lost.toFixed(3)} of guard score (summed), recovered ${recovery.recovered.toFixed(3)} = ${(recovery.share * 100).toFixed(0)}% by round ${options.rounds}; first acted in round ${detected?.round ?? "-"}; per guard ${JSON.stringify(recovery.byGuard)}`);
    }
    const used = process.cpuUsage(cpu);
    console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s wall, ${((used.user + used.system) / 1e6).toFixed(0)} s CPU in this process (Chroma runs beside it)`);
    const file = path.join(options.dir, "summary.json");
    fs.writeFileSync(file, JSON.stringify({ ...report, lowered, recovery, promoted: promotedEffects(report, config.guards) }, null, 2) + "\n");
    console.log(`summary: ${file}; decisions: ${config.decisionsFile}`);
    return 0;
  } finally {
    replay.close();
  }
}

runCli(main);
