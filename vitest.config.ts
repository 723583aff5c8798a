import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/setup/chroma-global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One Chroma server is shared by all files; files run in parallel on separate collections.
    pool: "forks",
    // The slow multi-process tests run in the full tier: npm run test:full (vitest.full.config.ts).
    exclude: [...configDefaults.exclude, "test/full/**"],
  },
});
