import { z } from "zod";
import { IntentLabel } from "../domain/support.js";

/**
 * What the agent's last question expects from the customer. Every question or
 * proposal records one, and the next message is read against it first: a "yes"
 * only means something when a proposal is waiting for it.
 */
export const Pending = z.discriminatedUnion("kind", [
  /** Identity details (phone number, name, date of birth). */
  z.object({ kind: z.literal("identity") }),
  /** A yes or no to exactly this proposal, with its price. */
  z.object({
    kind: z.literal("consent"),
    proposalId: z.string(),
    action: z.string(),
    effect: z.string(),
    price: z.number().nullable(),
    /** once, per day of use (Travel Pass), or per month (a plan). */
    pricePer: z.enum(["once", "day", "month"]).optional(),
  }),
  /** How much (e.g. how many GB of data), before anything is proposed. */
  z.object({ kind: z.literal("amount"), action: z.literal("top_up_data"), options: z.array(z.object({ gb: z.number(), price: z.number() })) }),
  /** A choice between topics the agent offered. */
  z.object({ kind: z.literal("choice"), options: z.array(IntentLabel) }),
  /** An offer to pass the customer to a team that can do what the agent cannot (e.g. a new contract). */
  z.object({ kind: z.literal("handover_offer"), reason: z.string() }),
  /** Waiting for the customer to pay a payment request, then resume the line. */
  z.object({ kind: z.literal("payment"), billId: z.string(), amount: z.number() }),
]);
export type Pending = z.infer<typeof Pending>;

/**
 * The topic the conversation is on, and what the agent last said about it, so
 * that short follow-ups ("why?", "when?", "how much?", "and the max one?") can be
 * answered against it rather than read as new requests.
 */
export const Topic = z.object({
  intent: IntentLabel,
  /** Why things are as the agent said (the answer to "why?"), in customer language. */
  because: z.string().optional(),
  /** A sentence saying when the thing the customer waits for happens (repair, visit, reset of the allowance). */
  when: z.string().optional(),
  /** The plan the customer last asked about, and the kind of plans last listed. */
  planId: z.string().optional(),
  planKind: z.enum(["mobile", "broadband"]).optional(),
  /** The customer's travel has not started yet: nothing on the phone needs fixing now. */
  travelLater: z.boolean().optional(),
  /** Carrier-side checks already done for this topic (so they are not repeated each turn). */
  checked: z.boolean().default(false),
});
export type Topic = z.infer<typeof Topic>;
