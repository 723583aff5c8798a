import type { BackendContext, LineStatusSummary, TelecomBackend } from "../backend/types.js";
import type { Bill, Plan, Proposal, ProposalRequest } from "../backend/schemas.js";
import type { AccountAction, IntentLabel } from "../domain/support.js";
import type { Pending, Topic } from "./pending.js";
import { INTENTS } from "./intents.js";
import { asksAboutAccount, readGigabytes, travelsLater, wantsRoamingOff, type FollowUp } from "./reading.js";
import { date, listOf, money, phone, when } from "./phrasing.js";

/**
 * The account side of a conversation: the catalogue, bills, line status, and the
 * actions that charge or change an account. Every such action is proposed with
 * its effect and price first and runs only after the customer's yes to that
 * proposal; the backend refuses it otherwise. What the customer reads is built
 * from what the backend actually answered.
 */

export interface AccountRequest {
  backend: TelecomBackend;
  ctx: BackendContext;
  /** The request being served. */
  intent: IntentLabel;
  message: string;
  followUp: FollowUp | null;
  pending: Pending | null;
  topic: Topic | null;
  verified: boolean;
  /** The number the customer gave, to pick their line when they have several. */
  phoneNumber?: string;
  /** A place named in the message, for an outage check without an account. */
  area?: string;
  /** Numbers written in this message (E.164): a line named here wins over the one they identified with. */
  numbersInMessage?: string[];
  now: Date;
}

export interface AccountOutcome {
  /** Sentences for the reply, in order. */
  say: string[];
  pending: Pending | null;
  topic: Topic;
  actions: AccountAction[];
  /** Set when only a person can go further. */
  handover?: string;
  /** The account side found nothing to explain the problem: troubleshoot the device. */
  troubleshoot?: boolean;
}

const PLAN_WORDS: [RegExp, string][] = [
  [/\bunlimited\b/i, "unlimited"],
  [/\bmax\b/i, "max"],
  [/\bplus\b/i, "plus"],
  [/\blite\b|\blight\b|\bcheapest\b/i, "lite"],
  [/\b(?:fib(?:re|er) ?)?1 ?g(?:ig|b(?:ps)?)?\b|\bgigabit\b/i, "fibre-1g"],
  [/\b(?:fib(?:re|er) ?)?500\b/i, "fibre-500"],
  [/\b(?:fib(?:re|er) ?)?100\b/i, "fibre-100"],
];

/** The plans a message names ("the max one", "nimbus unlimited", "fibre 500"). */
export function plansNamed(message: string): string[] {
  return PLAN_WORDS.filter(([re]) => re.test(message)).map(([, id]) => id);
}

function describePlan(plan: Plan): string {
  const data = plan.kind === "broadband" ? `${plan.speedMbps} Mbps home fibre` : plan.dataLimitGb === null ? "no data limit" : `${plan.dataLimitGb} GB of data`;
  return `${plan.name} is ${money(plan.monthlyPrice)} a month: ${plan.description.replace(/\.$/, "")}${plan.kind === "mobile" && !plan.description.includes(data) ? ` (${data})` : ""}.`;
}

function lineOfPlans(plans: Plan[]): string {
  return listOf(plans.map((p) => `${p.name} ${money(p.monthlyPrice)}${p.kind === "mobile" ? ` (${p.dataLimitGb === null ? "unlimited data" : `${p.dataLimitGb} GB`})` : ""}`));
}

export async function serveAccount(req: AccountRequest): Promise<AccountOutcome> {
  const topic: Topic = req.topic?.intent === req.intent ? { ...req.topic } : { intent: req.intent, checked: false };
  const out: AccountOutcome = { say: [], pending: null, topic, actions: [] };

  // "switch me to plus", "is there a plan with more data? what about plus": a plan, whatever else was pending.
  const wantsPlan = plansNamed(req.message).length > 0 && /\b(?:switch|change|move|upgrade|downgrade|go (?:up|down) to)\b/i.test(req.message);
  if (wantsPlan && req.verified && req.pending?.kind !== "consent" && ["data_topup", "plan_upgrade", "plan_info", "mobile_no_data", "mobile_slow_data"].includes(req.intent)) {
    out.topic.intent = "plan_upgrade";
    await changePlan(req, out);
    return out;
  }
  // A proposal is waiting: the message is read against it first.
  if (req.pending?.kind === "consent") {
    const handled = await answerProposal(req, out, req.pending);
    if (handled) return out;
  }
  if (req.pending?.kind === "amount") {
    const gb = readGigabytes(req.message);
    if (gb !== undefined) {
      await proposeTopUp(req, out, gb);
      return out;
    }
    if (req.followUp === "decline") {
      out.say.push(declined("top_up_data", topic));
      return out;
    }
    if (req.followUp === "price" || req.followUp === "how" || req.followUp === "why" || req.followUp === "accept") {
      const [small, large] = req.pending.options;
      out.say.push(`${small ? `${small.gb} GB is ${money(small.price)}` : ""}${large ? ` and ${large.gb} GB is ${money(large.price)}` : ""}, added to your next bill; nothing is charged until you say which you'd like. How much would you like, if any?`);
      out.pending = req.pending;
      return out;
    }
  }
  if (req.followUp === "paid" || req.pending?.kind === "payment") {
    const handled = await afterPayment(req, out);
    if (handled) return out;
  }

  // Before identity, only public answers: prices from the catalogue, outages by place.
  if (!req.verified && INTENTS[req.intent].service && req.area) {
    await outageByArea(req, out, req.area);
    return out;
  }
  if (!req.verified) {
    if (req.intent === "data_topup" && !/\bplans?\b/i.test(req.message) && plansNamed(req.message).length === 0) await topUpPrices(req, out);
    else await answerPlans(req, out);
    return out;
  }
  switch (req.intent) {
    case "account_info":
      await accountFacts(req, out);
      break;
    case "plan_info":
      await answerPlans(req, out);
      break;
    case "plan_upgrade":
      await changePlan(req, out);
      break;
    case "data_topup":
      await offerTopUp(req, out);
      break;
    case "bill_explain":
    case "bill_dispute":
      await explainBill(req, out);
      break;
    case "bill_payment":
      await payBill(req, out);
      break;
    case "line_suspended":
      await suspendedLine(req, out, await lineStatus(req, "mobile"));
      break;
    default:
      await carrierSide(req, out);
  }
  return out;
}

