import type { TestProject } from "vitest/node";
import { startApiServer } from "../../scripts/load/api-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The shared LangGraph API server (`langgraph-cli dev`), or "" when no suite of this run needs it. */
    apiServerUrl: string;
  }
}

/** The suites that talk to the LangGraph API server through the SDK; they share the one server started here. */
export const API_SERVER_SUITES = ["test/graph/studio-server.test.ts", "test/reliability/load.test.ts"];

/**
 * One LangGraph API server for the whole run (starting one takes seconds of CPU), shared by the Studio and SDK
 * suites. Not started when the run's file filters name none of those suites (`npx vitest run test/memory`).
 */
export default async function setup(project: TestProject) {
  // Vitest keeps the command line's file filters here (undefined when the whole suite runs).
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? [];
  const needed = filters.length === 0 || API_SERVER_SUITES.some((suite) => filters.some((filter) => suite.includes(filter) || filter.endsWith(suite)));
  if (!needed) {
    project.provide("apiServerUrl", "");
    return;
  }
  const server = await startApiServer({ startTimeoutMs: 120_000 });
  console.log(`shared LangGraph API server: ${server.url} (pid ${server.pid})`);
  project.provide("apiServerUrl", server.url);
  return () => server.stop();
}
