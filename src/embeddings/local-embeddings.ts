/**
 * The default embedder: local, deterministic, no network.
 *
 * A text becomes the concatenation of three L2-normalised parts, each weighted, then L2-normalised:
 *   1. meaning: a SIF-style frequency-weighted mean of word vectors (GloVe-derived, see
 *      scripts/build-word-vectors.ts), so that unseen paraphrases land near each other;
 *   2. domain: activations of telecom concepts (src/embeddings/telecom-lexicon.ts), exact phrase
 *      matches plus soft matches through the word vectors, so that "bill", "charge" and "invoice",
 *      or "no signal" and "can't make calls", share a direction the general-purpose vectors lack;
 *   3. surface: signed feature hashing of stemmed unigrams and bigrams (negation kept), so that
 *      exact wording, product names, numbers and out-of-vocabulary words still count.
 */
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { ConceptMatcher } from "./concepts.js";
import { fnv1a32 } from "./hash.js";
import { TELECOM_CONCEPTS, type TelecomConcept } from "./telecom-lexicon.js";
import { NEGATIONS, STOP_WORDS, stem, tokenize } from "./tokenize.js";
import { loadWordVectors, type WordVectorTable } from "./word-vectors.js";

/** Bump when the algorithm, the lexicon or the artifact changes in a way that moves vectors. */
export const LOCAL_EMBEDDER_VERSION = 1;
export const LOCAL_EMBEDDING_DIMENSION = 256;

/** Texts longer than this are embedded from their beginning only (keeps 1 MB inputs cheap). */
const MAX_CHARS = 100_000;
const MAX_TOKENS = 8_192;
const HASH_SEED = 0x5eed1234;
const SIGN_SEED = 0x0badf00d;
/** Texts kept with their vectors (see embedSync): about 1 KB each. */
const TEXT_CACHE_SIZE = 4_096;
const TEXT_CACHE_MAX_CHARS = 2_000;

export interface LocalEmbeddingsOptions extends EmbeddingsParams {
  /** Word-vector artifact; defaults to data/vectors/wordvec-en-100d-int8.bin in this repository. */
  vectorsPath?: string;
  /** An already loaded table (takes precedence over vectorsPath). */
  table?: WordVectorTable;
  /** Replace the telecom lexicon (tests, other domains). */
  concepts?: readonly TelecomConcept[];
  /** Component weights (relative). */
  weights?: Partial<ComponentWeights>;
}

export interface ComponentWeights {
  vectors: number;
  concepts: number;
  lexical: number;
}

export const DEFAULT_WEIGHTS: Readonly<ComponentWeights> = { vectors: 1, concepts: 0.9, lexical: 0.55 };

const SIF_A = 3e-4;
/** Weight of a negation token in the word-vector mean. */
const NEGATION_VECTOR_WEIGHT = 0.35;

export class LocalEmbeddings extends Embeddings {
  readonly id: string;
  readonly dimension = LOCAL_EMBEDDING_DIMENSION;
  private readonly table: WordVectorTable;
  private readonly matcher: ConceptMatcher;
  private readonly weights: ComponentWeights;
  private readonly vecDims: number;
  private readonly conceptDims: number;
  private readonly lexDims: number;
  private readonly sifByRank: (rank: number) => number;
  private readonly wordCache = new Map<string, { idx: number; parts: number[] }>();
  /** Vectors of recently embedded texts (see embedSync). */
  private readonly textCache = new Map<string, Float32Array>();

