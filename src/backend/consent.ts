import type { z } from "zod";
import type { AccountActionKind, Proposal, ProposalRequest, Refusal } from "./schemas.js";

/**
 * The consent protocol's moving parts. An account action is prepared the same
 * way when it is proposed and when it runs: its arguments are normalised
 * (resolved ids and values), policy is applied and it is priced. Only a
 * prepared action that policy allows can be proposed or carried out.
 */

/** The arguments a proposal pins down, e.g. { lineId: "L-1002", gb: 2 }. */
export type NormalisedArgs = Proposal["args"];

export type ProposalRequestParsed = z.output<typeof ProposalRequest>;

interface PreparedBase {
  action: AccountActionKind;
  args: NormalisedArgs;
}
/** Policy refused it: nothing can be proposed, and a matching accepted proposal fails. */
export interface Blocked extends PreparedBase {
  refusal: Refusal;
}
/** Allowed: what it costs, what the customer is told, and how to do it. */
export interface Ready<R> extends PreparedBase {
  refusal: null;
  price: number | null;
  pricePer: Proposal["pricePer"];
  /** Customer-facing, starting with a verb: "add 2 GB of data to 555-010-0002 for $10.00, charged to your next bill". */
  effect: string;
  apply: () => R;
}
export type Prepared<R> = Blocked | Ready<R>;

/** Exactly the same keys with exactly the same values: consent covers what was agreed and nothing else. */
export function sameArgs(a: NormalisedArgs, b: NormalisedArgs): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && Object.is(a[k], b[k]));
}

/** "2026-11-30" + 1 -> "2026-12-01". */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface RoamingResult {
  lineId: string;
  roamingEnabled: boolean;
  charge: number;
  note: string;
}
export interface TopUpResult {
  lineId: string;
  addedGb: number;
  remainingGb: number;
  charge: number;
  billId: string;
}
export interface PlanChangeResult {
  lineId: string;
  /** The plan the line is on now (the new one after an upgrade). */
  planId: string;
  /** Set after a downgrade: the plan the line moves to on `effectiveFrom`. */
  pendingPlanId: string | null;
  effectiveFrom: string;
  /** Prorated difference added to the current bill (0 for a downgrade). */
  charge: number;
}
