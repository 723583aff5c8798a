/**
 * Text normalisation for the local embedder: lowercasing, contraction expansion that keeps
 * negation as an explicit "not" token, tokenisation and a small light English stemmer.
 * Pure functions, no dependencies.
 */

/** Tokens that express negation or failure; they are kept (never treated as stop words). */
export const NEGATIONS: ReadonlySet<string> = new Set(["not", "no", "never", "none", "nothing", "cannot", "without", "nor"]);

/**
 * Function words that carry no topic. Negations are deliberately absent.
 * Used with weight 0 in the word-vector mean and skipped by the lexical features.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the and or but if then than so as of at by for from in into on onto to up down out off over under " +
    "with about after before again also just only very too more most much many some any each every all both " +
    "this that these those there here where when what which who whom whose why how " +
    "i me my mine myself we us our ours you your yours he him his she her hers it its they them their theirs " +
    "am is are was were be been being do does did doing done have has had having " +
    "will would shall should can could may might must " +
    "get got gets getting go going goes went keep keeps kept " +
    "please hi hello hey thanks thank ok okay yes yeah really still even now today just " +
    "im ive id ill dont cant wont isnt doesnt didnt s t d ll re ve m"
  ).split(/\s+/),
);

const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bcan[’']?t\b/g, "can not"],
  [/\bcannot\b/g, "can not"],
  [/\bwon[’']t\b/g, "will not"],
  [/\bshan[’']t\b/g, "shall not"],
  [/\bain[’']t\b/g, "is not"],
  [/n[’']t\b/g, " not"],
  [/[’']m\b/g, " am"],
  [/[’']re\b/g, " are"],
  [/[’']ll\b/g, " will"],
  [/[’']ve\b/g, " have"],
  [/[’']d\b/g, " would"],
  [/[’']s\b/g, ""],
  // Apostrophe-less forms customers type.
  [/\b(dont|doesnt|didnt|isnt|arent|wasnt|werent|havent|hasnt|hadnt|wouldnt|couldnt|shouldnt)\b/g, "$1_not"],
  [/\bcant\b/g, "can not"],
  [/\bwont\b/g, "will not"],
];

const APOSTROPHE_LESS: Record<string, string> = {
  dont_not: "do not",
  doesnt_not: "does not",
  didnt_not: "did not",
  isnt_not: "is not",
  arent_not: "are not",
  wasnt_not: "was not",
  werent_not: "were not",
  havent_not: "have not",
  hasnt_not: "has not",
  hadnt_not: "had not",
  wouldnt_not: "would not",
  couldnt_not: "could not",
  shouldnt_not: "should not",
};

/** Words are runs of letters/digits, optionally joined by inner hyphens or ampersands ("wi-fi", "top-up", "at&t"). */
const TOKEN_RE = /[\p{L}\p{N}]+(?:[-&][\p{L}\p{N}]+)*/gu;

/** Lowercase, unicode-normalise and expand contractions. */
export function normalizeText(text: string): string {
  let s = text.normalize("NFKC").toLowerCase();
  for (const [re, rep] of CONTRACTIONS) s = s.replace(re, rep);
  s = s.replace(/\b([a-z]+_not)\b/g, (m) => APOSTROPHE_LESS[m] ?? m);
  return s;
}

/**
 * Tokenise text into lowercase word tokens. Hyphenated words are kept whole ("wi-fi"); callers
 * may split them when the whole form is unknown. At most `maxTokens` tokens are returned so that
 * pathological inputs stay cheap.
 */
export function tokenize(text: string, maxTokens = 4096): string[] {
  const out: string[] = [];
  const s = normalizeText(text);
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(s)) !== null) {
    out.push(m[0]);
    if (out.length >= maxTokens) break;
  }
  return out;
}

const stemCache = new Map<string, string>();

/**
 * A light, deterministic English stemmer (plural, -ed, -ing, -ly, -ment/-ness style endings).
 * Conservative: it only needs to conflate inflections ("drops", "dropping", "dropped" -> "drop";
 * "charges", "charged" -> "charg"), not to produce dictionary words.
 */
export function stem(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const s = stemUncached(word);
  if (word.length <= 32 && stemCache.size < 100_000) stemCache.set(word, s);
  return s;
}

function stemUncached(w0: string): string {
  let w = w0;
  if (w.length <= 3 || /\d/.test(w)) return w;
  // Plurals / 3rd person.
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  // Past tense / progressive.
  const undouble = (x: string): string => (/([bdfgklmnprt])\1$/.test(x) && !/(ll|ss)$/.test(x) ? x.slice(0, -1) : x);
  if (w.endsWith("ied") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("eed")) {
    /* keep: "speed", "need" */
  } else if (w.endsWith("ed") && w.length > 4 && /[aeiouy]/.test(w.slice(0, -2))) w = undouble(w.slice(0, -2));
  else if (w.endsWith("ing") && w.length > 5 && /[aeiouy]/.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  // Derivational endings (only on longer words).
  if (w.length > 6) {
    for (const suf of ["ation", "ition", "ment", "ness", "ful", "ly", "er"]) {
      if (w.endsWith(suf) && w.length - suf.length >= 4) {
        w = w.slice(0, -suf.length);
        break;
      }
    }
  }
  // Final silent e ("charge"/"charged" -> "charg", "relocate"/"relocated" -> "relocat").
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  if (w.endsWith("y") && w.length > 4) w = w.slice(0, -1) + "i";
  return w;
}