  constructor(options: LocalEmbeddingsOptions = {}) {
    super(options);
    this.table = options.table ?? loadWordVectors(options.vectorsPath);
    this.weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    const concepts = options.concepts ?? TELECOM_CONCEPTS;
    this.matcher = new ConceptMatcher(concepts, this.table, { softThreshold: 0.6, softWeight: 0.8 });
    this.vecDims = this.table.dims;
    this.conceptDims = 64;
    if (this.matcher.size > this.conceptDims) throw new Error(`at most ${this.conceptDims} concepts are supported`);
    this.lexDims = LOCAL_EMBEDDING_DIMENSION - this.vecDims - this.conceptDims;
    if (this.lexDims < 32) throw new Error("word vectors too wide for the output dimension");
    this.id = `local-wordvec-v${LOCAL_EMBEDDER_VERSION}-${LOCAL_EMBEDDING_DIMENSION}`;
    // Zipf estimate of a word's unigram probability from its frequency rank.
    const h = Math.log(this.table.sourceVocabSize) + 0.5772;
    this.sifByRank = (rank) => {
      const p = 1 / ((rank + 1) * h);
      return SIF_A / (SIF_A + p);
    };
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => Array.from(this.embedSync(t)));
  }

  override async embedQuery(text: string): Promise<number[]> {
    return Array.from(this.embedSync(text));
  }

  /**
   * Synchronous embedding; the returned vector has unit length and `dimension` entries (the caller's own copy).
   * A turn embeds the customer's message several times (intent, working memory, similar cases, knowledge,
   * procedures) and the same facts and questions recur across turns: recent texts are kept (bounded, oldest out).
   */
  embedSync(text: unknown): Float32Array {
    const s = typeof text === "string" ? text : text == null ? "" : String(text);
    if (s.length > TEXT_CACHE_MAX_CHARS) return this.embedUncached(s);
    let vector = this.textCache.get(s);
    if (vector) {
      this.textCache.delete(s); // re-inserted last: the map's order is its age
    } else {
      vector = this.embedUncached(s);
      if (this.textCache.size >= TEXT_CACHE_SIZE) this.textCache.delete(this.textCache.keys().next().value!);
    }
    this.textCache.set(s, vector);
    return vector.slice();
  }

  private embedUncached(s: string): Float32Array {
    const tokens = this.splitUnknownCompounds(tokenize(s.length > MAX_CHARS ? s.slice(0, MAX_CHARS) : s, MAX_TOKENS));
    const n = tokens.length;
    const stems: string[] = new Array<string>(n);
    const vocabIdx = new Int32Array(n);
    const content: boolean[] = new Array<boolean>(n);

    const vec = new Float32Array(this.vecDims);
    const lex = new Float32Array(this.lexDims);
    const conceptAct = new Float64Array(this.matcher.size);
    let vecMass = 0;

    for (let i = 0; i < n; i++) {
      const tok = tokens[i] as string;
      const neg = NEGATIONS.has(tok);
      const stop = !neg && STOP_WORDS.has(tok);
      stems[i] = neg ? "not" : stem(tok);
      content[i] = !stop && !neg;
      const entry = this.lookup(tok);
      vocabIdx[i] = entry.idx;
      if (stop) continue;
      // Meaning: SIF-weighted word vectors (a hyphenated unknown word uses its parts).
      if (entry.idx >= 0 || entry.parts.length > 0) {
        const ids = entry.idx >= 0 ? [entry.idx] : entry.parts;
        for (const id of ids) {
          const w = (neg ? NEGATION_VECTOR_WEIGHT : this.sifByRank(this.table.ranks[id] as number)) / ids.length;
          this.table.addTo(vec, id, w);
          vecMass += w;
        }
      }
      // Surface: stemmed unigram, weighted like SIF (unknown words count fully).
      const uw = entry.idx >= 0 && !neg ? this.sifByRank(this.table.ranks[entry.idx] as number) : neg ? 0.5 : 1;
      this.hashFeature(lex, stems[i] as string, uw);
    }
    // Surface: bigrams of consecutive non-stop tokens (negation included: "not signal", "not work").
    let prev = -1;
    for (let i = 0; i < n; i++) {
      const tok = tokens[i] as string;
      if (!NEGATIONS.has(tok) && STOP_WORDS.has(tok)) continue;
      if (prev >= 0) this.hashFeature(lex, `${stems[prev]}_${stems[i]}`, 0.7);
      prev = i;
    }
    // Domain concepts.
    this.matcher.activate(stems, vocabIdx, content, conceptAct);

    const out = new Float32Array(LOCAL_EMBEDDING_DIMENSION);
    const conceptVec = new Float32Array(this.conceptDims);
    for (let c = 0; c < conceptAct.length; c++) conceptVec[c] = Math.sqrt(conceptAct[c] as number);
    let offset = 0;
    const parts: Array<[Float32Array, number]> = [
      [vec, vecMass > 0 ? this.weights.vectors : 0],
      [conceptVec, this.weights.concepts],
      [lex, this.weights.lexical],
    ];
    for (const [part, weight] of parts) {
      const norm = l2(part);
      if (norm > 0 && weight > 0) for (let d = 0; d < part.length; d++) out[offset + d] = ((part[d] as number) / norm) * weight;
      offset += part.length;
    }
    let norm = l2(out);
    if (!(norm > 0) || !Number.isFinite(norm)) {
      // Empty or symbol-only input: a fixed, valid unit vector.
      out.fill(0);
      out[LOCAL_EMBEDDING_DIMENSION - 1] = 1;
      norm = 1;
    }
    for (let d = 0; d < out.length; d++) out[d] = (out[d] as number) / norm;
    return out;
  }

  /** "wi-fi" and "top-up" stay whole (known words); "non-payment" becomes "non", "payment". */
  private splitUnknownCompounds(tokens: string[]): string[] {
    if (!tokens.some((t) => t.includes("-") || t.includes("&"))) return tokens;
    const out: string[] = [];
    for (const t of tokens) {
      if ((t.includes("-") || t.includes("&")) && this.table.indexOf(t) < 0 && !this.matcher.isTerm(t)) {
        for (const p of t.split(/[-&]+/)) if (p) out.push(p);
      } else out.push(t);
    }
    return out;
  }

  private hashFeature(lex: Float32Array, feature: string, weight: number): void {
    const h = fnv1a32(feature, HASH_SEED);
    const sign = fnv1a32(feature, SIGN_SEED) & 1 ? 1 : -1;
    const b = h % this.lexDims;
    lex[b] = (lex[b] as number) + sign * weight;
  }

  /** Word-vector index of a token, with fallbacks (hyphen-less form, stem variants, hyphen parts). */
  private lookup(tok: string): { idx: number; parts: number[] } {
    const hit = this.wordCache.get(tok);
    if (hit) return hit;
    const t = this.table;
    let idx = t.indexOf(tok);
    let parts: number[] = [];
    if (idx < 0 && /[-&]/.test(tok)) {
      idx = t.indexOf(tok.replace(/[-&]/g, ""));
      if (idx < 0) parts = tok.split(/[-&]/).map((p) => t.indexOf(p)).filter((i) => i >= 0);
    }
    if (idx < 0 && parts.length === 0) {
      const st = stem(tok);
      for (const cand of [st, `${st}e`, tok.replace(/s$/, ""), tok.replace(/our/, "or"), tok.replace(/re$/, "er")]) {
        if (cand !== tok && cand.length > 2) {
          idx = t.indexOf(cand);
          if (idx >= 0) break;
        }
      }
    }
    const entry = { idx, parts };
    if (tok.length <= 32 && this.wordCache.size < 100_000) this.wordCache.set(tok, entry);
    return entry;
  }
}

function l2(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  return Math.sqrt(s);
}

/** Cosine similarity of two vectors of equal length. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
