/** Customer-facing formatting of money, dates and phone numbers, shared by the account answers. */

const USD = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** "$10.00" → "$10" when whole: prices read like a person writes them. */
export function money(amount: number): string {
  return Number.isInteger(amount) ? `$${amount}` : USD.format(amount);
}

const DAY = new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" });
const DAY_TIME = new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });
const DATE = new Intl.DateTimeFormat("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" });

/** "Saturday, November 21 at 8:00 PM UTC" for a moment; "Saturday, November 21" for a day. */
export function when(iso: string): string {
  return iso.length > 10 ? DAY_TIME.format(new Date(iso)) : DAY.format(new Date(`${iso}T12:00:00Z`));
}

export function date(iso: string): string {
  return DATE.format(new Date(iso.length > 10 ? iso : `${iso}T12:00:00Z`));
}

/** "+15550100002" → "555-010-0002". */
export function phone(number: string): string {
  const digits = number.replace(/\D/g, "").slice(-10);
  return digits.length === 10 ? `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}` : number;
}

export function listOf(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
