import type { CustomerActionId, Observation } from "../../domain/customer-actions.js";
import type { DialogueEngine, DialogueInput, DialogueReply } from "../types.js";
import { readGuidelines, type GuidelineKnobs } from "./guidelines.js";
import { INTENT_TOPICS } from "./planner.js";
import { wordCount } from "./text.js";

/**
 * Local dialogue engine: composes the reply from what the other roles found.
 * The reply is built from parts with a priority; when a guideline limits the
 * length, optional parts are dropped (lowest priority first) and then shortened,
 * while the essentials (the requested action, the question, the ticket id, the
 * identity request) are always kept whole. Internal text (plan reasons, hand-over
 * summaries, step ids, prompts) never reaches the customer.
 */

interface Part {
  text: string;
  /** Higher survives trimming longer; essentials are never cut. */
  priority: number;
  essential?: boolean;
}

const ACTION_PHRASES: Record<CustomerActionId, string> = {
  check_status_bar: "checking the status bar",
  airplane_mode_off: "turning airplane mode off",
  reseat_sim: "reseating the SIM card",
  enter_sim_pin: "entering the SIM PIN",
  reset_apn: "resetting the APN settings",
  reset_network_settings: "resetting the network settings",
  restart_phone: "restarting the phone",
  mobile_data_on: "turning mobile data on",
  roaming_on: "turning data roaming on",
  data_saver_off: "turning data saver off",
  network_mode_4g5g: "setting the network mode to 4G/5G",
  disconnect_vpn: "disconnecting the VPN",
  wifi_calling_off: "turning Wi-Fi calling off",
  messaging_permissions: "fixing the messaging app's permissions",
  run_speed_test: "a speed test",
  send_test_mms: "a test picture message",
  pay_payment_request: "paying the payment request",
  restart_router: "restarting the hub",
  check_router_lights: "checking the hub lights",
  wired_speed_test: "a wired speed test",
};
const ACCOUNT_PHRASES: Record<string, string> = {
  enable_roaming: "switched roaming on for your line",
  top_up_data: "added a data top-up to your line",
  send_payment_request: "sent a secure payment link to your phone and email",
  resume_line: "resumed your line",
  book_technician: "booked a technician visit",
  open_ticket: "opened a ticket for this",
  update_ticket: "updated your ticket",
  disable_roaming: "switched roaming off for your line",
};
const ACCOUNT_FAILED: Record<string, string> = {
  enable_roaming: "switch roaming on",
  top_up_data: "add the top-up",
  send_payment_request: "send the payment link",
  resume_line: "resume your line",
  book_technician: "book a technician",
  open_ticket: "open a ticket",
};
const CARRIER_FINDINGS: Partial<Record<Observation, string>> = {
  outage: "there is a known network outage in your area, and our engineers are on it",
  line_suspended: "your line is currently suspended",
  line_not_active: "your line isn't active yet",
  contract_ended: "the contract on this line has ended",
  roaming_disabled: "roaming was switched off on your line",
  data_exhausted: "you've used all of this month's data allowance",
  payment_pending: "a payment request is waiting to be paid",
  bill_overdue: "there is an overdue bill on the account",
  line_fault: "our line test found a fault on your broadband connection",
};
const DEGRADED_NOTES: [RegExp, string][] = [
  [/chroma|knowledge|semantic|retriev/i, "I can't reach our knowledge base right now, so I'm answering from what I can check directly."],
  [/backend|account|carrier|tools?/i, "I can't reach our account systems at the moment, so I can't check or change anything on your account just now."],
  [/episod|memory|history|working/i, "I can't see your earlier conversations right now, so please bear with me if I ask something you've already told us."],
  [/llm|model/i, "I'm running in a simpler mode right now, so my answers may be a little more basic than usual."],
];

const EMPATHY_PRIORITY = 4.5;

export class LocalDialogueEngine implements DialogueEngine {
  async compose(input: DialogueInput): Promise<DialogueReply> {
    return { reply: composeReply(input) };
  }
}

function sentence(text: string): string {
  const t = text.trim().replace(/\s+/g, " ");
  if (!t) return "";
  const capital = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]\)?$/.test(capital) ? capital : `${capital}.`;
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function phraseForPath(path: string[]): string | undefined {
  for (const step of [...path].reverse()) {
    const key = (Object.keys(ACTION_PHRASES) as CustomerActionId[]).find((id) => step.includes(id));
    if (key && key !== "check_status_bar" && key !== "run_speed_test" && key !== "send_test_mms") return ACTION_PHRASES[key];
  }
  return undefined;
}

