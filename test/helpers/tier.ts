import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** "short" in `npm test` (vitest.config.ts), "full" in `npm run test:full` (vitest.full.config.ts). */
    tier: "short" | "full";
  }
}

/** Which tier this run is: the short one of `npm test` or the full one of `npm run test:full`. */
export const TIER = inject("tier") ?? "short";

/** The size of a slow suite in this tier: `short` in `npm test`, `full` in `npm run test:full`. */
export function tierSize(short: number, full: number): number {
  return TIER === "full" ? full : short;
}

/**
 * Every `step`-th item, starting at an offset chosen by the seed: a systematic sample. Where neighbours are alike (the
 * conversation suite lists each family's variants together) it takes some of every kind, so its share of passes stays
 * close to the whole set's, much closer than a random sample of the same size. The same seed picks the same items.
 */
export function everyNth<T>(items: readonly T[], step: number, seed: number): T[] {
  const offset = ((seed % step) + step) % step;
  return items.filter((_, i) => i % step === offset);
}
