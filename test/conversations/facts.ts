import type { Mention } from "./schema.js";
import { DATASET } from "./people.js";

/**
 * Facts of the dataset as the replies may write them. Every figure comes from
 * data/telecom/dataset.json, so an expectation cannot drift from the data.
 */

/** An amount in dollars however it is written: "$65", "$65.00", "65 dollars", "USD 65". */
export function money(amount: number): Mention {
  const whole = Number.isInteger(amount);
  const n = whole ? String(amount) : amount.toFixed(2);
  const cents = whole ? "(\\.00)?" : "";
  return {
    any: [new RegExp(`\\$\\s?${n.replace(".", "\\.")}${cents}(?![\\d.]*\\d)`), new RegExp(`\\b${n.replace(".", "\\.")}${cents} ?(dollars|USD)\\b`, "i"), new RegExp(`USD ?${n.replace(".", "\\.")}\\b`)],
    label: `$${n}`,
  };
}

export function plan(id: string) {
  const p = DATASET.plans.find((x) => x.id === id);
  if (!p) throw new Error(`no plan ${id}`);
  return p;
}

export function line(id: string) {
  const l = DATASET.lines.find((x) => x.id === id);
  if (!l) throw new Error(`no line ${id}`);
  return l;
}

export function bill(id: string) {
  const b = DATASET.bills.find((x) => x.id === id);
  if (!b) throw new Error(`no bill ${id}`);
  return b;
}

export function outage(id: string) {
  const o = DATASET.outages.find((x) => x.id === id);
  if (!o) throw new Error(`no outage ${id}`);
  return o;
}

/** GB of data as written: "60 GB", "60GB", "60 gigabytes". */
export function gb(n: number): Mention {
  return { any: [new RegExp(`\\b${String(n).replace(".", "\\.")} ?(GB|gigabytes?)\\b`, "i")], label: `${n} GB` };
}

/**
 * A time of day from the data, in UTC or in Springfield's Central time (the dataset
 * keeps times in UTC and its areas have no time zone), in 24-hour or 12-hour form.
 */
export function timeOfDay(iso: string): Mention {
  const utc = new Date(iso);
  const forms = (h: number, m: number) => {
    const mm = String(m).padStart(2, "0");
    const h12 = h % 12 === 0 ? 12 : h % 12;
    const ampm = h < 12 ? "a\\.?m\\.?" : "p\\.?m\\.?";
    return [
      new RegExp(`\\b${String(h).padStart(2, "0")}:${mm}\\b`),
      new RegExp(`(?<![\\d:])${h}:${mm}\\b`),
      new RegExp(`\\b${h12}(:${mm})? ?${ampm}`, "i"),
    ];
  };
  const central = new Date(utc.getTime() - 6 * 3_600_000);
  return {
    any: [...forms(utc.getUTCHours(), utc.getUTCMinutes()), ...forms(central.getUTCHours(), central.getUTCMinutes())],
    label: `${iso.slice(11, 16)} UTC`,
  };
}

/** A calendar date from the data as written: "November 25", "Nov 25", "25 November", "2026-11-25", "11/25". */
export function calendarDate(ymd: string): Mention {
  const [, m, d] = ymd.split("-").map(Number) as [number, number, number];
  const month = new Date(Date.UTC(2000, m - 1, 1)).toLocaleString("en-US", { month: "long", timeZone: "UTC" });
  const short = month.slice(0, 3);
  return {
    any: [
      new RegExp(`\\b(${month}|${short}\\.?) ${d}(st|nd|rd|th)?\\b`, "i"),
      new RegExp(`\\b${d}(st|nd|rd|th)? (of )?(${month}|${short})\\b`, "i"),
      ymd,
      new RegExp(`\\b0?${m}/0?${d}\\b`),
    ],
    label: ymd,
  };
}

/** Any of several mentions (nested alternatives are flattened). */
export function anyOf(label: string, ...items: Mention[]): Mention {
  return { any: items.flatMap((m) => (typeof m === "string" || m instanceof RegExp ? [m] : m.any)), label };
}
