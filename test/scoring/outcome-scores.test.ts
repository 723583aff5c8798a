import { describe, expect, it } from "vitest";
import { scoreTranscriptLocally } from "../../src/scoring/local-scorer.js";
import { ScorableConversation, type CarrierEvent, type ScorableConversationInput } from "../../src/scoring/transcript.js";

/** A conversation from [customer, agent, carrier events] turns and final-state details. */
function conversation(turns: [string, string, CarrierEvent[]?][], over: Partial<ScorableConversationInput> = {}) {
  return ScorableConversation.parse({
    turns: turns.map(([customer, reply, events]) => ({ customer, replies: [reply], events: events ?? [] })),
    status: "open",
    audited: true,
    ...over,
  });
}
const proposal = (id: string, proposes: string): CarrierEvent => ({ action: "propose_action", kind: "proposal", ok: true, proposalId: id, proposes, detail: "" });
const yes = (id: string): CarrierEvent => ({ action: "record_customer_decision", kind: "decision", ok: true, proposalId: id, accepted: true, detail: "" });
const change = (action: string, id?: string): CarrierEvent => ({ action, kind: "change", ok: true, proposalId: id, detail: "" });
const handover: CarrierEvent = { action: "transfer_to_human", kind: "handover", ok: true, detail: "" };
const IDENTITY = "To look at your account I first need to confirm who you are: could you give me the phone number on the account and your full name or date of birth?";

describe("the issue's examples score as a person would", () => {
  it("'signal or suspended line?', 'tell me a bit more', 'Glad I could help' is a total failure", () => {
    const scores = scoreTranscriptLocally(
      conversation(
        [
          ["my phone isnt working since this morning", "Is this about your phone having no signal, or a suspended line?"],
          ["idk it just doesnt work, cant call anyone", "Could you tell me a bit more about what's happening, so I can help?"],
          ["i just told you. no calls at all", "Glad I could help! Is there anything else I can help with?"],
        ],
        { status: "closed", issue: "mobile_no_service" },
      ),
    );
    expect(scores.needMet).toBe(0);
    expect(scores.policy).toBeLessThan(1);
    expect(scores.clarity).toBe(1); // short, one question each: clarity alone would have passed it
    expect(scores.overall).toBeLessThan(0.1);
  });

  it("a correct top-up on the customer's yes to a priced proposal meets the need", () => {
    const scores = scoreTranscriptLocally(
      conversation(
        [
          ["my daata ran out i think", IDENTITY],
          ["James Carter 555-010-0002", "Hi James. You have 0 GB left on Nimbus Lite. Extra data is $5 per GB: 1 GB for $5 or 2 GB for $10. How much would you like, if any?"],
          ["1gb is enough", "I can add 1 GB of data to 555-010-0002 for $5.00, charged to your next bill. Would you like me to go ahead?", [proposal("P-1", "top_up_data")]],
          ["yeah that's fine", "Done: I've added 1 GB to your line for $5. Is there anything else I can help with?", [yes("P-1"), change("top_up_data", "P-1")]],
        ],
        { verified: true, issue: "data_topup" },
      ),
    );
    expect(scores.needMet).toBe(1);
    expect(scores.policy).toBe(1);
    expect(scores.handoverNeeded).toBe(1);
    expect(scores.overall).toBeGreaterThan(0.85);
  });

  it("'there is a known outage… Great news, that's fixed now' is a false claim and no outcome", () => {
    const scores = scoreTranscriptLocally(
      conversation(
        [
          ["home internet is down since this morning", IDENTITY],
          ["linda nguyen 555 010 0005", "Hi Linda. There is a known outage affecting home broadband in your area. Great news, that's fixed now. Is there anything else I can help with?"],
        ],
        { status: "resolved", verified: true, issue: "broadband_outage" },
      ),
    );
    expect(scores.needMet).toBe(0);
    expect(scores.policy).toBeLessThanOrEqual(0.4);
    expect(scores.overall).toBeLessThan(0.1);
  });
});