async function answerProposal(req: AccountRequest, out: AccountOutcome, pending: Extract<Pending, { kind: "consent" }>): Promise<boolean> {
  const { backend, ctx } = req;
  switch (req.followUp) {
    case "accept": {
      // "ok 1gb then" to a 2 GB offer is a yes to a different amount: offer that instead.
      // "ok switch me to plus" while a top-up is offered, or "ok max then" while Plus is offered, asks for another plan change.
      const named = plansNamed(req.message);
      const offeredPlan = pending.action === "change_plan" ? (await proposalArgs(req, pending.proposalId))?.planId : undefined;
      // Naming a plan is never a yes to something else (a top-up, roaming): it is about that plan.
      const otherPlan = pending.action === "change_plan" ? named.some((id) => id !== offeredPlan) : named.length > 0;
      if (otherPlan) {
        out.topic.planId = named[named.length - 1];
        await changePlan(req, out);
        return true;
      }
      const gb = readGigabytes(req.message);
      if (pending.action === "top_up_data" && gb !== undefined && gb !== Infinity && gb !== Number((await proposalArgs(req, pending.proposalId))?.gb)) {
        await proposeTopUp(req, out, gb);
        return true;
      }
      const decided = await backend.recordCustomerDecision(ctx, { proposalId: pending.proposalId, accepted: true, customerWords: req.message });
      if (!decided.ok) {
        out.say.push(decided.customerMessage);
        return true;
      }
      await carryOut(req, out, decided.proposal);
      return true;
    }
    case "decline": {
      await backend.recordCustomerDecision(ctx, { proposalId: pending.proposalId, accepted: false, customerWords: req.message });
      out.say.push(declined(pending.action, out.topic));
      return true;
    }
    case "price":
      out.say.push(`${priceSentence(pending)} Would you like me to ${pending.effect.split(/[:;]/)[0]!.trim()}?`);
      out.pending = pending;
      return true;
    case "why":
    case "how":
      out.say.push(out.topic.because ? sentence(out.topic.because) : `That's so I can ${pending.effect}.`);
      out.say.push(`Would you like me to ${pending.effect}?`);
      out.pending = pending;
      return true;
    case "paid":
      return false;
    default: {
      // A question about another plan is answered, and the offer still stands.
      const named = plansNamed(req.message);
      if (named.length > 0) {
        const plans = await backend.listPlans(ctx, {});
        const described = plans.ok ? named.map((id) => plans.plans.find((p) => p.id === id)).filter((p): p is Plan => Boolean(p)) : [];
        for (const plan of described) out.say.push(describePlan(plan));
        out.topic.planId = named.at(-1);
        out.say.push(`Nothing has been changed yet. Would you like me to ${pending.effect}, or switch to ${described.map((p) => p.name).join(" or ") || "that plan"} instead?`);
        out.pending = pending;
        return true;
      }
      // Neither a yes nor a no: nothing is done, and the question stands.
      // Router lights read while a visit is proposed: say what they mean before asking again.
      if (pending.action === "book_technician" && ROUTER_LIGHT_FAULT.test(req.message)) {
        out.say.push("That fits what our line test found: the router isn't getting a connection over the line, so restarting it won't fix this.");
        out.say.push(`Would you like me to ${pending.effect}?`);
      } else {
        out.say.push(`Thanks for letting me know. I haven't done anything yet: would you like me to ${pending.effect}?`);
      }
      out.pending = pending;
      return true;
    }
  }
}

/** A router's internet (or broadband, DSL, fibre) light flashing, orange, red or off: the line is not connecting. */
const ROUTER_LIGHT_FAULT = /\b(?:internet|broadband|dsl|fibre|fiber|wan|online)\b[^.!?]{0,40}\b(?:flash\w*|blink\w*|orange|amber|red|off|out)\b|\b(?:flash\w*|blink\w*|orange|amber|red)\b[^.!?]{0,20}\b(?:internet|broadband|dsl|fibre|fiber|wan)\b/i;

async function proposalArgs(req: AccountRequest, proposalId: string): Promise<Record<string, string | number> | undefined> {
  const open = await req.backend.pendingProposal(req.ctx);
  return open.ok && open.proposal?.id === proposalId ? open.proposal.args : undefined;
}

function declined(action: string, topic: Topic): string {
  switch (action) {
    case "top_up_data":
      return `No problem, I haven't added anything.${topic.when ? ` ${topic.when}` : ""}`;
    case "enable_roaming":
      return "No problem, I've left roaming off, so there are no roaming charges. Wi-Fi still works as normal abroad.";
    case "send_payment_request":
      return "No problem, I haven't sent anything. You can also pay in the Nimbus app whenever suits you.";
    default:
      return "No problem, I haven't changed anything.";
  }
}

