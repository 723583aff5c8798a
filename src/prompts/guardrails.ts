import type { PromptSection } from "../memory/schemas.js";
import { GUARDRAIL_SECTION_IDS } from "./defaults.js";

export interface GuardrailCheck {
  ok: boolean;
  problems: string[];
}

/**
 * A rewrite keeps every guardrail section of its parent word for word (id,
 * title, kind and text), and the shared guardrails (identity, policy, safety)
 * are always there. Anything else is rejected.
 */
export function checkGuardrails(parent: PromptSection[], rewritten: PromptSection[]): GuardrailCheck {
  const problems: string[] = [];
  const byId = new Map(rewritten.map((s) => [s.id, s]));
  for (const section of parent.filter((s) => s.kind === "guardrail")) {
    const kept = byId.get(section.id);
    if (!kept) problems.push(`guardrail "${section.id}" was dropped`);
    else if (kept.kind !== "guardrail") problems.push(`guardrail "${section.id}" was turned into a ${kept.kind}`);
    else if (kept.text !== section.text || kept.title !== section.title) problems.push(`guardrail "${section.id}" was altered`);
  }
  for (const id of GUARDRAIL_SECTION_IDS) {
    if (!rewritten.some((s) => s.id === id && s.kind === "guardrail") && !problems.some((p) => p.includes(`"${id}"`))) {
      problems.push(`guardrail "${id}" is missing`);
    }
  }
  return { ok: problems.length === 0, problems };
}
