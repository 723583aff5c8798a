import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { Dataset, type Dataset as DatasetT } from "./schemas.js";

/** A dataset (or state) file that cannot be used; `issues` names each record and field. */
export class DatasetError extends Error {
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    const shown = issues.slice(0, 10).join("\n  ");
    const more = issues.length > 10 ? `\n  ... and ${issues.length - 10} more` : "";
    super(`${file}: ${issues.length} problem(s):\n  ${shown}${more}`);
    this.name = "DatasetError";
  }
}

type Raw = Record<string, unknown>;

/** `lines[3] (id "L-0004")`: the position alone is hard to find in a long file, the id alone is ambiguous for duplicates. */
function recordLabel(raw: unknown, collection: string, index: number): string {
  const rec = (raw as Raw | undefined)?.[collection];
  const item = Array.isArray(rec) ? (rec[index] as Raw | undefined) : undefined;
  const id = item && typeof item === "object" && typeof item.id === "string" ? ` (id "${item.id}")` : "";
  return `${collection}[${index}]${id}`;
}

function formatZodIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  if (path.length >= 2 && /^\d+$/.test(path[1]!)) {
    const label = recordLabel(raw, path[0]!, Number(path[1]));
    const field = path.slice(2).join(".");
    return `${label}${field ? `: field "${field}"` : ""}: ${issue.message}`;
  }
  return `${path.length ? `field "${path.join(".")}"` : "file"}: ${issue.message}`;
}

const CENT = 0.005;