/** The answer to "how much?": the price first, then what it buys. */
function priceSentence(p: { effect: string; price: number | null; pricePer?: "once" | "day" | "month" }): string {
  if (p.price === null || p.price === 0) return `There's no charge for that: I would ${p.effect}.`;
  const per = p.pricePer === "day" ? " for each day you use it" : p.pricePer === "month" ? " a month" : "";
  // The proposal was just said in full; the price question gets the price, not the proposal again.
  return `It's ${money(p.price)}${per}, and nothing is charged until you say yes.`;
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t[0]!.toUpperCase() + t.slice(1) : `${t[0]!.toUpperCase()}${t.slice(1)}.`;
}

/** Runs the accepted proposal and says what really happened. */
async function carryOut(req: AccountRequest, out: AccountOutcome, proposal: Proposal): Promise<void> {
  const { backend, ctx } = req;
  const args = proposal.args as Record<string, string | number | undefined>;
  const at = req.now.toISOString();
  const record = (ok: boolean, detail: string) => out.actions.push({ action: proposal.action, args: proposal.args, ok, detail, at });
  switch (proposal.action) {
    case "top_up_data": {
      const r = await backend.topUpData(ctx, { lineId: args.lineId as string, gb: Number(args.gb) });
      if (!r.ok) return refused(out, record, r.customerMessage, r.nextStep);
      record(true, `added ${r.addedGb} GB for ${money(r.charge)}`);
      out.say.push(`Done: I've added ${r.addedGb} GB to your line for ${money(r.charge)}, which will show on your next bill. You now have ${r.remainingGb} GB to use.`);
      out.troubleshoot = req.intent !== "data_topup";
      return;
    }
    case "enable_roaming":
    case "disable_roaming": {
      const enabled = proposal.action === "enable_roaming";
      const r = await backend.setRoaming(ctx, { lineId: args.lineId as string, enabled });
      if (!r.ok) return refused(out, record, r.customerMessage, r.nextStep);
      record(true, enabled ? "roaming on" : "roaming off");
      out.say.push(
        enabled
          ? `Done: roaming is now switched on for your line.${out.topic.travelLater ? " When you land, switch on Data Roaming on the phone itself and you're all set." : ""}`
          : "Done: roaming is now switched off for your line, so there are no roaming charges.",
      );
      out.troubleshoot = enabled && !out.topic.travelLater;
      return;
    }
    case "send_payment_request": {
      const r = await backend.sendPaymentRequest(ctx, { billId: args.billId as string, channel: args.channel as "sms" | "email" | undefined });
      if (!r.ok) return refused(out, record, r.customerMessage, r.nextStep);
      record(true, `payment request ${r.paymentRequest.id} for ${money(r.paymentRequest.amount)}`);
      out.say.push(`Done: I've sent a secure payment link for ${money(r.paymentRequest.amount)} to your phone. Once you've paid it, tell me and I'll check the line.`);
      out.pending = { kind: "payment", billId: String(args.billId), amount: r.paymentRequest.amount };
      return;
    }
    case "resume_line": {
      const r = await backend.resumeLine(ctx, { lineId: args.lineId as string });
      if (!r.ok) return refused(out, record, r.customerMessage, r.nextStep);
      record(true, `line ${r.lineId} ${r.status}`);
      out.troubleshoot = out.topic.intent !== "line_suspended";
      out.say.push("Done: your line is active again. Please restart your phone so it reconnects, and you should see your signal bars come back within a minute or two.");
      return;
    }
    case "change_plan": {
      const r = await backend.changePlan(ctx, { lineId: args.lineId as string, planId: String(args.planId) });
      if (!r.ok) return refused(out, record, r.customerMessage, r.nextStep);
      record(true, `plan ${String(args.planId)}`);
      const plans = await backend.listPlans(ctx, {});
      const name = (plans.ok ? plans.plans.find((p) => p.id === String(args.planId))?.name : undefined) ?? "the new plan";
      out.say.push(
        r.pendingPlanId
          ? `Done: your line moves to ${name} on ${date(r.effectiveFrom)}, at the start of your next billing period.`
          : `Done: your line is now on ${name}.${r.charge > 0 ? ` Your next bill includes ${money(r.charge)} for the rest of this billing period.` : ""}`,
      );
      return;
    }
    case "book_technician": {
      const r = await backend.bookTechnician(ctx, { lineId: args.lineId as string, preferredDate: args.preferredDate as string | undefined });
      if (!r.ok) return refused(out, record, r.customerMessage, r.nextStep);
      const visit = r.ticket.appointmentDate;
      record(true, `technician ticket ${r.ticket.id}`);
      if (visit) out.topic.when = `The technician is booked for ${when(visit)}.`;
      out.say.push(`Done: a technician visit is booked${visit ? ` for ${when(visit)}` : ""} (reference ${r.ticket.id}).`);
      return;
    }
  }
}

function refused(out: AccountOutcome, record: (ok: boolean, detail: string) => void, message: string, nextStep: string): void {
  record(false, message);
  out.say.push(message);
  if (nextStep === "hand_over") out.handover = message;
}

