import { z } from "zod";

/** When a run's checkpoints are written (LangGraph `durability`; what each means: `ServingAppOptions.durability`). */
export const Durability = z.enum(["sync", "async", "exit"]);
export type Durability = z.infer<typeof Durability>;

/** The one default, for the serving app, `npm run serve` and the load test. */
export const DEFAULT_DURABILITY: Durability = "exit";
