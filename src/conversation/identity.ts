/**
 * Identity details as customers actually write them: a phone number, a full
 * name and a date of birth, in any order and form, with or without cue words,
 * spread over several messages. Numbers are parsed by libphonenumber-js and
 * dates by chrono-node; only the name needs our own reading, because no
 * library knows that "linda nguyen" is a name and "no service" is not.
 */
import { z } from "zod";
import * as chrono from "chrono-node";
import { findNumbers, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { CLAUSE_START_WORDS, LEADING_FILLER_WORDS, NOT_NAME_WORDS, WORDS_ALSO_NAMES } from "./identity-words.js";

export const IdentityClaims = z.object({
  /** E.164, e.g. "+15550100005". */
  phoneNumber: z.string().regex(/^\+[1-9]\d{6,14}$/).optional(),
  /** As the customer gave it, capitalised: "Linda Nguyen". */
  fullName: z.string().optional(),
  /** YYYY-MM-DD. */
  dateOfBirth: z.iso.date().optional(),
});
export type IdentityClaims = z.infer<typeof IdentityClaims>;

/** What is still missing before a lookup is possible; null when nothing is. */
export const IdentityNeed = z.enum(["all", "name_or_dob", "phone_or_dob", "phone_or_name"]).nullable();
export type IdentityNeed = z.infer<typeof IdentityNeed>;

export const DateOrder = z.enum(["dmy", "mdy"]);
export type DateOrder = z.infer<typeof DateOrder>;

export const ReadIdentityOptions = z.object({
  /** The agent's last question asked for identity details: a bare name then counts. */
  expectingIdentity: z.boolean(),
  /** How to read 04/12/1988 when both readings are possible; day first unless told otherwise. */
  dateOrder: DateOrder.optional(),
  /** "Today" for deciding that a date is in the past; tests pin it. */
  now: z.date().optional(),
});
export type ReadIdentityOptions = z.infer<typeof ReadIdentityOptions>;

export const IdentityReading = z.object({
  claims: IdentityClaims,
  /** The message with the identity parts (and their cue words) removed: "my phone was cut off". */
  rest: z.string(),
});
export type IdentityReading = z.infer<typeof IdentityReading>;

/** One piece of a message recognised as identity, with where it was and how it was written. */
export interface FoundSpan {
  start: number;
  end: number;
  raw: string;
}
export interface FoundPhone extends FoundSpan {
  e164: string;
}
export interface FoundDate extends FoundSpan {
  iso: string;
  /** A birth-date cue ("born", "dob", …) came right before it. */
  cued: boolean;
}

// ---------------------------------------------------------------- phone numbers

// PhoneNumberMatcher (the port of Google's) honours `leniency`; the typings omit it, hence a variable.
const POSSIBLE_NUMBERS_US = { defaultCountry: "US" as CountryCode, v2: true as const, leniency: "POSSIBLE" };

/** No country's numbers are shorter; the matcher is the costly part, so fewer digits skip it. */
const MIN_PHONE_DIGITS = 7;

function digitCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** The text with the spans replaced by spaces, so that offsets stay the same. */
function blank(text: string, spans: readonly FoundSpan[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + " ".repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

/**
 * Every phone number in the text, US by default, leaving out the spans already
 * known to be something else (dates). The line numbers in this project are
 * fictional (555-01xx) and libphonenumber marks them invalid, so the search
 * runs at POSSIBLE leniency (right length for the country) and, for North
 * American numbers, insists on all ten digits.
 */
export function findPhoneNumbers(text: string, exclude: readonly FoundSpan[] = []): FoundPhone[] {
  if (digitCount(text) < MIN_PHONE_DIGITS) return [];
  // The matcher takes "12, 555.010.0001" as one candidate and then loses the number,
  // so clauses are searched one by one.
  const searchable = blank(text, exclude);
  const found: FoundPhone[] = [];
  for (const clause of searchable.matchAll(/[^,;\n|]+/g)) {
    if (digitCount(clause[0]) < MIN_PHONE_DIGITS) continue;
    const inClause = numbersIn(clause[0]);
    // Still nothing where ten digits are written: the matcher may have joined the number to a
    // neighbour ("1-555-010-0001 12/04/1988"); try each run of whitespace-separated pieces alone.
    const pieces = inClause.length === 0 && digitCount(clause[0]) >= 10 ? numbersInPieces(clause[0]) : inClause;
    for (const p of pieces) {
      const start = clause.index + p.start;
      const end = clause.index + p.end;
      found.push({ start, end, raw: text.slice(start, end), e164: p.e164 });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function numbersIn(text: string): FoundPhone[] {
  const found: FoundPhone[] = [];
  for (const match of findNumbers(text, POSSIBLE_NUMBERS_US)) {
    const number = match.number;
    if (!number.isPossible()) continue;
    // North American numbers: all ten digits, and an area code that cannot start with 0 or 1
    // (which also stops "0021 8-8-1994" being read as a number).
    if (number.countryCallingCode === "1" && !/^[2-9]\d{9}$/.test(number.nationalNumber)) continue;
    found.push({ start: match.startsAt, end: match.endsAt, raw: text.slice(match.startsAt, match.endsAt), e164: number.number });
  }
  return found;
}

function numbersInPieces(text: string): FoundPhone[] {
  const pieces = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const found: FoundPhone[] = [];
  for (let i = 0; i < pieces.length; i++) {
    // Longest run first, at most five pieces ("+1 (555) 010 - 0001").
    for (let j = Math.min(pieces.length - 1, i + 4); j >= i; j--) {
      const start = pieces[i]!.start;
      const candidate = text.slice(start, pieces[j]!.end);
      const whole = numbersIn(candidate).find((n) => n.start === 0 || n.end === candidate.length);
      if (whole) {
        found.push({ ...whole, start: start + whole.start, end: start + whole.end });
        i = j;
        break;
      }
    }
  }
  return found;
}

/** "+15550100005" → "555-010-0005" (how the customer will recognise their own number). */
export function formatPhoneForCustomer(e164: string): string {
  const number = parsePhoneNumberFromString(e164);
  if (!number) return e164;
  const national = number.nationalNumber;
  if (number.countryCallingCode === "1" && national.length === 10) {
    return `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`;
  }
  return number.formatInternational();
}

// ---------------------------------------------------------------- dates

// Strict parsers: explicit calendar dates only, no "yesterday" or "next friday".
const DAY_FIRST = new chrono.Chrono(chrono.en.configuration.createConfiguration(true, true));
const MONTH_FIRST = new chrono.Chrono(chrono.en.configuration.createConfiguration(true, false));

const DOB_CUE = /\b(?:born|dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|bday|b-day)\b/i;
/** Words right before a date that make it something other than a birth date ("since 2015-03-01"). */
const OTHER_DATE_CUE = /\b(?:since|from|started|starting|start|until|till|joined|contract|bill|invoice|due|paid|on)\s*(?:the\s+)?$/i;

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Full calendar dates (day, month and year all written) in the text, as
 * YYYY-MM-DD. Two-digit years are read as the most recent past year when the
 * date would otherwise lie in the future ("12/03/45" is 1945 for a birth date).
 */
export function findFullDates(text: string, order: DateOrder = "dmy", now: Date = new Date(), exclude: readonly FoundSpan[] = []): FoundDate[] {
  if (!/\d/.test(text)) return [];
  const searchable = blank(text, exclude);
  const [preferred, fallback] = order === "dmy" ? [DAY_FIRST, MONTH_FIRST] : [MONTH_FIRST, DAY_FIRST];
  const read = (parser: chrono.Chrono): FoundDate[] => {
    const dates: FoundDate[] = [];
    for (const parsed of parser.parse(searchable, now)) {
      const index = parsed.index;
      let result = parsed;
      if (!result.start.isCertain("year")) {
        // chrono drops a two-digit year before some words ("12th april 88 Maria"): read the date
        // together with the year that follows it on its own.
        const year = /^\s*,?\s*'?(?:\d{4}|\d{2})(?!\d)/.exec(searchable.slice(index + result.text.length));
        const alone = year ? parser.parse(result.text + year[0], now)[0] : undefined;
        if (alone && alone.index === 0) result = alone;
      }
      const start = result.start;
      if (!start.isCertain("day") || !start.isCertain("month") || !start.isCertain("year")) continue;
      let year = start.get("year")!;
      const month = start.get("month")!;
      const day = start.get("day")!;
      const twoDigitYear = !/\d{4}/.test(result.text);
      let iso = isoDate(year, month, day);
      if (iso && twoDigitYear && iso > now.toISOString().slice(0, 10)) {
        year -= 100;
        iso = isoDate(year, month, day);
      }
      if (!iso || year < 1900) continue;
      const cued = cueStart(text, index, DOB_CUE_BEFORE) < index;
      dates.push({ start: index, end: index + result.text.length, raw: text.slice(index, index + result.text.length), iso, cued });
    }
    return dates;
  };
  const dates = read(preferred);
  // The other order only where the preferred one found nothing (it already swaps 12/30/1976 itself).
  if (dates.length === 0) return read(fallback);
  return dates;
}

/**
 * Phone numbers and full dates together. Each parser can swallow a piece of the
 * other ("1988-04-12 555.010.0001" reads as +1 988-041-2555 to the phone
 * matcher; "0001 12/04/1988" as the year 1 to chrono), so both orders are tried
 * (one parser, then the other on what is left) and the reading that finds more wins.
 */
export function findPhonesAndDates(text: string, order: DateOrder, now: Date): { phones: FoundPhone[]; dates: FoundDate[] } {
  const phonesFirst = findPhoneNumbers(text);
  const datesAfter = findFullDates(text, order, now, phonesFirst);
  if (phonesFirst.length > 0 && datesAfter.length > 0) return { phones: phonesFirst, dates: datesAfter };
  if (phonesFirst.length === 0 && !/\d{7}|\d[\d\s().-]{8,}\d/.test(text)) return { phones: phonesFirst, dates: datesAfter };
  const datesFirst = findFullDates(text, order, now);
  const phonesAfter = findPhoneNumbers(text, datesFirst);
  const found = (r: { phones: unknown[]; dates: unknown[] }) => Math.min(r.phones.length, 1) + Math.min(r.dates.length, 1);
  const a = { phones: phonesFirst, dates: datesAfter };
  const b = { phones: phonesAfter, dates: datesFirst };
  return found(b) > found(a) ? b : a;
}

function yearsBefore(now: Date, years: number): string {
  return `${now.getUTCFullYear() - years}${now.toISOString().slice(4, 10)}`;
}

/**
 * The date of birth among the dates: a past date right after a birth cue
 * ("born", "dob"); the only date of a message that mentions a birth date
 * elsewhere, if at least 10 years back; or without any cue, one at least 12
 * years back that no other cue ("since", "bill") claims.
 */
function pickDateOfBirth(text: string, dates: FoundDate[], now: Date): FoundDate | undefined {
  const today = now.toISOString().slice(0, 10);
  const messageHasCue = DOB_CUE.test(text);
  for (const date of dates) {
    if (date.iso >= today || date.iso < "1900-01-01") continue;
    if (date.cued || (messageHasCue && dates.length === 1 && date.iso <= yearsBefore(now, 10))) return date;
  }
  for (const date of dates) {
    if (date.iso > yearsBefore(now, 12) || date.iso < "1900-01-01") continue;
    if (OTHER_DATE_CUE.test(text.slice(0, date.start))) continue;
    return date;
  }
  return undefined;
}

// ---------------------------------------------------------------- cue words around a number or date

/** Words that introduce a phone number: "and my phone number is", "number:", "its", "call me on". */
const PHONE_CUE_BEFORE =
  /(?:\b(?:and|also|plus)\s+)?(?:\b(?:it'?s|it’s|its|it\s+is)\s+)?(?:\b(?:my|the|our)\s+)?(?:\b(?:phone|mobile|cell|cellphone|contact|account|line)\s*)?(?:\b(?:number|numbr|nmber|numer|no\.?|num|nr|#)\s*)?(?:\bis\s*|[:=]\s*|-\s*)?$/i;
const PHONE_CUE_BEFORE_ALT = /(?:\b(?:and\s+)?(?:call|reach|text)\s+me\s+(?:on|at)\s*)$/i;

/** Words that introduce a birth date: "and dob", "born on the", "my date of birth is". */
const DOB_CUE_BEFORE =
  /(?:\b(?:and|also|plus)\s+)?(?:\b(?:my\s+)?(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|bday|b-day)\s*(?:\bis\s*|[:=]\s*|-\s*)?(?:\bthe\s*)?|\b(?:(?:i\s+was|i'?m|i’m|was)\s+)?born\s*(?:\bon\s*)?(?:\bthe\s*)?)$/i;

/** Words that say what a number or date was, after it: "… is my number", "… is my dob". */
const PHONE_CUE_AFTER = /^\s*(?:is|['’]s)\s+(?:my|the)\s+(?:(?:phone|mobile|cell|account|line)\s+)?(?:number|phone|mobile|cell|line)\b/i;
const DOB_CUE_AFTER = /^\s*(?:(?:is|['’]s|was)\s+)?(?:my\s+)?(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|bday)\b/i;

function cueEnd(text: string, end: number, cue: RegExp): number {
  const m = cue.exec(text.slice(end, end + 40));
  return m ? end + m[0].length : end;
}

function cueStart(text: string, start: number, ...cues: RegExp[]): number {
  const before = text.slice(Math.max(0, start - 60), start);
  const offset = Math.max(0, start - 60);
  let best = start;
  for (const cue of cues) {
    const m = cue.exec(before);
    if (m && m[0].trim() && offset + m.index < best) best = offset + m.index;
  }
  return best;
}

// ---------------------------------------------------------------- names

interface Token {
  text: string;
  start: number;
  end: number;
  /** Which clause the word is in: punctuation, digits and removed spans separate clauses. */
  segment: number;
}

/** Marks a removed span in the working copy; never typed by a customer. */
const HOLE = "\u0000";
const SEGMENT = /[^,;.!?:()[\]{}\n\r\t\u0000/\\|"+*=<>~_\d…]+/gu;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let segment = 0;
  for (const seg of text.matchAll(SEGMENT)) {
    for (const w of seg[0].matchAll(/\S+/gu)) {
      // A free-standing dash or symbol ("linda nguyen - no service") separates clauses too.
      if (!/\p{L}/u.test(w[0])) {
        segment++;
        continue;
      }
      const start = seg.index + w.index;
      tokens.push({ text: w[0], start, end: start + w[0].length, segment });
    }
    segment++;
  }
  return tokens;
}

function plain(word: string): string {
  return word.toLowerCase().replace(/['’]/g, "");
}

/** Alphabetic, at least two letters, and not a word a name is never made of. */
function isNameWord(word: string): boolean {
  if (!/^\p{L}[\p{L}\p{M}'’-]*\p{L}$/u.test(word)) return false;
  return !NOT_NAME_WORDS.has(plain(word));
}

/** "linda" → "Linda", "o'brien" → "O'Brien", "anne-marie" → "Anne-Marie"; "McDonald" stays as written. */
export function capitaliseName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((word, i) => {
      if (i > 0 && NAME_PARTICLES.has(word.toLowerCase()) && word === word.toLowerCase()) return word;
      const letters = word.replace(/[^\p{L}]/gu, "");
      const mixed = letters !== letters.toLowerCase() && letters !== letters.toUpperCase();
      if (mixed) return word;
      return word.toLowerCase().replace(/(^|['’-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
    })
    .join(" ");
}

interface FoundName {
  name: string;
  /** The name together with its cue words, to be left out of the rest. */
  start: number;
  end: number;
}

const TITLE = /(?<![\p{L}])(?:mr|mrs|ms|mx|dr)\.?(?=\s+\p{L})/giu;

/** Cues after which a name follows whatever its case: "my name is", "name:", "under the name of". */
const STRONG_CUE =
  /\b(?:my\s+(?:full\s+)?name\s+is|my\s+name['’]?s|the\s+name\s+is|(?:full\s+)?name\s*(?:is\b|[:=-])|name['’]s|(?:it|(?:the\s+)?account)\s+is\s+(?:under|in\s+the\s+name\s+of)|under\s+the\s+name(?:\s+of)?|in\s+the\s+name\s+of|account\s+(?:holder|name)\s*(?:is\b|[:=-])?|name(?=\s))\s*/giu;
/** Cues that also start ordinary sentences ("I'm so annoyed", "this is ridiculous"). */
const WEAK_CUE = /(?<![\p{L}'’])(?:i\s*['’]?\s*m|i\s+am|it\s*['’]?\s*s|it\s+is|this\s+is|here\s+is)\s+/giu;
/** "Robert Miller here", "kevin patel speaking". */
const AFTER_CUE = /\s+(?:here|speaking|calling|on\s+the\s+line|is\s+my\s+(?:full\s+)?name)(?![\p{L}])/giu;

const TRAILING_AFTER_CUE = new RegExp(`^${AFTER_CUE.source}`, "iu");

/** Lower-case parts of surnames: "Maria de la Cruz", "Ludwig van Beethoven". */
const NAME_PARTICLES: ReadonlySet<string> = new Set(["de", "da", "das", "dos", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "ter", "bin", "binti", "al", "el", "st"]);

/**
 * Two or three words, plus any particles between them ("Maria de la Cruz"),
 * at least one of them a word that is only ever a name here ("Will Young" is
 * not enough on its own, "Bill Smith" and "Wei He" are).
 */
function nameSized(tokens: Token[]): boolean {
  const core = tokens.filter((t) => !NAME_PARTICLES.has(t.text));
  const particlesInside = tokens.length > 0 && !NAME_PARTICLES.has(tokens[0]!.text) && !NAME_PARTICLES.has(tokens.at(-1)!.text);
  return core.length >= 2 && core.length <= 3 && tokens.length <= 5 && particlesInside && core.some((t) => isNameWord(t.text));
}

/** A name word, a particle, or a capitalised word that is also a common name ("Bill", "Young"). */
function isNamePart(word: string): boolean {
  return isNameWord(word) || NAME_PARTICLES.has(word) || (/^\p{Lu}/u.test(word) && WORDS_ALSO_NAMES.has(plain(word)));
}

function capitalisedAsWritten(tokens: Token[]): boolean {
  return tokens.filter((t) => !NAME_PARTICLES.has(t.text)).every((t) => /^\p{Lu}/u.test(t.text));
}

/**
 * Shapes of verbs and adverbs ("taking", "annoyed", "honestly"). Some names
 * have them too ("Fleming", "Ashley"), so they only rule a name out when
 * nothing else says the customer is giving details.
 */
function looksLikeOrdinaryWord(word: string): boolean {
  const w = plain(word);
  return (w.length >= 5 && w.endsWith("ing")) || (w.length >= 6 && (w.endsWith("ed") || w.endsWith("ly")));
}

/** Leading words that introduce a name and are removed with it. */
const INTRO_WORDS: ReadonlySet<string> = new Set(["its", "im", "i", "am", "is", "this", "me", "name", "full", "my"]);

/** Skips greetings and intro words at the start of a clause; the first intro word is removed with the name. */
function skipFillers(clause: Token[]): { intro: Token | undefined; from: number } {
  let from = 0;
  let intro: Token | undefined;
  for (; from < clause.length && LEADING_FILLER_WORDS.has(plain(clause[from]!.text)); from++) {
    // "its me", "name", "i am" go with the name; "hi", "sure", "ok" stay in the rest.
    if (!intro && INTRO_WORDS.has(plain(clause[from]!.text))) intro = clause[from];
  }
  return { intro, from };
}

function findName(text: string, expectingIdentity: boolean, otherDetailsGiven: boolean): FoundName | undefined {
  const tokens = tokenize(text);
  const name = (taken: Token[], start: number, end: number): FoundName => {
    // "I'm Maria Gonzalez speaking": the trailing cue goes with the name.
    const trailing = TRAILING_AFTER_CUE.exec(text.slice(end));
    return { name: capitaliseName(taken.map((t) => t.text).join(" ")), start, end: end + (trailing?.[0].length ?? 0) };
  };
  /** Two or three name words starting right at `from` (after spaces); fewer, or a fourth, is no name. */
  const nameAt = (from: number): Token[] | undefined => {
    let i = tokens.findIndex((t) => t.start >= from);
    if (i < 0 || text.slice(from, tokens[i]!.start).trim()) return undefined;
    const taken: Token[] = [];
    const segment = tokens[i]!.segment;
    for (; i < tokens.length && tokens[i]!.segment === segment && isNamePart(tokens[i]!.text); i++) taken.push(tokens[i]!);
    return nameSized(taken) ? taken : undefined;
  };
  // Without a strong cue: details given alongside, or (an answer to our question, or a name
  // written with capitals) that does not read like an ordinary phrase ("Taking Forever").
  const weakOk = (taken: Token[]) =>
    otherDetailsGiven || ((expectingIdentity || capitalisedAsWritten(taken)) && !taken.some((t) => looksLikeOrdinaryWord(t.text)));

  for (const m of text.matchAll(STRONG_CUE)) {
    const taken = nameAt(m.index + m[0].length);
    if (taken) return name(taken, m.index, taken.at(-1)!.end);
  }
  for (const m of text.matchAll(WEAK_CUE)) {
    const taken = nameAt(m.index + m[0].length);
    if (taken && weakOk(taken)) return name(taken, m.index, taken.at(-1)!.end);
  }
  for (const m of text.matchAll(AFTER_CUE)) {
    // The name must open its clause, after any greeting: "hi, Robert Miller here".
    const last = tokens.findLastIndex((t) => t.end <= m.index);
    if (last < 0 || text.slice(tokens[last]!.end, m.index).trim()) continue;
    const clause = tokens.filter((t) => t.segment === tokens[last]!.segment && t.end <= m.index);
    const { intro, from } = skipFillers(clause);
    const taken = clause.slice(from);
    if (nameSized(taken) && taken.every((t) => isNamePart(t.text)) && weakOk(taken)) {
      return name(taken, (intro ?? taken[0]!).start, m.index + m[0].length);
    }
  }
  // A bare name, only where details are being given: "linda nguyen 555 010 0005", "David Okafor".
  if (!expectingIdentity && !otherDetailsGiven) return undefined;
  const segments = new Map<number, Token[]>();
  for (const t of tokens) segments.set(t.segment, [...(segments.get(t.segment) ?? []), t]);
  for (const clause of segments.values()) {
    const { intro, from } = skipFillers(clause);
    let i = from;
    const taken: Token[] = [];
    while (i < clause.length && taken.length < 6 && isNamePart(clause[i]!.text)) taken.push(clause[i++]!);
    const next = clause[i];
    // Without punctuation the name must be followed by a clear new clause: "david okafor my phone is dead".
    const endsClause = !next || CLAUSE_START_WORDS.has(plain(next.text));
    if (nameSized(taken) && endsClause && weakOk(taken)) return name(taken, (intro ?? taken[0]!).start, taken.at(-1)!.end);
  }
  return undefined;
}

// ---------------------------------------------------------------- the message as a whole

/** Only punctuation and "and" between two removed parts: "555 010 0005 and Maria Gonzalez". */
const JOINER_ONLY = /^[\s,;:.\-–—&/|+]*(?:(?:and|also|plus)[\s,;:.\-–—&/|+]*)*$/i;

function removeRanges(text: string, ranges: [number, number][]): string {
  const sorted: [number, number][] = [];
  for (const range of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = sorted.at(-1);
    if (last && JOINER_ONLY.test(text.slice(last[1], range[0]))) last[1] = Math.max(last[1], range[1]);
    else sorted.push([...range]);
  }
  let out = "";
  let at = 0;
  for (const [start, end] of sorted) {
    if (start > at) out += text.slice(at, start);
    out += " ";
    at = Math.max(at, end);
  }
  out += text.slice(at);
  return out;
}

/** Tidies what is left after identity parts are cut out: no orphan commas or dangling "and". */
function tidyRest(text: string): string {
  let rest = text.replace(/\s+/g, " ");
  rest = rest.replace(/\s*(?:[,;:]\s*)+(?=[.!?]|$)/g, "");
  rest = rest.replace(/(?:\s*[,;:]\s*){2,}/g, ", ");
  rest = rest.replace(/\s+([,.;:!?])/g, "$1");
  rest = rest.replace(/^(?:[\s,;:.\-–—]|\b(?:and|also|plus)\b)+/i, "");
  rest = rest.replace(/(?:[\s,;:\-–—]|\b(?:and|also|plus)\b)+$/i, "");
  rest = rest.replace(/^\s*[,;:]\s*/, "").trim();
  // Nothing but punctuation left ("/", "?"): nothing was asked besides the details.
  return /[\p{L}\p{N}]/u.test(rest) ? rest : "";
}

/** How much of a message identity details are read from (a long complaint gives them at its start, or in a later message). */
const IDENTITY_WINDOW = 2_000;

/** Reads identity details from one message (see IdentityReading). */
export function readIdentityClaims(message: string, options: ReadIdentityOptions): IdentityReading {
  const now = options.now ?? new Date();
  const whole = message.normalize("NFC");
  // Details are read from the start of a message only: the parsers are not linear, and a pasted page must not stall a turn.
  const text = whole.slice(0, IDENTITY_WINDOW);
  const claims: IdentityClaims = {};
  const removed: [number, number][] = [];

  const { phones, dates } = findPhonesAndDates(text, options.dateOrder ?? "dmy", now);
  const phone = phones[0];
  if (phone) claims.phoneNumber = phone.e164;
  for (const p of phones) {
    // A country code the matcher left outside the number: "1 (555) 010-0001".
    const code = p.e164.startsWith("+1") ? /(?<![\d+])\+?1[\s.-]*$/.exec(text.slice(0, p.start)) : null;
    removed.push([cueStart(text, code ? code.index : p.start, PHONE_CUE_BEFORE, PHONE_CUE_BEFORE_ALT), cueEnd(text, p.end, PHONE_CUE_AFTER)]);
  }

  const dob = pickDateOfBirth(text, dates, now);
  if (dob) {
    claims.dateOfBirth = dob.iso;
    removed.push([cueStart(text, dob.start, DOB_CUE_BEFORE, /\bthe\s+$/i), cueEnd(text, dob.end, DOB_CUE_AFTER)]);
  }

  // Names are read with the numbers and dates cut out, so they end the clause they were in.
  let working = text;
  for (const [start, end] of removed) working = working.slice(0, start) + HOLE.repeat(end - start) + working.slice(end);
  // Titles are not part of the name on the account: "Mr. Kevin Patel", "dr ahmed hassan".
  working = working.replace(TITLE, (t) => " ".repeat(t.length));
  // The capitalised-words fallback only beside a number or birth date: elsewhere "Taking Forever" is not a name.
  const found = findName(working, options.expectingIdentity, Boolean(phone || dob)) ?? (options.expectingIdentity && (phone || dob) ? titleCaseName(working) : undefined);
  if (found) {
    claims.fullName = found.name;
    const title = /(?<![\p{L}])(?:mr|mrs|ms|mx|dr)\.?\s*$/iu.exec(text.slice(0, found.start));
    removed.push([title ? title.index : found.start, found.end]);
  }
  return { claims, rest: removed.length ? tidyRest(removeRanges(whole, removed)) : whole.trim() };
}

/**
 * A last resort when details were asked for: two or three capitalised name words in a row, wherever they stand
 * ("thhis is James Carter. number …", "my nmae is Linda Nguyen"): a mistyped cue word must not hide the name.
 */
function titleCaseName(text: string): FoundName | undefined {
  for (const m of text.matchAll(/(?<![\p{L}'’-])(\p{Lu}[\p{Ll}'’-]+)(\s+\p{Lu}[\p{Ll}'’-]+){1,2}(?![\p{L}'’-])/gu)) {
    const words = m[0].split(/\s+/);
    if (words.every(isNameWord)) return { name: capitaliseName(m[0]), start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

// ---------------------------------------------------------------- across messages

/** Claims accumulate across messages; a newer value replaces an older one. */
export function mergeClaims(previous: IdentityClaims, next: IdentityClaims): IdentityClaims {
  const merged: IdentityClaims = { ...previous };
  if (next.phoneNumber) merged.phoneNumber = next.phoneNumber;
  if (next.fullName) merged.fullName = next.fullName;
  if (next.dateOfBirth) merged.dateOfBirth = next.dateOfBirth;
  return merged;
}

/** Policy: the phone number plus the full name or the date of birth, or the full name plus the date of birth. */
export function missingIdentity(claims: IdentityClaims): IdentityNeed {
  const phone = Boolean(claims.phoneNumber);
  const name = Boolean(claims.fullName);
  const dob = Boolean(claims.dateOfBirth);
  if ((phone && (name || dob)) || (name && dob)) return null;
  if (phone) return "name_or_dob";
  if (name) return "phone_or_dob";
  if (dob) return "phone_or_name";
  return "all";
}

function firstName(claims: IdentityClaims): string | undefined {
  return claims.fullName?.split(/\s+/)[0];
}

function acknowledgement(claims: IdentityClaims): string {
  const have: string[] = [];
  if (claims.phoneNumber) have.push(`your number, ${formatPhoneForCustomer(claims.phoneNumber)}`);
  if (claims.fullName) have.push("your name");
  if (claims.dateOfBirth) have.push("your date of birth");
  if (have.length === 0) return "";
  const list = have.length === 1 ? have[0]! : `${have.slice(0, -1).join(", ")} and ${have.at(-1)}`;
  const who = firstName(claims);
  return `Thanks${who ? `, ${who}` : ""} — I have ${list}.`;
}

/** A sentence asking exactly for what is missing, after acknowledging what was given. */
export function askForMissingIdentity(claims: IdentityClaims, need: IdentityNeed): string {
  const thanks = acknowledgement(claims);
  const ask = (() => {
    switch (need) {
      case "all":
        return "To look at your account I first need to confirm who you are: could you give me the phone number on the account and your full name or date of birth? If you don't have the number to hand, your full name and date of birth will do.";
      case "name_or_dob":
        return "Could you tell me your full name or date of birth too?";
      case "phone_or_dob":
        return "Could you give me the phone number on the account, or your date of birth?";
      case "phone_or_name":
        return "Could you give me the phone number on the account, or your full name as it appears on the account?";
      case null:
        return "That's everything I need to find your account.";
    }
  })();
  return thanks ? `${thanks} ${ask}` : ask;
}

/**
 * A sentence after a failed lookup that says which kind of detail did not
 * match, naming only what the customer gave, never what the record holds.
 */
export function explainMismatch(
  claims: IdentityClaims,
  failed: "no_account_for_number" | "details_do_not_match",
  attempt: number,
  maxAttempts: number,
): string {
  const left = maxAttempts - attempt;
  if (left <= 0) {
    return "I'm sorry — I still couldn't match those details, and for your security I can't try again in this chat. You can confirm who you are in any Nimbus store with photo ID, and I can still help with general questions about plans, prices and settings.";
  }
  const number = claims.phoneNumber ? formatPhoneForCustomer(claims.phoneNumber) : undefined;
  let sentence: string;
  if (number && failed === "no_account_for_number") {
    sentence = `I couldn't find an account with the number ${number}. Could you check the number? If you don't have the right one to hand, your full name and date of birth will do instead.`;
  } else if (!number) {
    sentence = "I couldn't find an account with that name and date of birth. Could you check the spelling of your name and the date, or give me the phone number on the account instead?";
  } else if (claims.fullName && claims.dateOfBirth) {
    sentence = `I couldn't match that name and date of birth to the number ${number}. Could you check the spelling of your name and the date?`;
  } else if (claims.fullName) {
    sentence = `I couldn't match that name to the number ${number}. Could you check the spelling, or give me your date of birth instead?`;
  } else {
    sentence = `I couldn't match that date of birth to the number ${number}. Could you check it, or give me your full name as it appears on the account instead?`;
  }
  return left === 1 ? `${sentence} This is the last try I can offer in this chat.` : sentence;
}
