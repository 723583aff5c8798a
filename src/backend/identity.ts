/** Input normalisation for identity checks: what a customer types rarely matches the file byte for byte. */

/** "(555) 010-0001", "555.010.0001", "+1 555 010 0001", "15550100001" -> "+15550100001"; null when not a valid number. */
export function normalizePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s\-().]/g, "");
  let digits: string;
  if (compact.startsWith("+")) {
    if (!/^\+1\d{10}$/.test(compact)) return null;
    digits = compact.slice(2);
  } else if (/^1\d{10}$/.test(compact)) digits = compact.slice(1);
  else if (/^\d{10}$/.test(compact)) digits = compact;
  else return null;
  return `+1${digits}`;
}

/** Case, accents, apostrophes and extra spaces do not matter: "josé  ramírez" matches "Jose Ramirez". */
export function normalizeName(input: string): string {
  return input
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[-_]/g, " ")
    .replace(/[^a-z ]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Accepts YYYY-MM-DD, YYYY/MM/DD and the US MM/DD/YYYY; returns YYYY-MM-DD or null if it is not a real date. */
export function parseDateOfBirth(input: string): string | null {
  const s = input.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(s))) [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** Enough to confirm the right account ("M***") without disclosing the name. */
export function maskFirstName(name: string): string {
  return `${name.slice(0, 1).toUpperCase()}***`;
}
