import { Role } from "../memory/schemas.js";
import type { RolePrompts } from "../prompts/evolve.js";
import type { ScriptedConversation } from "./conversations.js";
import { openReplayNamespace } from "./namespace.js";
import type { ReplayEnvironment } from "./paired.js";
import type { ReplayResult } from "./replay.js";
import { runItem } from "./run-item.js";
import { summarizeReplay, type ReplaySummary } from "./summary.js";

export interface ReplayOptions {
  /** Names the run; thread ids are `replay-<label>-<conversation id>`. */
  label: string;
  onResult?: (result: ReplayResult, index: number) => void;
}

/**
 * Replays scripted conversations with the live store's active prompts, on a
 * memory namespace of its own (dropped afterwards), a fresh backend per
 * conversation and no monitor: a replay never writes live episodes, working
 * memory, logs or prompt decisions.
 */
export async function replayAll(env: ReplayEnvironment, conversations: ScriptedConversation[], options: ReplayOptions): Promise<ReplaySummary> {
  const active = await env.live.memory.procedural.activePrompts();
  const prompts = Object.fromEntries(Role.options.map((role) => [role, active[role]?.sections ?? []])) as RolePrompts;
  const namespace = await openReplayNamespace(env.live, prompts, options.label);
  try {
    const results: ReplayResult[] = [];
    for (const [index, conversation] of conversations.entries()) {
      const started = performance.now();
      const item = await runItem(
        { id: conversation.id, kind: "scripted", conversation },
        { memory: namespace.memory, localEngines: env.localEngines, baseDataset: env.baseDataset, workDir: env.workDir },
        `replay-${options.label}-${conversation.id}`,
      );
      const roles: ReplayResult["roles"] = {};
      for (const role of Role.options) if (item.scores[`${role}.mean`] !== undefined) roles[role] = item.scores[`${role}.mean`];
      // Versions as the live store numbers them (the namespace holds copies numbered from 1).
      const promptVersions = Object.fromEntries(Object.entries(active).map(([role, v]) => [role, v!.version]));
      const result: ReplayResult = { id: conversation.id, threadId: item.threadId, turns: item.turns, status: item.status, scores: item.scores, roles, promptVersions, ms: Math.round(performance.now() - started) };
      results.push(result);
      options.onResult?.(result, index);
    }
    return summarizeReplay(options.label, results);
  } finally {
    await namespace.drop();
  }
}
