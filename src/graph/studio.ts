import { createSupportGraph } from "./support-graph.js";
import { openDefaultDependencies } from "./defaults.js";

/**
 * The graphs named in langgraph.json for LangGraph Studio and the LangGraph API
 * server (`npx @langchain/langgraph-cli dev`). The server brings its own
 * checkpointer; the dependencies are the no-key, no-network defaults.
 */
export const graph = openDefaultDependencies().then((deps) => createSupportGraph(deps));
