import { maskFirstName, normalizeName, normalizePhone, parseDateOfBirth } from "./identity.js";
import { refuse } from "./policy.js";
import type { Customer, Refusal, Result, Verification } from "./schemas.js";
import type { BackendStore } from "./store.js";
import type { BackendContext, Identification, VerifiedCustomer } from "./types.js";

/** Failed verification attempts after which the thread must go to a human. */
export const MAX_FAILED_VERIFICATIONS = 3;

/**
 * Identity, per conversation: a phone number alone only identifies; the
 * number with the full name or date of birth, or the name with the date of
 * birth, verifies the customer for the thread. Failed attempts are counted.
 */
export class IdentitySession {
  constructor(private readonly s: BackendStore) {}

  private verifiedView(c: Customer, method: NonNullable<Verification["method"]>): VerifiedCustomer {
    return { found: true, verified: true, customerId: c.id, firstName: c.firstName, lastName: c.lastName, tier: c.tier, method };
  }

  private failVerification(ctx: BackendContext, reason: string, customerMessage: string): Refusal {
    const v = (this.s.verifications[ctx.threadId] ??= { customerId: null, verifiedAt: null, method: null, failedAttempts: 0 });
    v.failedAttempts += 1;
    // A failed attempt also drops any earlier verification: the person on the line is in doubt.
    v.customerId = null;
    v.verifiedAt = null;
    v.method = null;
    this.s.dirty = true;
    if (v.failedAttempts >= MAX_FAILED_VERIFICATIONS)
      return refuse(
        "not_verified",
        `${reason} Too many failed attempts in this conversation: hand over to a human agent.`,
        "hand_over",
        "Those details still don't match our records, so for your security a colleague will help you confirm your identity another way.",
      );
    return refuse("not_verified", reason, "ask_customer", customerMessage);
  }

  private lockedOut(ctx: BackendContext): Refusal | null {
    const v = this.s.verifications[ctx.threadId];
    if (v && v.failedAttempts >= MAX_FAILED_VERIFICATIONS)
      return refuse(
        "policy",
        `Identity verification failed ${v.failedAttempts} times in this conversation; no further attempts are allowed. Hand over to a human agent.`,
        "hand_over",
        "For your security I can't take more identity attempts in this conversation; a colleague will help you confirm it's you.",
      );
    return null;
  }

  private markVerified(ctx: BackendContext, c: Customer, method: NonNullable<Verification["method"]>): VerifiedCustomer {
    this.s.verifications[ctx.threadId] = { customerId: c.id, verifiedAt: this.s.now().toISOString(), method, failedAttempts: 0 };
    this.s.dirty = true;
    return this.verifiedView(c, method);
  }

