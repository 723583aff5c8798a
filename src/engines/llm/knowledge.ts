import { z } from "zod";
import { KnowledgeFindings } from "../../domain/support.js";
import type { KnowledgeEngine, KnowledgeInput } from "../types.js";
import { LlmRoleEngine, type LlmEngineOptions } from "./call.js";

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

/** Grounded synthesis by the model: one forced `knowledge_findings` call per lookup. */
export class LlmKnowledgeEngine extends LlmRoleEngine implements KnowledgeEngine {
  constructor(options: LlmEngineOptions) {
    super("knowledge", options);
  }

  async synthesize(input: KnowledgeInput): Promise<KnowledgeFindings> {
    const draft = await this.structured(
      "synthesize",
      input.prompt,
      { name: "knowledge_findings", description: "A short answer built only from the passages, with the passages it cites.", schema: KnowledgeDraft },
      {
        question: input.question,
        passages: input.passages.map((p, i) => ({ n: i + 1, title: p.citation.title, section: p.citation.section, text: p.text })),
      },
    );
    const cited = [...new Set(draft.cited)].map((n) => input.passages[n - 1]).filter((p) => p !== undefined);
    return KnowledgeFindings.parse({
      query: input.question,
      answer: draft.answer,
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
