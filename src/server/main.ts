/**
 * npm run serve: the serving service (src/server/app.ts) on HOST:PORT, with the default dependencies (Chroma embedded
 * or CHROMA_URL, the simulated backend, local engines) and the checkpointer CHECKPOINT_URL selects. Run one per
 * core or machine behind a load balancer on one Postgres and one Chroma server (docs/deployment.md).
 * SIGTERM / SIGINT: stops taking requests, lets running turns finish, then closes.
 */
import { serve } from "@hono/node-server";
import { z } from "zod";
import { checkpointTargetFromEnv, describeCheckpointTarget, openCheckpointer } from "../config/checkpointer.js";
import { environment, loadSettings, SettingsError, type EnvironmentVariable } from "../config/settings.js";
import { openDefaultDependencies } from "../graph/defaults.js";
import { createSupportGraph } from "../graph/support-graph.js";
import { createServingApp } from "./app.js";
import { DEFAULT_DURABILITY, Durability } from "./durability.js";
import { openThreadRunLock } from "./run-lock.js";
import { openThreadRegistry } from "./threads.js";

const ServeSettings = z.object({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65_535).default(8123),
  /** Postgres connections of the checkpointer per process. */
  poolSize: z.coerce.number().int().min(1).max(1_000).default(20),
  durability: Durability.default(DEFAULT_DURABILITY),
});

async function main(): Promise<void> {
  const settings = environment();
  const env = (name: EnvironmentVariable) => settings[name]?.trim() || undefined;
  const parsed = ServeSettings.safeParse({ host: env("HOST"), port: env("PORT"), poolSize: env("CHECKPOINT_POOL_SIZE"), durability: env("CHECKPOINT_DURABILITY") });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SettingsError(`${({ host: "HOST", port: "PORT", poolSize: "CHECKPOINT_POOL_SIZE", durability: "CHECKPOINT_DURABILITY" } as Record<string, string>)[String(issue?.path[0])] ?? "a setting"} is not valid: ${issue?.message}`);
  }
  const { host, port, poolSize, durability } = parsed.data;

  const checkpoints = await openCheckpointer(checkpointTargetFromEnv(), { poolSize });
  const threads = await openThreadRegistry(checkpoints);
  const runLock = openThreadRunLock(checkpoints.target);
  const deps = await openDefaultDependencies(loadSettings());
  const graph = createSupportGraph(deps, { checkpointer: checkpoints.saver });
  const app = createServingApp({ graph, checkpointer: checkpoints.saver, threads, runLock, checkpoints: describeCheckpointTarget(checkpoints.target), durability });

  const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
    console.log(`serving the support graph on http://${host}:${info.port} (pid ${process.pid}; checkpoints: ${describeCheckpointTarget(checkpoints.target)})`);
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing running turns, then stopping`);
    server.close(async () => {
      await Promise.allSettled([runLock.close(), threads.close()]);
      await checkpoints.close().catch(() => undefined);
      deps.close();
      process.exit(0);
    });
    // Keep-alive connections would hold close() open: end the idle ones now.
    (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof SettingsError || !environment().DEBUG ? (error instanceof Error ? error.message : String(error)) : (error as Error).stack}`);
  process.exit(1);
});