function empathyLine(input: DialogueInput, knobs: GuidelineKnobs): string | undefined {
  // Acknowledged once, when the customer raises the problem; not again on every answer.
  if (knobs.withholdAnswer && knobs.empathy !== "off" && input.intent) return "I'm so sorry about this.";
  if (knobs.empathy === "off" || !input.intent || input.newRequest === false) return undefined;
  const { sentiment, urgency, primary } = input.intent;
  const upset = sentiment === "negative" || urgency === "high" || urgency === "critical";
  const problem = primary !== "greeting" && primary !== "goodbye" && primary !== "out_of_scope" && primary !== "provide_identity";
  if (knobs.empathy === "strong") {
    if (upset) return "I'm really sorry about this. I know how frustrating it is when things don't work, and I'll do my best to sort it out with you right now.";
    if (problem) return "Sorry you're having trouble, let's get this sorted.";
    return undefined;
  }
  if (!upset) return undefined;
  // Named, not canned: "sorry your mobile data isn't working" says what we heard.
  const topic = knobs.empathyNamesProblem && problem ? INTENT_TOPICS[primary as keyof typeof INTENT_TOPICS] : undefined;
  return topic ? `I'm sorry about ${topic}; I understand how frustrating that is.` : "I'm sorry about the trouble, I understand how frustrating this is.";
}

function contextLine(input: DialogueInput): string | undefined {
  const current = input.intent?.primary;
  const similar = input.memory.similarCases
    .filter((c) => c.outcome === "resolved" && (!current || c.intent === current))
    .sort((a, b) => b.similarity - a.similarity)[0];
  const fix = similar ? phraseForPath(similar.resolutionPath) : undefined;
  const before = input.memory.history.find((h) => h.intent === current);
  if (before && fix) return `I can see you've had this before; last time, ${fix} fixed it.`;
  if (fix) return `In similar cases, ${fix} fixed this.`;
  if (before) return `I can see you contacted us about ${INTENT_TOPICS[before.intent as keyof typeof INTENT_TOPICS] ?? "this"} before.`;
  return undefined;
}

function findingsLines(input: DialogueInput, knobs: GuidelineKnobs): string[] {
  const lines: string[] = [];
  const t = input.troubleshooting;
  const firstNew = input.observationsBeforeTurn ?? 0;
  if (t && t.observations.length > firstNew) {
    // Only the latest carrier checks of this turn (those after the customer's last answer) are news.
    const trailing: Observation[] = [];
    for (let i = t.observations.length - 1; i >= firstNew; i--) {
      const o = t.observations[i]!;
      if (o.source !== "carrier") break;
      trailing.unshift(o.observation);
    }
    const found = trailing.map((o) => CARRIER_FINDINGS[o]).filter((x): x is string => Boolean(x));
    if (found.length > 0) lines.push(sentence(`I checked on our side: ${joinList([...new Set(found)])}`));
    else if (trailing.length > 0 && input.notes.length === 0 && (knobs.explainChecks === "always" || (knobs.explainChecks === "default" && t.status !== "resolved"))) {
      lines.push("I checked your line and the network on our side, and everything looks fine there.");
    }
    if (t.status === "resolved") lines.push("Great news, that's fixed now. If anything else misbehaves, just let me know.");
  }
  return lines;
}

export function composeReply(input: DialogueInput): string {
  const reply = composeParts(input);
  return reply === input.lastReply?.trim() ? rephrasedRepeat(input, reply) : reply;
}

/** The same words twice in a row read as a machine stuck: say it differently and say why it is asked again. */
function rephrasedRepeat(input: DialogueInput, reply: string): string {
  if (input.intent?.primary === "greeting") return "I'm here. What can I help you with today? For example a problem with your phone or home broadband, a question about your bill, or our plans.";
  if (input.pending?.kind === "identity") {
    return "Sorry, I couldn't pick out the details I need from that. Could you type them like this: your full name (for example Jane Smith), and the phone number on the account or your date of birth?";
  }
  return `Sorry, I think I wasn't clear. ${reply}`;
}

