import type { Entities } from "../../domain/support.js";

/**
 * Entity extraction by regular expressions and small parsers. Only what the
 * customer wrote is returned; nothing is guessed.
 */

export type DateOrder = "dmy" | "mdy";

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
};
const MONTH_RE = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

const COUNTRIES = [
  "Spain", "France", "Italy", "Germany", "Portugal", "Greece", "Mexico", "Canada", "Japan", "China", "India", "Brazil",
  "Argentina", "Australia", "New Zealand", "Thailand", "Vietnam", "Indonesia", "Philippines", "Turkey", "Egypt", "Morocco",
  "South Africa", "Kenya", "Nigeria", "Ireland", "United Kingdom", "UK", "England", "Scotland", "Netherlands", "Belgium",
  "Switzerland", "Austria", "Poland", "Czech Republic", "Croatia", "Sweden", "Norway", "Denmark", "Finland", "Iceland",
  "Dominican Republic", "Jamaica", "Bahamas", "Cuba", "Colombia", "Peru", "Chile", "Costa Rica", "Israel", "Dubai",
  "United Arab Emirates", "UAE", "Singapore", "South Korea", "Korea", "Hong Kong", "Taiwan", "Europe", "Asia", "Caribbean",
  "Paris", "London", "Rome", "Madrid", "Barcelona", "Tokyo", "Cancun", "Toronto", "Berlin", "Lisbon", "Amsterdam",
];
const COUNTRY_RE = new RegExp(`\\b(${COUNTRIES.map((c) => c.replace(/ /g, "\\s+")).join("|")})\\b`, "i");
const TRAVEL_RE = /\b(abroad|overseas|travell?ing|on holiday|on vacation|out of the country|roaming)\b/i;

const DEVICE_RE =
  /\b(i ?phone(?:\s?(?:se|x[rs]?|\d{1,2}))?(?:\s?(?:pro|max|plus|mini))*|i ?pad|samsung(?:\s?galaxy)?(?:\s?[a-z]?\d{1,3}\+?)?(?:\s?(?:ultra|plus|fe))?|galaxy(?:\s?[a-z]?\d{1,3})?|(?:google\s)?pixel(?:\s?\d{1,2}a?)?(?:\s?pro)?|motorola|moto\s?g\d*|one\s?plus(?:\s?\d+)?|xiaomi|huawei|nokia|nimbus hub|router)\b/i;

const PHONE_RE = /(?<![\w\d-])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?![\d-])/;
const CUSTOMER_ID_RE = /\b(C-?\d{3,})\b|\bcustomer\s+(?:id|number|no\.?)\s*(?:is|:)?\s*([A-Z]?-?\d{3,})\b/i;

const NAME_WORD = "[A-ZÀ-Ý][A-Za-zÀ-ÿ'’-]+";
const NAME_STOP = new Set(["and", "born", "my", "dob", "date", "from", "the", "on", "in", "with", "here", "calling", "phone", "number"]);

function isoDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n > (new Date().getUTCFullYear() % 100) ? 1900 + n : 2000 + n;
}

interface FoundDate {
  iso: string;
  index: number;
}