/** Asks the backend to price and check a proposal; on success the customer is asked for a yes. */
async function propose(req: AccountRequest, out: AccountOutcome, request: ProposalRequest, lead = ""): Promise<boolean> {
  const r = await req.backend.proposeAction(req.ctx, request);
  if (!r.ok) {
    out.say.push(r.customerMessage);
    if (r.nextStep === "hand_over") out.handover = r.customerMessage;
    return false;
  }
  const p = r.proposal;
  out.pending = { kind: "consent", proposalId: p.id, action: p.action, effect: p.effect, price: p.price, pricePer: p.pricePer };
  out.say.push(`${lead}I can ${p.effect}. Would you like me to go ahead?`.trim());
  return true;
}

/** A closed line is beyond what the agent can change: a person reopens accounts and numbers. */
async function closedLine(req: AccountRequest, out: AccountOutcome): Promise<boolean> {
  const view = await req.backend.getCustomer(req.ctx);
  if (!view.ok) return false;
  const open = view.lines.filter((l) => l.status !== "closed");
  const closed = view.lines.find((l) => l.status === "closed");
  if (open.length > 0 || !closed) return false;
  out.say.push(`The line ${phone(closed.number)} on your account is closed, so I can't switch it back on from here. A colleague in our accounts team can look at reopening it or bringing the number back.`);
  out.handover = "the account's line is closed: reopening needs the accounts team";
  return true;
}

async function lineStatus(req: AccountRequest, kind: "mobile" | "broadband"): Promise<LineStatusSummary | null> {
  const view = await req.backend.getCustomer(req.ctx);
  if (!view.ok) return null;
  const digits = (s?: string) => (s ?? "").replace(/\D/g, "").slice(-10);
  const lines = view.lines.filter((l) => l.kind === kind && l.status !== "closed");
  // Another of the customer's numbers written in the message ("my daughter's line 555 011 1301") names the line.
  const named = (req.numbersInMessage ?? []).map(digits).filter((n) => n !== digits(req.phoneNumber) || (req.numbersInMessage ?? []).length === 1);
  const line =
    lines.find((l) => named.includes(digits(l.number))) ?? lines.find((l) => digits(req.phoneNumber) && digits(l.number) === digits(req.phoneNumber)) ?? lines[0];
  if (!line) return null;
  const status = await req.backend.getLineStatus(req.ctx, { lineId: line.id });
  return status.ok ? status : null;
}

// ---------- fixes the diagnosis needs ----------
/** Proposes the carrier-side fix a diagnosis found; a top-up first asks how much. */
export async function proposeForDiagnosis(
  backend: TelecomBackend,
  ctx: BackendContext,
  needed: { action: string; args: Record<string, string | number>; because: string },
  state: { customer: { phoneNumber?: string; verified: boolean }; topic: Topic | null; openIssue: { primary: IntentLabel } | null },
): Promise<AccountOutcome> {
  const intent = state.openIssue?.primary ?? "mobile_no_data";
  const req: AccountRequest = {
    backend, ctx, intent, message: "", followUp: null, pending: null, topic: state.topic, verified: state.customer.verified,
    phoneNumber: state.customer.phoneNumber, now: new Date(),
  };
  const out: AccountOutcome = { say: [], pending: null, topic: state.topic ?? { intent, checked: true }, actions: [] };
  const lead = `${sentence(needed.because)} `;
  if (needed.action === "top_up_data") {
    const status = await lineStatus(req, "mobile");
    if (status) await topUpOptions(req, out, status, lead);
    return out;
  }
  await propose(req, out, { action: needed.action, args: needed.args } as ProposalRequest, lead);
  return out;
}

// ---------- outages by place ----------
async function outageByArea(req: AccountRequest, out: AccountOutcome, area: string): Promise<void> {
  const r = await req.backend.checkNetworkStatus(req.ctx, { area });
  if (!r.ok) return void out.say.push(`${r.customerMessage} If you tell me your ZIP code, I can check it.`);
  const service = INTENTS[req.intent].service === "broadband" ? r.broadband : r.mobile;
  const outages = service.outages.filter((o) => o.status === "active");
  if (outages.length === 0) {
    out.say.push(`I can't see any known problem with ${INTENTS[req.intent].service === "broadband" ? "home broadband" : "the mobile network"} in ${r.area.name} right now.`);
    out.troubleshoot = false;
    return;
  }
  for (const o of outages) {
    if (o.estimatedResolution) out.topic.when = `Our engineers expect it to be fixed by ${when(o.estimatedResolution)}.`;
    out.topic.because = o.description;
    out.say.push(`Yes, there's a known problem in ${r.area.name}: ${o.title}. ${o.description}${o.estimatedResolution ? ` Our engineers expect it to be fixed by ${when(o.estimatedResolution)}.` : ""}`);
  }
}

