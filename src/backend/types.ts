import type { CarrierCheck, Observation } from "../domain/customer-actions.js";
import type { AuditQuery, AuditQueryResult } from "./audit.js";
import type { PlanChangeResult, RoamingResult, TopUpResult } from "./consent.js";
import type {
  AccountActionKind,
  Area,
  Bill,
  BillStatus,
  Customer,
  Device,
  Impact,
  Line,
  LineTestResult,
  Outage,
  PaymentRequest,
  Plan,
  Proposal,
  ProposalRequest,
  Result,
  Sentiment,
  Ticket,
  TicketCategory,
  TicketStatus,
  Urgency,
  Verification,
} from "./schemas.js";

/** Every call carries the conversation it belongs to: verification is per thread. */
export interface BackendContext {
  threadId: string;
}

/** A line may be named by its id ("L-1001") or its number in any common format. Omit it when the customer has one such line. */
export interface LineRef {
  lineId?: string;
}

export interface Identification {
  found: true;
  verified: false;
  /** Only enough to confirm the right account is on the line ("M****"); nothing else is revealed before verification. */
  maskedFirstName: string;
}
export interface VerifiedCustomer {
  found: true;
  verified: true;
  customerId: string;
  firstName: string;
  lastName: string;
  tier: Customer["tier"];
  method: NonNullable<Verification["method"]>;
}

export interface LineBrief {
  id: string;
  kind: Line["kind"];
  number: string;
  status: Line["status"];
  planId: string;
  planName: string;
}
export interface CustomerView {
  customer: Customer;
  lines: LineBrief[];
}

export interface UsageView {
  lineId: string;
  number: string;
  planName: string;
  dataLimitGb: number | null;
  dataUsedGb: number;
  dataRefuelledGb: number;
  /** null when the plan has no limit. */
  remainingGb: number | null;
  overLimit: boolean;
  needsTopUp: boolean;
  topUpPricePerGb: number | null;
  cycleEnd: string;
  roamingEnabled: boolean;
}

export interface AreaStatus {
  area: Pick<Area, "id" | "name" | "city">;
  mobile: { status: "ok" | "degraded" | "outage"; technologies: Area["mobileTechnologies"]; outages: Outage[] };
  broadband: { available: boolean; status: "ok" | "degraded" | "outage" | "not_available"; outages: Outage[] };
  /** Planned maintenance still to come. */
  planned: Outage[];
}

export interface OverdueBill {
  id: string;
  amount: number;
  dueDate: string;
  daysOverdue: number;
  status: BillStatus;
}
export interface LineStatusSummary {
  lineId: string;
  number: string;
  kind: Line["kind"];
  status: Line["status"];
  planName: string;
  suspensionReason: Line["suspensionReason"];
  suspendedAt: string | null;
  suspensionBill: { id: string; status: BillStatus; amount: number } | null;
  contractEnd: string | null;
  contractEnded: boolean;
  roamingEnabled: boolean;
  features: Line["features"];
  data: { usedGb: number; limitGb: number | null; refuelledGb: number; remainingGb: number | null; exhausted: boolean };
  pendingPaymentRequest: PaymentRequest | null;
  overdueBills: OverdueBill[];
  /** One observation per carrier check that applies to this line, keyed as the diagnostic procedures name them. */
  checks: Partial<Record<CarrierCheck, Observation>>;
  /** The checks that are not "ok", most blocking first; ["ok"] when nothing is wrong. */
  observations: Observation[];
}

export interface LineTestView {
  lineId: string;
  result: LineTestResult | "not_tested";
  testedAt: string | null;
  detail: string;
  observation: Extract<Observation, "ok" | "line_fault" | "outage" | "line_not_active">;
  areaOutage: Outage | null;
}

export type { AccountActionKind, PlanChangeResult, RoamingResult, TopUpResult };

export interface TicketInput {
  category: TicketCategory;
  subject: string;
  description?: string;
  lineId?: string;
  urgency?: Urgency;
  sentiment?: Sentiment;
  impact?: Impact;
}
export interface TicketUpdate {
  ticketId: string;
  status?: TicketStatus;
  note?: string;
  assignee?: string;
}
export interface HandoverInput {
  summary: string;
  reason: string;
  urgency?: Urgency;
  sentiment?: Sentiment;
  impact?: Impact;
}

export interface CustomerDecision {
  proposalId: string;
  accepted: boolean;
  /** The customer's own message that said yes or no; kept on the proposal and in the audit log. */
  customerWords: string;
}

/**
 * The carrier as the graph sees it. Every method takes the conversation
 * context first and resolves to a Result: refusals carry a staff reason, a
 * customer sentence and a next step, never an exception. Swap in another
 * implementation (a real CRM/OSS) without touching the graph.
 *
 * Consent: every action that charges or changes a line or account
 * (`AccountActionKind`) is refused with `consent_required` unless the thread
 * holds a proposal the customer accepted for exactly that action, arguments
 * and price: `proposeAction` -> customer's yes -> `recordCustomerDecision` ->
 * the action, which consumes the proposal.
 */
