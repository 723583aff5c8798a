import type { Bill, Line } from "./schemas.js";

/**
 * How the backend names things in sentences a customer reads (refusals'
 * customerMessage, proposals' effect): numbers as people write them, dates in
 * words, money with its symbol, and never an internal id.
 */

/** 12.5 -> "$12.50" in the operator's currency. */
export function money(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount);
}

/** "2026-08-31" or an ISO datetime -> "31 August 2026". */
export function longDate(isoDate: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${isoDate.slice(0, 10)}T12:00:00Z`),
  );
}

/** "2026-11-23" -> "Monday 23 November 2026". */
export function dayAndDate(isoDate: string): string {
  const weekday = new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone: "UTC" }).format(new Date(`${isoDate}T12:00:00Z`));
  return `${weekday} ${longDate(isoDate)}`;
}

/** An ISO datetime -> "21 November 2026 at 20:00 UTC": outage repair times are stored in UTC. */
export function dateAndTimeUtc(isoDateTime: string): string {
  const d = new Date(isoDateTime);
  return `${longDate(d.toISOString())} at ${d.toISOString().slice(11, 16)} UTC`;
}

/** "+15550100002" -> "555-010-0002". The schema guarantees +1 and 10 digits, so this only formats. */
export function phone(e164: string): string {
  const d = e164.slice(2);
  return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
}

/** A line as its owner knows it: "your line 555-010-0002" / "your broadband (service number 555-020-0005)". */
export function lineName(line: Pick<Line, "kind" | "number">): string {
  return line.kind === "mobile" ? `your line ${phone(line.number)}` : `your home broadband (service number ${phone(line.number)})`;
}

/** A bill by the month it covers: "your September 2026 bill". */
export function billName(bill: Pick<Bill, "periodStart">): string {
  const month = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${bill.periodStart}T12:00:00Z`),
  );
  return `your ${month} bill`;
}

/** "suspended" / "pending activation" / "closed" as words. */
export function statusWords(status: Line["status"]): string {
  return status === "pending_activation" ? "not yet active" : status.replace("_", " ");
}