/** Cross-record checks a schema cannot express: unique ids, references, sums. */
export function checkConsistency(d: DatasetT): string[] {
  const issues: string[] = [];
  const label = (collection: string, index: number, id: string) => `${collection}[${index}] (id "${id}")`;

  const indexBy = <T extends { id: string }>(collection: string, items: T[]): Map<string, T> => {
    const map = new Map<string, T>();
    items.forEach((item, i) => {
      if (map.has(item.id)) issues.push(`${label(collection, i, item.id)}: duplicate id "${item.id}"`);
      else map.set(item.id, item);
    });
    return map;
  };
  const plans = indexBy("plans", d.plans);
  const customers = indexBy("customers", d.customers);
  const lines = indexBy("lines", d.lines);
  const bills = indexBy("bills", d.bills);
  indexBy("paymentRequests", d.paymentRequests);
  indexBy("devices", d.devices);
  const areas = indexBy("areas", d.areas);
  indexBy("outages", d.outages);
  indexBy("tickets", d.tickets);

  d.customers.forEach((c, i) => {
    const at = label("customers", i, c.id);
    if (!areas.has(c.address.areaId)) issues.push(`${at}: address.areaId "${c.address.areaId}" does not exist`);
    if (c.previousAddress && !areas.has(c.previousAddress.areaId))
      issues.push(`${at}: previousAddress.areaId "${c.previousAddress.areaId}" does not exist`);
    if (c.paymentMethods.filter((p) => p.isDefault).length > 1)
      issues.push(`${at}: paymentMethods has more than one default method`);
    const pmIds = new Set<string>();
    for (const p of c.paymentMethods) {
      if (pmIds.has(p.id)) issues.push(`${at}: paymentMethods has duplicate id "${p.id}"`);
      pmIds.add(p.id);
    }
  });

  const numbers = new Map<string, string>();
  d.lines.forEach((l, i) => {
    const at = label("lines", i, l.id);
    const plan = plans.get(l.planId);
    if (!customers.has(l.customerId)) issues.push(`${at}: customer "${l.customerId}" does not exist`);
    if (!plan) issues.push(`${at}: plan "${l.planId}" does not exist`);
    else if (plan.kind !== l.kind) issues.push(`${at}: plan "${l.planId}" is a ${plan.kind} plan but the line is ${l.kind}`);
    const other = numbers.get(l.number);
    if (other) issues.push(`${at}: number "${l.number}" is already used by line "${other}"`);
    else numbers.set(l.number, l.id);
    if (l.status === "suspended" && !l.suspensionReason)
      issues.push(`${at}: suspensionReason is required when status is "suspended"`);
    if (l.status !== "suspended" && l.suspensionReason)
      issues.push(`${at}: suspensionReason is set but status is "${l.status}"`);
    if (l.suspensionReason === "overdue_bill" && !l.suspensionBillId)
      issues.push(`${at}: suspensionBillId is required when suspensionReason is "overdue_bill"`);
    if (l.suspensionBillId) {
      const bill = bills.get(l.suspensionBillId);
      if (!bill) issues.push(`${at}: suspensionBillId "${l.suspensionBillId}" does not exist`);
      else if (bill.customerId !== l.customerId)
        issues.push(`${at}: suspensionBillId "${l.suspensionBillId}" belongs to another customer`);
    }
    if (l.pendingPlanId) {
      const next = plans.get(l.pendingPlanId);
      if (!next) issues.push(`${at}: pendingPlanId "${l.pendingPlanId}" does not exist`);
      else if (next.kind !== l.kind) issues.push(`${at}: pendingPlanId "${l.pendingPlanId}" is a ${next.kind} plan but the line is ${l.kind}`);
    }
    if (l.kind === "broadband" && (l.roamingEnabled || l.dataUsedGb > 0 || l.dataRefuelledGb > 0))
      issues.push(`${at}: a broadband line cannot have roaming or mobile data usage`);
    if (l.kind === "mobile" && l.lineTest) issues.push(`${at}: lineTest is only for broadband lines`);
  });

  d.bills.forEach((b, i) => {
    const at = label("bills", i, b.id);
    if (!customers.has(b.customerId)) issues.push(`${at}: customer "${b.customerId}" does not exist`);
    const sum = b.lineItems.reduce((s, li) => s + li.amount, 0);
    if (Math.abs(sum - b.amount) > CENT)
      issues.push(`${at}: amount ${b.amount} does not equal the sum of its lineItems (${sum.toFixed(2)})`);
    if (b.periodEnd < b.periodStart) issues.push(`${at}: periodEnd is before periodStart`);
    if (b.issueDate && b.dueDate && b.dueDate < b.issueDate) issues.push(`${at}: dueDate is before issueDate`);
    if (b.status !== "draft" && (!b.issueDate || !b.dueDate))
      issues.push(`${at}: issueDate and dueDate are required unless status is "draft"`);
    if (b.status === "paid" && !b.paidAt) issues.push(`${at}: paidAt is required when status is "paid"`);
    b.lineItems.forEach((li, j) => {
      if (!li.lineId) return;
      const line = lines.get(li.lineId);
      if (!line) issues.push(`${at}: lineItems[${j}].lineId "${li.lineId}" does not exist`);
      else if (line.customerId !== b.customerId)
        issues.push(`${at}: lineItems[${j}].lineId "${li.lineId}" belongs to another customer`);
    });
  });

  d.paymentRequests.forEach((p, i) => {
    const at = label("paymentRequests", i, p.id);
    const bill = bills.get(p.billId);
    if (!bill) issues.push(`${at}: bill "${p.billId}" does not exist`);
    else if (bill.customerId !== p.customerId) issues.push(`${at}: bill "${p.billId}" belongs to another customer`);
    if (!customers.has(p.customerId)) issues.push(`${at}: customer "${p.customerId}" does not exist`);
  });

  d.devices.forEach((dev, i) => {
    const at = label("devices", i, dev.id);
    if (!customers.has(dev.customerId)) issues.push(`${at}: customer "${dev.customerId}" does not exist`);
    if (dev.lineId) {
      const line = lines.get(dev.lineId);
      if (!line) issues.push(`${at}: line "${dev.lineId}" does not exist`);
      else if (line.customerId !== dev.customerId) issues.push(`${at}: line "${dev.lineId}" belongs to another customer`);
    }
  });

  d.outages.forEach((o, i) => {
    if (!areas.has(o.areaId)) issues.push(`${label("outages", i, o.id)}: area "${o.areaId}" does not exist`);
  });

  d.tickets.forEach((t, i) => {
    const at = label("tickets", i, t.id);
    if (t.customerId && !customers.has(t.customerId)) issues.push(`${at}: customer "${t.customerId}" does not exist`);
    if (t.lineId) {
      const line = lines.get(t.lineId);
      if (!line) issues.push(`${at}: line "${t.lineId}" does not exist`);
      else if (line.customerId !== t.customerId) issues.push(`${at}: line "${t.lineId}" belongs to another customer`);
    }
  });
  return issues;
}

/** Validate parsed JSON; `file` only labels the messages. */
export function parseDataset(raw: unknown, file = "dataset"): DatasetT {
  const parsed = Dataset.safeParse(raw);
  if (!parsed.success) throw new DatasetError(file, parsed.error.issues.map((i) => formatZodIssue(raw, i)));
  const issues = checkConsistency(parsed.data);
  if (issues.length) throw new DatasetError(file, issues);
  return parsed.data;
}

export interface LoadedDataset {
  dataset: DatasetT;
  /** sha256 of the file's bytes: ties a state file to the dataset it was made from. */
  sha256: string;
}

export async function loadDataset(file: string): Promise<LoadedDataset> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DatasetError(file, [code === "ENOENT" ? "file not found" : `cannot be read (${String(err)})`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DatasetError(file, [`not valid JSON (${(err as Error).message})`]);
  }
  return { dataset: parseDataset(raw, file), sha256: createHash("sha256").update(text).digest("hex") };
}
