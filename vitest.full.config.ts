import { configDefaults, defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * The full tier (`npm run test:full`, run by .ci/run after `npm test`): the slow tests with several real processes
 * (Postgres, a Chroma server, two serving processes), kept out of `npm test` so it stays fast.
 */
export default defineConfig({
  ...base,
  test: { ...base.test, include: ["test/full/**/*.test.ts"], exclude: [...configDefaults.exclude], testTimeout: 300_000 },
});
