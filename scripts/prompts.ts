/**
 * npm run prompts                          versions of every role: status, parent, reason, scores
 * npm run prompts -- diff <role> <v1> <v2> what changed between two versions
 * npm run prompts -- add <role> <file.json> [--pin] [--reason text]
 *                                          add a version written by hand (JSON: a list of sections, or { "sections": [...] });
 *                                          it must keep the identity, policy and safety guardrails word for word and no
 *                                          guideline may contradict them, or nothing is stored
 * npm run prompts -- pin <role> <version>  make a version active by hand (retires any candidate); same guardrail check
 * npm run prompts -- rollback <role>       make the active version's parent active again
 * npm run prompts -- decisions [role]      the evolution decisions with their figures
 */
import fs from "node:fs";
import { Command } from "commander";
import { createTwoFilesPatch } from "diff";
import { loadSettings, SettingsError } from "../src/config/settings.js";
import { openDefaultDependencies } from "../src/graph/defaults.js";
import { renderPromptText } from "../src/memory/procedural.js";
import { Role, type Episode } from "../src/memory/schemas.js";
import { roleScoreKey } from "../src/scoring/attribution.js";
import { DecisionLog } from "../src/prompts/decision-log.js";
import { ensureEvolutionConfig } from "../src/prompts/evolution-config.js";
import { addPromptVersionByHand, pinPromptVersion, rollbackPrompt } from "../src/prompts/manage.js";
import { sample } from "../src/prompts/evolve.js";
import { runCli } from "./run-cli.js";

const program = new Command("prompts").description("List, compare, pin and roll back role prompt versions");
let action: (() => Promise<void>) | undefined;

const roleOf = (raw: string): Role => {
  const parsed = Role.safeParse(raw);
  if (!parsed.success) throw new SettingsError(`unknown role "${raw}"; roles: ${Role.options.join(", ")}`);
  return parsed.data;
};
const versionOf = (raw: string): number => {
  const n = Number(raw.replace(/^v/i, ""));
  if (!Number.isInteger(n) || n < 1) throw new SettingsError(`"${raw}" is not a version number`);
  return n;
};

program.command("list", { isDefault: true }).description("versions with status and scores").action(() => void (action = list));
program.command("diff <role> <v1> <v2>").description("diff of two versions").action((role: string, a: string, b: string) => void (action = () => diff(roleOf(role), versionOf(a), versionOf(b))));
program
  .command("add <role> <file>")
  .description("add a version written by hand (JSON sections); it must pass the guardrail check")
  .option("--pin", "make it active at once")
  .option("--reason <text>", "why it was written")
  .action((role: string, file: string, opts: { pin?: boolean; reason?: string }) => void (action = () => add(roleOf(role), file, opts)));
program.command("pin <role> <version>").description("make a version active").action((role: string, v: string) => void (action = () => pin(roleOf(role), versionOf(v))));
program.command("rollback <role>").description("make the active version's parent active").action((role: string) => void (action = () => rollback(roleOf(role))));
program.command("decisions [role]").description("evolution decisions with their figures").action((role?: string) => void (action = () => decisions(role ? roleOf(role) : undefined)));

let deps: Awaited<ReturnType<typeof openDefaultDependencies>> | undefined;
const log = () => new DecisionLog(ensureEvolutionConfig({}).decisionsFile);
const memory = async () => (deps ??= await openDefaultDependencies(loadSettings())).memory;

async function list(): Promise<void> {
  const m = await memory();
  const episodes: Episode[] = (await m.episodic.list()).filter((e) => Object.keys(e.scores).length > 0);
  for (const role of Role.options) {
    console.log(`${role}:`);
    for (const v of await m.procedural.promptVersions(role)) {
      const scores = sample(episodes, role, v.version, [roleScoreKey(role, "mean")]);
      const mean = scores.length ? `${role} mean ${(scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(3)} over ${scores.length}` : "no scored conversations";
      console.log(`  v${v.version} ${v.status.padEnd(9)} parent ${v.parent ? `v${v.parent}` : "-"}  ${mean}  ${v.createdAt}`);
      if (v.reason) console.log(`      ${v.reason}`);
    }
  }
}

async function diff(role: Role, a: number, b: number): Promise<void> {
  const m = await memory();
  const [first, second] = await Promise.all([m.procedural.promptVersion(role, a), m.procedural.promptVersion(role, b)]);
  if (!first || !second) throw new SettingsError(`${role} has no version ${!first ? a : b}`);
  process.stdout.write(createTwoFilesPatch(`${role}@v${a}`, `${role}@v${b}`, renderPromptText(first) + "\n", renderPromptText(second) + "\n"));
}

async function add(role: Role, file: string, opts: { pin?: boolean; reason?: string }): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new SettingsError(`cannot read prompt sections from ${file}: ${(error as Error).message}`);
  }
  const sections = Array.isArray(raw) ? raw : (raw as { sections?: unknown })?.sections;
  const added = await addPromptVersionByHand(await memory(), log(), role, { sections, reason: opts.reason, activate: opts.pin });
  console.log(`${role}: v${added.version} added as ${added.status}${added.parent ? ` (parent v${added.parent})` : ""}`);
}

async function pin(role: Role, version: number): Promise<void> {
  const pinned = await pinPromptVersion(await memory(), log(), role, version);
  console.log(`${role}: v${pinned.version} is now active`);
}

async function rollback(role: Role): Promise<void> {
  const restored = await rollbackPrompt(await memory(), log(), role);
  console.log(`${role}: rolled back to v${restored.version}`);
}

async function decisions(role?: Role): Promise<void> {
  const all = log().list().filter((d) => d.kind !== "evolution_run" && (!role || d.role === role));
  if (all.length === 0) console.log("no decisions recorded yet");
  for (const d of all) console.log(`${d.at} ${d.role} ${d.kind} v${d.version}${d.parent ? ` (parent v${d.parent})` : ""}: ${d.reason}`);
}

async function main(): Promise<number> {
  program.parse();
  try {
    await action?.();
    return 0;
  } finally {
    deps?.close();
  }
}

runCli(main);
