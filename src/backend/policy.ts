import type {
  Bill,
  Impact,
  Line,
  NextStep,
  Operator,
  PaymentRequest,
  Plan,
  Refusal,
  RefusalCode,
  Sentiment,
  Tier,
  TicketPriority,
  Urgency,
} from "./schemas.js";

/**
 * The carrier's rules as small pure functions. Each returns null when the
 * action is allowed, or a Refusal whose reason the agent can pass on.
 */

export function refuse(code: RefusalCode, reason: string, nextStep: NextStep): Refusal {
  return { ok: false, code, reason, nextStep };
}

/** Whole days from `from` to `to` (YYYY-MM-DD or ISO datetime); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const a = Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10));
  const b = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10));
  return Math.round((b - a) / 86_400_000);
}

export function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** A contract has ended when its end date is before today. No contract (null) never "ends". */
export function contractEnded(line: Line, now: Date): boolean {
  return line.contractEnd !== null && line.contractEnd < today(now);
}

/** GB left this cycle; null when the plan has no limit. */
export function remainingDataGb(line: Line, plan: Plan): number | null {
  if (plan.dataLimitGb === null) return null;
  return round2(plan.dataLimitGb + line.dataRefuelledGb - line.dataUsedGb);
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export function checkTopUp(line: Line, plan: Plan, gb: number, op: Operator): Refusal | null {
  if (!Number.isFinite(gb) || gb <= 0)
    return refuse("invalid_input", "A top-up must be a positive number of GB.", "ask_customer");
  if (gb > op.maxTopUpGb)
    return refuse(
      "policy",
      `A single top-up is at most ${op.maxTopUpGb} GB; ${gb} GB was asked. Offer ${op.maxTopUpGb} GB now, or a plan with more data.`,
      "inform_customer",
    );
  if (!Number.isInteger(gb * 2))
    return refuse("invalid_input", "Top-ups are sold in steps of 0.5 GB.", "ask_customer");
  if (line.kind !== "mobile")
    return refuse("policy", "Data top-ups are only for mobile lines; broadband has no data limit.", "inform_customer");
  if (line.status !== "active")
    return refuse(
      "policy",
      `The line is ${line.status.replace("_", " ")}, so it cannot be topped up. Resolve the line status first.`,
      "inform_customer",
    );
  if (plan.dataLimitGb === null || plan.topUpPricePerGb === null)
    return refuse("policy", `${plan.name} has no data limit, so a top-up is not needed and not offered.`, "inform_customer");
  const left = remainingDataGb(line, plan)!;
  if (left >= op.topUpThresholdGb)
    return refuse(
      "policy",
      `The line does not need a top-up: ${left} GB of data is left this cycle (top-ups are for lines with less than ${op.topUpThresholdGb} GB left).`,
      "inform_customer",
    );
  return null;
}

export function checkPaymentRequest(bill: Bill, pending: PaymentRequest[]): Refusal | null {
  const open = pending.find((p) => p.status === "pending");
  if (open)
    return refuse(
      "policy",
      `A payment request (${open.id}, ${open.amount.toFixed(2)} for bill ${open.billId}) is already pending; only one can be pending at a time. Ask the customer to pay that one first.`,
      "inform_customer",
    );
  if (bill.status !== "overdue")
    return refuse(
      "policy",
      `Bill ${bill.id} is ${bill.status.replace("_", " ")}, not overdue; payment requests are only sent for overdue bills.`,
      "inform_customer",
    );
  return null;
}

export function checkResume(line: Line, suspensionBill: Bill | undefined, now: Date): Refusal | null {
  if (line.status !== "suspended")
    return refuse("policy", `The line is ${line.status.replace("_", " ")}, not suspended; there is nothing to resume.`, "inform_customer");
  if (contractEnded(line, now))
    return refuse(
      "policy",
      `The line's contract ended on ${line.contractEnd}; a line whose contract has ended cannot be resumed by the agent. Hand over to an account specialist to renew.`,
      "hand_over",
    );
  switch (line.suspensionReason) {
    case "overdue_bill":
      if (!suspensionBill || suspensionBill.status !== "paid")
        return refuse(
          "policy",
          `The line was suspended for overdue bill ${line.suspensionBillId}, which is ${suspensionBill ? suspensionBill.status.replace("_", " ") : "unknown"}; it can be resumed only after that bill is paid.`,
          "inform_customer",
        );
      return null;
    case "lost_stolen":
    case "fraud_check":
      return refuse(
        "policy",
        `The line was suspended (${line.suspensionReason!.replace("_", " ")}); only a specialist can lift that after further checks.`,
        "hand_over",
      );
    default:
      return null;
  }
}

export function checkRoaming(line: Line, enable: boolean): Refusal | null {
  if (line.kind !== "mobile") return refuse("policy", "Roaming applies only to mobile lines.", "inform_customer");
  if (enable && line.status !== "active")
    return refuse(
      "policy",
      `The line is ${line.status.replace("_", " ")}; roaming can only be enabled on an active line.`,
      "inform_customer",
    );
  if (line.status === "closed") return refuse("policy", "The line is closed.", "inform_customer");
  return null;
}

export function checkTechnician(line: Line, activeOutage: boolean): Refusal | null {
  if (line.kind !== "broadband")
    return refuse("policy", "Technician visits are for home broadband lines.", "inform_customer");
  if (line.status === "closed") return refuse("policy", "The line is closed.", "inform_customer");
  if (activeOutage)
    return refuse(
      "policy",
      "There is an active broadband outage in the customer's area; a technician visit will not help until it is fixed. Share the outage and its estimated resolution.",
      "inform_customer",
    );
  return null;
}

const URGENCY_SCORE: Record<Urgency, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const SENTIMENT_SCORE: Record<Sentiment, number> = { positive: 0, neutral: 0, negative: 1, angry: 2 };
const IMPACT_SCORE: Record<Impact, number> = { minor: 0, degraded: 1, no_service: 2 };
const TIER_SCORE: Record<Tier, number> = { standard: 0, premium: 1, business: 2 };

/**
 * Ticket priority from urgency, sentiment, impact and tier. Additive so each
 * factor moves it; a critical urgency is never below high, whatever the rest says.
 */
export function derivePriority(input: {
  urgency: Urgency;
  sentiment: Sentiment;
  impact: Impact;
  tier: Tier;
}): TicketPriority {
  const score =
    URGENCY_SCORE[input.urgency] + SENTIMENT_SCORE[input.sentiment] + IMPACT_SCORE[input.impact] + TIER_SCORE[input.tier];
  let p: TicketPriority = score >= 6 ? "urgent" : score >= 4 ? "high" : score >= 2 ? "medium" : "low";
  if (input.urgency === "critical" && (p === "low" || p === "medium")) p = "high";
  return p;
}
