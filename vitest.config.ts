import { configDefaults, defineConfig } from "vitest/config";

/**
 * The short tier, `npm test`: the unit and graph suites, and a short form of each slow suite (a seeded sample of the
 * conversations, fewer random probes, one benchmark...). Test files ask which tier they run in with
 * test/helpers/tier.ts. The full tier, `npm run test:full` (vitest.full.config.ts), runs everything at full size.
 */
export default defineConfig({
  test: {
    // The run's own temporary folder (removed at the end), one Chroma server and one LangGraph API server.
    globalSetup: ["./test/setup/temp-folder-global-setup.ts", "./test/setup/chroma-global-setup.ts", "./test/setup/api-server-global-setup.ts"],
    provide: { tier: "short" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Stopping the shared API server and Chroma takes a few seconds on a busy machine.
    teardownTimeout: 30_000,
    pool: "forks",
    // Two files at once (vitest's default on 2 cores is one): much of a run waits on Chroma and child processes. Files
    // run on separate collections and threads of the shared servers.
    maxWorkers: 2,
    // A worker keeps its loaded modules from one file to the next (the graph, LangChain, the word vectors load once per
    // worker, not once per file: 15% of the run's CPU). Files share no state through them; the full tier isolates each file.
    isolate: false,
    // The multi-process serving test and the Postgres checkpointer run only in the full tier.
    exclude: [...configDefaults.exclude, "test/full/**", "test/deploy/postgres-checkpointer.test.ts", "test/deploy/consumer-types.test.ts"],
  },
});
