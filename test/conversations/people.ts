import { readFileSync } from "node:fs";
import { DEFAULT_DATASET_PATH } from "../../src/backend/index.js";
import type { Dataset } from "../../src/backend/schemas.js";
import type { Rng } from "./rng.js";

/**
 * The customers of the built-in dataset as the conversations need them, read from
 * the dataset itself so that every figure an expectation names is the data's.
 */
export const DATASET: Dataset = JSON.parse(readFileSync(DEFAULT_DATASET_PATH, "utf8")) as Dataset;

export interface Person {
  customerId: string;
  firstName: string;
  lastName: string;
  fullName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  /** The 10 digits of the contact number, e.g. "5550100005". */
  digits: string;
}

export function person(firstName: string): Person {
  const c = DATASET.customers.find((x) => x.firstName === firstName);
  if (!c) throw new Error(`no customer named ${firstName} in the dataset`);
  return {
    customerId: c.id,
    firstName: c.firstName,
    lastName: c.lastName,
    fullName: `${c.firstName} ${c.lastName}`,
    dateOfBirth: c.dateOfBirth,
    digits: c.contactPhone.replace(/^\+1/, ""),
  };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The phone number as people write it. */
export function phoneAsWritten(p: Person, rng: Rng): string {
  const d = p.digits;
  const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
  return rng.pick([`${a} ${b} ${c}`, d, `(${a}) ${b}-${c}`, `${a}-${b}-${c}`, `+1 ${a} ${b} ${c}`, `${a}.${b}.${c}`]);
}

/** The date of birth as people write it; day-first only when it cannot be read the other way. */
export function dobAsWritten(p: Person, rng: Rng): string {
  const [y, m, d] = p.dateOfBirth.split("-").map(Number) as [number, number, number];
  const month = MONTHS[m - 1]!;
  const forms = [
    p.dateOfBirth,
    `${month} ${d}, ${y}`,
    `${d} ${month} ${y}`,
    `${String(m).padStart(2, "0")}/${String(d).padStart(2, "0")}/${y}`,
    `${month.slice(0, 3)} ${d} ${y}`,
  ];
  if (d > 12) forms.push(`${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`);
  return rng.pick(forms);
}

export function nameAsWritten(p: Person, rng: Rng): string {
  return rng.pick([p.fullName, p.fullName.toLowerCase(), p.fullName]);
}

/**
 * One message that identifies the customer by phone and name, in one of the orders
 * people use. Braces keep the details safe from the typo generator: a misspelt name is
 * a different test.
 */
export function phoneAndName(p: Person, rng: Rng): string {
  const phone = `{${phoneAsWritten(p, rng)}}`;
  const name = `{${nameAsWritten(p, rng)}}`;
  return rng.pick([
    `${name} ${phone}`,
    `${phone}, ${name}`,
    `it's ${name}, my number is ${phone}`,
    `my number is ${phone} and my name is ${name}`,
    `${name} here, ${phone}`,
    `name: ${name} / phone: ${phone}`,
    `this is ${name}. number ${phone}`,
    `${phone} ${name}`,
  ]);
}

/** One message with the name and date of birth (allowed by policy without a number). */
export function nameAndDob(p: Person, rng: Rng): string {
  const name = `{${nameAsWritten(p, rng)}}`;
  const dob = `{${dobAsWritten(p, rng)}}`;
  return rng.pick([`${name} ${dob}`, `${name}, born ${dob}`, `I'm ${name}, date of birth ${dob}`, `dob ${dob}, ${name}`, `${name} dob ${dob}`]);
}

/** One message with the number and date of birth. */
export function phoneAndDob(p: Person, rng: Rng): string {
  const phone = `{${phoneAsWritten(p, rng)}}`;
  const dob = `{${dobAsWritten(p, rng)}}`;
  return rng.pick([`${phone}, born ${dob}`, `number ${phone} dob ${dob}`, `my number is ${phone}, birthday ${dob}`]);
}

/** Any complete identification in one message. */
export function identity(p: Person, rng: Rng): string {
  const r = rng.next();
  if (r < 0.6) return phoneAndName(p, rng);
  if (r < 0.85) return nameAndDob(p, rng);
  return phoneAndDob(p, rng);
}

/** The identification spread over two messages: the number first, the name next (or the other way). */
export function identityInTwo(p: Person, rng: Rng): [string, string] {
  const phone = `{${phoneAsWritten(p, rng)}}`;
  const name = `{${nameAsWritten(p, rng)}}`;
  if (rng.chance(0.5)) return [rng.pick([`my number is ${phone}`, phone, `its ${phone}`]), rng.pick([name, `${name}`, `name is ${name}`])];
  return [rng.pick([`I'm ${name}`, `${name}`, `this is ${name}`]), rng.pick([`number ${phone}`, phone, `my phone is ${phone}`])];
}