function composeParts(input: DialogueInput): string {
  const knobs = readGuidelines(input.prompt);
  const parts: Part[] = [];
  const intent = input.intent?.primary;
  const next = input.plan?.next ?? [];
  const verified = input.customer.verified;
  const name = verified && knobs.useName ? input.customer.firstName : undefined;

  // Opening
  const empathy = empathyLine(input, knobs);
  if (intent === "goodbye" || next.includes("close")) {
    parts.push({ text: `You're welcome${name ? `, ${name}` : ""}! Glad I could help. Have a great day.`, priority: 10, essential: true });
    return finish(parts, knobs);
  }
  const greeting = name && !input.greeted ? `Hi ${name}.` : intent === "greeting" && !input.openTicketId ? "Hi there, welcome to Nimbus Mobile support." : "";
  if (greeting) parts.push({ text: greeting, priority: 6 });
  // Below the answer and the findings: when a reply must be cut, the apology goes first; it never replaces an answer.
  if (empathy) parts.push({ text: empathy, priority: EMPATHY_PRIORITY });
  if (input.intent?.urgency === "critical" && /\b(911|emergency)\b/i.test(input.message)) {
    parts.push({ text: "If you need emergency services right now, please dial 911: phones can usually reach them even without Nimbus signal.", priority: 9, essential: true });
  }

  // Degraded parts
  const degradedSeen = new Set<string>();
  for (const d of input.degraded) {
    const note = DEGRADED_NOTES.find(([re]) => re.test(d))?.[1];
    if (note && !degradedSeen.has(note)) {
      degradedSeen.add(note);
      parts.push({ text: note, priority: 8 });
    }
  }

  // Context from memory
  if (knobs.useContext) {
    const line = contextLine(input);
    if (line) parts.push({ text: line, priority: 4 });
  }

  // A short follow-up answered from the topic: "why?", "when?", "ok".
  const followUp = knobs.withholdAnswer ? undefined : followUpLine(input);
  if (followUp) parts.push({ text: followUp, priority: 10, essential: true });

  // What the account role and identity check found, said, asked or did (already in the customer's words).
  for (const note of input.notes) if (note.trim()) parts.push({ text: sentence(note), priority: 10, essential: true });

  // What was checked on the network and the device
  if (!knobs.withholdAnswer) for (const line of findingsLines(input, knobs)) parts.push({ text: line, priority: 6 });

  // Knowledge ("an apology instead of an answer" withholds it: a harmful guideline, obeyed so the scores show the loss)
  const k = knobs.withholdAnswer ? null : input.knowledge;
  if (k) {
    if (k.covered && k.answer.trim()) {
      const cite = k.citations[0];
      parts.push({ text: k.answer.trim(), priority: 5 });
      // An FAQ's title is a question: quoted, so the reply does not end on a question the customer is not asked.
      if (cite) parts.push({ text: cite.title.trim().endsWith("?") ? `Source: "${cite.title.trim()}".` : sentence(`Source: ${cite.title}`), priority: 5 });
    } else if (!input.escalation && input.requestedActions.length === 0 && input.notes.length === 0) {
      parts.push({ text: "I couldn't find that in our help articles.", priority: 5 });
    }
  }

  // The one thing the customer should do next; none when this turn hands the customer to a person (a step asked in
  // the same breath as "a colleague will take it from here" leaves them unsure whether to do it or wait).
  const handedOverNow = Boolean(input.escalation && !input.escalation.continued && !input.escalation.humanReply);
  const action = handedOverNow ? undefined : input.requestedActions[0];
  if (action) parts.push({ text: action.ask.trim(), priority: 10, essential: true });

  // Clarifying question
  if (input.plan?.clarifyingQuestion && (next.includes("clarify") || !action)) {
    parts.push({ text: input.plan.clarifyingQuestion.trim(), priority: 10, essential: true });
  }

  // Hand-over
  if (input.escalation || next.includes("handover")) {
    const ticket = input.escalation?.ticketId;
    const text = input.escalation?.continued
      ? `I've added this to your ticket${ticket ? ` ${ticket}` : ""}, so the colleague who picks it up will see it. They'll reply here as soon as they can.`
      : ticket
        ? `I've passed this to a member of our support team with a summary, so you won't need to repeat yourself. Your ticket number is ${ticket}.`
        : "I'm passing this to a member of our support team with a summary, so you won't need to repeat yourself.";
    const human = input.escalation?.humanReply?.trim();
    parts.push({ text: human ? `${ticket ? `About ticket ${ticket}, ` : ""}our support team says: "${human}"` : text, priority: 10, essential: true });
  }

  // Outside what we do: said kindly, with what we can do instead (no ticket for it).
  if (intent === "out_of_scope" && !input.escalation && !input.followUp && input.plan?.reason === "outside what this team can help with" && !(input.knowledge?.covered)) {
    parts.push({ text: "That's not something I can help with, I'm afraid. I can help with your Nimbus phone, home broadband, bills and plans. Is there anything there I can do for you?", priority: 9, essential: true });
  }
  // Nothing else to say: invite the customer to go on.
  const asks = parts.some((p) => p.text.trim().endsWith("?")) || Boolean(action) || Boolean(input.escalation) || Boolean(input.pending);
  if (!input.message.trim()) parts.push({ text: "Your message came through empty. What can I help you with?", priority: 9, essential: true });
  else if (!asks) {
    if (intent === "greeting") parts.push({ text: "How can I help you today?", priority: 9, essential: true });
    else if (parts.filter((p) => p.priority >= 5 && p.text !== greeting && p.text !== empathy).length === 0) {
      parts.push({ text: "Could you tell me a bit more about what's happening, so I can help?", priority: 9, essential: true });
    } else if (!input.troubleshooting || input.troubleshooting.status !== "awaiting_customer") {
      parts.push({ text: "Is there anything else I can help with?", priority: 3 });
    }
  }
  return finish(withoutRepeats(parts), knobs);
}

