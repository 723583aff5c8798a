import { describe, expect, it } from "vitest";
import type { IntentAnalysis } from "../../src/domain/support.js";
import { LocalDialogueEngine } from "../../src/engines/local/dialogue.js";
import { readGuidelines } from "../../src/engines/local/guidelines.js";
import { askForMissingIdentity } from "../../src/conversation/identity.js";
import type { DialogueInput, RolePrompt } from "../../src/engines/types.js";
import type { PromptSection } from "../../src/memory/schemas.js";
import { DEFAULT_PROMPTS } from "../../src/prompts/defaults.js";
import { DEGRADATIONS } from "../../src/prompts/degraded.js";

const engine = new LocalDialogueEngine();
const ASK = "Please swipe open your quick settings and make sure airplane mode is switched off, then wait about 30 seconds. Do any signal bars come back?";

function intent(extra: Partial<IntentAnalysis> = {}): IntentAnalysis {
  return { primary: "mobile_no_service", secondary: [], entities: { amounts: [], dates: [] }, sentiment: "neutral", urgency: "medium", confidence: 0.9, alternatives: [], ...extra };
}
const prompt = (sections: PromptSection[] = DEFAULT_PROMPTS.dialogue): RolePrompt => ({ version: 1, sections });
function input(extra: Partial<DialogueInput> = {}): DialogueInput {
  return {
    message: "my phone says No Service",
    customer: { verified: true, firstName: "Jane", failedAttempts: 0 },
    intent: intent(),
    plan: { next: ["reply"], reason: "INTERNAL-REASON specialists ran", goals: [] },
    troubleshooting: {
      procedureId: "mobile-no-service", layer: "connectivity", stepId: "airplane_off", status: "awaiting_customer",
      observations: [
        { procedureId: "mobile-no-service", stepId: "line", observation: "ok", source: "carrier", detail: "" },
        { procedureId: "mobile-no-service", stepId: "outage", observation: "ok", source: "carrier", detail: "" },
      ],
      faultsFound: [], faultsFixed: [], queue: [], completed: [],
    },
    requestedActions: [{ actionId: "airplane_mode_off", ask: ASK }],
    knowledge: null,
    accountActions: [],
    escalation: null,
    memory: { facts: {}, history: [], similarCases: [] },
    notes: [],
    degraded: [],
    prompt: prompt(),
    ...extra,
  };
}
const reply = async (extra: Partial<DialogueInput> = {}) => (await engine.compose(input(extra))).reply;
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe("local dialogue: content", () => {
  it("greets a verified customer by first name, says what was checked and asks the one action", async () => {
    const text = await reply();
    expect(text).toMatch(/^Hi Jane\b/);
    expect(text).toMatch(/checked/i);
    expect(text).toContain(ASK);
  });
  it("does not use a name before verification", async () => {
    expect(await reply({ customer: { verified: false, firstName: "Jane", failedAttempts: 0 } })).not.toContain("Jane");
  });
  it("reports carrier findings and a refused action as refused, in the account role's words", async () => {
    // The account role writes the refusal for the customer; the dialogue says it and never the opposite.
    const refusal = "I can't switch your line 555-010-0003 back on yet: your September 2026 bill ($42.00) is still unpaid.";
    const text = await reply({
      requestedActions: [],
      troubleshooting: { ...input().troubleshooting!, status: "handover", observations: [{ procedureId: "suspended-line", stepId: "line", observation: "line_suspended", source: "carrier", detail: "" }] },
      accountActions: [{ action: "resume_line", ok: false, detail: refusal }],
      notes: [refusal],
    });
    expect(text).toMatch(/suspended/);
    expect(text).toContain(refusal);
    expect(text).not.toMatch(/\b(resumed|active again|I've switched)/i);
  });
  /** A reply to a question the knowledge role answered from one article, nothing else pending. */
  const answered = (query: string, answer: string, citation: { source: string; title: string; section: string }) =>
    reply({ requestedActions: [], troubleshooting: null, knowledge: { query, answer, covered: true, passages: [], citations: [citation] } });

  it("gives the knowledge answer with a short citation", async () => {
    const text = await answered("travel pass", "Travel Pass costs $8 per day in Zone 2 destinations.", { source: "roaming-and-travel-pass.md", title: "Roaming and Travel Pass", section: "Travel Pass" });
    expect(text).toContain("$8 per day");
    // One short "Source:" line, no "(see: …)" pasted into the sentence.
    expect(text.match(/Source:/g)).toHaveLength(1);
    expect(text).toContain("Source: Roaming and Travel Pass.");
    expect(text).not.toContain("(see:");
  });
  it("cites an article titled as a question in quotes, and still asks whether there is anything else", async () => {
    const text = await answered("student discount", "Students with a valid student email get 10% off Home Fibre.", { source: "faq.md", title: "Do you have discounts for seniors or students?", section: "Discounts" });
    expect(text).toContain('Source: "Do you have discounts for seniors or students?".');
    // The title's question mark does not stand in for the reply's own closing question.
    expect(text.endsWith("Is there anything else I can help with?")).toBe(true);
  });
  it("asks the clarifying question", async () => {
    const q = "Is this about your mobile data, or your home broadband?";
    const text = await reply({ requestedActions: [], troubleshooting: null, plan: { next: ["clarify"], reason: "x", goals: [], clarifyingQuestion: q } });
    expect(text).toContain(q);
  });
  it("hands over with the ticket id", async () => {
    const text = await reply({
      requestedActions: [],
      escalation: { reason: "sim locked", summary: "SECRET-SUMMARY customer C-1002 Bob", ticketId: "T-1042", at: new Date().toISOString(), turn: 0, continued: false },
    });
    expect(text).toContain("T-1042");
    expect(text).not.toContain("SECRET-SUMMARY");
  });
  it("a turn that hands over does not also ask for the troubleshooting step that was pending", async () => {
    const escalation = { reason: "customer asked for a person", summary: "s", ticketId: "T-1043", at: new Date().toISOString(), turn: 3, continued: false };
    const text = await reply({ escalation });
    expect(text).toContain("Your ticket number is T-1043.");
    expect(text).not.toContain(ASK);
    // Later, while the ticket waits for a person, the troubleshooting can go on.
    expect(await reply({ escalation: { ...escalation, continued: true } })).toContain(ASK);
  });
  it("relays the human agent's reply after a hand-over", async () => {
    const text = await reply({
      requestedActions: [],
      escalation: { reason: "x", summary: "s", ticketId: "T-7", at: new Date().toISOString(), turn: 0, continued: false, humanReply: "We've reset your SIM, please restart." },
    });
    expect(text).toContain("We've reset your SIM, please restart.");
  });
  it("asks for identity, saying what is still missing", async () => {
    // The identity check writes what it still needs; the reply carries it and asks nothing else.
    const ask = askForMissingIdentity({ phoneNumber: "+15550100005" }, "name_or_dob");
    const text = await reply({
      customer: { verified: false, failedAttempts: 0 },
      requestedActions: [],
      troubleshooting: null,
      plan: { next: ["verify_identity"], reason: "x", goals: [] },
      notes: [ask],
      pending: { kind: "identity" },
    });
    expect(text).toContain("555-010-0005");
    expect(text).toMatch(/full name or date of birth/);
    expect(text).not.toMatch(/phone number on the account/);
    expect(text).not.toMatch(/tell me a bit more/);
  });
  it("says what is degraded", async () => {
    const text = await reply({ degraded: ["chroma"] });
    expect(text).toMatch(/can't reach our knowledge base right now/);
  });
  it("never leaks plan reasons, prompt text or step ids", async () => {
    const text = await reply({ notes: [] });
    expect(text).not.toContain("INTERNAL-REASON");
    for (const section of DEFAULT_PROMPTS.dialogue) expect(text).not.toContain(section.text.slice(0, 40));
    expect(text).not.toMatch(/airplane_off|mobile-no-service|carrier_check/);
  });
  it("closes politely on goodbye", async () => {
    const text = await reply({ intent: intent({ primary: "goodbye" }), plan: { next: ["close"], reason: "x", goals: [] }, requestedActions: [] });
    expect(text).toMatch(/Have a great day/);
  });
});

describe("local dialogue: guideline knobs", () => {
  const angry = intent({ sentiment: "negative", urgency: "high" });
  const withoutEmpathy = DEFAULT_PROMPTS.dialogue.filter((s) => s.id !== "empathy");

  it("an empathy guideline adds an opening for a frustrated customer, and its absence removes it", async () => {
    const withIt = await reply({ intent: angry });
    const without = await reply({ intent: angry, prompt: prompt(withoutEmpathy) });
    expect(withIt).toMatch(/sorry/i);
    expect(without).not.toMatch(/sorry/i);
  });
  it("a stronger empathy guideline gives stronger wording, even for a calm customer with a problem", async () => {
    const strong = prompt([...withoutEmpathy, { id: "empathy", title: "Empathy", kind: "guideline", text: "Always acknowledge the problem warmly and apologise explicitly." }]);
    expect(await reply({ intent: intent(), prompt: strong })).toMatch(/sorry/i);
    expect(await reply({ intent: angry, prompt: strong })).toMatch(/really sorry/i);
  });
  it("a word limit is respected and the requested action survives", async () => {
    const knowledge = {
      query: "q", covered: true, passages: [],
      answer: "Roaming is a setting on your line as well as on your phone. For security, new lines have roaming off by default. Turning roaming on is free.",
      citations: [{ source: "r.md", title: "Roaming and Travel Pass", section: "Switching roaming on" }],
    };
    const long = await reply({ intent: angry, knowledge, prompt: prompt(withoutEmpathy.filter((s) => s.id !== "conciseness")) });
    const limited = prompt([
      ...DEFAULT_PROMPTS.dialogue.filter((s) => s.id !== "conciseness"),
      { id: "conciseness", title: "Conciseness", kind: "guideline", text: "Keep replies to at most 40 words." },
    ]);
    const short = await reply({ intent: angry, knowledge, prompt: limited });
    expect(words(long)).toBeGreaterThan(40);
    expect(words(short)).toBeLessThanOrEqual(40);
    expect(short).toContain(ASK);
  });
  it("a context guideline mentions what fixed a similar case", async () => {
    const memory = {
      facts: {}, history: [],
      similarCases: [{ intent: "mobile_no_data", outcome: "resolved", resolutionPath: ["line:ok", "data_on:mobile_data_on:data_off"], similarity: 0.9 }],
    };
    const base = { intent: intent({ primary: "mobile_no_data" }), memory };
    const context = prompt([...DEFAULT_PROMPTS.dialogue, { id: "context", title: "Context", kind: "guideline", text: "Use the customer's history and what worked in similar cases." }]);
    expect(await reply({ ...base, prompt: context })).toMatch(/turning mobile data on fixed/);
    expect(await reply(base)).not.toMatch(/turning mobile data on/);
  });
  it("reads knobs from section text, so evolved sections work", () => {
    const knobs = readGuidelines(prompt([
      { id: "brevity-v2", title: "Short replies", kind: "guideline", text: "Replies must be no more than 80 words." },
      { id: "tone", title: "Tone", kind: "guideline", text: "Acknowledge frustration." },
      { id: "identity", title: "Identity", kind: "guardrail", text: "at most 5 words" },
    ]));
    expect(knobs.maxWords).toBe(80);
    expect(knobs.empathy).toBe("brief");
  });
});

describe("local dialogue: tone and length levers a customer notices", () => {
  const angry = intent({ sentiment: "negative", urgency: "high" });
  const withGuideline = (id: string, text: string) => prompt([...DEFAULT_PROMPTS.dialogue.filter((s) => s.id !== id), { id, title: id, kind: "guideline", text }]);
  const priceAnswer = {
    query: "how much is the travel pass", covered: true, passages: [],
    answer: "The Travel Pass costs $5 a day and gives you your home allowance in 40 countries.",
    citations: [{ source: "roaming.md", title: "Roaming and Travel Pass", section: "Prices" }],
  };
  const priceQuestion = { message: "how much is the travel pass per day??", intent: intent({ primary: "roaming_abroad" }), requestedActions: [], troubleshooting: null, knowledge: priceAnswer };

  it("'Be curt. Never apologise' gives a shorter reply with no apology to an upset customer, the step still asked", async () => {
    const normal = await reply({ intent: angry, message: "this is the third time my phone has NO SERVICE, sort it out" });
    const curt = await reply({ intent: angry, message: "this is the third time my phone has NO SERVICE, sort it out", prompt: withGuideline("tone", "Be curt. Never apologise.") });
    expect(normal).toMatch(/sorry/i);
    expect(curt).not.toMatch(/sorry|frustrat/i);
    expect(words(curt)).toBeLessThan(words(normal));
    expect(curt).toContain(ASK);
  });

  it("an apology never replaces the answer: with 'always apologise' and a tight word limit the price survives, the apology goes", async () => {
    const tight = prompt([
      ...DEFAULT_PROMPTS.dialogue.filter((s) => s.id !== "empathy" && s.id !== "conciseness"),
      { id: "empathy", title: "Empathy", kind: "guideline", text: "Always apologise warmly at the start of every reply." },
      { id: "conciseness", title: "Conciseness", kind: "guideline", text: "At most 20 words." },
    ]);
    const text = await reply({ ...priceQuestion, intent: intent({ primary: "roaming_abroad", sentiment: "negative", urgency: "high" }), prompt: tight });
    expect(text).toContain("$5 a day");
    expect(text).not.toMatch(/really sorry/i);
  });

  it("a calm price question gets no apology by default, and a canned one under 'always apologise first'", async () => {
    expect(await reply(priceQuestion)).not.toMatch(/sorry/i);
    expect(await reply({ ...priceQuestion, prompt: withGuideline("empathy", "Always apologise first.") })).toMatch(/^Hi Jane\. Sorry you're having trouble/);
  });

  it("the degraded 'apology instead of an answer' version withholds the price: a customer sees only an apology", async () => {
    const { section } = DEGRADATIONS.apology;
    const text = await reply({ ...priceQuestion, prompt: prompt([...DEFAULT_PROMPTS.dialogue, section]) });
    expect(text).toMatch(/sorry/i);
    expect(text).not.toContain("$5");
    expect(await reply(priceQuestion)).toContain("$5 a day");
  });

  it("an acknowledgement that names the problem says what went wrong", async () => {
    const named = withGuideline("empathy", "Acknowledge an upset customer once, naming what went wrong; say sorry only when they are frustrated or the problem is urgent.");
    expect(await reply({ intent: angry, prompt: named })).toMatch(/I'm sorry about your phone having no signal/);
  });

  it("'do not explain what was checked' drops the line about our side's checks", async () => {
    expect(await reply()).toMatch(/checked your line/i);
    expect(await reply({ prompt: withGuideline("transparency", "Do not explain what was checked.") })).not.toMatch(/checked your line/i);
  });
});