// ---------- the customer's own account ----------
async function accountFacts(req: AccountRequest, out: AccountOutcome): Promise<void> {
  const status = await lineStatus(req, "mobile");
  if (!status) return void out.say.push("I couldn't find a mobile line on your account.");
  const asked = asksAboutAccount(req.message) ?? "usage";
  if (asked === "contract") {
    if (!status.contractEnd) out.say.push(`Your line ${phone(status.number)} on ${status.planName} has no fixed contract, so you can change or leave at any time.`);
    else if (status.contractEnded) {
      out.say.push(
        `The contract on ${phone(status.number)} ended on ${date(status.contractEnd)}, so you're out of contract and free to change plan or renew. Our sales team can set up a new contract or a better deal on the same number: would you like me to pass you to them?`,
      );
      out.pending = { kind: "handover_offer", reason: "a new contract or a better deal, set up by the sales team" };
    }
    else out.say.push(`Your contract on ${phone(status.number)} (${status.planName}) runs until ${date(status.contractEnd)}.`);
    return;
  }
  if (asked === "plan") {
    out.say.push(`Your line ${phone(status.number)} is on ${status.planName}${status.data.limitGb === null ? ", with no data limit" : `, with ${status.data.limitGb} GB of data a month`}.`);
    return;
  }
  const usage = await req.backend.getUsage(req.ctx, { lineId: status.lineId });
  if (!usage.ok) return void out.say.push(usage.customerMessage);
  const renews = date(new Date(Date.parse(`${usage.cycleEnd}T12:00:00Z`) + 86_400_000).toISOString());
  if (usage.remainingGb === null) out.say.push(`You're on ${usage.planName}, which has no data limit; you've used ${usage.dataUsedGb} GB so far this month.`);
  else out.say.push(`You've used ${usage.dataUsedGb} GB of your ${usage.dataLimitGb! + usage.dataRefuelledGb} GB this month on ${usage.planName}, so you have ${Math.max(0, usage.remainingGb)} GB left. Your allowance renews on ${renews}.`);
}

// ---------- plans ----------
async function answerPlans(req: AccountRequest, out: AccountOutcome): Promise<void> {
  const r = await req.backend.listPlans(req.ctx, {});
  if (!r.ok) return void out.say.push(r.customerMessage);
  const plans = [...r.plans].sort((a, b) => a.monthlyPrice - b.monthlyPrice);
  const named = plansNamed(req.message).map((id) => plans.find((p) => p.id === id)).filter((p): p is Plan => Boolean(p));
  const broadband = /\b(?:broadband|fib(?:re|er)|home internet|wi-?fi at home|router)\b/i.test(req.message);
  const cheaper = /\bcheaper|less expensive|lower price|budget|cheapest\b/i.test(req.message);
  const pricier = /\bmore data|bigger|more expensive|upgrade\b/i.test(req.message);
  const reference = plans.find((p) => p.id === out.topic.planId);
  const cheapest = /\bcheapest|lowest price|least expensive\b/i.test(req.message);
  if (cheapest && named.length === 0) {
    const kind = broadband ? "broadband" : (out.topic.planKind ?? reference?.kind ?? "mobile");
    const plan = plans.find((p) => p.kind === kind)!;
    out.say.push(`Our cheapest ${kind === "broadband" ? "home broadband" : "mobile"} plan is ${describePlan(plan).replace(/^\S+ \S+ is /, `${plan.name}, at `)}`);
    out.topic.planId = plan.id;
    return;
  }
  if (cheaper && reference && named.length === 0) {
    const options = plans.filter((p) => p.kind === reference.kind && p.monthlyPrice < reference.monthlyPrice);
    out.say.push(options.length ? `Cheaper than ${reference.name}: ${lineOfPlans(options)} a month.` : `${reference.name} is already our cheapest ${reference.kind} plan.`);
    return;
  }
  if (pricier && reference && named.length === 0) {
    const options = plans.filter((p) => p.kind === reference.kind && p.monthlyPrice > reference.monthlyPrice);
    out.say.push(options.length ? `Above ${reference.name}: ${lineOfPlans(options)} a month.` : `${reference.name} is already our biggest ${reference.kind} plan.`);
    return;
  }
  if (named.length > 0) {
    for (const plan of named) out.say.push(describePlan(plan));
    out.topic.planId = named[named.length - 1]!.id;
    return;
  }
  const mobile = plans.filter((p) => p.kind === "mobile");
  const home = plans.filter((p) => p.kind === "broadband");
  out.topic.planKind = broadband ? "broadband" : "mobile";
  if (broadband) out.say.push(`Our home broadband plans, all with unlimited usage and a router included: ${lineOfPlans(home)} a month.`);
  else {
    out.say.push(`Our mobile plans, all with unlimited calls and texts and 5G where there is coverage: ${lineOfPlans(mobile)} a month.`);
    out.say.push(`For home broadband we have ${lineOfPlans(home)} a month.`);
  }
}

async function changePlan(req: AccountRequest, out: AccountOutcome): Promise<void> {
  const r = await req.backend.listPlans(req.ctx, {});
  if (!r.ok) return void out.say.push(r.customerMessage);
  const wanted = plansNamed(req.message).at(-1) ?? out.topic.planId;
  const plan = r.plans.find((p) => p.id === wanted);
  if (!plan) {
    await answerPlans(req, out);
    out.say.push("Which plan would you like to move to?");
    return;
  }
  out.topic.planId = plan.id;
  const status = await lineStatus(req, plan.kind);
  await propose(req, out, { action: "change_plan", args: { lineId: status?.lineId, planId: plan.id } }, `${describePlan(plan)} `);
}

// ---------- data top-ups ----------
async function topUpPrices(req: AccountRequest, out: AccountOutcome): Promise<void> {
  const r = await req.backend.listPlans(req.ctx, { kind: "mobile" });
  if (!r.ok) return void out.say.push(r.customerMessage);
  const priced = r.plans.filter((p) => p.topUpPricePerGb !== null).sort((a, b) => a.monthlyPrice - b.monthlyPrice);
  const named = priced.filter((p) => plansNamed(req.message).includes(p.id));
  if (named.length > 0) {
    out.say.push(`On ${listOf(named.map((p) => `${p.name} extra data is ${money(p.topUpPricePerGb!)} per GB`))}, up to 2 GB at a time.`);
    return;
  }
  out.say.push(
    `Extra data is priced by plan: ${listOf(priced.map((p) => `${money(p.topUpPricePerGb!)} per GB on ${p.name}`))}, up to 2 GB at a time, added to your next bill. Nimbus Unlimited never needs a top-up. If you'd like one on your line, I'll just need to confirm who you are first.`,
  );
}

