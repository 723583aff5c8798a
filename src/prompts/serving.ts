import type { PromptVersion, Role } from "../memory/schemas.js";
import { servesCandidate } from "./ab-test.js";

/** The prompt version of each role that serves a thread: the candidate for its A/B share, else the active one. */
export function promptsForThread(
  serving: { active: Partial<Record<Role, PromptVersion>>; candidates: Partial<Record<Role, PromptVersion>> },
  threadId: string,
  candidateShare: number,
): Partial<Record<Role, PromptVersion>> {
  const prompts: Partial<Record<Role, PromptVersion>> = { ...serving.active };
  for (const [role, candidate] of Object.entries(serving.candidates) as [Role, PromptVersion][]) {
    if (servesCandidate(threadId, role, candidateShare)) prompts[role] = candidate;
  }
  return prompts;
}
