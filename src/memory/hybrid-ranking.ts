/**
 * Hybrid ranking of knowledge chunks: the vector similarity from Chroma fused with a BM25 score,
 * then a document-level bonus so that a document with several matching sections outranks one
 * lucky chunk. Pure functions; the weights were tuned on the dev half of the retrieval questions
 * (scripts/eval-retrieval.ts) and checked on the held-out half.
 */

export interface RankingCandidate {
  id: string;
  /** The document the chunk belongs to (its source). */
  document: string;
  /** Cosine similarity from the vector query; undefined when the chunk was outside the vector candidates. */
  vector: number | undefined;
  /** BM25 score (0 when no query term matched). */
  lexical: number;
}

export interface RankingWeights {
  /** Weight of the BM25 score, normalised by the best BM25 score of the query, against the cosine. */
  lexical: number;
  /** Share of the best other chunk of the same document added to a chunk's score. */
  sibling: number;
}

export const DEFAULT_RANKING_WEIGHTS: Readonly<RankingWeights> = { lexical: 0.4, sibling: 0.2 };

export interface RankedCandidate {
  id: string;
  document: string;
  /** Fused relevance, higher is better (about 0..1.7; not a cosine). */
  score: number;
}

/** Fuses vector and lexical scores, adds the document bonus and sorts, best first (ties by id). */
export function rankCandidates(candidates: readonly RankingCandidate[], weights: RankingWeights = DEFAULT_RANKING_WEIGHTS): RankedCandidate[] {
  if (candidates.length === 0) return [];
  let vectorFloor = Infinity;
  let lexicalMax = 0;
  for (const c of candidates) {
    if (c.vector !== undefined && c.vector < vectorFloor) vectorFloor = c.vector;
    if (c.lexical > lexicalMax) lexicalMax = c.lexical;
  }
  // A chunk outside the vector candidates is at best as similar as the least similar candidate.
  if (!Number.isFinite(vectorFloor)) vectorFloor = 0;
  const fused = candidates.map((c) => ({
    id: c.id,
    document: c.document,
    score: (c.vector ?? vectorFloor) + (lexicalMax > 0 ? (weights.lexical * c.lexical) / lexicalMax : 0),
  }));
  // Best and second-best fused score per document.
  const top = new Map<string, [number, number]>();
  for (const c of fused) {
    const pair = top.get(c.document) ?? [-Infinity, -Infinity];
    if (c.score > pair[0]) top.set(c.document, [c.score, pair[0]]);
    else if (c.score > pair[1]) top.set(c.document, [pair[0], c.score]);
    else top.set(c.document, pair);
  }
  const ranked = fused.map((c) => {
    const [best, second] = top.get(c.document) as [number, number];
    const other = c.score === best ? second : best;
    return { ...c, score: c.score + (Number.isFinite(other) ? weights.sibling * Math.max(0, other) : 0) };
  });
  return ranked.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