/** Finds full calendar dates in many written forms, normalised to YYYY-MM-DD. */
export function findDates(text: string, order: DateOrder = "dmy"): FoundDate[] {
  const found: FoundDate[] = [];
  const taken: [number, number][] = [];
  const add = (iso: string | null, m: RegExpExecArray) => {
    if (!iso) return;
    const start = m.index;
    const end = m.index + m[0].length;
    if (taken.some(([a, b]) => start < b && end > a)) return;
    taken.push([start, end]);
    found.push({ iso, index: start });
  };
  let m: RegExpExecArray | null;
  // 1985-03-12, 1985/03/12
  const isoRe = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g;
  while ((m = isoRe.exec(text))) add(isoDate(Number(m[1]), Number(m[2]), Number(m[3])), m);
  // 12 March 1985, 12th of March 1985, 3rd May '79
  const dmyWords = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}\\.?,?\\s+'?(\\d{4}|\\d{2})\\b`, "gi");
  while ((m = dmyWords.exec(text))) add(isoDate(fullYear(m[3]!), MONTHS[m[2]!.toLowerCase()]!, Number(m[1])), m);
  // March 12, 1985 / March 12th 1985
  const mdyWords = new RegExp(`\\b${MONTH_RE}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "gi");
  while ((m = mdyWords.exec(text))) add(isoDate(Number(m[3]), MONTHS[m[1]!.toLowerCase()]!, Number(m[2])), m);
  // 12/03/1985, 12.03.85, 3-12-1985 (day first unless impossible or configured otherwise)
  const numeric = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/g;
  while ((m = numeric.exec(text))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = fullYear(m[3]!);
    let day = order === "dmy" ? a : b;
    let month = order === "dmy" ? b : a;
    if (month > 12 && day <= 12) [day, month] = [month, day];
    add(isoDate(y, month, day), m);
  }
  return found.sort((x, y) => x.index - y.index);
}

const RELATIVE_DATE_RE =
  /\b(today|yesterday|tomorrow|last night|this morning|tonight|next week|last week|next month|last month|(?:on |since |last |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:on |since )the \d{1,2}(?:st|nd|rd|th))\b/gi;

function titleCase(name: string): string {
  return name
    .split(/\s+/)
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(" ");
}

/** "my name is Jane Smith", "I'm Jane Smith", "this is Jane Smith", "name: Jane Smith", "under John Doe". */
export function findFullName(text: string): string | undefined {
  const patterns: RegExp[] = [
    /\b(?:my (?:full )?name is|name\s*:|the name is|name's)\s+([a-z][a-z'’-]+(?:\s+[a-z][a-z'’-]+){1,3})/i,
    new RegExp(`\\b(?:[Ii]'?m|[Ii] am|[Tt]his is|[Ii]t'?s|[Ii]t is|account is (?:under|in the name of)|under the name|in the name of)\\s+(${NAME_WORD}(?:\\s+${NAME_WORD}){1,2})`),
  ];
  for (const re of patterns) {
    const m = re.exec(text);
    if (!m) continue;
    const words = m[1]!.split(/\s+/);
    const kept: string[] = [];
    for (const w of words) {
      if (NAME_STOP.has(w.toLowerCase())) break;
      kept.push(w.replace(/[,.;]+$/, ""));
    }
    if (kept.length >= 2) return titleCase(kept.join(" "));
  }
  return undefined;
}

/**
 * Identity is often given as a bare list: "555 010 0020, Noah Thompson". With the
 * phone number and filler removed, two or three capitalised words are a name.
 */
function bareNameBesidePhone(text: string, phone: string): string | undefined {
  const rest = text
    .replace(phone, " ")
    .replace(/\b(sure|ok(ay)?|yes|yeah|hi|hello|it'?s|it is|and|number|phone|name)\b/gi, " ")
    .replace(/[,.;:!-]+/g, " ")
    .trim();
  return new RegExp(`^${NAME_WORD}(?:\\s+${NAME_WORD}){1,2}$`).test(rest) ? titleCase(rest.replace(/\s+/g, " ")) : undefined;
}

export function findPhoneNumber(text: string): string | undefined {
  // Dates like 12-03-1985 must not be read as numbers: PHONE_RE needs 3-3-4 digit groups.
  const m = PHONE_RE.exec(text);
  return m ? m[0].trim() : undefined;
}

export function findAmounts(text: string): number[] {
  const amounts: number[] = [];
  const re = /\$\s?(\d{1,6}(?:,\d{3})*(?:\.\d{1,2})?)|\b(\d{1,6}(?:\.\d{1,2})?)\s?(?:dollars?|usd|bucks)\b/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) amounts.push(Number((m[1] ?? m[2]!).replace(/,/g, "")));
  return amounts;
}

export function findLocation(text: string): string | undefined {
  const country = COUNTRY_RE.exec(text);
  if (country) {
    const name = country[1]!.replace(/\s+/g, " ");
    // Keep acronyms as written, otherwise use the canonical spelling.
    return COUNTRIES.find((c) => c.toLowerCase() === name.toLowerCase()) ?? name;
  }
  const travel = TRAVEL_RE.exec(text);
  return travel ? "abroad" : undefined;
}

export function findDevice(text: string): string | undefined {
  const m = DEVICE_RE.exec(text);
  if (!m) return undefined;
  return m[0]
    .split(/\s+/)
    .map((w) => {
      const lower = w.toLowerCase();
      if (/^i ?phone$|^iphone$/.test(lower)) return "iPhone";
      if (lower === "ipad") return "iPad";
      if (/^(se|xr|xs|fe)$/.test(lower)) return w.toUpperCase();
      return w[0]!.toUpperCase() + w.slice(1);
    })
    .join(" ")
    .replace(/^I Phone|^Iphone/, "iPhone");
}

export function findCustomerId(text: string): string | undefined {
  const m = CUSTOMER_ID_RE.exec(text);
  if (!m) return undefined;
  const raw = (m[1] ?? m[2]!).toUpperCase();
  return /^C\d/.test(raw) ? `C-${raw.slice(1)}` : raw;
}

const DOB_CUE = /\b(born|dob|d\.o\.b|date of birth|birth ?day|birthdate)\b/i;

export function extractEntities(text: string, order: DateOrder = "dmy"): Entities {
  const entities: Entities = { amounts: findAmounts(text), dates: [] };
  const phone = findPhoneNumber(text);
  if (phone) entities.phoneNumber = phone;
  const customerId = findCustomerId(text);
  if (customerId) entities.customerId = customerId;
  const name = findFullName(text) ?? (phone ? bareNameBesidePhone(text, phone) : undefined);
  if (name) entities.fullName = name;
  const location = findLocation(text);
  if (location) entities.location = location;
  const device = findDevice(text);
  if (device) entities.device = device;

  const dates = findDates(text, order);
  const thisYear = new Date().getUTCFullYear();
  for (const d of dates) {
    const year = Number(d.iso.slice(0, 4));
    const isDob = !entities.dateOfBirth && (DOB_CUE.test(text) || year <= thisYear - 12);
    if (isDob) entities.dateOfBirth = d.iso;
    else entities.dates.push(d.iso);
  }
  let m: RegExpExecArray | null;
  RELATIVE_DATE_RE.lastIndex = 0;
  while ((m = RELATIVE_DATE_RE.exec(text))) entities.dates.push(m[0].toLowerCase());
  return entities;
}
