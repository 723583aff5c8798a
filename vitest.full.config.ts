import { configDefaults, defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * The full tier (`npm run test:full`, run by .ci/run after `npm test`): every test file, the slow suites at full size
 * (all conversations, every benchmark, the load test on PostgreSQL with two serving processes...), and the tests with
 * several real processes (Postgres, a Chroma server, two serving processes).
 */
export default defineConfig({
  ...base,
  test: { ...base.test, provide: { tier: "full" }, isolate: true, exclude: [...configDefaults.exclude], testTimeout: 300_000 },
});
