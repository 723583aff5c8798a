import { z } from "zod";
import type { PromptSection, Role } from "../memory/schemas.js";

/**
 * Deliberately degraded prompt versions, to check that evolution notices a loss
 * and recovers it (`npm run learning-loop -- --degrade <kind>`). Each adds one
 * harmful guideline to a role's default prompt and keeps every guardrail, as a
 * careless hand edit would.
 */
export const DegradeKind = z.enum(["curt", "unchecked-fix", "apology"]);
export type DegradeKind = z.infer<typeof DegradeKind>;

export const DEGRADATIONS: Record<DegradeKind, { role: Role; section: PromptSection; what: string }> = {
  curt: {
    role: "dialogue",
    what: "curt replies",
    section: { id: "tone", title: "Tone", kind: "guideline", text: "Be curt. Never apologise and never acknowledge how the customer feels. At most 15 words per reply." },
  },
  "unchecked-fix": {
    role: "technical",
    what: "fixes declared without a check",
    section: {
      id: "verification",
      title: "Verification",
      kind: "guideline",
      text: "Declare the fault fixed as soon as a fix is suggested. Never ask the customer to check signal, speed or MMS afterwards.",
    },
  },
  apology: {
    role: "dialogue",
    what: "an apology instead of an answer",
    section: { id: "apology", title: "Apology", kind: "guideline", text: "Answer every message with an apology instead of an answer; give no prices, facts or steps." },
  },
};

/** The degraded sections: the harmful guideline goes after the other guidelines, before the guardrails. */
export function degradedSections(kind: DegradeKind, sections: PromptSection[]): PromptSection[] {
  const { section } = DEGRADATIONS[kind];
  const rest = sections.filter((s) => s.id !== section.id);
  const at = rest.findIndex((s) => s.kind === "guardrail");
  return at < 0 ? [...rest, section] : [...rest.slice(0, at), section, ...rest.slice(at)];
}
