import type { IntentLabel } from "../../../src/domain/support.js";
import { casual, filler, type Rng } from "../rng.js";
import type { AccountChange, Category, Conversation, Expectation, Mention, Turn } from "../schema.js";

/** A family of conversations: one scenario, written several ways from the seed. */
export type Family = (rng: Rng) => Conversation[];

/** What the customer types: their words with seeded typos and casing (details in {braces} kept exact). */
export function typed(rng: Rng, text: string, options?: { typos?: number; lower?: number; filler?: boolean }): string {
  const base = options?.filler ? filler(rng, text) : text;
  return casual(base, rng, options);
}

/** What an offer is about, as the agent's question would word it. */
export const TOPIC = {
  topUp: /\bGB\b|data|top-?up/i,
  roaming: /roaming/i,
  payment: /\bpay|link/i,
  resume: /resum|back on|reactivat|unsuspend|switch[^.?]{0,40}\bon\b|turn[^.?]{0,40}\bon\b/i,
  technician: /technician|engineer|visit|appointment/i,
  plan: /\bplan\b|lite|plus|max|unlimited/i,
  handover: /colleague|specialist|team|person|transfer|pass (you|this|it)|put you through|human|someone|sales/i,
};

/** The customer's yes to an offer about a topic, sent only when the agent asks about it; people say yes in many ways. */
export function yesIfAsked(rng: Rng, topic: RegExp, words?: string[]): Turn {
  return { yesTo: topic, say: rng.pick(words ?? ["yes please", "yes", "yep go ahead", "ok do it", "sure, go ahead", "yes pls", "yeah that's fine"]) };
}

/** The agent offers or asks something: a question mark or an offer in words. */
export const ASKED = /\?|would you like|shall i|do you want|let me know if/i;

export function conv(c: {
  id: string;
  category: Category;
  intents: IntentLabel[];
  exercises?: AccountChange[];
  customerId?: string;
  about: string;
  turns: Turn[];
  expect: Expectation;
}): Conversation {
  return c;
}

/** n variants of a scenario, each with its own stream of the seed. */
export function variants(rng: Rng, name: string, n: number, make: (r: Rng, i: number) => Conversation): Conversation[] {
  return Array.from({ length: n }, (_, i) => make(rng.fork(`${name}-${i}`), i));
}

/** A follow-up whose own reply must answer it ("when will it be back?" -> the repair time). */
export function followUp(rng: Rng, text: string, ...answer: Mention[]): Turn {
  return { say: typed(rng, text), replyMentions: answer };
}

/** Replies must never ask for identity on a public question. */
export const NO_IDENTITY_ASKED = { any: [/phone number on the account/i, /confirm (it'?s|it is) you/i, /verify your identity/i, /date of birth/i], label: "an identity request" };