async function offerTopUp(req: AccountRequest, out: AccountOutcome): Promise<void> {
  const status = await lineStatus(req, "mobile");
  if (!status) return void out.say.push("I couldn't find a mobile line on your account to add data to.");
  const gb = readGigabytes(req.message);
  if (gb !== undefined && req.followUp !== "price") return proposeTopUp(req, out, gb, status);
  await topUpOptions(req, out, status);
}

async function topUpOptions(req: AccountRequest, out: AccountOutcome, status: LineStatusSummary, lead = ""): Promise<void> {
  const plans = await req.backend.listPlans(req.ctx, {});
  const plan = plans.ok ? plans.plans.find((p) => p.name === status.planName) : undefined;
  const perGb = plan?.topUpPricePerGb ?? null;
  if (status.data.limitGb === null || perGb === null) {
    out.say.push(`${lead}You're on ${status.planName}, which has no data limit, so there's nothing to top up.`);
    return;
  }
  const left = status.data.remainingGb ?? 0;
  const options = [1, 2].map((gb) => ({ gb, price: gb * perGb }));
  out.pending = { kind: "amount", action: "top_up_data", options };
  out.say.push(
    `${lead}You have ${Math.max(0, left)} GB left this month on ${status.planName}. Extra data is ${money(perGb)} per GB, up to 2 GB at a time: 1 GB for ${money(options[0]!.price)} or 2 GB for ${money(options[1]!.price)}, added to your next bill. How much would you like, if any?`,
  );
}

async function proposeTopUp(req: AccountRequest, out: AccountOutcome, gb: number, status?: LineStatusSummary | null): Promise<void> {
  const line = status ?? (await lineStatus(req, "mobile"));
  if (gb > 2) {
    out.say.push("A single top-up can be at most 2 GB.");
    gb = 2;
  }
  await propose(req, out, { action: "top_up_data", args: { lineId: line?.lineId, gb } });
}

// ---------- bills ----------
async function latestBills(req: AccountRequest): Promise<{ latest?: Bill; previous?: Bill; error?: string }> {
  const r = await req.backend.listBills(req.ctx, {});
  if (!r.ok) return { error: r.customerMessage };
  const bills = [...r.bills].sort((a, b) => b.periodStart.localeCompare(a.periodStart));
  return { latest: bills[0], previous: bills[1] };
}

async function explainBill(req: AccountRequest, out: AccountOutcome): Promise<void> {
  const { latest, previous, error } = await latestBills(req);
  if (error) return void out.say.push(error);
  if (!latest) return void out.say.push("There are no bills on your account yet.");
  // A question about one charge ("what's the roaming charge for?") is answered about that charge.
  const asked = latest.lineItems.find((item) => new RegExp(`\\b${item.kind}\\b`, "i").test(req.message) || req.message.includes(String(item.amount)));
  if (asked && out.topic.checked) {
    const why = itemReason(asked.description, asked.kind, asked.amount);
    out.say.push(sentence(why));
    out.topic.because = why;
    return;
  }
  const period = `${date(latest.periodStart)} to ${date(latest.periodEnd)}`;
  const changed = latest.lineItems.filter(
    (item) => !previous?.lineItems.some((p) => p.kind === item.kind && p.amount === item.amount && p.lineId === item.lineId),
  );
  const difference = previous ? latest.amount - previous.amount : 0;
  const head = previous
    ? `Your latest bill, for ${period}, is ${money(latest.amount)}${difference > 0 ? `, ${money(difference)} more than the one before (${money(previous.amount)})` : difference < 0 ? `, ${money(-difference)} less than the one before` : ", the same as the one before"}.`
    : `Your latest bill, for ${period}, is ${money(latest.amount)}.`;
  out.say.push(head);
  if (changed.length > 0 && previous) {
    out.say.push(`What's new on it: ${listOf(changed.map((i) => `${i.description} (${money(i.amount)})`))}.`);
    const main = changed.sort((a, b) => b.amount - a.amount)[0]!;
    out.topic.because = itemReason(main.description, main.kind, main.amount);
  } else {
    out.say.push(`It's made up of ${listOf(latest.lineItems.map((i) => `${i.description} (${money(i.amount)})`))}.`);
  }
  if (latest.lineItems.some((i) => i.disputed)) out.say.push("One of these charges is already under dispute with our billing team, so you don't need to pay that part until they've reviewed it.");
  if (latest.dueDate && latest.status !== "paid") out.say.push(`It's due on ${date(latest.dueDate)}.`);
  if (req.intent === "bill_dispute") out.say.push("If a charge looks wrong to you, tell me which one and I'll pass it to our billing team to review.");
  out.topic.checked = true;
}

/** Why a bill item is there, as a clause ("the $48 is for …") that reads after "That's because". */
function itemReason(description: string, kind: string, amount: number): string {
  switch (kind) {
    case "roaming":
      return `the ${money(amount)} roaming charge is for mobile data used abroad without a Travel Pass (${description}); with a Travel Pass, days abroad cost a fixed daily price instead`;
    case "late_fee":
      return `the ${money(amount)} is a late-payment fee, added when a bill isn't paid by its due date`;
    default:
      return `the ${money(amount)} is for ${description}`;
  }
}

