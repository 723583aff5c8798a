import { AuditLog } from "./audit.js";
import { loadDataset } from "./dataset.js";
import { normalizePhone } from "./identity.js";
import { refuse } from "./policy.js";
import type {
  Bill,
  Customer,
  Dataset,
  Line,
  Outage,
  PaymentRequest,
  Plan,
  Proposal,
  Refusal,
  Result,
  Verification,
} from "./schemas.js";
import { readState, STATE_FORMAT, writeState, type StateFile } from "./state.js";
import { StateFileLock, stateFileVersion } from "./store-lock.js";
import type { BackendContext, LineRef } from "./types.js";
import { lineName, phone } from "./wording.js";

export interface SimulatedBackendFiles {
  datasetPath: string;
  statePath: string;
  auditPath: string;
  /** The clock policy uses (contract ends, overdue days); tests pin it. */
  now?: () => Date;
}

export type ActionKind = "lookup" | "read" | "change";

/**
 * The simulated carrier's state and the plumbing every capability shares:
 * the dataset as changed so far, per-thread verification and proposals, the
 * serialised, audited, persisted `run`, and the look-ups every capability
 * needs (the verified customer, their line, bill, plan).
 */
export class BackendStore {
  private lock: Promise<unknown> = Promise.resolve();
  /** Other processes on the same state file: each run holds this lock and starts from the file as it is now. */
  private readonly fileLock: StateFileLock;
  /** The state file version this process's data reflects (see reloadIfChanged). */
  private seenVersion: string | null = null;
  /** Set by a capability when it changed something: the run persists it. */
  dirty = false;
  readonly audit: AuditLog;
  readonly now: () => Date;
  /** The proposal the running action proposed, decided or consumed: recorded on its audit entry. */
  auditProposalId: string | null = null;

  private constructor(
    readonly files: SimulatedBackendFiles,
    public data: Dataset,
    public verifications: Record<string, Verification>,
    public proposals: Proposal[],
    private readonly datasetSha256: string,
  ) {
    this.audit = new AuditLog(files.auditPath);
    this.fileLock = new StateFileLock(files.statePath);
    this.now = files.now ?? (() => new Date());
  }

  /** Loads and validates the dataset, then applies the state file if there is one. Throws DatasetError on bad files. */
  static async open(files: SimulatedBackendFiles): Promise<BackendStore> {
    const { dataset, sha256 } = await loadDataset(files.datasetPath);
    const version = await stateFileVersion(files.statePath); // before reading: a write in between only causes a reload
    const state = await readState(files.statePath, sha256);
    const store = new BackendStore(files, state?.data ?? dataset, state?.verifications ?? {}, state?.proposals ?? [], sha256);
    store.seenVersion = version;
    return store;
  }

  /** Waits for the calls already queued (e.g. before reading the audit log). */
  async settled(): Promise<void> {
    await this.lock;
  }

