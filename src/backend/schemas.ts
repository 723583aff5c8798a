import { z } from "zod";

/**
 * Data model of the telecom carrier ("Nimbus Mobile" in the built-in dataset).
 * Collections are flat and reference each other by id, so consistency can be
 * checked record by record (see dataset.ts) and a user can write the file by hand.
 */

const Id = z.string().min(1);
const IsoDate = z.iso.date(); // YYYY-MM-DD
const IsoDateTime = z.iso.datetime({ offset: true });
const Money = z.number().finite();
/** Numbers are stored in E.164 for the North American plan: +1 and 10 digits. */
export const E164 = z.string().regex(/^\+1\d{10}$/, "must be +1 followed by 10 digits, e.g. +15550100001");

// ---------- operator ----------
export const Operator = z.object({
  name: z.string().min(1),
  currency: z.string().length(3),
  /** Most GB a single top-up may add. */
  maxTopUpGb: z.number().positive().default(2),
  /** A mobile line needs a top-up when its remaining allowance is below this. */
  topUpThresholdGb: z.number().nonnegative().default(1),
  lateFee: Money.default(10),
  suspendAfterDaysOverdue: z.number().int().positive().default(30),
  travelPassPerDay: Money.default(8),
  /** Charged only when a technician finds the fault in the customer's own wiring or equipment. */
  technicianCalloutFee: Money.nonnegative().default(75),
  /** A bill more than this many days overdue blocks any plan change. */
  planChangeMaxDaysOverdue: z.number().int().nonnegative().default(30),
});
export type Operator = z.infer<typeof Operator>;

// ---------- plans ----------
export const PlanKind = z.enum(["mobile", "broadband"]);
export type PlanKind = z.infer<typeof PlanKind>;
export const Plan = z.object({
  id: Id,
  name: z.string().min(1),
  kind: PlanKind,
  monthlyPrice: Money.nonnegative(),
  /** GB per cycle; null = no limit (and no top-ups). Broadband plans use null. */
  dataLimitGb: z.number().nonnegative().nullable(),
  /** Price of one GB of top-up; null = top-ups not offered. */
  topUpPricePerGb: Money.nonnegative().nullable(),
  /** Broadband download speed; null for mobile plans. */
  speedMbps: z.number().int().positive().nullable().default(null),
  description: z.string().default(""),
});
export type Plan = z.infer<typeof Plan>;

// ---------- customers ----------
export const Tier = z.enum(["standard", "premium", "business"]);
export type Tier = z.infer<typeof Tier>;
export const AccountStatus = z.enum(["active", "suspended", "closed"]);
export const Address = z.object({
  street: z.string().min(1),
  city: z.string().min(1),
  state: z.string().min(1),
  postalCode: z.string().min(1),
  /** Network area the address is served by (areas[].id). */
  areaId: Id,
});
export type Address = z.infer<typeof Address>;
export const PaymentMethod = z.object({
  id: Id,
  type: z.enum(["card", "bank_account", "paypal"]),
  /** Last 4 digits of card or account; never the full number. */
  last4: z.string().regex(/^\d{4}$/).nullable(),
  brand: z.string().nullable().default(null),
  expires: z.string().regex(/^\d{2}\/\d{2}$/, "must be MM/YY").nullable().default(null),
  isDefault: z.boolean(),
  autopay: z.boolean().default(false),
});
export type PaymentMethod = z.infer<typeof PaymentMethod>;
export const Customer = z.object({
  id: Id,
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  dateOfBirth: IsoDate,
  email: z.email(),
  contactPhone: E164,
  address: Address,
  /** Set when the customer moved recently: the address before the move and the date. */
  previousAddress: Address.nullable().default(null),
  movedAt: IsoDate.nullable().default(null),
  accountStatus: AccountStatus,
  tier: Tier,
  customerSince: IsoDate,
  paymentMethods: z.array(PaymentMethod),
  notes: z.string().default(""),
});
export type Customer = z.infer<typeof Customer>;

