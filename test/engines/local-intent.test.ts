import { beforeAll, describe, expect, it } from "vitest";
import type { IntentLabel } from "../../src/domain/support.js";
import { LocalEmbeddings } from "../../src/embeddings/index.js";
import { LocalIntentEngine } from "../../src/engines/local/intent.js";
import type { IntentInput } from "../../src/engines/types.js";

const prompt = { version: 1, sections: [] };
let engine: LocalIntentEngine;
const analyze = (message: string, extra: Partial<IntentInput> = {}) => engine.analyzeSync({ message, recent: [], prompt, ...extra });

beforeAll(() => {
  engine = new LocalIntentEngine({ embeddings: new LocalEmbeddings() });
});

// None of these sentences is in the examples file: they test generalisation.
const TABLE: [string, IntentLabel][] = [
  ["my phone says No Service since this morning", "mobile_no_service"],
  ["Phone has had no signal all day, can't ring anyone", "mobile_no_service"],
  ["it keeps saying SOS only in the corner", "mobile_no_service"],
  ["people say my number goes straight to voicemail and I have zero bars", "mobile_no_service"],
  ["4G icon is there but nothing will load on my phone", "mobile_no_data"],
  ["internet works on wifi but not on mobile data", "mobile_no_data"],
  ["my cellular data stopped working after the update", "mobile_no_data"],
  ["mobile data is painfully slow today", "mobile_slow_data"],
  ["youtube keeps buffering on my phone when I'm out", "mobile_slow_data"],
  ["I can't send pictures to my friends by text", "mms_issue"],
  ["mms not working on my new Samsung", "mms_issue"],
  ["I'm in Spain and my data won't work", "roaming_abroad"],
  ["heading to Italy on Friday, what will it cost to use data?", "roaming_abroad"],
  ["just landed in Cancun, no internet on my phone", "roaming_abroad"],
  ["my internet keeps dropping every 30 minutes", "broadband_drops"],
  ["the wifi at home cuts out every evening", "broadband_drops"],
  ["paying for fibre 500 and getting 40, home internet is so slow", "broadband_slow"],
  ["broadband speeds are terrible in the evenings", "broadband_slow"],
  ["is there an outage on Elm Street? internet is totally down", "broadband_outage"],
  ["the router has a red light and no internet at all", "broadband_outage"],
  ["why is my bill $40 higher than last month?", "bill_explain"],
  ["what is the $8 charge on my statement", "bill_explain"],
  ["you charged me twice for March, I want a refund", "bill_dispute"],
  ["I never used roaming, please remove that charge", "bill_dispute"],
  ["how can I pay my bill online", "bill_payment"],
  ["I'd like to set up autopay with a new card", "bill_payment"],
  ["my line got suspended, I've paid now so turn it back on", "line_suspended"],
  ["why is my number suspended??", "line_suspended"],
  ["what mobile plans do you offer", "plan_info"],
  ["how much data comes with Nimbus Plus", "plan_info"],
  ["I'd like to upgrade to Nimbus Max", "plan_upgrade"],
  ["can I switch to a cheaper plan", "plan_upgrade"],
  ["I've run out of data, can you add 2GB", "data_topup"],
  ["need a top up please, my allowance is gone", "data_topup"],
  ["we're moving house on the 20th, can the broadband come with us", "moving_house"],
  ["I'm relocating to Denver, what happens to my fibre", "moving_house"],
  ["I want to speak to a human", "human_request"],
  ["can I talk to a real person please", "human_request"],
  ["thanks, bye", "goodbye"],
  ["that's all, thank you!", "goodbye"],
  ["hello", "greeting"],
  ["good morning!", "greeting"],
  ["what's the weather in Paris", "out_of_scope"],
  ["tell me a joke about cats", "out_of_scope"],
  ["my name is Jane Smith, number 555 010 0001", "provide_identity"],
  ["DOB 1985-03-12", "provide_identity"],
];

describe("local intent: primary intent", () => {
  it(`classifies at least 90% of ${TABLE.length} customer messages correctly`, () => {
    const misses: string[] = [];
    for (const [message, expected] of TABLE) {
      const got = analyze(message).primary;
      if (got !== expected) misses.push(`${message} -> ${got} (expected ${expected})`);
    }
    const accuracy = 1 - misses.length / TABLE.length;
    expect(accuracy, misses.join("\n")).toBeGreaterThanOrEqual(0.9);
  });
});

describe("local intent: confidence bands", () => {
  it.each(["my phone says No Service since this morning", "my internet keeps dropping every 30 minutes", "I want to speak to a human"])(
    "clear request %j scores >= 0.8",
    (message) => expect(analyze(message).confidence).toBeGreaterThanOrEqual(0.8),
  );
  it.each(["it doesn't work", "help", "problem with my thing"])("vague request %j scores between 0.4 and 0.8 with alternatives", (message) => {
    const result = analyze(message);
    expect(result.confidence).toBeGreaterThanOrEqual(0.4);
    expect(result.confidence).toBeLessThan(0.8);
    expect(result.alternatives.length).toBeGreaterThanOrEqual(2);
    expect(result.alternatives.every((a) => !["goodbye", "greeting", "out_of_scope"].includes(a.intent))).toBe(true);
  });
  it.each(["what's the weather in Paris", "asdf qwerty", "zxcv bnm lorem"])("off-topic or gibberish %j is out_of_scope or below 0.4", (message) => {
    const result = analyze(message);
    expect(result.primary === "out_of_scope" || result.confidence < 0.4).toBe(true);
  });
  it("gibberish is below 0.4", () => expect(analyze("asdf qwerty").confidence).toBeLessThan(0.4));
});