  findCustomerByPhone(
    ctx: BackendContext,
    args: { phoneNumber: string; fullName?: string; dateOfBirth?: string },
  ): Promise<Result<Identification | VerifiedCustomer>> {
    return this.s.run<Identification | VerifiedCustomer>(ctx, "findCustomerByPhone", "lookup", args, () => {
      const locked = this.lockedOut(ctx);
      if (locked) return locked;
      const number = normalizePhone(String(args?.phoneNumber ?? ""));
      if (!number)
        return refuse(
          "invalid_input",
          `"${args?.phoneNumber ?? ""}" is not a valid phone number; ask for the 10-digit number on the account (e.g. 555 010 0001).`,
          "ask_customer",
          "That doesn't look like a full phone number; could you give me the 10-digit number on the account, like 555 010 0001?",
        );
      const line = this.s.data.lines.find((l) => l.number === number && l.status !== "closed");
      const customer = line
        ? this.s.data.customers.find((c) => c.id === line.customerId)
        : this.s.data.customers.find((c) => c.contactPhone === number);
      if (!customer)
        return refuse(
          "not_found",
          "No account uses that number. Ask the customer to check it, or verify with full name and date of birth instead.",
          "ask_customer",
          "I couldn't find an account with that number; could you check it, or give me your full name and date of birth instead?",
        );
      const hasName = !!args.fullName?.trim();
      const hasDob = !!args.dateOfBirth?.trim();
      if (!hasName && !hasDob)
        return { ok: true, found: true, verified: false, maskedFirstName: maskFirstName(customer.firstName) };
      let dob: string | null = null;
      if (hasDob) {
        dob = parseDateOfBirth(args.dateOfBirth!);
        if (!dob)
          return refuse(
            "invalid_input",
            `"${args.dateOfBirth}" is not a valid date of birth; ask for it as YYYY-MM-DD or MM/DD/YYYY.`,
            "ask_customer",
            "I couldn't read that date of birth; could you write it like 12/31/1980?",
          );
      }
      const nameOk = !hasName || normalizeName(args.fullName!) === normalizeName(`${customer.firstName} ${customer.lastName}`);
      const dobOk = !hasDob || dob === customer.dateOfBirth;
      if (!nameOk || !dobOk) {
        // Which detail did not match may be said (the customer can correct it); what is on file never is.
        const wrong = !nameOk && !dobOk ? "name and date of birth" : !nameOk ? "name" : "date of birth";
        return this.failVerification(
          ctx,
          `The ${wrong} given do${wrong === "name and date of birth" ? "" : "es"} not match the account for that number. Ask the customer to check; never reveal what is on file.`,
          `The ${wrong} you gave ${wrong === "name and date of birth" ? "don't" : "doesn't"} match the account for that number; could you check ${wrong === "name and date of birth" ? "them" : "it"} and try again?`,
        );
      }
      return { ok: true, ...this.markVerified(ctx, customer, hasName ? "phone_and_name" : "phone_and_dob") };
    });
  }

  findCustomerByNameAndDob(ctx: BackendContext, args: { fullName: string; dateOfBirth: string }): Promise<Result<VerifiedCustomer>> {
    return this.s.run<VerifiedCustomer>(ctx, "findCustomerByNameAndDob", "lookup", args, () => {
      const locked = this.lockedOut(ctx);
      if (locked) return locked;
      const name = normalizeName(String(args?.fullName ?? ""));
      if (!name.includes(" "))
        return refuse("invalid_input", "Ask for the customer's full name (first and last).", "ask_customer", "Could you give me your full name, first and last?");
      const dob = parseDateOfBirth(String(args?.dateOfBirth ?? ""));
      if (!dob)
        return refuse(
          "invalid_input",
          `"${args?.dateOfBirth ?? ""}" is not a valid date of birth; ask for it as YYYY-MM-DD or MM/DD/YYYY.`,
          "ask_customer",
          "I couldn't read that date of birth; could you write it like 12/31/1980?",
        );
      const matches = this.s.data.customers.filter(
        (c) => c.dateOfBirth === dob && normalizeName(`${c.firstName} ${c.lastName}`) === name,
      );
      if (matches.length > 1)
        return refuse(
          "invalid_input",
          "More than one account matches; ask for the phone number on the account as well.",
          "ask_customer",
          "Could you also give me the phone number on the account, so I find the right one?",
        );
      if (matches.length === 0)
        return this.failVerification(
          ctx,
          "No account matches that name and date of birth. Ask the customer to check them, or for the phone number on the account.",
          "I couldn't find an account with that name and date of birth; could you check them, or give me the phone number on the account?",
        );
      return { ok: true, ...this.markVerified(ctx, matches[0]!, "name_and_dob") };
    });
  }

  getVerifiedCustomer(ctx: BackendContext): Promise<Result<VerifiedCustomer>> {
    return this.s.run<VerifiedCustomer>(ctx, "getVerifiedCustomer", "read", {}, () => {
      const c = this.s.verifiedCustomer(ctx);
      if ("ok" in c) return c;
      return { ok: true, ...this.verifiedView(c, this.s.verifications[ctx.threadId]!.method!) };
    });
  }
}
