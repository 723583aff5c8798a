import * as chrono from "chrono-node";
import type { Entities } from "../../domain/support.js";
import { findPhonesAndDates, readIdentityClaims, type DateOrder } from "../../conversation/identity.js";

/**
 * Entity extraction. Phone numbers (libphonenumber-js), dates (chrono-node)
 * and names come from the identity reader; places, devices, amounts and
 * customer ids from the small patterns below. Only what the customer wrote is
 * returned; nothing is guessed.
 */

export type { DateOrder };

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

const CUSTOMER_ID_RE = /\b(C-?\d{3,})\b|\bcustomer\s+(?:id|number|no\.?)\s*(?:is|:)?\s*([A-Z]?-?\d{3,})\b/i;

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

export interface ExtractOptions {
  /** The agent's last question asked for identity details: a bare name ("kevin patel") then counts. */
  expectingIdentity?: boolean;
  /** "Today", for telling a date of birth from a recent date; tests pin it. */
  now?: Date;
}

/**
 * Entities of one message. `phoneNumber` is kept as the customer wrote it
 * (the backend normalises it); `dates` holds full dates other than the date of
 * birth as YYYY-MM-DD and relative ones ("yesterday", "since monday") as written.
 */
export function extractEntities(text: string, order: DateOrder = "dmy", options: ExtractOptions = {}): Entities {
  const now = options.now ?? new Date();
  const entities: Entities = { amounts: findAmounts(text), dates: [] };
  const identity = readIdentityClaims(text, { expectingIdentity: options.expectingIdentity ?? false, dateOrder: order, now }).claims;
  const { phones, dates: full } = findPhonesAndDates(text, order, now);
  const phone = phones[0];
  if (phone) entities.phoneNumber = phone.raw;
  if (identity.fullName) entities.fullName = identity.fullName;
  if (identity.dateOfBirth) entities.dateOfBirth = identity.dateOfBirth;
  const customerId = findCustomerId(text);
  if (customerId) entities.customerId = customerId;
  const location = findLocation(text);
  if (location) entities.location = location;
  const device = findDevice(text);
  if (device) entities.device = device;

  // Full dates other than the birth date, then the relative ones chrono reads ("yesterday", "last night").
  let dobSkipped = false;
  for (const d of full) {
    if (!dobSkipped && d.iso === identity.dateOfBirth) {
      dobSkipped = true;
      continue;
    }
    entities.dates.push(d.iso);
  }
  for (const r of chrono.en.casual.parse(text, now)) {
    const end = r.index + r.text.length;
    if (full.some((d) => r.index < d.end && end > d.start)) continue;
    if (phones.some((p) => r.index < p.end && end > p.start)) continue;
    entities.dates.push(r.text.toLowerCase());
  }
  return entities;
}
