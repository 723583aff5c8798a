/**
 * A BM25 index over knowledge chunks: exact wording (plan names, codes, "mmsc", "puk") that the
 * vector side blurs. Terms are the local embedder's tokens (lowercased, contractions expanded,
 * light stemming) without stop words or negations, so "charges" matches "charged".
 *
 * It is a derived cache, never a source of truth: SemanticMemory builds it from the chunks in
 * Chroma and drops it whenever the collection changes.
 *
 * Written here rather than taken from @langchain/community's BM25Retriever, whose inlined scorer
 * counts substrings ("pay" inside "repayment"), does not lowercase the documents and runs a regular
 * expression per query term and chunk on every query.
 */
import { NEGATIONS, STOP_WORDS, stem, tokenize } from "../embeddings/tokenize.js";

export interface LexicalEntry<T> {
  id: string;
  /** Text to index (title, section and body). */
  text: string;
  /** Carried along for the caller (e.g. the chunk's metadata and text). */
  value: T;
}

export interface Bm25Parameters {
  k1: number;
  b: number;
}

const DEFAULT_BM25: Bm25Parameters = { k1: 1.2, b: 0.75 };

/** The index terms of a text. */
export function lexicalTerms(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text, 20_000)) if (!STOP_WORDS.has(token) && !NEGATIONS.has(token)) out.push(stem(token));
  return out;
}

export class LexicalIndex<T> {
  private readonly entries: LexicalEntry<T>[];
  private readonly byId = new Map<string, number>();
  /** term -> postings: entry index and term frequency. */
  private readonly postings = new Map<string, Array<[number, number]>>();
  private readonly lengths: Float64Array;
  private readonly averageLength: number;

  constructor(entries: LexicalEntry<T>[], private readonly params: Bm25Parameters = DEFAULT_BM25) {
    this.entries = entries;
    this.lengths = new Float64Array(entries.length);
    entries.forEach((entry, index) => {
      this.byId.set(entry.id, index);
      const counts = new Map<string, number>();
      const terms = lexicalTerms(entry.text);
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) {
        const list = this.postings.get(term) ?? [];
        list.push([index, tf]);
        this.postings.set(term, list);
      }
      this.lengths[index] = terms.length;
    });
    this.averageLength = entries.length ? this.lengths.reduce((a, b) => a + b, 0) / entries.length || 1 : 1;
  }

  get size(): number {
    return this.entries.length;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): LexicalEntry<T> | undefined {
    const index = this.byId.get(id);
    return index === undefined ? undefined : this.entries[index];
  }

  /** BM25 score of every entry that shares a term with the query (and passes the filter), by id. */
  score(query: string, filter?: (value: T) => boolean): Map<string, number> {
    const { k1, b } = this.params;
    const n = this.entries.length;
    const sums = new Map<number, number>();
    for (const term of new Set(lexicalTerms(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log((n - list.length + 0.5) / (list.length + 0.5) + 1);
      for (const [index, tf] of list) {
        const norm = tf + k1 * (1 - b + (b * (this.lengths[index] as number)) / this.averageLength);
        sums.set(index, (sums.get(index) ?? 0) + (idf * tf * (k1 + 1)) / norm);
      }
    }
    const out = new Map<string, number>();
    for (const [index, value] of sums) {
      const entry = this.entries[index] as LexicalEntry<T>;
      if (!filter || filter(entry.value)) out.set(entry.id, value);
    }
    return out;
  }
}
