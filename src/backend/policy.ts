import { billName, dateAndTimeUtc, lineName, longDate, money, statusWords } from "./wording.js";
import type {
  Bill,
  Impact,
  Line,
  NextStep,
  Operator,
  Outage,
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
 * action is allowed, or a Refusal: a staff reason and a customer sentence.
 */

/**
 * A refusal: `reason` is for staff and engines (it may name ids and say what
 * to do), `customerMessage` is one sentence a customer may read as it is.
 */
export function refuse(code: RefusalCode, reason: string, nextStep: NextStep, customerMessage: string): Refusal {
  return { ok: false, code, reason, customerMessage, nextStep };
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
  const max = op.maxTopUpGb;
  if (!Number.isFinite(gb) || gb <= 0)
    return refuse("invalid_input", "A top-up must be a positive number of GB.", "ask_customer", `How much data would you like to add? You can add up to ${max} GB at a time.`);
  if (gb > max)
    return refuse(
      "policy",
      `A single top-up is at most ${max} GB; ${gb} GB was asked. Offer ${max} GB now, or a plan with more data.`,
      "inform_customer",
      `A single top-up can add at most ${max} GB, so I can add ${max} GB now, or we can look at a plan with more data.`,
    );
  if (!Number.isInteger(gb * 2))
    return refuse("invalid_input", "Top-ups are sold in steps of 0.5 GB.", "ask_customer", "Top-ups come in steps of half a gigabyte, for example 1 or 1.5 GB; how much would you like?");
  if (line.kind !== "mobile")
    return refuse("policy", "Data top-ups are only for mobile lines; broadband has no data limit.", "inform_customer", "Home broadband has no data limit, so it never needs a top-up.");
  if (line.status !== "active")
    return refuse(
      "policy",
      `The line is ${line.status.replace("_", " ")}, so it cannot be topped up. Resolve the line status first.`,
      "inform_customer",
      `${cap(lineName(line))} is ${statusWords(line.status)}, so data can't be added to it until that is sorted out.`,
    );
  if (plan.dataLimitGb === null || plan.topUpPricePerGb === null)
    return refuse(
      "policy",
      `${plan.name} has no data limit, so a top-up is not needed and not offered.`,
      "inform_customer",
      `${plan.name} has no data limit, so you don't need a top-up.`,
    );
  const left = remainingDataGb(line, plan)!;
  if (left >= op.topUpThresholdGb)
    return refuse(
      "policy",
      `The line does not need a top-up: ${left} GB of data is left this cycle (top-ups are for lines with less than ${op.topUpThresholdGb} GB left).`,
      "inform_customer",
      `You still have ${left} GB of data left this cycle, and top-ups are for when less than ${op.topUpThresholdGb} GB is left, so you don't need one yet.`,
    );
  return null;
}

export function checkPaymentRequest(bill: Bill, pending: PaymentRequest[], pendingBill: Bill | undefined, currency: string): Refusal | null {
  const open = pending.find((p) => p.status === "pending");
  if (open)
    return refuse(
      "policy",
      `A payment request (${open.id}, ${open.amount.toFixed(2)} for bill ${open.billId}) is already pending; only one can be pending at a time. Ask the customer to pay that one first.`,
      "inform_customer",
      `You already have a payment link for ${money(open.amount, currency)}${pendingBill ? ` for ${billName(pendingBill)}` : ""}, sent on ${longDate(open.sentAt)}; once that is paid I can send another.`,
    );
  if (bill.status !== "overdue")
    return refuse(
      "policy",
      `Bill ${bill.id} is ${bill.status.replace("_", " ")}, not overdue; payment requests are only sent for overdue bills.`,
      "inform_customer",
      bill.status === "paid"
        ? `${cap(billName(bill))} is already paid, so there is nothing to send a payment link for.`
        : `${cap(billName(bill))} isn't overdue, so there is no payment link to send; it will be paid the usual way.`,
    );
  return null;
}

export function checkResume(line: Line, suspensionBill: Bill | undefined, now: Date): Refusal | null {
  if (line.status !== "suspended")
    return refuse(
      "policy",
      `The line is ${line.status.replace("_", " ")}, not suspended; there is nothing to resume.`,
      "inform_customer",
      line.status === "active"
        ? `${cap(lineName(line))} is already switched on, so there is nothing to resume.`
        : `${cap(lineName(line))} is ${statusWords(line.status)}, not suspended, so it can't be resumed.`,
    );
  if (contractEnded(line, now))
    return refuse(
      "policy",
      `The line's contract ended on ${line.contractEnd}; a line whose contract has ended cannot be resumed by the agent. Hand over to an account specialist to renew.`,
      "hand_over",
      `This line's contract ended on ${longDate(line.contractEnd!)}, so I can't switch it back on from here; a colleague in our accounts team can renew it for you.`,
    );
  switch (line.suspensionReason) {
    case "overdue_bill":
      if (!suspensionBill || suspensionBill.status !== "paid")
        return refuse(
          "policy",
          `The line was suspended for overdue bill ${line.suspensionBillId}, which is ${suspensionBill ? suspensionBill.status.replace("_", " ") : "unknown"}; it can be resumed only after that bill is paid.`,
          "inform_customer",
          `${cap(lineName(line))} was paused because ${suspensionBill ? billName(suspensionBill) : "a bill"} is unpaid; once it is paid I can switch the line back on.`,
        );
      return null;
    case "lost_stolen":
    case "fraud_check":
      return refuse(
        "policy",
        `The line was suspended (${line.suspensionReason!.replace("_", " ")}); only a specialist can lift that after further checks.`,
        "hand_over",
        line.suspensionReason === "lost_stolen"
          ? "This line was blocked after the phone was reported lost or stolen, so a colleague needs to run a few security checks before it can be switched back on."
          : "This line is paused for a security check, so a colleague needs to finish that check before it can be switched back on.",
      );
    default:
      return null;
  }
}

export function checkRoaming(line: Line, enable: boolean): Refusal | null {
  if (line.kind !== "mobile")
    return refuse("policy", "Roaming applies only to mobile lines.", "inform_customer", "Roaming only applies to mobile lines.");
  if (enable && line.status !== "active")
    return refuse(
      "policy",
      `The line is ${line.status.replace("_", " ")}; roaming can only be enabled on an active line.`,
      "inform_customer",
      `${cap(lineName(line))} is ${statusWords(line.status)}, and roaming can only be switched on for an active line.`,
    );
  if (line.status === "closed")
    return refuse("policy", "The line is closed.", "inform_customer", `${cap(lineName(line))} is closed, so its settings can't be changed.`);
  return null;
}

export function checkTechnician(line: Line, activeOutage: Outage | undefined): Refusal | null {
  if (line.kind !== "broadband")
    return refuse("policy", "Technician visits are for home broadband lines.", "inform_customer", "Technician visits are for home broadband; for a phone, a store can take a look.");
  if (line.status === "closed")
    return refuse("policy", "The line is closed.", "inform_customer", `${cap(lineName(line))} is closed, so a visit can't be booked for it.`);
  if (activeOutage)
    return refuse(
      "policy",
      "There is an active broadband outage in the customer's area; a technician visit will not help until it is fixed. Share the outage and its estimated resolution.",
      "inform_customer",
      `There is a broadband outage in your area${activeOutage.estimatedResolution ? ` that should be fixed by ${dateAndTimeUtc(activeOutage.estimatedResolution)}` : ""}, and a technician visit can't help until it is repaired.`,
    );
  return null;
}

/** The days a bill has been past due on `now`; 0 when it is not past due. */
export function daysOverdue(bill: Bill, now: Date): number {
  if (!bill.dueDate || (bill.status !== "overdue" && bill.status !== "awaiting_payment")) return 0;
  return Math.max(0, daysBetween(bill.dueDate, today(now)));
}

/**
 * Plan changes (knowledge: plan-upgrades-and-eligibility): active lines only;
 * no bill more than `planChangeMaxDaysOverdue` days overdue; a downgrade only
 * with nothing overdue at all.
 */
export function checkPlanChange(line: Line, current: Plan, next: Plan, bills: Bill[], op: Operator, now: Date): Refusal | null {
  if (next.kind !== line.kind)
    return refuse(
      "invalid_input",
      `${next.name} is a ${next.kind} plan; line ${line.id} is a ${line.kind} line.`,
      "ask_customer",
      `${next.name} is a ${next.kind === "mobile" ? "mobile" : "home broadband"} plan, so it can't go on ${lineName(line)}; which plan did you have in mind?`,
    );
  if (line.status !== "active")
    return refuse(
      "policy",
      `The line is ${line.status.replace("_", " ")}; only an active line can change plan.`,
      "inform_customer",
      `${cap(lineName(line))} is ${statusWords(line.status)}, and a plan can only be changed on an active line.`,
    );
  if (next.id === current.id && line.pendingPlanId === null)
    return refuse("policy", `The line is already on ${next.name}.`, "inform_customer", `${cap(lineName(line))} is already on ${next.name}.`);
  const worst = bills.reduce((max, b) => Math.max(max, daysOverdue(b, now)), 0);
  if (worst > op.planChangeMaxDaysOverdue)
    return refuse(
      "policy",
      `A bill is ${worst} days overdue (more than ${op.planChangeMaxDaysOverdue}); no plan change until it is paid.`,
      "inform_customer",
      `A bill on your account is more than ${op.planChangeMaxDaysOverdue} days overdue, so the plan can't be changed until it is paid; I can send you a payment link.`,
    );
  if (next.monthlyPrice < current.monthlyPrice && bills.some((b) => daysOverdue(b, now) > 0))
    return refuse(
      "policy",
      `A downgrade is not allowed while a bill is overdue.`,
      "inform_customer",
      "A move to a cheaper plan can be made once your overdue bill is paid; I can send you a payment link.",
    );
  return null;
}

/** A sentence start: "your line ..." -> "Your line ...". */
export function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