// ---------- lines ----------
export const LineStatus = z.enum(["active", "suspended", "pending_activation", "closed"]);
export type LineStatus = z.infer<typeof LineStatus>;
export const SuspensionReason = z.enum(["overdue_bill", "customer_request", "lost_stolen", "fraud_check"]);
export type SuspensionReason = z.infer<typeof SuspensionReason>;
export const LineTestResult = z.enum(["ok", "fault", "sync_drops", "no_sync"]);
export type LineTestResult = z.infer<typeof LineTestResult>;
export const Line = z.object({
  id: Id,
  customerId: Id,
  kind: PlanKind,
  /** Mobile number, or the service number of a broadband line. */
  number: E164,
  status: LineStatus,
  planId: Id,
  roamingEnabled: z.boolean().default(false),
  /** Carrier-side features; MMS needs mms=true. */
  features: z
    .object({ mms: z.boolean().default(true), volte: z.boolean().default(true), wifiCalling: z.boolean().default(false) })
    .default({ mms: true, volte: true, wifiCalling: false }),
  dataUsedGb: z.number().nonnegative().default(0),
  /** GB added by top-ups this cycle. */
  dataRefuelledGb: z.number().nonnegative().default(0),
  cycleEnd: IsoDate,
  /** End of the minimum term; null = no contract (month to month from the start). */
  contractEnd: IsoDate.nullable(),
  activatedAt: IsoDate.nullable().default(null),
  suspendedAt: IsoDate.nullable().default(null),
  suspensionReason: SuspensionReason.nullable().default(null),
  /** The bill whose non-payment caused the suspension (reason overdue_bill). */
  suspensionBillId: Id.nullable().default(null),
  /** A downgrade waits for the next billing cycle: the plan the line moves to then. */
  pendingPlanId: Id.nullable().default(null),
  /** Latest line test of a broadband line; null for mobile lines. */
  lineTest: z
    .object({ result: LineTestResult, testedAt: IsoDateTime, detail: z.string().default("") })
    .nullable()
    .default(null),
});
export type Line = z.infer<typeof Line>;

// ---------- bills ----------
export const BillStatus = z.enum(["draft", "issued", "paid", "overdue", "awaiting_payment"]);
export type BillStatus = z.infer<typeof BillStatus>;
export const LineItemKind = z.enum(["plan", "top_up", "roaming", "device", "late_fee", "adjustment", "other"]);
export const LineItem = z.object({
  description: z.string().min(1),
  kind: LineItemKind,
  amount: Money,
  lineId: Id.nullable().default(null),
  /** The customer disputes this charge. */
  disputed: z.boolean().default(false),
});
export type LineItem = z.infer<typeof LineItem>;
export const Bill = z.object({
  id: Id,
  customerId: Id,
  periodStart: IsoDate,
  periodEnd: IsoDate,
  issueDate: IsoDate.nullable(),
  dueDate: IsoDate.nullable(),
  amount: Money,
  status: BillStatus,
  paidAt: IsoDate.nullable().default(null),
  lineItems: z.array(LineItem),
});
export type Bill = z.infer<typeof Bill>;

export const PaymentRequest = z.object({
  id: Id,
  customerId: Id,
  billId: Id,
  amount: Money,
  channel: z.enum(["sms", "email"]),
  sentTo: z.string().min(1),
  status: z.enum(["pending", "paid", "cancelled"]),
  sentAt: IsoDateTime,
  threadId: z.string().nullable().default(null),
});
export type PaymentRequest = z.infer<typeof PaymentRequest>;

// ---------- devices ----------
export const Device = z.object({
  id: Id,
  customerId: Id,
  lineId: Id.nullable(),
  kind: z.enum(["phone", "tablet", "hotspot", "router"]),
  make: z.string().min(1),
  model: z.string().min(1),
  os: z.string().nullable().default(null),
  supports5g: z.boolean().default(false),
  simType: z.enum(["physical", "esim"]).nullable().default(null),
  installment: z.object({ monthly: Money, remainingMonths: z.number().int().nonnegative() }).nullable().default(null),
});
export type Device = z.infer<typeof Device>;

