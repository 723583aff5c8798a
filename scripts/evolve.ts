/**
 * npm run evolve [-- --rewriter local|llm] [--margin X] [--seed N] [--scenarios N] [--scripted N]
 * One prompt-evolution round over the scored conversations in episodic memory, as its own
 * job (never inside a customer's turn): the canary of a candidate serving its live share,
 * the rollback watch over every active version (pinned ones too), and a rewrite of the
 * weakest area gated by a paired offline replay of the training half of the replay
 * material (seeded sample, printed) on memory namespaces of its own. Prints what it did,
 * with reasons and figures; decisions go to the decision log.
 */
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { loadSettings } from "../src/config/settings.js";
import { ensureConfiguration } from "../src/config/support-configuration.js";
import { createEvolutionGraph } from "../src/graph/evolution-graph.js";
import { createChatModel } from "../src/engines/llm/chat-model.js";
import { ensureEvolutionConfig } from "../src/prompts/evolution-config.js";
import { defaultReplaySplit, openReplayEnvironment } from "../src/replay/environment.js";
import { replayEvaluator } from "../src/replay/paired.js";
import { runCli } from "./run-cli.js";

const wholeNumber = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
  return n;
};

const program = new Command("evolve")
  .description("Run one prompt-evolution round over the scored conversations")
  .option("--rewriter <kind>", "local (rules) or llm (metaprompt rewrite)")
  .option("--margin <x>", "how far a guard score may fall before a candidate is stopped or a version rolled back", Number)
  .option("--seed <n>", "picks the replay conversations of the gate", wholeNumber(0, 2 ** 31 - 1), 12)
  .option("--scenarios <n>", "simulator scenarios the gate replays", wholeNumber(0, 200), 10)
  .option("--scripted <n>", "scripted conversations the gate replays", wholeNumber(0, 100), 6);

async function main(): Promise<number> {
  program.parse();
  const options = program.opts<{ rewriter?: string; margin?: number; seed: number; scenarios: number; scripted: number }>();
  const overrides = { rewriter: options.rewriter, margin: options.margin };
  const config = ensureEvolutionConfig({ configurable: overrides }); // bad values fail here with one line, before Chroma starts
  const split = await defaultReplaySplit(options.seed, { scenarios: options.scenarios, scripted: options.scripted });
  const settings = loadSettings();
  const replay = await openReplayEnvironment(settings, path.join(path.dirname(config.decisionsFile), `evolve-work-${process.pid}`));
  try {
    const chatModel = config.rewriter === "llm" ? await createChatModel(ensureConfiguration()) : undefined;
    const evaluator = replayEvaluator(replay.env, split.training);
    console.log(`gate material: seed ${options.seed}, ${split.training.length} training conversations (material ${evaluator.material}); held-out half never read`);
    const graph = createEvolutionGraph({ memory: replay.env.live.memory, evaluator, chatModel });
    const result = await graph.invoke({}, { configurable: stripUndefined(overrides) });
    console.log(`evolution round over ${result.episodes} scored conversation(s); decisions logged in ${config.decisionsFile}`);
    for (const line of result.lines) console.log(`  ${line}`);
    return 0;
  } finally {
    replay.close();
  }
}

const stripUndefined = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

runCli(main);
