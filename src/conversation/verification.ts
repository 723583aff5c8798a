import type { BackendContext, TelecomBackend } from "../backend/types.js";
import type { CustomerState } from "./state.js";
import { askForMissingIdentity, explainMismatch, missingIdentity } from "./identity.js";

/** Failed verifications after which the conversation goes to a person. */
export const MAX_FAILED_VERIFICATIONS = 3;

/**
 * Verifies the identity details the customer gave against the backend, once they
 * are complete. Returns the customer as now known (verified, or with the failed
 * try counted) and what to say when they are not verified.
 */
export async function verifyIdentity(backend: TelecomBackend, ctx: BackendContext, claims: CustomerState): Promise<{ customer: CustomerState; say: string }> {
  const need = missingIdentity(claims);
  if (need !== null) return { customer: claims, say: askForMissingIdentity(claims, need) };
  const { phoneNumber, fullName, dateOfBirth } = claims;
  const tried = JSON.stringify([phoneNumber, fullName, dateOfBirth]);
  // The same details that already failed are not looked up again, but the try still counts towards the limit.
  if (tried === claims.rejectedClaims) {
    const failedAttempts = claims.failedAttempts + 1;
    return { customer: { ...claims, failedAttempts }, say: explainMismatch(claims, "details_do_not_match", failedAttempts, MAX_FAILED_VERIFICATIONS) };
  }
  const result = phoneNumber
    ? await backend.findCustomerByPhone(ctx, { phoneNumber, fullName, dateOfBirth })
    : await backend.findCustomerByNameAndDob(ctx, { fullName: fullName!, dateOfBirth: dateOfBirth! });
  if (result.ok && result.verified) {
    return { customer: { ...claims, verified: true, customerId: result.customerId, firstName: result.firstName, tier: result.tier, failedAttempts: 0 }, say: "" };
  }
  const failedAttempts = claims.failedAttempts + 1;
  const failed = !result.ok && result.code === "not_found" ? "no_account_for_number" : "details_do_not_match";
  const say = explainMismatch(claims, failed, failedAttempts, MAX_FAILED_VERIFICATIONS);
  // Keep the details: the customer corrects one of them ("sorry wrong number, it's …") and the rest still stand.
  return { customer: { ...claims, failedAttempts, rejectedClaims: tried }, say };
}