// ---------- network ----------
export const Service = z.enum(["mobile", "broadband"]);
export type Service = z.infer<typeof Service>;
export const Area = z.object({
  id: Id,
  name: z.string().min(1),
  city: z.string().min(1),
  postalCodes: z.array(z.string().min(1)).min(1),
  mobileTechnologies: z.array(z.enum(["3G", "4G", "5G"])).min(1),
  broadbandAvailable: z.boolean(),
});
export type Area = z.infer<typeof Area>;
export const Outage = z.object({
  id: Id,
  areaId: Id,
  service: Service,
  status: z.enum(["active", "planned", "resolved"]),
  severity: z.enum(["degraded", "down"]),
  title: z.string().min(1),
  description: z.string().default(""),
  startsAt: IsoDateTime,
  estimatedResolution: IsoDateTime.nullable(),
  resolvedAt: IsoDateTime.nullable().default(null),
});
export type Outage = z.infer<typeof Outage>;

// ---------- tickets ----------
export const TicketStatus = z.enum(["open", "in_progress", "waiting_customer", "resolved", "closed"]);
export type TicketStatus = z.infer<typeof TicketStatus>;
export const TicketPriority = z.enum(["low", "medium", "high", "urgent"]);
export type TicketPriority = z.infer<typeof TicketPriority>;
export const TicketCategory = z.enum([
  "mobile",
  "broadband",
  "billing",
  "account",
  "plan",
  "moving",
  "technician",
  "complaint",
  "handover",
  "other",
]);
export type TicketCategory = z.infer<typeof TicketCategory>;
export const TicketEvent = z.object({
  at: IsoDateTime,
  by: z.string().min(1),
  action: z.string().min(1),
  note: z.string().default(""),
});
export type TicketEvent = z.infer<typeof TicketEvent>;
export const Ticket = z.object({
  id: Id,
  customerId: Id.nullable(),
  lineId: Id.nullable().default(null),
  threadId: z.string().nullable().default(null),
  status: TicketStatus,
  priority: TicketPriority,
  category: TicketCategory,
  subject: z.string().min(1),
  description: z.string().default(""),
  assignee: z.string().nullable().default(null),
  handoverSummary: z.string().nullable().default(null),
  /** Technician visit date when category is technician. */
  appointmentDate: IsoDate.nullable().default(null),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  history: z.array(TicketEvent).default([]),
});
export type Ticket = z.infer<typeof Ticket>;

// ---------- the dataset file ----------
export const DATASET_FORMAT = "nimbus-telecom-dataset";
export const Dataset = z.object({
  format: z.literal(DATASET_FORMAT),
  version: z.literal(1),
  operator: Operator,
  plans: z.array(Plan).min(1),
  customers: z.array(Customer),
  lines: z.array(Line),
  bills: z.array(Bill),
  paymentRequests: z.array(PaymentRequest).default([]),
  devices: z.array(Device).default([]),
  areas: z.array(Area).min(1),
  outages: z.array(Outage).default([]),
  tickets: z.array(Ticket).default([]),
});
export type Dataset = z.infer<typeof Dataset>;
export type DatasetInput = z.input<typeof Dataset>;

// ---------- conversation verification (kept in the state file) ----------
export const Verification = z.object({
  customerId: Id.nullable(),
  verifiedAt: IsoDateTime.nullable(),
  method: z.enum(["phone_and_name", "phone_and_dob", "name_and_dob"]).nullable(),
  failedAttempts: z.number().int().nonnegative().default(0),
});
export type Verification = z.infer<typeof Verification>;