/** The answer to a short follow-up, from what the agent last said about the topic. */
function followUpLine(input: DialogueInput): string | undefined {
  const { followUp, topic, pending } = input;
  if ((!followUp && !(input.intent?.primary === "goodbye" && input.openTicketId)) || input.notes.length > 0 || (input.plan?.next ?? []).some((s) => s !== "reply")) return undefined;
  const ticket = input.openTicketId ? ` Your ticket ${input.openTicketId} is with our team, and a colleague will reply here.` : "";
  if (followUp === "why" && topic?.because) return sentence(`That's because ${topic.because}`) + ticket;
  if (followUp === "when" && topic?.when) return `${topic.when}${ticket}`;
  if (followUp === "when" && topic?.checked && input.troubleshooting?.status === "awaiting_customer") {
    return "I can't see any outage or known problem on our side right now, so there's no repair to wait for; it's more likely something on the phone itself, and we can sort that out together.";
  }
  if (followUp === "ack" && pending?.kind === "consent") return `Just to be sure: would you like me to ${pending.effect}?`;
  if (followUp === "ack" && !input.openTicketId && !pending) return "Is there anything else I can help with?";
  if ((followUp === "ack" || input.intent?.primary === "goodbye") && input.openTicketId) return `You're welcome. Your ticket ${input.openTicketId} is with our team, and a colleague will reply here.`;
  return undefined;
}

/** The same sentence never appears twice in one reply. */
function withoutRepeats(parts: Part[]): Part[] {
  const seen = new Set<string>();
  return parts.map((part) => {
    const sentences = part.text.split(/(?<=[.!?])\s+/).filter((s) => {
      const key = s.toLowerCase().replace(/\W+/g, " ").trim();
      if (!key || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { ...part, text: sentences.join(" ") };
  });
}

/** Applies the length knobs: drop optional parts lowest priority first, then shorten the last optional one. */
function finish(parts: Part[], knobs: GuidelineKnobs): string {
  const kept = parts.filter((p) => p.text.trim());
  const render = (ps: Part[]) => ps.map((p) => p.text.trim()).join(" ").replace(/\s+/g, " ").trim();
  const max = knobs.maxWords;
  if (max !== undefined) {
    const byPriority = [...kept].filter((p) => !p.essential).sort((a, b) => a.priority - b.priority);
    let current = kept;
    for (const drop of byPriority) {
      if (wordCount(render(current)) <= max) break;
      current = current.filter((p) => p !== drop);
      // Keep a citation only with its answer.
      if (!current.some((p) => !p.text.startsWith("Source:") && p.priority === 5)) current = current.filter((p) => !p.text.startsWith("Source:"));
    }
    // Put back the highest optional part shortened to fit, when there is room.
    const room = max - wordCount(render(current));
    const dropped = byPriority.filter((p) => !current.includes(p) && !p.text.startsWith("Source:")).sort((a, b) => b.priority - a.priority)[0];
    if (dropped && room >= 8) {
      const short = shorten(dropped.text, room);
      if (short) {
        current = kept.filter((p) => current.includes(p) || p === dropped).map((p) => (p === dropped ? { ...p, text: short } : p));
      }
    }
    return render(current) || render(kept.filter((p) => p.essential));
  }
  if (knobs.maxSentences !== undefined) {
    const essentials = kept.filter((p) => p.essential);
    const optional = kept.filter((p) => !p.essential).sort((a, b) => b.priority - a.priority).slice(0, Math.max(0, knobs.maxSentences - essentials.length));
    return render(kept.filter((p) => p.essential || optional.includes(p)));
  }
  return render(kept);
}

/** Whole sentences that fit in `words`; undefined when not even the first fits. */
function shorten(text: string, words: number): string | undefined {
  const sentences = text.split(/(?<=[.!?])\s+/);
  let out = "";
  for (const s of sentences) {
    const candidate = out ? `${out} ${s}` : s;
    if (wordCount(candidate) > words) break;
    out = candidate;
  }
  return out || undefined;
}