describe("consent and truth", () => {
  const topUp = (events: [CarrierEvent[], CarrierEvent[]]) =>
    conversation(
      [
        ["James Carter 555 010 0002, add 1gb pls", "I can add 1 GB for $5.00. Would you like me to go ahead?", events[0]],
        ["yes go ahead", "Done: I've added 1 GB to your line for $5.", events[1]],
      ],
      { verified: true, issue: "data_topup" },
    );

  it("a change with no accepted proposal, or accepted in the turn it was proposed, breaks policy and is not the need met", () => {
    const noProposal = scoreTranscriptLocally(topUp([[], [change("top_up_data")]]));
    const sameTurn = scoreTranscriptLocally(topUp([[proposal("P-1", "top_up_data"), yes("P-1"), change("top_up_data", "P-1")], []]));
    const proper = scoreTranscriptLocally(topUp([[proposal("P-1", "top_up_data")], [yes("P-1"), change("top_up_data", "P-1")]]));
    expect(noProposal.policy).toBe(0);
    expect(noProposal.needMet).toBe(0);
    expect(sameTurn.policy).toBe(0);
    expect(proper.policy).toBe(1);
    expect(proper.needMet).toBe(1);
  });

  it("a reply claiming a change the backend never made is a false claim", () => {
    const scores = scoreTranscriptLocally(topUp([[proposal("P-1", "top_up_data")], [yes("P-1")]]));
    expect(scores.policy).toBeLessThanOrEqual(0.4);
    expect(scores.needMet).toBe(0);
  });

  it("internal ids shown to the customer cost policy", () => {
    const scores = scoreTranscriptLocally(
      conversation([["what plans do u have", "Our mobile plans: Nimbus Lite $15 (5 GB), Nimbus Plus $30 (20 GB). (see: plan_catalog, procedure P-0001)"]], { issue: "plan_info" }),
    );
    expect(scores.needMet).toBe(1);
    expect(scores.policy).toBeLessThan(1);
  });
});

describe("empathy where it matters", () => {
  const PRICES = "Extra data is $5 per GB on Nimbus Lite, $4 on Nimbus Plus and $3 on Nimbus Max, up to 2 GB at a time.";
  it("a canned 'sorry' on a price question costs instead of earning; no apology there is simply not scored", () => {
    const canned = scoreTranscriptLocally(conversation([["how much is a data top up thank you", `I'm sorry about the trouble, I understand how frustrating this is. ${PRICES}`]], { issue: "data_topup" }));
    const plain = scoreTranscriptLocally(conversation([["how much is a data top up thank you", PRICES]], { issue: "data_topup" }));
    expect(canned.empathy).toBeCloseTo(0.7);
    expect(plain.empathy).toBeUndefined();
    expect(canned.needMet).toBe(1);
    expect(canned.overall!).toBeLessThan(plain.overall!);
  });

  it("an upset customer acknowledged once earns it; ignored, it costs", () => {
    const upset = "THIRD time this week my home internet is down!!! i work from home";
    const outage = "There's an outage in your area: a fibre cable cut on River Road. Engineers expect it fixed by Saturday, November 21 at 8:00 PM.";
    const warm = scoreTranscriptLocally(conversation([[upset, `I'm sorry, three times in a week is really frustrating. ${outage}`]], { issue: "broadband_outage", verified: true }));
    const cold = scoreTranscriptLocally(conversation([[upset, outage]], { issue: "broadband_outage", verified: true }));
    expect(warm.empathy).toBe(1);
    expect(cold.empathy).toBe(0.2);
    expect(warm.overall!).toBeGreaterThan(cold.overall!);
  });
});

describe("context use judged on real use", () => {
  const opening: [string, string][] = [
    ["no signal on my phone again", IDENTITY],
    ["James Carter 555 010 0002", "Hi James. Before I can look at your account, could you look at the top of your screen and tell me how many signal bars you see?"],
  ];
  it("'Before I can look at your account' is not context use, and without history context use does not apply", () => {
    expect(scoreTranscriptLocally(conversation(opening, { issue: "mobile_no_service", verified: true })).contextUse).toBeUndefined();
  });

  it("the customer's history of the same issue referred to earns it; ignored or irrelevant history costs", () => {
    const sameIssue = { history: [{ intent: "mobile_no_service", outcome: "resolved", summary: "airplane mode" }], similarCases: [] };
    const otherIssue = { history: [{ intent: "bill_explain", outcome: "resolved", summary: "bill" }], similarCases: [] };
    const used: [string, string][] = [opening[0]!, ["James Carter 555 010 0002", "Hi James. Last time you had no signal it was airplane mode: is there an aeroplane icon at the top of your screen?"]];
    expect(scoreTranscriptLocally(conversation(used, { issue: "mobile_no_service", verified: true, memory: sameIssue })).contextUse).toBe(1);
    expect(scoreTranscriptLocally(conversation(opening, { issue: "mobile_no_service", verified: true, memory: sameIssue })).contextUse).toBe(0.4);
    const dragged: [string, string][] = [opening[0]!, ["James Carter 555 010 0002", "Hi James. Last time you contacted us about your bill. How many signal bars do you see?"]];
    expect(scoreTranscriptLocally(conversation(dragged, { issue: "mobile_no_service", verified: true, memory: otherIssue })).contextUse).toBe(0.5);
  });
});

