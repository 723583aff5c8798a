import { z } from "zod";
import type { Pending } from "./pending.js";

/**
 * How a message reads against what the agent last asked: the short replies whose
 * meaning depends on the question before them. Only the domain's own words are
 * matched here; identity details go through the parsers in identity.ts.
 */
export const FollowUp = z.enum(["accept", "decline", "price", "why", "when", "ack", "paid", "how"]);
export type FollowUp = z.infer<typeof FollowUp>;

const YES = /^\W*(?:y|ya|yes+|yeah|yep|yup|sure|ok(?:ay)?|k|alright|fine|go ahead|go for it|do it|please do|sounds good|perfect|great|absolutely|definitely|of course|correct|please)\b/i;
const YES_ANYWHERE = /\b(?:go ahead|do it|please do|yes,? please|book it|send it|turn it (?:back )?on|switch it (?:back )?on|add it|sign me up|let'?s do (?:it|that))\b/i;
const NO = /^\W*(?:n|no+|nope|nah|not now|not yet|no thanks?|no thank you|don'?t|do not|cancel|never ?mind|forget it|leave it|actually,? no|hold on|wait)\b/i;
const NO_ANYWHERE = /\b(?:don'?t (?:do|add|charge|turn|switch|send|book)|i'?ll wait|not (?:right )?now|no need|changed my mind|rather not|i didn'?t ask|didn'?t ask for)\b/i;
/** "how much", also as typed in a hurry: "how muuch", "hw much", "how muc". */
const HOW_MUCH = /\bho?w mu+c?h?\b/i;
const PRICE = /\b(?:ho?w mu+c?h?|what(?:'s| is| does| will)? (?:it|that|this|the)? ?(?:cost|price|charge)|cost me|price|pricing|charged?|fee)\b/i;
const WHY = /^\W*(?:why|how come|what for|but why|and why|why not|why is that|what happened)\b/i;
const WHEN = /\bwhen\b|\bhow long\b|\bwhat time\b|\beta\b/i;
const ACK = /^\W*(?:(?:ok(?:ay)?|k|kk|thanks?(?: you)?(?: so much)?|thx|ty|cheers|cool|great|got it|understood|alright|right|i see|fair enough|noted|fine|perfect|sure|nice)\W*){1,3}$/i;
const PAID = /\b(?:i(?:'ve| have)? (?:just )?paid|paid it|payment (?:is )?(?:done|made|sent|went through)|i'?ve settled|done,? paid|just paid)\b/i;
const HOW = /\bhow (?:do|can|would) i\b|\bwhat do i (?:need to )?do\b/i;

/** Reads a message as a follow-up to the pending item, or null when it is not one. */
export function readFollowUp(message: string, pending: Pending | null): FollowUp | null {
  const text = message.trim();
  if (!text) return null;
  // An emoji or a thumbs-up alone is an acknowledgement.
  if (!/[\p{L}\p{N}]/u.test(text)) return pending?.kind === "consent" && /👍|👌|✅/u.test(text) ? null : "ack";
  const words = text.split(/\s+/).length;
  if (pending?.kind === "consent" || pending?.kind === "amount" || pending?.kind === "handover_offer") {
    // Asking the price is not a yes, even with "ok" in front of it.
    if (PRICE.test(text) && (/\?/.test(text) || HOW_MUCH.test(text)) && !YES_ANYWHERE.test(text)) return "price";
    if (NO.test(text) || NO_ANYWHERE.test(text)) return "decline";
    if (WHY.test(text)) return "why";
    if (HOW.test(text) && !YES_ANYWHERE.test(text)) return "how";
    if (YES_ANYWHERE.test(text) || (YES.test(text) && !/\?/.test(text))) return "accept";
  }
  if (pending?.kind === "payment" && PAID.test(text)) return "paid";
  if (PAID.test(text)) return "paid";
  if (words <= 8 && WHY.test(text)) return "why";
  if (words <= 10 && WHEN.test(text) && (words <= 4 || /\b(?:it|that|this|they|engineer|technician|back|fixed|come|reset|arrive|visit|day|date)\b/i.test(text))) return "when";
  if (words <= 6 && /\bwhat (?:day|date|time)\b|\bhow l(?:o)?ng\b/i.test(text)) return "when";
  if (words <= 8 && PRICE.test(text) && (/\?/.test(text) || HOW_MUCH.test(text)) && !/\bplan|unlimited|max|plus|lite|fibre|travel ?pass|roaming|top.?up|data\b/i.test(text)) return "price";
  if (ACK.test(text)) return "ack";
  if (words <= 6 && HOW.test(text)) return "how";
  return null;
}

/** A gigabyte amount given as an answer ("2gb", "just 1", "the 2 GB one", "two please"). */
export function readGigabytes(message: string): number | undefined {
  const words: Record<string, number> = { one: 1, two: 2, three: 3, half: 0.5, a: 1 };
  const m = /(\d+(?:\.\d+)?)\s*(?:gb|gig|gigs|g\b)?|\b(one|two|three|half)\b/i.exec(message);
  // "max" alone is a plan's name, not an amount.
  if (!m) return /\b(?:maximum|the most|biggest|largest)\b/i.test(message) ? Infinity : undefined;
  return m[1] ? Number(m[1]) : words[m[2]!.toLowerCase()];
}

/** Requests only a person can take: a formal complaint, cancelling a contract, or plainly a person. */
export function wantsPerson(message: string): boolean {
  if (/\b(?:(?:don'?t|do not) want (?:a |to (?:talk|speak|chat) (?:to|with) a )?(?:bot|robot|machine)|get me (?:someone|somebody|a (?:human|person|real person|manager))|real (?:person|human)|human please|not a bot)\b/i.test(message)) return true;
  return /\b(?:(?:make|file|lodge|raise|log) an? (?:formal |official )?complaint|i want to complain|complain(?:ing)? (?:about|formally)|cancel (?:my|the) (?:contract|account|line|service|broadband|subscription)|close my account|terminate my contract)\b/i.test(message);
}

/** Questions about the customer's own account: data left, contract, current plan. */
export function asksAboutAccount(message: string): "usage" | "contract" | "plan" | null {
  if (/\b(?:data (?:do i have |have i got |is )?(?:left|remaining)|how much data (?:do i|have i|is)|data (?:have i )?used|my usage|how much (?:have i|i'?ve) used|my allowance)\b/i.test(message)) return "usage";
  if (/\b(?:in (?:a |my )?contract|contract (?:end|expire|finish|run out|is up)|when (?:does|is|did) my contract|my contract)\b/i.test(message)) return "contract";
  if (/\b(?:what|which) plan (?:am i|i'?m|do i have)|my (?:current )?plan\b/i.test(message)) return "plan";
  return null;
}

/** Travel that has not started yet ("going to italy next week", "before i travel"). */
export function travelsLater(message: string): boolean {
  return /\b(?:going to|heading to|flying to|travell?ing to|trip to|next (?:week|month)|tomorrow|before i (?:travel|go|leave|fly)|will be (?:in|abroad)|planning)\b/i.test(message) && !/\b(?:landed|arrived|just got|i'?m (?:in|at)|here in|abroad now|right now)\b/i.test(message);
}

/** Asking for roaming to go off ("back from my trip, switch roaming off"). */
export function wantsRoamingOff(message: string): boolean {
  return /\b(?:(?:switch|turn|put) (?:the )?(?:data )?roaming off|(?:switch|turn) off (?:the )?(?:data )?roaming|disable (?:the )?roaming|stop roaming|no more roaming)\b/i.test(message);
}

/** A place the customer names for an outage check ("in riverside", "62704"): needs no account. */
export function areaIn(message: string): string | undefined {
  const zip = /\b(\d{5})\b/.exec(message)?.[1];
  if (zip) return zip;
  const place = /\b(?:in|around|near) (?!(?:my|the|a|an|our|this|that|home|house|work|office|general|town|bed|total|all)\b)([a-z][a-z]+(?: [a-z]+)?)\b/i.exec(message)?.[1];
  return place?.replace(/\b(?:area|today|now|right|since|for|and|but|too|again)\b.*$/i, "").trim() || undefined;
}

/** Questions about what we sell: "what plans do you have", "home internet plans and prices?". */
export function asksAboutPlans(message: string): boolean {
  return /\b(?:what|which|any) (?:mobile |phone |home |broadband |fibre )?(?:plans|packages|deals)\b|\bplans?\b[^.?!]{0,20}\b(?:prices?|costs?|options|available|offer|you have)\b|\b(?:prices?|costs?)\b[^.?!]{0,20}\bplans?\b/i.test(message);
}

/** Questions about the customer's bill ("how much was my last bill", "did i pay it"). */
export function asksAboutBill(message: string): boolean {
  return /\b(?:my|last|latest|this month'?s|last month'?s|the) (?:bill|invoice|statement)\b|\bbill (?:is|was|went)\b/i.test(message);
}

/** A plan change in the customer's words ("can i go down to plus", "move me to max"). */
export function asksForPlanChange(message: string): boolean {
  return /\b(?:go (?:down|up)|move|switch|change|upgrade|downgrade)\b[^.?!]{0,25}\b(?:lite|plus|max|unlimited|plan|fibre ?\d+)\b/i.test(message);
}

/** Asking for a suspended line back ("can you unpause my mobile", "reconnect it"). */
export function asksToResume(message: string): boolean {
  return /\b(?:un-?pause|unsuspend|un-?block|reconnect|re-?activate|resume|(?:switch|turn|put) (?:it|my (?:line|number|phone|mobile)) back on|back on)\b/i.test(message);
}
