import { SeededRandom } from "../../src/device-sim/rng.js";
/**
 * A small seeded random source and the ways real customers vary their writing:
 * typos, casing, filler words. The same seed always gives the same conversations.
 */

/** The simulator's seeded source (mulberry32), with what the conversation generators add to it. */
export class Rng extends SeededRandom {
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  override pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return super.pick(items);
  }

  /** A child source for one conversation: its own stream, derived from this seed and a name. */
  fork(name: string): Rng {
    let h = this.seed ^ 0x9e3779b9;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    return new Rng(h >>> 0);
  }
}

const NEIGHBOURS: Record<string, string> = {
  a: "s", s: "a", d: "f", e: "r", r: "e", i: "o", o: "i", n: "m", m: "n", t: "y", h: "g", l: "k", u: "y", c: "v", p: "o",
};

/** One slip of the fingers in a word of four letters or more: a swapped, doubled, dropped or neighbouring letter. */
function typoInWord(word: string, rng: Rng): string {
  if (!/^[a-z]{4,}$/i.test(word)) return word;
  const i = 1 + rng.int(word.length - 2);
  switch (rng.int(4)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word[i] + word.slice(i);
    case 2:
      return word.slice(0, i) + word.slice(i + 1);
    default: {
      const c = word[i]!.toLowerCase();
      return word.slice(0, i) + (NEIGHBOURS[c] ?? c) + word.slice(i + 1);
    }
  }
}

/**
 * Words whose misspelling would change what is asked (a plan's name: "plus" mistyped is
 * "pls", i.e. "please") or that are names of places: people rarely get those wrong.
 */
const KEPT = /^(lite|plus|max|unlimited|fibre|spain|mexico|japan|italy|london|india|tokyo|canada|madrid|barcelona|cancun|england|uk|lakeside|riverside|yes|no|not|don't|dont)\W*$/i;

/**
 * How a customer types a sentence: maybe all lower case, maybe a typo or two, maybe
 * no final full stop. Figures, names of plans and anything in {braces} are kept as written
 * (a typo in an amount would change what the customer asked for).
 */
export function casual(text: string, rng: Rng, options: { typos?: number; lower?: number } = {}): string {
  const typoRate = options.typos ?? 0.12;
  const lowerRate = options.lower ?? 0.5;
  const protectedParts: string[] = [];
  let out = text.replace(/\{([^}]*)\}/g, (_m, inner: string) => {
    protectedParts.push(inner);
    return `\u0000${protectedParts.length - 1}\u0000`;
  });
  out = out
    .split(/(\s+)/)
    .map((token) => (/\d|\u0000|\$/.test(token) || KEPT.test(token) || !rng.chance(typoRate) ? token : typoInWord(token, rng)))
    .join("");
  if (rng.chance(lowerRate)) out = out.toLowerCase();
  if (rng.chance(0.3)) out = out.replace(/[.]\s*$/, "");
  return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => protectedParts[Number(i)]!);
}

/** Words people put before or after what they mean. */
export function filler(rng: Rng, text: string): string {
  const before = ["hi, ", "hello ", "hey ", "hi there. ", "good morning, ", "", "", "", "um ", "ok so "];
  const after = ["", "", "", " thanks", " pls", " thank you", "!!", " asap"];
  return `${rng.pick(before)}${text}${rng.pick(after)}`;
}