export interface TelecomBackend {
  // identity
  findCustomerByPhone(
    ctx: BackendContext,
    args: { phoneNumber: string; fullName?: string; dateOfBirth?: string },
  ): Promise<Result<Identification | VerifiedCustomer>>;
  findCustomerByNameAndDob(ctx: BackendContext, args: { fullName: string; dateOfBirth: string }): Promise<Result<VerifiedCustomer>>;
  getVerifiedCustomer(ctx: BackendContext): Promise<Result<VerifiedCustomer>>;

  // reads
  getCustomer(ctx: BackendContext): Promise<Result<CustomerView>>;
  getLine(ctx: BackendContext, args: LineRef): Promise<Result<{ line: Line; plan: Plan }>>;
  listPlans(ctx: BackendContext, args?: { kind?: Plan["kind"] }): Promise<Result<{ plans: Plan[] }>>;
  getPlan(ctx: BackendContext, args: { planId: string }): Promise<Result<{ plan: Plan }>>;
  listBills(ctx: BackendContext, args?: { status?: BillStatus }): Promise<Result<{ bills: Bill[] }>>;
  getBill(ctx: BackendContext, args: { billId: string }): Promise<Result<{ bill: Bill; pendingPaymentRequest: PaymentRequest | null }>>;
  getUsage(ctx: BackendContext, args: LineRef): Promise<Result<UsageView>>;
  listDevices(ctx: BackendContext, args?: LineRef): Promise<Result<{ devices: Device[] }>>;

  // network and diagnostics
  /** `area` is an area id, postal code, city or address text; omitted = the verified customer's address. */
  checkNetworkStatus(ctx: BackendContext, args?: { area?: string }): Promise<Result<AreaStatus>>;
  getLineStatus(ctx: BackendContext, args: LineRef): Promise<Result<LineStatusSummary>>;
  runBroadbandLineTest(ctx: BackendContext, args: LineRef): Promise<Result<LineTestView>>;

  // consent
  /**
   * Checks and prices an action as the action itself would, and records it as
   * the thread's open proposal (replacing an older open one). A proposal that
   * would be refused is refused now. Needs a verified customer.
   */
  proposeAction(ctx: BackendContext, request: ProposalRequest): Promise<Result<{ proposal: Proposal }>>;
  /**
   * The customer's yes or no to the thread's open proposal, from their own
   * message. For the dialogue layer only: never offered to an engine as a tool.
   */
  recordCustomerDecision(ctx: BackendContext, decision: CustomerDecision): Promise<Result<{ proposal: Proposal }>>;
  /** The thread's open (undecided) proposal for its verified customer, or null. */
  pendingProposal(ctx: BackendContext): Promise<Result<{ proposal: Proposal | null }>>;

  // account actions: each needs an accepted proposal (see above)
  setRoaming(ctx: BackendContext, args: LineRef & { enabled: boolean }): Promise<Result<RoamingResult>>;
  topUpData(ctx: BackendContext, args: LineRef & { gb: number }): Promise<Result<TopUpResult>>;
  sendPaymentRequest(
    ctx: BackendContext,
    args: { billId: string; channel?: "sms" | "email" },
  ): Promise<Result<{ paymentRequest: PaymentRequest }>>;
  resumeLine(ctx: BackendContext, args: LineRef): Promise<Result<{ lineId: string; status: Line["status"] }>>;
  /** `planId` is a plan id or name; an upgrade starts today, a downgrade at the next billing cycle. */
  changePlan(ctx: BackendContext, args: LineRef & { planId: string }): Promise<Result<PlanChangeResult>>;
  bookTechnician(
    ctx: BackendContext,
    args: LineRef & { preferredDate?: string; notes?: string },
  ): Promise<Result<{ ticket: Ticket }>>;

  // tickets and hand-over
  openTicket(ctx: BackendContext, args: TicketInput): Promise<Result<{ ticket: Ticket }>>;
  updateTicket(ctx: BackendContext, args: TicketUpdate): Promise<Result<{ ticket: Ticket }>>;
  getTicket(ctx: BackendContext, args: { ticketId: string }): Promise<Result<{ ticket: Ticket }>>;
  listTickets(ctx: BackendContext, args?: { status?: TicketStatus }): Promise<Result<{ tickets: Ticket[] }>>;
  /**
   * Always possible, verified or not: nothing ends in a dead end. One ticket
   * per conversation: while the thread's hand-over ticket is open, a further
   * hand-over adds a note to it and returns it with `reused: true`.
   */
  transferToHuman(ctx: BackendContext, args: HandoverInput): Promise<Result<{ ticket: Ticket; queue: string; reused: boolean }>>;
  /** Adds a message to the thread's open hand-over ticket (e.g. what the customer wrote after the hand-over); not_found when there is none. */
  appendToHandover(
    ctx: BackendContext,
    args: { text: string; by?: "customer" | "agent" },
  ): Promise<Result<{ ticket: Ticket; queue: string }>>;

  // audit
  queryAudit(query?: AuditQuery): Promise<AuditQueryResult>;
}
