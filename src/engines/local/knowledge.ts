import type { KnowledgeFindings } from "../../domain/support.js";
import { cosineSimilarity, type LocalEmbeddings } from "../../embeddings/index.js";
import type { KnowledgeEngine, KnowledgeInput } from "../types.js";
import { readGuidelines } from "./guidelines.js";
import { clamp01, contentTerms, round2, splitSentences } from "./text.js";

/**
 * Local knowledge engine: extractive synthesis. Every sentence of the retrieved
 * passages is scored against the question (embedding similarity plus term
 * overlap, plus a share of the passage's retrieval score); the best few are
 * returned verbatim with the citation of the passage they came from. Nothing is
 * invented: when no passage is relevant enough, covered=false and no answer.
 */

export interface LocalKnowledgeOptions {
  embeddings: LocalEmbeddings;
  /** Below this best-passage retrieval score the knowledge base does not cover the question. */
  minPassageScore?: number;
  /** Below this best-sentence score the passages do not answer the question. */
  minSentenceScore?: number;
  /** Sentences in an answer unless a guideline says otherwise. */
  sentences?: number;
}

interface Scored {
  text: string;
  score: number;
  /** The share of the question's content terms the sentence holds. */
  coverage: number;
  passage: number;
  order: number;
}

export class LocalKnowledgeEngine implements KnowledgeEngine {
  private readonly minPassageScore: number;
  private readonly minSentenceScore: number;
  private readonly sentences: number;

  constructor(private readonly options: LocalKnowledgeOptions) {
    this.minPassageScore = options.minPassageScore ?? 0.3;
    this.minSentenceScore = options.minSentenceScore ?? 0.32;
    this.sentences = options.sentences ?? 3;
  }

  /** Passage sentences recur across turns; their vectors are cached (bounded). */
  private readonly cache = new Map<string, Float32Array>();
  private embed(sentence: string): Float32Array {
    let v = this.cache.get(sentence);
    if (!v) {
      if (this.cache.size >= 5000) this.cache.delete(this.cache.keys().next().value!);
      v = this.options.embeddings.embedSync(sentence);
      this.cache.set(sentence, v);
    }
    return v;
  }

  async synthesize(input: KnowledgeInput): Promise<KnowledgeFindings> {
    return this.synthesizeSync(input);
  }

  synthesizeSync(input: KnowledgeInput): KnowledgeFindings {
    const question = (input.question ?? "").trim();
    const knobs = readGuidelines(input.prompt);
    // "Use only the best passage": the answer draws on the top passages by retrieval score, no others.
    const usable = (input.passages ?? []).filter((p) => p && typeof p.text === "string" && p.text.trim());
    const passages = knobs.maxPassages ? [...usable].sort((a, b) => b.score - a.score).slice(0, knobs.maxPassages) : usable;
    const base: KnowledgeFindings = {
      query: question,
      answer: "",
      citations: [],
      passages: passages.map((p) => ({ text: p.text, score: round2(p.score), citation: p.citation })),
      covered: false,
    };
    if (!question || passages.length === 0) return base;

    const limit = Math.max(1, Math.min(knobs.knowledgeSentences ?? this.sentences, this.sentences + 2));
    const q = this.options.embeddings.embedSync(question);
    const qTerms = new Set(contentTerms(question));
    const definitional = DEFINITION_QUESTION.test(question);

    const scored: Scored[] = [];
    passages.forEach((passage, pi) => {
      splitSentences(passage.text).forEach((sentence, si) => {
        if (sentence.split(/\s+/).length < 4) return; // headings and fragments
        const sim = cosineSimilarity(q, this.embed(sentence));
        const terms = new Set(contentTerms(sentence));
        let overlap = 0;
        for (const t of qTerms) if (terms.has(t)) overlap++;
        const coverage = qTerms.size ? overlap / qTerms.size : 0;
        // Asked what something is, a sentence that opens with it is about it ("Travel Pass lets you…" for "what is
        // travel pass"); a short one that only names it ("Travel Pass does not apply.") says little on its own.
        const opensWithAsked = definitional && contentTerms(sentence).slice(0, 2).some((t) => qTerms.has(t)) ? 0.1 : 0;
        const brevity = Math.min(1, sentence.split(/\s+/).length / 8);
        const score = (0.55 * Math.max(0, sim) + 0.3 * coverage) * brevity + 0.15 * clamp01(passage.score) + opensWithAsked;
        scored.push({ text: sentence, score, coverage, passage: pi, order: si });
      });
    });
    scored.sort((a, b) => b.score - a.score);
    const bestPassage = Math.max(...passages.map((p) => p.score));
    const best = scored[0];
    if (!best || bestPassage < this.minPassageScore || best.score < this.minSentenceScore) return base;

    // Take the best sentences, skipping near-duplicates and weak tails.
    const picked: Scored[] = [];
    for (const s of scored) {
      if (picked.length >= limit) break;
      if (s.score < Math.max(this.minSentenceScore, best.score * 0.6)) break;
      if (picked.some((p) => sameIdea(p.text, s.text))) continue;
      picked.push(s);
    }
    // Read in document order (passage rank first, then position in the passage), unless the sentence that comes first
    // holds less of what was asked than the best one of the same passage: then that one leads (asked about a student
    // discount, the student discount comes before the seniors' one). Never a better-scoring sentence of a lower-ranked
    // passage: the top passage is the likelier subject.
    const inOrder = [...picked].sort((a, b) => a.passage - b.passage || a.order - b.order);
    const bestLeads = inOrder[0]!.passage === best.passage && inOrder[0]!.coverage < best.coverage;
    const ordered = bestLeads ? [best, ...inOrder.filter((p) => p !== best)] : inOrder;
    const citations: KnowledgeFindings["citations"] = [];
    for (const p of ordered) {
      const c = passages[p.passage]!.citation;
      if (!citations.some((x) => x.source === c.source && x.section === c.section)) citations.push({ ...c });
    }
    return { ...base, answer: ordered.map((p) => p.text).join(" "), citations, covered: true };
  }
}

/** "what is Travel Pass", "what's a PUK", "what does roaming mean", "tell me about 5G Auto". */
const DEFINITION_QUESTION = /^\s*(?:what(?:'s|\s+is|\s+are|\s+does)|tell me about|explain)\b/i;

function sameIdea(a: string, b: string): boolean {
  const ta = new Set(contentTerms(a));
  const tb = contentTerms(b);
  if (tb.length === 0) return true;
  const shared = tb.filter((t) => ta.has(t)).length;
  return shared / Math.min(ta.size || 1, tb.length) > 0.8;
}