describe("local intent: answers to a pending step", () => {
  const pendingAction = { actionId: "check_status_bar" as const, ask: "What do you see at the top of the screen?" };
  it.each(["done, still nothing", "it says No Service", "speed test shows 12 Mbps", "yes it works now", "4 bars and 5G now"])(
    "%j is a troubleshooting answer with high confidence",
    (message) => {
      const result = analyze(message, { pendingAction });
      expect(result.primary).toBe("troubleshooting_answer");
      expect(result.confidence).toBeGreaterThanOrEqual(0.8);
    },
  );
  it("the same sentence without a pending step is a new problem", () => {
    expect(analyze("it says No Service").primary).toBe("mobile_no_service");
  });
  it("asking for a person still wins over the pending step", () => {
    expect(analyze("I want a human", { pendingAction }).primary).toBe("human_request");
  });
});

describe("local intent: several problems", () => {
  it("no signal and MMS gives a primary and a secondary", () => {
    const result = analyze("no signal and MMS won't send either");
    expect(result.primary).toBe("mobile_no_service");
    expect(result.secondary).toContain("mms_issue");
  });
  it("broadband drops plus a bill question", () => {
    const result = analyze("my wifi keeps dropping out and also why is my bill so high this month?");
    expect([result.primary, ...result.secondary]).toEqual(expect.arrayContaining(["broadband_drops", "bill_explain"]));
  });
  it("a single problem has no secondary", () => {
    expect(analyze("my mobile data stopped working").secondary).toEqual([]);
  });
});

describe("local intent: entities", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["my number is +1 555 010 0001", { phoneNumber: "+1 555 010 0001" }],
    ["call me on (555) 010-0001", { phoneNumber: "(555) 010-0001" }],
    ["it's 5550100001", { phoneNumber: "5550100001" }],
    ["customer id C-1001", { customerId: "C-1001" }],
    ["my name is Jane Smith", { fullName: "Jane Smith" }],
    ["I'm Jane Smith and my phone is dead", { fullName: "Jane Smith" }],
    ["born 12 March 1985", { dateOfBirth: "1985-03-12" }],
    ["DOB 1985-03-12", { dateOfBirth: "1985-03-12" }],
    ["date of birth 12/03/1985", { dateOfBirth: "1985-03-12" }],
    ["born March 12, 1985", { dateOfBirth: "1985-03-12" }],
    ["I'm in Spain and have no data", { location: "Spain" }],
    ["I'm abroad and nothing works", { location: "abroad" }],
    ["my iPhone 14 won't send MMS", { device: "iPhone 14" }],
    ["Samsung Galaxy has no signal", { device: "Samsung Galaxy" }],
  ];
  it.each(cases)("%j", (message, expected) => {
    expect(analyze(message).entities).toMatchObject(expected);
  });
  it("amounts in dollars", () => {
    expect(analyze("why is my bill $40 higher, it used to be 35 dollars").entities.amounts).toEqual([40, 35]);
  });
  it("a DOB is not read as a phone number and a phone number is not a date", () => {
    const e = analyze("I'm Jane Smith, born 1985-03-12, number 555-010-0001").entities;
    expect(e.phoneNumber).toBe("555-010-0001");
    expect(e.dateOfBirth).toBe("1985-03-12");
    expect(e.fullName).toBe("Jane Smith");
  });
  it("nothing is guessed from a plain message", () => {
    const e = analyze("my internet is slow").entities;
    expect(e.phoneNumber).toBeUndefined();
    expect(e.fullName).toBeUndefined();
    expect(e.dateOfBirth).toBeUndefined();
    expect(e.amounts).toEqual([]);
  });
});

describe("local intent: sentiment and urgency", () => {
  it("an angry message is negative and urgent", () => {
    const result = analyze("THIS IS RIDICULOUS!!! No service for 3 days and nobody helps");
    expect(result.sentiment).toBe("negative");
    expect(["high", "critical"]).toContain(result.urgency);
  });
  it("furious is negative", () => expect(analyze("I'm furious, my bill doubled").sentiment).toBe("negative"));
  it("emergency is critical", () => expect(analyze("no signal and I can't call 911, this is an emergency").urgency).toBe("critical"));
  it("a business down is critical", () => expect(analyze("my business is down, the broadband has been dead since morning").urgency).toBe("critical"));
  it("a calm question is neutral and not urgent", () => {
    const result = analyze("how much data comes with Nimbus Plus");
    expect(result.sentiment).toBe("neutral");
    expect(["low", "medium"]).toContain(result.urgency);
  });
  it("thanks is positive", () => expect(analyze("great, thanks so much").sentiment).toBe("positive"));
  it("'driving me mad', a typed sad face or an angry emoji is an upset customer", () => {
    for (const text of ["my internet at home keeps dropping every half hour and it's driving me mad", "my data stopped working :( since this morning", "no signal all day 😡"]) {
      expect(analyze(text).sentiment).toBe("negative");
    }
    expect(analyze("call me back at 3:(ish is fine").sentiment).not.toBe("negative");
  });
});

