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
    pool: "forks",
    // Two files at once (vitest's default on 2 cores is one): much of a run waits on Chroma and child processes. Files
    // run on separate collections and threads of the shared servers.
    maxWorkers: 2,
    // The multi-process serving test and the Postgres checkpointer run only in the full tier.
    exclude: [...configDefaults.exclude, "test/full/**", "test/deploy/postgres-checkpointer.test.ts", "test/deploy/consumer-types.test.ts"],
  },
});
