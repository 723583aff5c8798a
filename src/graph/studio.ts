import path from "node:path";
import { loadSettings } from "../config/settings.js";
import { defaultReplaySplit, replayEnvironmentOn } from "../replay/environment.js";
import { replayEvaluator } from "../replay/paired.js";
import { createSupportGraph } from "./support-graph.js";
import { openDefaultDependencies } from "./defaults.js";
import { createEvolutionGraph } from "./evolution-graph.js";

/**
 * The graphs named in langgraph.json for LangGraph Studio and the LangGraph API
 * server (`npx @langchain/langgraph-cli dev`). The server brings its own
 * checkpointer; the dependencies are the no-key, no-network defaults: Chroma
 * embedded in CHROMA_DATA_DIR (relative to the server's working directory, the
 * folder of langgraph.json), released when the server exits.
 */
const settings = loadSettings();
const dependencies = openDefaultDependencies(settings).then((deps) => {
  releaseOnSignal(deps);
  return deps;
});

export const graph = dependencies.then((deps) => createSupportGraph(deps));

/**
 * One prompt-evolution round over the scored conversations (also `npm run evolve`, with the same defaults): a rewrite
 * is gated by a paired replay of the training half (seed 12: 10 simulator scenarios, 6 scripted conversations).
 */
export const evolution = dependencies.then(async (deps) => {
  const split = await defaultReplaySplit(12, { scenarios: 10, scripted: 6 });
  const replays = replayEnvironmentOn(deps.store, settings, path.join(".data", "evolve-work"));
  return createEvolutionGraph({ memory: deps.memory, evaluator: replayEvaluator(replays, split.training) });
});

/**
 * A Ctrl-C on `langgraph-cli dev` reaches the server and its watcher at once, and
 * the watcher kills the server soon after: stop the embedded Chroma at the signal,
 * not at exit, so it is not left running. (Chroma is released on exit too.)
 */
function releaseOnSignal(deps: { close(): void }): void {
  const release = () => deps.close();
  process.once("SIGINT", release);
  process.once("SIGTERM", release);
}
