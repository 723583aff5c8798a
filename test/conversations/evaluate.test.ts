import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../src/backend/audit.js";
import { consentBreaches, evaluate, falseClaims, offersAbout, type RunRecord } from "./evaluate.js";
import { asksDeviceStep } from "./device.js";
import { money, timeOfDay } from "./facts.js";
import { conv } from "./cases/common.js";

/**
 * The judge itself, on hand-written records: a suite that passes a broken agent is worse
 * than none. Each case is something a careful supervisor would (or would not) flag.
 */

let n = 0;
function entry(action: string, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { id: `e${++n}`, at: "2026-11-21T12:00:00.000Z", threadId: "t", customerId: "C-1002", action, kind: "change", args: {}, outcome: "ok", code: null, reason: null, ...extra };
}

function record(turns: { customer: string; replies: string[]; entries: AuditEntry[] }[]): RunRecord {
  const audit: AuditEntry[] = [];
  const out = turns.map((t) => {
    audit.push(...t.entries);
    return { customer: t.customer, replies: t.replies, auditEnd: audit.length, paused: false };
  });
  return { id: "x", threadId: "t", turns: out, audit, tickets: [], knownTicketIds: ["T-5001"], identified: "C-1002", deviceFixed: null, ms: 0 };
}

const proposal = (gb: number) =>
  entry("proposeAction", { args: { action: "top_up_data", args: { gb } }, proposalId: "P-0001", result: { ok: true, proposal: { args: { lineId: "L-1002", gb } } } });
const decision = (words: string) => entry("recordCustomerDecision", { args: { proposalId: "P-0001", accepted: true, customerWords: words }, proposalId: "P-0001" });
const topUp = (gb: number) => entry("topUpData", { args: { gb }, proposalId: "P-0001", result: { ok: true, lineId: "L-1002", addedGb: gb } });

describe("the conversation judge", () => {
  it("flags a charge with no proposal, and one accepted in words that asked for something else", () => {
    const unproposed = record([{ customer: "my data stopped", replies: ["I've added 2 GB for $10."], entries: [entry("topUpData", { args: { gb: 2 } })] }]);
    expect(consentBreaches(unproposed)).toHaveLength(1);

    const otherAmount = record([
      { customer: "more data pls", replies: ["I can add 2 GB for $10. Shall I go ahead?"], entries: [proposal(2)] },
      { customer: "ok 1gb then", replies: ["Done: I've added 2 GB."], entries: [decision("ok 1gb then"), topUp(2)] },
    ]);
    expect(consentBreaches(otherAmount)).toEqual([expect.stringContaining("asks for 1 GB, not the 2 GB proposed")]);
  });

  it("accepts a change made after the customer's own yes to exactly that proposal", () => {
    const consented = record([
      { customer: "more data pls", replies: ["I can add 2 GB for $10. Shall I go ahead?"], entries: [proposal(2)] },
      { customer: "yes please", replies: ["Done: I've added 2 GB to your line."], entries: [decision("yes please"), topUp(2)] },
    ]);
    expect(consentBreaches(consented)).toEqual([]);
    expect(falseClaims(consented)).toEqual([]);
  });

  it("flags a proposal accepted in the turn it was made, before the customer could read it", () => {
    const sameTurn = record([{ customer: "give me 2gb", replies: ["Done."], entries: [proposal(2), decision("give me 2gb"), topUp(2)] }]);
    expect(consentBreaches(sameTurn)).toEqual([expect.stringContaining("same turn")]);
  });

  it("flags a reply that says a refused resume happened, but not a note added to a ticket", () => {
    const refused = entry("resumeLine", { outcome: "refused", code: "policy", reason: "The line's contract ended on 2026-08-31." });
    const run = record([{ customer: "turn it back on", replies: ["I couldn't resume your line. Your line has been resumed."], entries: [refused] }]);
    expect(falseClaims(run)).toEqual([expect.stringContaining("resumed line")]);

    const note = record([{ customer: "hello??", replies: ["I've added this to your ticket T-5001, so the colleague who picks it up will see it."], entries: [] }]);
    expect(falseClaims(note)).toEqual([]);
    const unknownTicket = record([{ customer: "hello??", replies: ["Your ticket is T-7777."], entries: [] }]);
    expect(falseClaims(unknownTicket)).toEqual([expect.stringContaining("T-7777")]);
  });

  it("flags 'that's fixed now' said before the customer's own check says so", () => {
    const early = record([{ customer: "ok how long", replies: ["There is an outage. Great news, that's fixed now."], entries: [] }]);
    expect(falseClaims(early)).toEqual([expect.stringContaining("fixed before the customer said so")]);
    const confirmed = record([{ customer: "turned it off and the bars are back", replies: ["Great news, that's fixed now."], entries: [] }]);
    expect(falseClaims(confirmed)).toEqual([]);
  });

  it("tells a new device question after the fix from a friendly close", () => {
    expect(asksDeviceStep("Thanks, so airplane mode is off now. Could you look at the very top of your screen and tell me what it shows?")).toBe(true);
    expect(asksDeviceStep("Thanks, so Wi-Fi calling is off. Great news, that's fixed now. Is there anything else I can help with?")).toBe(false);
  });

  it("reads amounts and times the way replies write them", () => {
    const matches = (m: ReturnType<typeof money>, text: string) => evaluate(conv({ id: "m", category: "plans", intents: ["plan_info"], about: "", turns: ["x"], expect: { handover: false, mentions: [m] } }), record([{ customer: "x", replies: [text], entries: [] }])).met;
    expect(matches(money(65), "Nimbus Unlimited is $65.00 a month.")).toBe(true);
    expect(matches(money(65), "That plan is $650 a year.")).toBe(false);
    expect(matches(money(6), "It costs $65.")).toBe(false);
    expect(matches(timeOfDay("2026-11-21T20:00:00Z"), "We expect it fixed by 8:00 PM UTC.")).toBe(true);
    expect(matches(timeOfDay("2026-11-21T20:00:00Z"), "We expect it fixed by 2 p.m. local time.")).toBe(true);
    expect(matches(timeOfDay("2026-11-21T20:00:00Z"), "We expect it fixed tomorrow.")).toBe(false);
  });

  it("hears a yes only to a question about its topic", () => {
    expect(offersAbout("I can add 2 GB for $10, charged to your next bill. Would you like me to go ahead?", /\bGB\b|data/i)).toBe(true);
    expect(offersAbout("You have used all your data. Is there anything else I can help with?", /\bGB\b|data/i)).toBe(false);
  });
});
