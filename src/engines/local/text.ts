/** Small text helpers shared by the local engines. */

/** Lower-cased text with curly quotes straightened and whitespace collapsed. */
export function normalize(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

const STOP = new Set(
  "a an the and or but if of to in on at for with from by is are was were be been am i me my you your it its this that these those do does did have has had can could would should will what which who how why when where there here so as up out about into than then too very just not no".split(" "),
);

/** Content words (lower case, no stop words), crudely stemmed. */
export function contentTerms(text: string): string[] {
  return (normalize(text).match(/[a-z0-9][a-z0-9'-]*/g) ?? [])
    .filter((w) => !STOP.has(w) && w.length > 1)
    .map((w) => w.replace(/'s$/, "").replace(/(ing|ed|es|s)$/, "") || w);
}

/** Splits prose into sentences, keeping list items and headings apart. */
export function splitSentences(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.replace(/^[-*#>\s]+/, "").split(/(?<=[.!?])\s+(?=[A-Z0-9"(])/))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
