import { z } from "zod";
import { IntentLabel } from "../../src/domain/support.js";

/**
 * A conversation of the suite: what the customer writes, turn by turn, and what a
 * careful human supervisor would check at the end: was the need met, which account
 * changes were made (and nothing else), was the customer handed over, and what
 * must or must never be said.
 */

/** Something the replies must (or must never) contain: a phrase (case-insensitive), a pattern, or any of several. */
export type Mention = string | RegExp | { any: (string | RegExp)[]; label?: string };
export const Mention: z.ZodType<Mention> = z.union([
  z.string().min(1),
  z.instanceof(RegExp),
  z.object({ any: z.array(z.union([z.string().min(1), z.instanceof(RegExp)])).min(1), label: z.string().optional() }),
]);

/**
 * The account changes the backend audits, by their audit names. `changePlan` has no
 * backend action yet (issue 10 lists plan changes among the consented actions); it is
 * matched by name so the suite scores it as soon as it lands.
 */
export const AccountChange = z.enum(["topUpData", "enableRoaming", "disableRoaming", "sendPaymentRequest", "resumeLine", "bookTechnician", "changePlan"]);
export type AccountChange = z.infer<typeof AccountChange>;

export const ExpectedAction = z.object({
  action: AccountChange,
  /** Only the keys named are compared, e.g. { gb: 2 } or { billId: "B-3030" }. */
  args: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
export type ExpectedAction = z.infer<typeof ExpectedAction>;

export const Expectation = z.object({
  /** Whether the conversation should end with the customer passed to a person (one ticket, never more). */
  handover: z.boolean(),
  /** Exactly the successful account changes of the thread, in any order; none other. */
  actions: z.array(ExpectedAction).default([]),
  /** Facts the agent's replies must have given by the end. */
  mentions: z.array(Mention).default([]),
  /** Things no reply may contain (on top of the rules every conversation shares). */
  never: z.array(Mention).default([]),
  /** The customer the thread has verified by the end; null: nobody may be verified. Omitted: not checked. */
  identified: z.string().nullable().optional(),
  /** For troubleshooting: the simulated phone or router ends up working because the agent asked for the right fix. */
  deviceFixed: z.boolean().optional(),
});
export type Expectation = z.input<typeof Expectation>;
export type ExpectationParsed = z.output<typeof Expectation>;

/** Device faults the simulated customer has; see device.ts. */
export const DeviceFault = z.enum(["airplane_mode", "mobile_data_off", "wifi_calling_mms", "data_roaming_off", "data_saver", "vpn", "wifi_range"]);
export type DeviceFault = z.infer<typeof DeviceFault>;

export const Turn = z.union([
  /** A customer message. */
  z.string(),
  /** The customer pays a bill (through the link or the app) before writing again. */
  z.object({ pay: z.string() }),
  /** The customer answers what the agent's last reply asked, from what their device shows, until it works or the steps run out. */
  z.object({ device: DeviceFault, maxSteps: z.number().int().positive().default(6) }),
  /**
   * The customer's yes to an offer about `yesTo` (e.g. /roaming/): sent only when the last reply asks
   * a question about it; to any other question (or none) the customer says nothing, as people do.
   */
  z.object({ yesTo: z.instanceof(RegExp), say: z.string() }),
  /** A message whose own reply must carry these facts (a follow-up such as "when will it be back?" answered then, not earlier or never). */
  z.object({ say: z.string(), replyMentions: z.array(Mention).min(1) }),
  /** A message the customer sends only if the last reply matches (e.g. a "yes" only when something was offered), else `otherwise`. */
  z.object({ ifReply: z.instanceof(RegExp), say: z.string(), otherwise: z.string().optional() }),
]);
export type Turn = z.input<typeof Turn>;

export const Category = z.enum([
  "identity",
  "billing",
  "payment",
  "suspension",
  "roaming",
  "data",
  "plans",
  "broadband",
  "mobile",
  "handover",
  "account",
  "smalltalk",
  "language",
  "multi",
]);
export type Category = z.infer<typeof Category>;

export const Conversation = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  category: Category,
  /** The intents the conversation exercises (for the breakdown and the coverage check). */
  intents: z.array(IntentLabel).min(1),
  /** Account actions it exercises, succeeded or refused (coverage). */
  exercises: z.array(AccountChange).default([]),
  /** The customer of the dataset it is about, by id; none for anonymous questions. */
  customerId: z.string().optional(),
  /** What a reader should know about the scenario (e.g. why the resume must be refused). */
  about: z.string(),
  turns: z.array(Turn).min(1),
  expect: Expectation,
});
export type Conversation = z.input<typeof Conversation>;
