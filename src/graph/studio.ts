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
const dependencies = openDefaultDependencies().then((deps) => {
  releaseOnSignal(deps);
  return deps;
});

export const graph = dependencies.then((deps) => createSupportGraph(deps));

/** One prompt-evolution round over the scored conversations (also `npm run evolve`). */
export const evolution = dependencies.then((deps) => createEvolutionGraph(deps));

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
