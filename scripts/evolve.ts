/**
 * npm run evolve [-- --rewriter local|llm] [--min-outcomes N] [--margin X]
 * One prompt-evolution round over the scored conversations in episodic memory:
 * A/B decisions (promote or retire candidates), rollbacks of regressed versions,
 * and new candidate versions for weak areas. Prints what it did, with reasons and figures.
 */
import { Command } from "commander";
import { loadSettings } from "../src/config/settings.js";
import { ensureConfiguration } from "../src/graph/configuration.js";
import { openDefaultDependencies } from "../src/graph/defaults.js";
import { createEvolutionGraph } from "../src/graph/evolution-graph.js";
import { createChatModel } from "../src/engines/llm/chat-model.js";
import { ensureEvolutionConfig } from "../src/prompts/evolution-config.js";
import { runCli } from "./run-cli.js";

const program = new Command("evolve")
  .description("Run one prompt-evolution round over the scored conversations")
  .option("--rewriter <kind>", "local (rules) or llm (metaprompt rewrite)")
  .option("--min-outcomes <n>", "outcomes each version needs before an A/B decision", Number)
  .option("--margin <x>", "how much better a candidate must be to be promoted", Number);

async function main(): Promise<number> {
  program.parse();
  const options = program.opts<{ rewriter?: string; minOutcomes?: number; margin?: number }>();
  const overrides = { rewriter: options.rewriter, minOutcomes: options.minOutcomes, margin: options.margin };
  const config = ensureEvolutionConfig({ configurable: overrides }); // bad values fail here with one line, before Chroma starts
  const deps = await openDefaultDependencies(loadSettings());
  try {
    const chatModel = config.rewriter === "llm" ? await createChatModel(ensureConfiguration()) : undefined;
    const graph = createEvolutionGraph({ memory: deps.memory, chatModel });
    const result = await graph.invoke({}, { configurable: stripUndefined(overrides) });
    console.log(`evolution round over ${result.episodes} scored conversation(s); decisions logged in ${config.decisionsFile}`);
    for (const line of result.lines) console.log(`  ${line}`);
    return 0;
  } finally {
    deps.close();
  }
}

const stripUndefined = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

runCli(main);