  /**
   * Runs one action: serialised, audited, persisted when it changed something,
   * and rolled back if it could not be saved. Never throws.
   */
  run<T extends object>(
    ctx: BackendContext,
    action: string,
    kind: ActionKind,
    args: object,
    fn: () => Result<T>,
    /** Who the action concerned when no customer is verified in the thread (simulated customer actions). */
    subject?: () => string | null,
  ): Promise<Result<T>> {
    // A read changes nothing and the state file is replaced atomically (rename), so it runs without the
    // cross-process lock; should it change something after all, it is undone and run again under the lock.
    const attempt = async (locked: boolean): Promise<Result<T> | "needs lock"> => {
      // Another process may have written since: start from its state, not a stale copy (no lost writes).
      await this.reloadIfChanged();
      const at = this.now().toISOString();
      const threadId = typeof ctx?.threadId === "string" ? ctx.threadId : "";
      let result: Result<T>;
      this.dirty = false;
      this.auditProposalId = null;
      if (!threadId.trim()) {
        result = refuse(
          "invalid_input",
          "No conversation thread id was given; identity is verified per conversation.",
          "retry_later",
          "Something went wrong on our side before I could look at that; please try again in a moment.",
        );
      } else {
        try {
          result = fn();
        } catch (err) {
          await this.restore();
          result = refuse(
            "unavailable",
            `The backend failed while running ${action}: ${(err as Error).message}`,
            "hand_over",
            "Our account system ran into a problem just now, so nothing was changed; a colleague can pick this up for you.",
          );
        }
        if (this.dirty && !locked) {
          await this.restore();
          return "needs lock";
        }
        if (this.dirty) {
          try {
            await this.persist();
          } catch (err) {
            await this.restore();
            result = refuse(
              "unavailable",
              `The change could not be saved (${(err as Error).message}); nothing was changed. Try again later or hand over.`,
              "retry_later",
              "I couldn't save that just now, so nothing was changed; please try again in a few minutes.",
            );
          }
        }
      }
      await this.audit
        .record({
          at,
          threadId: threadId || "(none)",
          customerId: this.verifications[threadId]?.customerId ?? subject?.() ?? null,
          action,
          kind,
          args: { ...(args as Record<string, unknown>) },
          outcome: result.ok ? "ok" : "refused",
          code: result.ok ? null : result.code,
          reason: result.ok ? null : result.reason,
          ...(result.ok ? {} : { customerMessage: result.customerMessage }),
          ...(this.auditProposalId ? { proposalId: this.auditProposalId } : {}),
          ...(kind === "change" && result.ok ? { result } : {}),
        })
        .catch((err: unknown) => console.error(`[backend] audit log write failed: ${String(err)}`));
      return result;
    };
    const locked = () => this.fileLock.withLock(async () => (await attempt(true)) as Result<T>);
    const task = this.lock
      .then(async (): Promise<Result<T>> => {
        if (kind !== "read") return locked();
        const result = await attempt(false);
        return result === "needs lock" ? locked() : result;
      })
      .catch((err: unknown) =>
        // The lock could not be taken or the file re-read: nothing was run or changed.
        refuse(
          "unavailable",
          `The backend state could not be read before ${action}: ${(err as Error).message}`,
          "retry_later",
          "Our account system is busy just now, so nothing was changed; please try again in a moment.",
        ) as Result<T>,
      );
    this.lock = task.catch(() => undefined);
    return task;
  }

  /** Re-reads the state file when another process replaced it since this one last read or wrote it. */
  private async reloadIfChanged(): Promise<void> {
    const version = await stateFileVersion(this.files.statePath);
    if (version !== this.seenVersion) await this.reload(version);
  }

  private async reload(version: string | null): Promise<void> {
    const state = await readState(this.files.statePath, this.datasetSha256);
    // No file any more (npm run backend:reset): back to the dataset.
    const fresh = state ?? { data: (await loadDataset(this.files.datasetPath)).dataset, verifications: {}, proposals: [] };
    this.data = fresh.data;
    this.verifications = fresh.verifications;
    this.proposals = fresh.proposals ?? [];
    this.seenVersion = version;
  }

  /**
   * Undoes a failed action: what this process holds always equals the state file it last read or wrote (or the
   * dataset when there is none), so the file is the copy to go back to — no copy of the whole dataset per action.
   */
  private async restore(): Promise<void> {
    await this.reload(await stateFileVersion(this.files.statePath));
    this.dirty = false;
  }

  private async persist(): Promise<void> {
    const state: StateFile = {
      format: STATE_FORMAT,
      version: 1,
      datasetFile: this.files.datasetPath,
      datasetSha256: this.datasetSha256,
      updatedAt: this.now().toISOString(),
      data: this.data,
      verifications: this.verifications,
      proposals: this.proposals,
    };
    await writeState(this.files.statePath, state);
    this.seenVersion = await stateFileVersion(this.files.statePath);
    this.dirty = false;
  }

  nextId(prefix: string, ids: string[]): string {
    let max = 0;
    for (const id of ids) {
      const m = new RegExp(`^${prefix}(\\d+)$`).exec(id);
      if (m) max = Math.max(max, Number(m[1]));
    }
    return `${prefix}${String(max + 1).padStart(4, "0")}`;
  }

  // ------------------------------------------------------------------ look-ups every capability shares

