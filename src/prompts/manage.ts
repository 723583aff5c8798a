import { z } from "zod";
import type { Memory } from "../memory/index.js";
import { PromptVersionError } from "../memory/procedural.js";
import { PromptSection, type PromptVersion, type Role } from "../memory/schemas.js";
import type { DecisionLog } from "./decision-log.js";
import { checkHandWrittenPrompt } from "./guardrails.js";

/** A hand-made version that fails the guardrail check: nothing is stored or pinned. */
export class GuardrailViolationError extends PromptVersionError {
  override name = "GuardrailViolationError";
  constructor(
    what: string,
    readonly problems: string[],
  ) {
    super(`${what} fails the guardrail check:\n  - ${problems.join("\n  - ")}`);
  }
}

function assertGuardrails(what: string, sections: PromptSection[]): void {
  const check = checkHandWrittenPrompt(sections);
  if (!check.ok) throw new GuardrailViolationError(what, check.problems);
}

/**
 * Adds a version written by hand (as a candidate, or active with `activate`),
 * after the same guardrail check a rewrite gets: the shared guardrails word for
 * word, and no guideline that contradicts them.
 */
export async function addPromptVersionByHand(
  memory: Memory,
  log: DecisionLog,
  role: Role,
  input: { sections: unknown; parent?: number | null; reason?: string; activate?: boolean },
): Promise<PromptVersion> {
  const parsed = PromptSection.array().min(1).safeParse(input.sections);
  if (!parsed.success) throw new PromptVersionError(`the sections are not a list of prompt sections:\n${z.prettifyError(parsed.error)}`);
  assertGuardrails(`the new ${role} version`, parsed.data);
  const parent = input.parent !== undefined ? input.parent : ((await memory.procedural.activePrompt(role))?.version ?? null);
  const added = await memory.procedural.addPromptVersion({
    role,
    status: input.activate ? "active" : "candidate",
    parent,
    reason: input.reason ?? "added by hand",
    sections: parsed.data,
  });
  if (input.activate) log.append({ at: new Date().toISOString(), role, kind: "pinned", version: added.version, parent: added.parent, reason: `added and pinned by hand${input.reason ? `: ${input.reason}` : ""}` });
  return added;
}

/** Pins a version by hand: it becomes active and any candidate under test is retired. It must pass the guardrail check first. */
export async function pinPromptVersion(memory: Memory, log: DecisionLog, role: Role, version: number): Promise<PromptVersion> {
  const versions = await memory.procedural.promptVersions(role);
  const target = versions.find((v) => v.version === version);
  if (!target) throw new PromptVersionError(`${role} has no prompt version ${version}`);
  assertGuardrails(`${role} v${version}`, target.sections);
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
