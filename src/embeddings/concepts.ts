/**
 * Compiles the telecom lexicon into a matcher that turns a token sequence into concept activations:
 * exact (stemmed) term and phrase matches, plus soft matches for unlisted words whose word vector is
 * close to a listed term or to a concept's seed prototype.
 */
import type { TelecomConcept } from "./telecom-lexicon.js";
import { stem, tokenize } from "./tokenize.js";
import type { WordVectorTable } from "./word-vectors.js";

interface PhraseEntry {
  readonly stems: readonly string[];
  readonly concept: number;
  readonly weight: number;
}

const SOFT_RAMP = 0.15;

export interface ConceptMatcherOptions {
  /** Minimum cosine between a token and a term/seed vector for a soft activation. */
  readonly softThreshold: number;
  /** Weight of a soft activation at cosine 1 (scaled linearly from the threshold). */
  readonly softWeight: number;
}

export class ConceptMatcher {
  readonly conceptIds: readonly string[];
  /** First stem of a phrase -> phrases starting with it, longest first. */
  private readonly phrases = new Map<string, PhraseEntry[]>();
  /** concept index -> [implied concept index, weight][] */
  private readonly implies: Array<Array<[number, number]>>;
  /** Vector anchors for soft matches: table index of each anchor word and its concept. */
  private readonly anchorIdx: Int32Array;
  private readonly anchorConcept: Int32Array;
  private readonly anchorVecs: Float32Array;
  private readonly softCache = new Map<number, ReadonlyArray<readonly [number, number]>>();

  constructor(
    concepts: readonly TelecomConcept[],
    private readonly table: WordVectorTable | undefined,
    private readonly options: ConceptMatcherOptions,
  ) {
    this.conceptIds = concepts.map((c) => c.id);
    const idOf = new Map(this.conceptIds.map((id, i) => [id, i] as const));
    this.implies = concepts.map((c) =>
      (c.implies ?? []).flatMap(([id, w]) => {
        const j = idOf.get(id);
        if (j === undefined) throw new Error(`telecom lexicon: concept ${c.id} implies unknown concept ${id}`);
        return [[j, w] as [number, number]];
      }),
    );
    const anchors: Array<[number, number]> = [];
    const anchorSeen = new Set<string>();
    concepts.forEach((c, ci) => {
      for (const rawTerm of c.terms) {
        const [term, weight] = parseTerm(rawTerm);
        const stems = termStems(term);
        if (stems.length === 0) continue;
        const first = stems[0] as string;
        const list = this.phrases.get(first) ?? [];
        if (!list.some((p) => p.concept === ci && sameStems(p.stems, stems))) list.push({ stems, concept: ci, weight });
        list.sort((a, b) => b.stems.length - a.stems.length);
        this.phrases.set(first, list);
        const toks = tokenize(term);
        if (toks.length === 1 && weight >= 1) addAnchor(toks[0] as string, ci);
      }
      for (const seed of c.seeds ?? []) addAnchor(seed, ci);
    });
    function addAnchor(word: string, ci: number): void {
      const i = table?.indexOf(word) ?? -1;
      const key = `${word}\u0000${ci}`;
      if (i >= 0 && !anchorSeen.has(key)) {
        anchorSeen.add(key);
        anchors.push([i, ci]);
      }
    }
    const dims = table?.dims ?? 0;
    this.anchorIdx = Int32Array.from(anchors.map((a) => a[0]));
    this.anchorConcept = Int32Array.from(anchors.map((a) => a[1]));
    this.anchorVecs = new Float32Array(anchors.length * dims);
    anchors.forEach(([idx], k) => {
      const v = new Float32Array(dims);
      table?.addTo(v, idx, 1);
      this.anchorVecs.set(v, k * dims);
    });
  }

  /** Whether a single token is (the start of) a lexicon term, e.g. "top-up". */
  isTerm(token: string): boolean {
    return this.phrases.has(stem(token));
  }

  get size(): number {
    return this.conceptIds.length;
  }

  /**
   * Adds concept activations for a token sequence into `out` (indexed by concept).
   * `stems[i]` is the stem of `tokens[i]`; `vocabIdx[i]` its word-vector index or -1;
   * `content[i]` whether the token is a content word (eligible for soft matching).
   */
  activate(
    stems: readonly string[],
    vocabIdx: Int32Array,
    content: readonly boolean[],
    out: Float64Array,
  ): void {
    const n = stems.length;
    let i = 0;
    while (i < n) {
      const list = this.phrases.get(stems[i] as string);
      let matched = 0;
      if (list) {
        for (const p of list) {
          const len = p.stems.length;
          if (matched > len) break;
          if (i + len > n) continue;
          let ok = true;
          for (let k = 1; k < len; k++) if (stems[i + k] !== p.stems[k]) ok = false;
          if (ok) {
            // Several concepts may share a phrase of the same length; activate them all.
            if (matched === 0 || matched === len) {
              this.add(out, p.concept, p.weight);
              matched = len;
            }
          }
        }
      }
      if (matched > 0) {
        i += matched;
        continue;
      }
      if (content[i] && this.options.softWeight > 0) {
        const vi = vocabIdx[i] as number;
        if (vi >= 0) for (const [c, w] of this.soft(vi)) this.add(out, c, w);
      }
      i += 1;
    }
  }

  private add(out: Float64Array, concept: number, w: number): void {
    out[concept] = (out[concept] as number) + w;
    for (const [j, iw] of this.implies[concept] ?? []) out[j] = (out[j] as number) + w * iw;
  }

  /** Soft concept activations of a vocabulary word (best anchor per concept above the threshold). */
  private soft(vi: number): ReadonlyArray<readonly [number, number]> {
    const hit = this.softCache.get(vi);
    if (hit) return hit;
    const table = this.table;
    const res: Array<[number, number]> = [];
    if (table) {
      const dims = table.dims;
      const { softThreshold: t, softWeight } = this.options;
      const best = new Float64Array(this.conceptIds.length);
      const scale = table.scales[vi] as number;
      const o = vi * dims;
      const data = table.data;
      for (let k = 0; k < this.anchorIdx.length; k++) {
        if (this.anchorIdx[k] === vi) continue;
        let dot = 0;
        const ao = k * dims;
        for (let d = 0; d < dims; d++) dot += (data[o + d] as number) * (this.anchorVecs[ao + d] as number);
        dot *= scale;
        const c = this.anchorConcept[k] as number;
        if (dot > (best[c] as number)) best[c] = dot;
      }
      for (let c = 0; c < best.length; c++) {
        const cos = best[c] as number;
        // Linear from the threshold, saturating SOFT_RAMP above it.
        if (cos > t) res.push([c, softWeight * Math.min(1, (cos - t) / SOFT_RAMP)]);
      }
    }
    if (this.softCache.size < 100_000) this.softCache.set(vi, res);
    return res;
  }
}

/** "term^0.5" -> ["term", 0.5]; "term" -> ["term", 1]. */
function parseTerm(raw: string): [string, number] {
  const m = /^(.*)\^([0-9]*\.?[0-9]+)$/.exec(raw);
  return m ? [m[1] as string, Number(m[2])] : [raw, 1];
}

function termStems(term: string): string[] {
  return tokenize(term).map(stem);
}

function sameStems(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