  plan(id: string): Plan {
    // Consistency checks at load guarantee every line's plan exists.
    return this.data.plans.find((p) => p.id === id)!;
  }

  verifiedCustomer(ctx: BackendContext): Customer | Refusal {
    const v = this.verifications[ctx.threadId];
    const customer = v?.customerId ? this.data.customers.find((c) => c.id === v.customerId) : undefined;
    if (!customer)
      return refuse(
        "not_verified",
        "The customer's identity has not been verified in this conversation. Ask for the phone number on the account and their full name or date of birth, then look them up.",
        "verify_identity",
        "Before I can look at your account I need to confirm it's you: please tell me the phone number on the account and your full name or date of birth.",
      );
    return customer;
  }

  resolveLine(customer: Customer, ref: LineRef | undefined, kind?: Line["kind"]): Line | Refusal {
    const mine = this.data.lines.filter((l) => l.customerId === customer.id && (!kind || l.kind === kind));
    const wanted = ref?.lineId?.trim();
    if (!wanted) {
      const open = mine.filter((l) => l.status !== "closed");
      if (open.length === 1) return open[0]!;
      const what = kind === "broadband" ? "home broadband" : kind === "mobile" ? "mobile" : "";
      if (open.length === 0)
        return refuse(
          "not_found",
          `The customer has no open ${kind ?? ""} line.`.replace("  ", " "),
          "inform_customer",
          `There is no open ${what} line on your account.`.replace("  ", " "),
        );
      return refuse(
        "invalid_input",
        `The customer has ${open.length} ${kind ?? ""} lines; say which one: ${open.map((l) => `${l.id} (${l.number})`).join(", ")}.`.replace("  ", " "),
        "ask_customer",
        `You have ${open.length} ${what} lines, ${open.map((l) => phone(l.number)).join(", ")}; which one do you mean?`.replace("  ", " "),
      );
    }
    const asNumber = normalizePhone(wanted);
    const line = this.data.lines.find((l) => l.id.toLowerCase() === wanted.toLowerCase() || (asNumber !== null && l.number === asNumber));
    if (!line)
      return refuse(
        "not_found",
        `No line "${wanted}" exists. Check the line id or number with the customer.`,
        "ask_customer",
        "I can't find a line with that number on your account; could you check the number?",
      );
    if (line.customerId !== customer.id)
      return refuse(
        "policy",
        `Line "${wanted}" is not on the verified customer's account; details of another account are never given or changed.`,
        "inform_customer",
        "That number isn't on your account, so I can't look at it or change it.",
      );
    if (kind && line.kind !== kind)
      return refuse(
        "invalid_input",
        `Line ${line.id} is a ${line.kind} line; this needs a ${kind} line.`,
        "ask_customer",
        `That's ${lineName(line)}, but this needs your ${kind === "mobile" ? "mobile line" : "home broadband"}; which one do you mean?`,
      );
    return line;
  }

  ownBill(customer: Customer, billId: string): Bill | Refusal {
    const bill = this.data.bills.find((b) => b.id.toLowerCase() === billId.trim().toLowerCase());
    if (!bill)
      return refuse(
        "not_found",
        `No bill "${billId}" exists. Check the bill id (see list_bills).`,
        "ask_customer",
        "I can't find that bill on your account; which month's bill do you mean?",
      );
    if (bill.customerId !== customer.id)
      return refuse(
        "policy",
        `Bill "${billId}" is not on the verified customer's account.`,
        "inform_customer",
        "That bill isn't on your account, so I can't look at it.",
      );
    return bill;
  }

  pendingRequests(customerId: string): PaymentRequest[] {
    return this.data.paymentRequests.filter((p) => p.customerId === customerId && p.status === "pending");
  }

  activeOutages(areaId: string, service: "mobile" | "broadband"): Outage[] {
    return this.data.outages.filter((o) => o.areaId === areaId && o.service === service && o.status === "active");
  }

  findPlan(query: string): Plan | undefined {
    const q = query.trim().toLowerCase();
    return this.data.plans.find((p) => p.id.toLowerCase() === q || p.name.toLowerCase() === q);
  }
}
