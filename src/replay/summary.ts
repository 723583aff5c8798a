import { z } from "zod";
import { Role } from "../memory/schemas.js";
import type { ReplayResult } from "./replay.js";

const Mean = z.object({ mean: z.number(), n: z.number().int().nonnegative() });

/** What a replay writes as its JSON summary. */
export const ReplaySummary = z.object({
  label: z.string(),
  at: z.string().datetime(),
  conversations: z.number().int(),
  scored: z.number().int(),
  outcomes: z.record(z.string(), z.number().int()),
  /** Mean of `<role>.mean` over the scored conversations. */
  roles: z.partialRecord(Role, Mean),
  /** The same per prompt version that served the role: `roles.dialogue` split by version. */
  versions: z.partialRecord(Role, z.record(z.string(), Mean)),
  /** Mean of every conversation-level score (resolution, empathy, ...). */
  scores: z.record(z.string(), Mean),
  meanTurns: z.number(),
  results: z.array(
    z.object({
      id: z.string(),
      threadId: z.string(),
      turns: z.number().int(),
      status: z.string(),
      roles: z.partialRecord(Role, z.number()),
      promptVersions: z.partialRecord(Role, z.number().int()),
      scores: z.record(z.string(), z.number()),
      ms: z.number(),
    }),
  ),
});
export type ReplaySummary = z.infer<typeof ReplaySummary>;

export function summarizeReplay(label: string, results: ReplayResult[], at = new Date()): ReplaySummary {
  const scored = results.filter((result) => Object.keys(result.scores).length > 0);
  const roles: ReplaySummary["roles"] = {};
  const versions: ReplaySummary["versions"] = {};
  for (const role of Role.options) {
    const values = scored.flatMap((result) => (result.roles[role] === undefined ? [] : [result.roles[role]!]));
    if (values.length) roles[role] = mean(values);
    const byVersion: Record<string, number[]> = {};
    for (const result of scored) {
      const value = result.roles[role];
      if (value === undefined) continue;
      const version = `v${result.promptVersions[role] ?? 0}`;
      (byVersion[version] ??= []).push(value);
    }
    if (Object.keys(byVersion).length) versions[role] = Object.fromEntries(Object.entries(byVersion).map(([version, list]) => [version, mean(list)]));
  }
  const names = new Set(scored.flatMap((result) => Object.keys(result.scores).filter((key) => !key.includes("."))));
  const scores = Object.fromEntries(
    [...names].sort().map((name) => [name, mean(scored.flatMap((result) => (result.scores[name] === undefined ? [] : [result.scores[name]!])))]),
  );
  const outcomes: Record<string, number> = {};
  for (const result of results) outcomes[result.status] = (outcomes[result.status] ?? 0) + 1;
  return {
    label,
    at: at.toISOString(),
    conversations: results.length,
    scored: scored.length,
    outcomes,
    roles,
    versions,
    scores,
    meanTurns: round(results.reduce((sum, result) => sum + result.turns, 0) / Math.max(1, results.length)),
    results,
  };
}

function mean(values: number[]) {
  return { mean: round(values.reduce((sum, v) => sum + v, 0) / values.length), n: values.length };
}
const round = (value: number) => Math.round(value * 1000) / 1000;
