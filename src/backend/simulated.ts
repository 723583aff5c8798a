import type { AuditQuery, AuditQueryResult } from "./audit.js";
import { AccountActions } from "./actions.js";
import { cap as capitalise, refuse, today } from "./policy.js";
import { AccountReads } from "./reads.js";
import type { Bill, Dataset, Result } from "./schemas.js";
import { IdentitySession } from "./session.js";
import { BackendStore, type SimulatedBackendFiles } from "./store.js";
import { TicketDesk } from "./tickets.js";
import type { TelecomBackend } from "./types.js";
import { billName } from "./wording.js";

export { MAX_FAILED_VERIFICATIONS } from "./session.js";
export type { SimulatedBackendFiles } from "./store.js";

/**
 * The built-in carrier over a dataset file. Changes live in a state file next
 * to it (atomic snapshot after each change); every attempt is audited.
 * Calls are serialised so concurrent tool calls never interleave a change.
 *
 * One class per capability, over one shared store:
 * - store.ts: state, the serialised audited `run`, persistence, shared look-ups
 * - session.ts: identity and verification per thread
 * - reads.ts: catalogue, account, network and line diagnostics
 * - actions.ts: consent (proposals) and the account actions it gates
 * - tickets.ts: tickets and the one hand-over ticket per conversation
 */
export class SimulatedTelecomBackend implements TelecomBackend {
  private readonly session: IdentitySession;
  private readonly reads: AccountReads;
  private readonly tickets: TicketDesk;
  private readonly actions: AccountActions;

  private constructor(private readonly s: BackendStore) {
    this.session = new IdentitySession(s);
    this.reads = new AccountReads(s);
    this.tickets = new TicketDesk(s);
    this.actions = new AccountActions(s, this.tickets);
  }

  /** Loads and validates the dataset, then applies the state file if there is one. Throws DatasetError on bad files. */
  static async open(files: SimulatedBackendFiles): Promise<SimulatedTelecomBackend> {
    return new SimulatedTelecomBackend(await BackendStore.open(files));
  }

  get files(): SimulatedBackendFiles {
    return this.s.files;
  }

  /** A deep copy of the current data, for inspection. */
  snapshot(): Dataset {
    return structuredClone(this.s.data);
  }

  // identity
  findCustomerByPhone: TelecomBackend["findCustomerByPhone"] = (ctx, args) => this.session.findCustomerByPhone(ctx, args);
  findCustomerByNameAndDob: TelecomBackend["findCustomerByNameAndDob"] = (ctx, args) => this.session.findCustomerByNameAndDob(ctx, args);
  getVerifiedCustomer: TelecomBackend["getVerifiedCustomer"] = (ctx) => this.session.getVerifiedCustomer(ctx);

  // reads
  getCustomer: TelecomBackend["getCustomer"] = (ctx) => this.reads.getCustomer(ctx);
  getLine: TelecomBackend["getLine"] = (ctx, args) => this.reads.getLine(ctx, args);
  listPlans: TelecomBackend["listPlans"] = (ctx, args) => this.reads.listPlans(ctx, args);
  getPlan: TelecomBackend["getPlan"] = (ctx, args) => this.reads.getPlan(ctx, args);
  listBills: TelecomBackend["listBills"] = (ctx, args) => this.reads.listBills(ctx, args);
  getBill: TelecomBackend["getBill"] = (ctx, args) => this.reads.getBill(ctx, args);
  getUsage: TelecomBackend["getUsage"] = (ctx, args) => this.reads.getUsage(ctx, args);
  listDevices: TelecomBackend["listDevices"] = (ctx, args) => this.reads.listDevices(ctx, args);
  checkNetworkStatus: TelecomBackend["checkNetworkStatus"] = (ctx, args) => this.reads.checkNetworkStatus(ctx, args);
  getLineStatus: TelecomBackend["getLineStatus"] = (ctx, args) => this.reads.getLineStatus(ctx, args);
  runBroadbandLineTest: TelecomBackend["runBroadbandLineTest"] = (ctx, args) => this.reads.runBroadbandLineTest(ctx, args);

  // consent and account actions
  proposeAction: TelecomBackend["proposeAction"] = (ctx, request) => this.actions.proposeAction(ctx, request);
  recordCustomerDecision: TelecomBackend["recordCustomerDecision"] = (ctx, decision) => this.actions.recordCustomerDecision(ctx, decision);
  pendingProposal: TelecomBackend["pendingProposal"] = (ctx) => this.actions.pendingProposal(ctx);
  setRoaming: TelecomBackend["setRoaming"] = (ctx, args) => this.actions.setRoaming(ctx, args);
  topUpData: TelecomBackend["topUpData"] = (ctx, args) => this.actions.topUpData(ctx, args);
  sendPaymentRequest: TelecomBackend["sendPaymentRequest"] = (ctx, args) => this.actions.sendPaymentRequest(ctx, args);
  resumeLine: TelecomBackend["resumeLine"] = (ctx, args) => this.actions.resumeLine(ctx, args);
  changePlan: TelecomBackend["changePlan"] = (ctx, args) => this.actions.changePlan(ctx, args);
  bookTechnician: TelecomBackend["bookTechnician"] = (ctx, args) => this.actions.bookTechnician(ctx, args);

  // tickets and hand-over
  openTicket: TelecomBackend["openTicket"] = (ctx, args) => this.tickets.openTicket(ctx, args);
  updateTicket: TelecomBackend["updateTicket"] = (ctx, args) => this.tickets.updateTicket(ctx, args);
  getTicket: TelecomBackend["getTicket"] = (ctx, args) => this.tickets.getTicket(ctx, args);
  listTickets: TelecomBackend["listTickets"] = (ctx, args) => this.tickets.listTickets(ctx, args);
  transferToHuman: TelecomBackend["transferToHuman"] = (ctx, args) => this.tickets.transferToHuman(ctx, args);
  appendToHandover: TelecomBackend["appendToHandover"] = (ctx, args) => this.tickets.appendToHandover(ctx, args);

  // ------------------------------------------------------------------ audit and simulation

  async queryAudit(query?: AuditQuery): Promise<AuditQueryResult> {
    await this.s.settled();
    return this.s.audit.query(query);
  }

  /**
   * Simulates the customer paying a bill (e.g. through the payment request link).
   * Not an agent tool: the agent can never mark a bill paid. Audited as "customer".
   */
  recordCustomerPayment(billId: string): Promise<Result<{ bill: Bill }>> {
    return this.s.run<{ bill: Bill }>({ threadId: "simulation:customer" }, "recordCustomerPayment", "change", { billId }, () => {
      const bill = this.s.data.bills.find((b) => b.id === billId);
      if (!bill) return refuse("not_found", `No bill "${billId}".`, "ask_customer", "I can't find that bill.");
      if (bill.status === "paid")
        return refuse("policy", `Bill ${billId} is already paid.`, "inform_customer", `${capitalise(billName(bill))} is already paid.`);
      if (bill.status === "draft")
        return refuse(
          "policy",
          `Bill ${billId} has not been issued yet.`,
          "inform_customer",
          `${capitalise(billName(bill))} hasn't been issued yet, so it can't be paid.`,
        );
      bill.status = "paid";
      bill.paidAt = today(this.s.now());
      for (const p of this.s.data.paymentRequests) if (p.billId === bill.id && p.status === "pending") p.status = "paid";
      this.s.dirty = true;
      return { ok: true, bill: structuredClone(bill) };
    }, () => this.s.data.bills.find((b) => b.id === billId)?.customerId ?? null);
  }
}