// ---------- results ----------
export const RefusalCode = z.enum(["not_verified", "not_found", "policy", "invalid_input", "unavailable", "consent_required"]);
export type RefusalCode = z.infer<typeof RefusalCode>;
/** What the agent should do with a refusal. */
export const NextStep = z.enum(["verify_identity", "ask_customer", "inform_customer", "hand_over", "retry_later"]);
export type NextStep = z.infer<typeof NextStep>;
/**
 * `reason` is the staff note (ids, what to do next); `customerMessage` is one
 * plain sentence the customer may read as it is, with their next step.
 */
export type Refusal = { ok: false; code: RefusalCode; reason: string; customerMessage: string; nextStep: NextStep };
export type Ok<T extends object> = { ok: true } & T;
export type Result<T extends object> = Ok<T> | Refusal;

// ---------- consent: proposals (kept in the state file, per thread) ----------
/** Every action that charges the customer or changes a line or account; each needs an accepted proposal. */
export const AccountActionKind = z.enum([
  "top_up_data",
  "enable_roaming",
  "disable_roaming",
  "send_payment_request",
  "resume_line",
  "change_plan",
  "book_technician",
]);
export type AccountActionKind = z.infer<typeof AccountActionKind>;

const LineIdArg = z.string().optional();
/** What a caller may propose; the backend resolves line, bill, plan and date into the proposal's normalised args. */
export const ProposalRequest = z.discriminatedUnion("action", [
  z.object({ action: z.literal("top_up_data"), args: z.object({ lineId: LineIdArg, gb: z.number() }) }),
  z.object({ action: z.literal("enable_roaming"), args: z.object({ lineId: LineIdArg }).default({}) }),
  z.object({ action: z.literal("disable_roaming"), args: z.object({ lineId: LineIdArg }).default({}) }),
  z.object({
    action: z.literal("send_payment_request"),
    args: z.object({ billId: z.string(), channel: z.enum(["sms", "email"]).optional() }),
  }),
  z.object({ action: z.literal("resume_line"), args: z.object({ lineId: LineIdArg }).default({}) }),
  z.object({ action: z.literal("change_plan"), args: z.object({ lineId: LineIdArg, planId: z.string() }) }),
  z.object({
    action: z.literal("book_technician"),
    args: z.object({ lineId: LineIdArg, preferredDate: z.string().optional() }).default({}),
  }),
]);
export type ProposalRequest = z.input<typeof ProposalRequest>;

export const ProposalStatus = z.enum(["proposed", "accepted", "declined", "expired", "done", "failed"]);
export type ProposalStatus = z.infer<typeof ProposalStatus>;
export const Proposal = z.object({
  id: Id,
  threadId: z.string().min(1),
  customerId: Id,
  action: AccountActionKind,
  /** Normalised: resolved ids and values, compared key by key with what the action is later called with. */
  args: z.record(z.string(), z.union([z.string(), z.number()])),
  /** What will happen, in words the customer reads ("add 2 GB of data to 555-010-0002 for $10.00, charged to your next bill"). */
  effect: z.string().min(1),
  /** What the customer agrees to pay; null when the action has no price of its own. */
  price: Money.nullable(),
  /** once: a single charge; day: per day of use (Travel Pass); month: the monthly plan price. */
  pricePer: z.enum(["once", "day", "month"]),
  currency: z.string().length(3),
  status: ProposalStatus,
  createdAt: IsoDateTime,
  decidedAt: IsoDateTime.nullable().default(null),
  /** The customer's own words when they accepted or declined. */
  customerWords: z.string().nullable().default(null),
  /** When it was consumed (done), refused (failed) or replaced (expired), and why. */
  settledAt: IsoDateTime.nullable().default(null),
  settledNote: z.string().nullable().default(null),
});
export type Proposal = z.infer<typeof Proposal>;

export const Urgency = z.enum(["low", "medium", "high", "critical"]);
export type Urgency = z.infer<typeof Urgency>;
export const Sentiment = z.enum(["positive", "neutral", "negative", "angry"]);
export type Sentiment = z.infer<typeof Sentiment>;
/** How much of the service is affected. */
export const Impact = z.enum(["minor", "degraded", "no_service"]);
export type Impact = z.infer<typeof Impact>;