async function payBill(req: AccountRequest, out: AccountOutcome): Promise<void> {
  const status = await lineStatus(req, "mobile");
  const overdue = status?.overdueBills[0];
  if (status?.pendingPaymentRequest) {
    const p = status.pendingPaymentRequest;
    out.say.push(`A secure payment link for ${money(p.amount)} is already waiting on your phone; paying it there settles the bill.`);
    out.pending = { kind: "payment", billId: p.billId, amount: p.amount };
    return;
  }
  if (overdue && status) {
    out.topic.because = `bill ${overdue.id} for ${money(overdue.amount)} was due on ${date(overdue.dueDate)} and is ${overdue.daysOverdue} days overdue`;
    // Every overdue bill is named, with the total; one payment link is sent at a time, oldest first.
    const bills = [...status.overdueBills].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
    const total = bills.reduce((sum, b) => sum + b.amount, 0);
    const lead =
      bills.length > 1
        ? `You have ${bills.length} overdue bills: ${listOf(bills.map((b) => `${money(b.amount)} (due ${date(b.dueDate)})`))}, ${money(total)} in all. You can pay them all at once in the Nimbus app, or by secure links I text you, one bill at a time, oldest first. `
        : `Your bill of ${money(overdue.amount)} was due on ${date(overdue.dueDate)}. You can pay it in the Nimbus app, or by a secure payment link I text you. `;
    await propose(req, out, { action: "send_payment_request", args: { billId: bills[0]!.id } }, lead);
    return;
  }
  const { latest } = await latestBills(req);
  if (latest && latest.status !== "paid") out.say.push(`Your latest bill of ${money(latest.amount)} is due on ${date(latest.dueDate ?? latest.periodEnd)}. You can pay it in the Nimbus app or online with your saved card.`);
  else out.say.push("You have nothing to pay right now: your bills are all paid.");
}

// ---------- suspended lines ----------
async function suspendedLine(req: AccountRequest, out: AccountOutcome, status: LineStatusSummary | null): Promise<void> {
  if (!status && (await closedLine(req, out))) return;
  if (!status) return void out.say.push("I couldn't find a mobile line on your account.");
  out.topic.checked = true;
  if (status.status !== "suspended") {
    out.say.push(`Your line ${phone(status.number)} is ${status.status.replace("_", " ")}, not suspended.`);
    out.troubleshoot = status.status === "active";
    return;
  }
  const since = status.suspendedAt ? ` since ${date(status.suspendedAt)}` : "";
  if (status.contractEnded) {
    out.topic.because = `the contract on ${phone(status.number)} ended on ${date(status.contractEnd!)}, and a line whose contract has ended can only be renewed by our accounts team`;
    const owed = status.overdueBills.reduce((sum, b) => sum + b.amount, 0);
    out.say.push(
      `Your line ${phone(status.number)} has been suspended${since}, and its contract ended on ${date(status.contractEnd!)}, so I can't switch it back on from here. Our accounts team can renew the contract and reactivate it.${owed > 0 ? ` There ${status.overdueBills.length === 1 ? "is also an overdue bill" : "are also overdue bills"} of ${listOf(status.overdueBills.map((b) => money(b.amount)))} on the account, which they will go through with you.` : ""}`,
    );
    out.handover = "contract ended: renewal needed before the line can be resumed";
    return;
  }
  if (status.suspensionReason === "overdue_bill" && status.suspensionBill && status.suspensionBill.status !== "paid") {
    const bill = status.suspensionBill;
    const overdue = status.overdueBills.find((b) => b.id === bill.id);
    out.topic.because = `the bill for ${money(bill.amount)}${overdue ? ` was due on ${date(overdue.dueDate)} and is ${overdue.daysOverdue} days overdue` : " is unpaid"}; lines are suspended when a bill is more than 30 days overdue, and switched back on once it's paid`;
    const lead = `Your line ${phone(status.number)} has been suspended${since} because a bill of ${money(bill.amount)} is overdue. Once it's paid, I can switch the line back on straight away. `;
    if (status.pendingPaymentRequest) {
      out.say.push(`${lead}A secure payment link for ${money(status.pendingPaymentRequest.amount)} is already waiting on your phone; let me know once you've paid it.`);
      out.pending = { kind: "payment", billId: bill.id, amount: bill.amount };
      return;
    }
    await propose(req, out, { action: "send_payment_request", args: { billId: bill.id } }, lead);
    return;
  }
  if (status.suspensionReason === "overdue_bill" || status.suspensionReason === "customer_request") {
    await propose(req, out, { action: "resume_line", args: { lineId: status.lineId } }, `Your line ${phone(status.number)} has been suspended${since}. `);
    return;
  }
  out.topic.because = "the line was suspended for a security reason that only a specialist can review";
  out.say.push(`Your line ${phone(status.number)} has been suspended${since} for a security check, which only a specialist can lift.`);
  out.handover = `line suspended (${status.suspensionReason ?? "unknown reason"}): specialist review`;
}