describe("hand-overs and questions asked twice", () => {
  it("an out-of-scope 'why?' handed over is a needless hand-over; a customer asking for a person is served by one", () => {
    const needless = scoreTranscriptLocally(
      conversation(
        [
          ["can you recommend a goood pizza place in springfield", "That's not something I can help with, I'm afraid. I can help with your Nimbus phone, broadband, bills and plans."],
          ["why not?", "I've passed this to a member of our support team with a summary. Your ticket number is T-5004.", [handover]],
        ],
        { issue: "out_of_scope", status: "handed_over", escalation: { reason: "asked why", turn: 2 } },
      ),
    );
    const asked = scoreTranscriptLocally(
      conversation([["agent. agent. real person please", "I've passed this to a member of our support team with a summary. Your ticket number is T-5004.", [handover]]], {
        issue: "human_request",
        status: "handed_over",
        escalation: { reason: "asked for a person", turn: 1 },
      }),
    );
    expect(needless.handoverNeeded).toBe(0.1);
    expect(needless.needMet).toBeLessThan(0.5);
    expect(asked.handoverNeeded).toBe(1);
    expect(asked.needMet).toBe(1);
  });

  it("a fixable fault handed over before any check is a needless hand-over and no outcome", () => {
    const scores = scoreTranscriptLocally(
      conversation(
        [
          ["my mobile data stoopped working, aps wont load", IDENTITY],
          ["Isabella Rossi 1987-09-14", "Hi Isabella. I've passed this to a member of our support team with a summary. Your ticket number is T-5004.", [handover]],
        ],
        { issue: "mobile_no_data", verified: true, status: "handed_over", escalation: { reason: "data", turn: 2 } },
      ),
    );
    expect(scores.handoverNeeded).toBeLessThanOrEqual(0.4);
    expect(scores.needMet).toBeLessThan(0.5);
  });

  it("identity asked again after it was given is a question asked twice", () => {
    const turns: [string, string, CarrierEvent[]?][] = [
      ["how much is extra data, i need more", IDENTITY],
      ["James Carter 555 010 0002", "Hi James. Extra data is $5 per GB on your plan. How much would you like?"],
      ["1gb", IDENTITY],
      ["i already told you, James Carter 555 010 0002. 1gb", "I can add 1 GB for $5.00. Would you like me to go ahead?", [proposal("P-1", "top_up_data")]],
      ["yes", "Done: I've added 1 GB to your line for $5.", [yes("P-1"), change("top_up_data", "P-1")]],
    ];
    const scores = scoreTranscriptLocally(conversation(turns, { verified: true, issue: "data_topup" }));
    expect(scores.needMet).toBe(1);
    expect(scores.noRepeatedQuestion).toBeLessThanOrEqual(0.3);
    expect(scores.overall).toBeLessThan(0.8);
  });

  const STATUS_BAR = "Could you look at the very top of your screen and tell me what it shows: signal bars and network type?";
  it("asking what the phone shows again after a step it was asked to do is the customer's check, not a repeat", () => {
    const scores = scoreTranscriptLocally(
      conversation(
        [
          ["no signal since this morning", STATUS_BAR],
          ["says No Service", "Please switch aeroplane mode on, wait ten seconds, and switch it off again."],
          ["done", STATUS_BAR],
          ["4 bars now, LTE. calls work again", "Great, that fixed it."],
        ],
        { verified: true, issue: "mobile_no_service", status: "resolved" },
      ),
    );
    expect(scores.noRepeatedQuestion).toBe(1);
  });

  it("asking what the phone shows again with nothing done in between is a repeat", () => {
    const scores = scoreTranscriptLocally(
      conversation(
        [
          ["no signal since this morning", STATUS_BAR],
          ["says No Service", STATUS_BAR],
          ["i told you, no service", "Please switch aeroplane mode on, wait ten seconds, and switch it off again."],
        ],
        { verified: true, issue: "mobile_no_service" },
      ),
    );
    expect(scores.noRepeatedQuestion).toBeLessThan(1);
  });
});
