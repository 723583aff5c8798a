/**
 * Typo correction for the local intent engine: an unknown word is replaced by
 * the nearest word of the domain vocabulary within a small Damerau-Levenshtein
 * distance (optimal string alignment: one swap of neighbours counts as one
 * edit). Bounded on purpose so that it fixes "pkans", "daata" and "sigmal"
 * without turning ordinary English into telecom words:
 *   - words of 4..6 letters move by at most one edit, longer words by two;
 *     a 3-letter word only gains its missing letter ("dta" -> "data", "bll" -> "bill");
 *   - a word that is common English (or a known apostrophe-less contraction)
 *     is never corrected, nor a word with digits, nor a word of 2 letters or fewer;
 *   - among equally near domain words a swap of neighbours wins, then the one
 *     that keeps the first letter (people rarely miss the first key), then the
 *     one the domain uses most;
 *     a tie that remains is left alone.
 *
 * No spelling library is installed in this project; `fastest-levenshtein`
 * (distance) or `nspell` + `dictionary-en` (a whole English dictionary) would
 * replace the distance function and the allow list respectively.
 */

export interface Correction {
  from: string;
  to: string;
}

export interface CorrectedText {
  /** The text with corrected words replaced; everything else exactly as written. */
  text: string;
  corrections: Correction[];
}

export interface SpellingOptions {
  /** Words the corrector may correct towards, one entry per use: how often a word is used breaks ties. */
  vocabulary: Iterable<string>;
  /** Words that are right as written and never corrected (common English). */
  isKnownWord: (word: string) => boolean;
}

/** Apostrophe-less forms customers type; the tokenizer expands them, so they are words, not typos. */
const APOSTROPHE_LESS = new Set([
  "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt", "wouldnt", "couldnt", "shouldnt",
  "cant", "wont", "aint", "thats", "whats", "theres", "heres", "youre", "theyre", "ive", "youve", "weve", "itll", "ill", "im",
  "pls", "plz", "thx", "thanx", "tmrw", "tmr", "asap", "wtf", "omg", "lol", "idk", "btw", "hiya", "cya",
]);

const WORD_RE = /\p{L}+(?:['’]\p{L}+)?/gu;
const MIN_LENGTH = 4;

/** Rows reused by every call (words are short; a longer one gets new rows). */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Damerau-Levenshtein (optimal string alignment) distance, or `limit + 1` as soon as it must exceed `limit`. */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a === b) return 0;
  const n = b.length;
  if (n + 1 > rows[0]!.length) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  // Three rolling rows: the one two back is needed for the neighbour swap.
  let prev2 = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = prev[j - 1]! + (ai === bj ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      if (del < d) d = del;
      if (ins < d) d = ins;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj && prev2[j - 2]! + 1 < d) d = prev2[j - 2]! + 1;
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return Math.min(prev[n]!, limit + 1);
}

/** How far a word of this length may be moved. */
export function allowedDistance(length: number): number {
  if (length < MIN_LENGTH - 1) return 0;
  return length <= 6 ? 1 : 2;
}

export class SpellingCorrector {
  /** Vocabulary word -> how often the domain texts use it. */
  private readonly vocabulary = new Map<string, number>();
  /** Vocabulary words by length, so a lookup only compares words of a near length. */
  private readonly byLength = new Map<number, string[]>();
  private readonly isKnownWord: (word: string) => boolean;
  private readonly cache = new Map<string, string | null>();

  constructor(options: SpellingOptions) {
    for (const raw of options.vocabulary) {
      const w = raw.toLowerCase();
      if (/^\p{L}+$/u.test(w)) this.vocabulary.set(w, (this.vocabulary.get(w) ?? 0) + 1);
    }
    for (const word of APOSTROPHE_LESS) this.vocabulary.set(word, this.vocabulary.get(word) ?? 1);
    for (const word of this.vocabulary.keys()) {
      const bucket = this.byLength.get(word.length) ?? [];
      bucket.push(word);
      this.byLength.set(word.length, bucket);
    }
    for (const bucket of this.byLength.values()) bucket.sort();
    this.isKnownWord = options.isKnownWord;
  }

  get size(): number {
    return this.vocabulary.size;
  }

  /** The domain word a typed word was meant to be, or null when it is right as written or no single word is near. */
  suggest(word: string): string | null {
    const lower = word.toLowerCase();
    const cached = this.cache.get(lower);
    if (cached !== undefined) return cached;
    const result = this.suggestUncached(lower);
    if (this.cache.size < 20_000) this.cache.set(lower, result);
    return result;
  }

  private suggestUncached(word: string): string | null {
    const limit = allowedDistance(word.length);
    if (limit === 0 || !/^\p{L}+$/u.test(word)) return null;
    if (this.vocabulary.has(word) || APOSTROPHE_LESS.has(word) || this.isKnownWord(word)) return null;
    let best: string[] = [];
    let bestDistance = limit + 1;
    // A 3-letter word is only a longer word with a letter missing.
    const shortest = word.length < MIN_LENGTH ? MIN_LENGTH : word.length - limit;
    const longest = word.length < MIN_LENGTH ? MIN_LENGTH : word.length + limit;
    for (let length = shortest; length <= longest; length++) {
      for (const candidate of this.byLength.get(length) ?? []) {
        // A correction must itself be a word worth correcting to: not shorter than the minimum.
        if (candidate.length < MIN_LENGTH) continue;
        const d = boundedEditDistance(word, candidate, Math.min(bestDistance, limit));
        if (d < bestDistance) {
          bestDistance = d;
          best = [candidate];
        } else if (d === bestDistance && d <= limit) best.push(candidate);
      }
    }
    if (best.length === 0) return null;
    // Two neighbours swapped ("goen" -> "gone", not "goes") is the likeliest slip; then a kept first letter.
    const letters = [...word].sort().join("");
    const swapped = best.filter((c) => [...c].sort().join("") === letters);
    const sameStart = (swapped.length > 0 ? swapped : best).filter((c) => c[0] === word[0]);
    const pool = sameStart.length > 0 ? sameStart : swapped.length > 0 ? swapped : best;
    if (pool.length === 1) return pool[0]!;
    const ranked = pool.map((c) => [c, this.vocabulary.get(c)!] as const).sort((a, b) => b[1] - a[1]);
    return ranked[0]![1] > ranked[1]![1] ? ranked[0]![0] : null;
  }

  /** Corrects every word of the text that needs it; the rest of the text is kept exactly. */
  correct(text: string): CorrectedText {
    const corrections: Correction[] = [];
    const out = text.replace(WORD_RE, (token) => {
      if (token.includes("'") || token.includes("’")) return token;
      const suggestion = this.suggest(token);
      if (suggestion === null) return token;
      corrections.push({ from: token, to: suggestion });
      return suggestion;
    });
    return { text: out, corrections };
  }
}
