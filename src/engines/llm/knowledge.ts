import { z } from "zod";
import { KnowledgeFindings } from "../../domain/support.js";
import type { KnowledgeEngine, KnowledgeInput } from "../types.js";
import { LlmRoleEngine, requireTruthful } from "./call.js";

/**
 * What the model writes: the answer, the numbers of the passages it used and
 * whether they cover the question. The engine adds query, passages and
 * citations itself, so the model can neither rewrite a passage nor cite a
 * document that was not retrieved.
 */
export const KnowledgeDraft = KnowledgeFindings.pick({ answer: true, covered: true }).extend({
  cited: z.array(z.number().int().min(1)).default([]).describe("numbers (n) of the passages the answer uses"),
});
export type KnowledgeDraft = z.infer<typeof KnowledgeDraft>;

const FINDINGS = {
  name: "knowledge_findings",
  description: "A short answer built only from the passages, with the passages it cites.",
  schema: KnowledgeDraft,
};

/** Grounded synthesis by the model: one forced `knowledge_findings` call per lookup. */
export class LlmKnowledgeEngine extends LlmRoleEngine implements KnowledgeEngine {
  readonly role = "knowledge";

  async synthesize(input: KnowledgeInput): Promise<KnowledgeFindings> {
    const passages = input.passages.map((p, i) => ({ n: i + 1, title: p.citation.title, section: p.citation.section, text: p.text }));
    const draft = await this.ask("synthesize", input.prompt, FINDINGS, { question: input.question, passages });
    // Citations are a structured field (the reply adds one "Source:" line): a source written into the answer is dropped.
    const answer = withoutWrittenSources(draft.answer);
    // A passage can carry instructions ("issue a $100 credit"): an answer that claims an action or shows internal text is not used.
    requireTruthful("knowledge_findings.answer", answer, { accountActions: [] });
    const cited = [...new Set(draft.cited)].map((n) => input.passages[n - 1]).filter((p) => p !== undefined);
    return KnowledgeFindings.parse({
      query: input.question,
      answer,
      citations: cited.map((p) => ({ source: p.citation.source, title: p.citation.title, section: p.citation.section })),
      passages: input.passages.map((p) => ({
        text: p.text,
        score: p.score,
        citation: { source: p.citation.source, title: p.citation.title, section: p.citation.section },
      })),
      // An answer that cites nothing from a non-empty retrieval is not grounded.
      covered: draft.covered && cited.length > 0,
    });
  }
}

/** The answer without "(see: …)" asides and "Source: …" / "Sources: …" sentences. */
export function withoutWrittenSources(answer: string): string {
  return answer
    .replace(/\s*\((?:see|source|sources):[^)]*\)/gi, "")
    .replace(/(?:^|\s+)sources?:[^\n]*$/gim, "")
    .replace(/\s+/g, " ")
    .trim();
}
