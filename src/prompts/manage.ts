import type { Memory } from "../memory/index.js";
import { PromptVersionError } from "../memory/procedural.js";
import type { PromptVersion, Role } from "../memory/schemas.js";
import type { DecisionLog } from "./decision-log.js";

/** Pins a version by hand: it becomes active and any candidate under test is retired. */
export async function pinPromptVersion(memory: Memory, log: DecisionLog, role: Role, version: number): Promise<PromptVersion> {
  const versions = await memory.procedural.promptVersions(role);
  if (!versions.some((v) => v.version === version)) throw new PromptVersionError(`${role} has no prompt version ${version}`);
  for (const candidate of versions.filter((v) => v.status === "candidate" && v.version !== version)) {
    await memory.procedural.setPromptStatus(role, candidate.version, "retired");
  }
  const pinned = await memory.procedural.setPromptStatus(role, version, "active");
  log.append({ at: new Date().toISOString(), role, kind: "pinned", version, parent: pinned.parent, reason: "pinned by hand" });
  return pinned;
}

/** Rolls a role back by hand: the active version's parent becomes active again. */
export async function rollbackPrompt(memory: Memory, log: DecisionLog, role: Role): Promise<PromptVersion> {
  const active = await memory.procedural.activePrompt(role);
  if (!active) throw new PromptVersionError(`${role} has no active prompt version`);
  if (active.parent === null) throw new PromptVersionError(`${role} v${active.version} has no parent to roll back to`);
  const restored = await memory.procedural.setPromptStatus(role, active.parent, "active");
  log.append({ at: new Date().toISOString(), role, kind: "rolled_back", version: active.version, parent: active.parent, reason: "rolled back by hand" });
  return restored;
}