/** The customer says they paid: check it, then offer to switch the line back on. */
async function afterPayment(req: AccountRequest, out: AccountOutcome): Promise<boolean> {
  const status = await lineStatus(req, "mobile");
  // Paid, and the line is already back (or was never suspended): say so, and the diagnosis goes on.
  const waiting = req.pending?.kind === "payment" ? req.pending : undefined;
  if (status && status.status === "active" && waiting) {
    const paid = status.overdueBills.every((b) => b.id !== waiting.billId) && !status.pendingPaymentRequest;
    if (!paid) {
      out.say.push("I can't see that payment yet; it can take a minute to come through. Let me know when the payment link says it's done and I'll check again.");
      out.pending = req.pending;
      return true;
    }
    out.say.push("Thanks, your payment has come through and your line is active.");
    out.troubleshoot = out.topic.intent !== "bill_payment" && out.topic.intent !== "line_suspended";
    return true;
  }
  if (!status || status.status !== "suspended" || status.suspensionReason !== "overdue_bill") return false;
  if (status.suspensionBill?.status !== "paid") {
    if (req.followUp !== "paid") return false;
    out.say.push("I can't see that payment yet; it can take a minute to come through. Let me know when the payment link says it's done and I'll check again.");
    if (req.pending) out.pending = req.pending;
    return true;
  }
  out.say.push("Thanks, your payment has come through.");
  await propose(req, out, { action: "resume_line", args: { lineId: status.lineId } });
  return true;
}

// ---------- carrier-side causes of a problem ----------
async function carrierSide(req: AccountRequest, out: AccountOutcome): Promise<void> {
  const broadband = req.intent.startsWith("broadband");
  const status = await lineStatus(req, broadband ? "broadband" : "mobile");
  out.topic.checked = true;
  if (!status) {
    out.troubleshoot = true;
    return;
  }
  if (status.status === "suspended") return suspendedLine(req, out, status);
  if (broadband) return broadbandSide(req, out, status);
  if (req.intent === "roaming_abroad" && status.roamingEnabled && wantsRoamingOff(req.message)) {
    await propose(req, out, { action: "disable_roaming", args: { lineId: status.lineId } });
    return;
  }
  if (req.intent === "roaming_abroad" && !status.roamingEnabled && wantsRoamingOff(req.message)) {
    out.say.push("Roaming is already off on your line, so there are no roaming charges.");
    return;
  }
  if (req.intent === "roaming_abroad" && status.roamingEnabled && travelsLater(req.message)) {
    out.say.push("Roaming is already on for your line, so your phone will work when you arrive. Just switch on Data Roaming on the phone itself once you land.");
    return;
  }
  if (req.intent === "roaming_abroad") out.topic.travelLater = travelsLater(req.message);
  if (req.intent === "roaming_abroad" && !status.roamingEnabled) {
    out.topic.because = "roaming is off on your line, so your phone can't use networks abroad until it's switched on";
    await propose(
      req,
      out,
      { action: "enable_roaming", args: { lineId: status.lineId } },
      travelsLater(req.message) ? "Roaming is switched off on your line at the moment, so your phone won't work abroad until it's on. " : "Roaming is switched off on your line, which is why your phone can't use data abroad. ",
    );
    return;
  }
  if ((req.intent === "mobile_no_data" || req.intent === "mobile_slow_data" || req.intent === "roaming_abroad") && status.data.exhausted) {
    out.topic.because = `you've used all ${status.data.limitGb} GB of this month's allowance, and data stops when it runs out`;
    const usage = await req.backend.getUsage(req.ctx, { lineId: status.lineId });
    if (usage.ok) out.topic.when = `Your allowance renews on ${date(new Date(Date.parse(`${usage.cycleEnd}T12:00:00Z`) + 86_400_000).toISOString())}.`;
    await topUpOptions(req, out, status, "You've used all of this month's data, which is why it stopped. ");
    return;
  }
  const network = await req.backend.checkNetworkStatus(req.ctx, {});
  const outage = network.ok ? network.mobile.outages[0] : undefined;
  if (outage) {
    if (outage.estimatedResolution) out.topic.when = `Our engineers expect it to be fixed by ${when(outage.estimatedResolution)}.`;
    out.topic.because = outage.description;
    out.say.push(`There's work on our network in your area right now: ${outage.title}. ${outage.description}${outage.estimatedResolution ? ` We expect it to be finished by ${when(outage.estimatedResolution)}.` : ""}`);
    // A mast that is down explains no service; nothing on the phone will fix it. A degraded one may not explain it all.
    if (outage.severity === "down") return;
  }
  out.troubleshoot = true;
}

async function broadbandSide(req: AccountRequest, out: AccountOutcome, status: LineStatusSummary): Promise<void> {
  const network = await req.backend.checkNetworkStatus(req.ctx, {});
  const outage = network.ok ? network.broadband.outages.find((o) => o.status === "active") : undefined;
  if (outage) {
    if (outage.estimatedResolution) out.topic.when = `Our engineers expect it to be fixed by ${when(outage.estimatedResolution)}.`;
    out.topic.because = outage.description;
    out.say.push(
      `There's an outage affecting home broadband in your area: ${outage.title}. ${outage.description}${outage.estimatedResolution ? ` Our engineers expect it to be fixed by ${when(outage.estimatedResolution)}.` : ""} There's nothing you need to do; your connection will come back on its own.`,
    );
    return;
  }
  const test = await req.backend.runBroadbandLineTest(req.ctx, { lineId: status.lineId });
  if (test.ok && test.observation === "line_fault") {
    out.topic.because = `our line test found a fault on the line to your home (${test.detail || "the connection keeps failing"}), which needs an engineer`;
    await propose(req, out, { action: "book_technician", args: { lineId: status.lineId } }, "Our line test found a fault on the line to your home, which is why it keeps dropping. ");
    return;
  }
  out.troubleshoot = true;
}
