import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  askForMissingIdentity,
  explainMismatch,
  IdentityClaims,
  mergeClaims,
  missingIdentity,
  readIdentityClaims,
} from "../../src/conversation/identity.js";
import { INTENT_EXAMPLES } from "../../src/engines/local/intent-examples.js";

/** "Today" for every reading here, so that "is this date in the past" never drifts. */
const NOW = new Date("2026-12-06T09:00:00Z");

interface DatasetCustomer {
  id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
}
interface DatasetLine {
  customerId: string;
  number: string;
}
const dataset = JSON.parse(readFileSync(new URL("../../data/telecom/dataset.json", import.meta.url), "utf8")) as {
  customers: DatasetCustomer[];
  lines: DatasetLine[];
};
const customers = dataset.customers.map((c) => ({
  ...c,
  fullName: `${c.firstName} ${c.lastName}`,
  numbers: dataset.lines.filter((l) => l.customerId === c.id).map((l) => l.number),
}));

const read = (message: string, expectingIdentity = false) => readIdentityClaims(message, { expectingIdentity, now: NOW });

describe("identity details as customers write them", () => {
  // [message, the agent had just asked for identity, claims, what is left of the message]
  const cases: [string, boolean, IdentityClaims, string][] = [
    // Seen failures (issue 10, item 3).
    ["linda nguyen 555 010 0005", false, { phoneNumber: "+15550100005", fullName: "Linda Nguyen" }, ""],
    ["Maria Gonzalez 1988-04-12", false, { fullName: "Maria Gonzalez", dateOfBirth: "1988-04-12" }, ""],
    ["Robert Miller here, 5550100004, my phone was cut off", false, { phoneNumber: "+15550100004", fullName: "Robert Miller" }, "my phone was cut off"],
    ["Aisha Khan, born 22/01/1990", true, { fullName: "Aisha Khan", dateOfBirth: "1990-01-22" }, ""],
    ["it's priya sharma, number 555 010 0009", true, { phoneNumber: "+15550100009", fullName: "Priya Sharma" }, ""],
    ["555 010 0006", true, { phoneNumber: "+15550100006" }, ""],
    ["David Okafor", true, { fullName: "David Okafor" }, ""],
    ["I'm James Carter, 555-010-0002", false, { phoneNumber: "+15550100002", fullName: "James Carter" }, ""],
    ["Ahmed Hassan, born 21/08/1968, number 555 020 1200", true, { phoneNumber: "+15550201200", fullName: "Ahmed Hassan", dateOfBirth: "1968-08-21" }, ""],
    ["(555) 010-0002", true, { phoneNumber: "+15550100002" }, ""],
    ["+1 555 010 0002", true, { phoneNumber: "+15550100002" }, ""],
    ["my number is 5550100002 and dob 12th april 88", true, { phoneNumber: "+15550100002", dateOfBirth: "1988-04-12" }, ""],
    ["its kevin patel", true, { fullName: "Kevin Patel" }, ""],
    // Other orders, forms and typos.
    ["Aisha Khan, born 22/01/1990, my internet keeps droping", false, { fullName: "Aisha Khan", dateOfBirth: "1990-01-22" }, "my internet keeps droping"],
    ["5550100007 wei chen", true, { phoneNumber: "+15550100007", fullName: "Wei Chen" }, ""],
    ["hi its tom becker 555.010.0010 no signal since monday", false, { phoneNumber: "+15550100010", fullName: "Tom Becker" }, "hi no signal since monday"],
    ["hello, my name is sarah o'brien and my date of birth is 30 dec 1976", true, { fullName: "Sarah O'Brien", dateOfBirth: "1976-12-30" }, "hello"],
    ["JOSÉ RAMÍREZ 555-010-0024", false, { phoneNumber: "+15550100024", fullName: "José Ramírez" }, ""],
    ["dob: 14/09/87, phone 1-555-010-0019", true, { phoneNumber: "+15550100019", dateOfBirth: "1987-09-14" }, ""],
    ["born April 12, 1988", true, { dateOfBirth: "1988-04-12" }, ""],
    ["12.04.88", true, { dateOfBirth: "1988-04-12" }, ""],
    ["my birthday is the 3rd of november 1983 and the number is +1 (555) 020-0500", true, { phoneNumber: "+15550200500", dateOfBirth: "1983-11-03" }, ""],
    ["Grace Kim speaking. can you check my bill pls", false, { fullName: "Grace Kim" }, "can you check my bill pls"],
    ["name: Hannah Schmidt", false, { fullName: "Hannah Schmidt" }, ""],
    ["sure - noah thompson, 5550100020", true, { phoneNumber: "+15550100020", fullName: "Noah Thompson" }, "sure"],
    ["yes it's 555 010 0021", true, { phoneNumber: "+15550100021" }, "yes"],
    ["david okafor my phone is dead", true, { fullName: "David Okafor" }, "my phone is dead"],
    ["number is 555 010 0025 name Olivia Davis", true, { phoneNumber: "+15550100025", fullName: "Olivia Davis" }, ""],
    ["emily johnson\n09/12/1984", true, { fullName: "Emily Johnson", dateOfBirth: "1984-12-09" }, ""],
    ["This is Fatima Ali, my roaming isnt working in dubai", false, { fullName: "Fatima Ali" }, "my roaming isnt working in dubai"],
    ["ok sure. Daniel Wilson, 10 October 1989", true, { fullName: "Daniel Wilson", dateOfBirth: "1989-10-10" }, "ok sure."],
    ["my numbr is 555 010 0015", true, { phoneNumber: "+15550100015" }, ""],
    ["ethan walker 1998-01-17 and 555 010 0022", false, { phoneNumber: "+15550100022", fullName: "Ethan Walker", dateOfBirth: "1998-01-17" }, ""],
    ["Zoe Anderson, 29th May 1999, why was i charged twice", true, { fullName: "Zoe Anderson", dateOfBirth: "1999-05-29" }, "why was i charged twice"],
    ["bill from 2026-11-01 is wrong, my number 555 010 0020", false, { phoneNumber: "+15550100020" }, "bill from 2026-11-01 is wrong"],
    ["born 12/03/45", true, { dateOfBirth: "1945-03-12" }, ""],
    ["Mr. Kevin Patel, 555 010 0026", false, { phoneNumber: "+15550100026", fullName: "Kevin Patel" }, ""],
    ["maria de la cruz 555 010 0001", false, { phoneNumber: "+15550100001", fullName: "Maria de la Cruz" }, ""],
    ["Kevin Patel is my name", false, { fullName: "Kevin Patel" }, ""],
    ["the account is under Olivia Davis", false, { fullName: "Olivia Davis" }, ""],
    ["hi its mrs linda nguyen, 555 010 0005", false, { phoneNumber: "+15550100005", fullName: "Linda Nguyen" }, "hi"],
    ["12th april 88 Maria Gonzalez, 5550100001", false, { phoneNumber: "+15550100001", fullName: "Maria Gonzalez", dateOfBirth: "1988-04-12" }, ""],
    ["555.010.0021 8-8-1994", false, { phoneNumber: "+15550100021", dateOfBirth: "1994-08-08" }, ""],
    ["1988-04-12 is my date of birth, 555 010 0001 is my number, Maria Gonzalez", false, { phoneNumber: "+15550100001", fullName: "Maria Gonzalez", dateOfBirth: "1988-04-12" }, ""],
    ["I'm Bill Smith, 555 010 0001", false, { phoneNumber: "+15550100001", fullName: "Bill Smith" }, ""],
    ["Wei He 555 010 0008", false, { phoneNumber: "+15550100008", fullName: "Wei He" }, ""],
    ["name: linda nguyen / phone: 555.010.0005", false, { phoneNumber: "+15550100005", fullName: "Linda Nguyen" }, ""],
    ["555 010 0005?", true, { phoneNumber: "+15550100005" }, ""],
    // No identity at all: nothing is claimed and the message is left as it was.
    ["Will Do", true, {}, "Will Do"],
    ["bill is wrong again", true, {}, "bill is wrong again"],
    ["its absolute chaos", true, {}, "its absolute chaos"],
    ["whole neighbourhood has no internet", true, {}, "whole neighbourhood has no internet"],
    ["dob is on my account, bill from 2026-11-01 is wrong", true, {}, "dob is on my account, bill from 2026-11-01 is wrong"],
    ["This is Verizon Wireless?", false, {}, "This is Verizon Wireless?"],
    ["I'm Super Annoyed", false, {}, "I'm Super Annoyed"],
    ["taking forever", true, {}, "taking forever"],
    ["my phone has no service", true, {}, "my phone has no service"],
    ["why?", true, {}, "why?"],
    ["ok", true, {}, "ok"],
    ["no thanks, I'll wait", true, {}, "no thanks, I'll wait"],
    ["I'm abroad in spain", true, {}, "I'm abroad in spain"],
    ["I'm so annoyed", true, {}, "I'm so annoyed"],
    ["hello??", true, {}, "hello??"],
    ["this is absolutely ridiculous", false, {}, "this is absolutely ridiculous"],
    ["It's been 3 days without internet", true, {}, "It's been 3 days without internet"],
    ["no service", true, {}, "no service"],
    ["hablo español por favor", true, {}, "hablo español por favor"],
    ["its kevin patel", false, {}, "its kevin patel"],
    ["why is my bill $45.20 when it was 38 dollars last month", true, {}, "why is my bill $45.20 when it was 38 dollars last month"],
    ["data stopped working yesterday around 3pm", true, {}, "data stopped working yesterday around 3pm"],
    ["want 2 GB more, order 1234567", true, {}, "want 2 GB more, order 1234567"],
    ["I'm travelling to France on 12/01/2027", true, {}, "I'm travelling to France on 12/01/2027"],
    ["hang on, checking", true, {}, "hang on, checking"],
  ];

  it("has at least 40 messages", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
  it.each(cases)("%j (asked: %s)", (message, expecting, claims, rest) => {
    const reading = read(message, expecting);
    expect(reading.claims).toEqual(claims);
    expect(reading.rest).toBe(rest);
  });
});

describe("details that change how a date or number is read", () => {
  it("reads 04/12/1988 day first by default and month first when configured", () => {
    expect(read("born 04/12/1988", true).claims.dateOfBirth).toBe("1988-12-04");
    expect(readIdentityClaims("born 04/12/1988", { expectingIdentity: true, dateOrder: "mdy", now: NOW }).claims.dateOfBirth).toBe("1988-04-12");
  });
  it("reads a date that is impossible day first as month first", () => {
    expect(read("dob 12/30/1976", true).claims.dateOfBirth).toBe("1976-12-30");
  });
  it("does not take a date in the future, or a recent date without a birth cue, as a birth date", () => {
    expect(read("born 01/02/2030", true).claims.dateOfBirth).toBeUndefined();
    expect(read("my bill of 2026-11-01 is wrong", true).claims.dateOfBirth).toBeUndefined();
  });
  it("does not take an impossible date", () => {
    expect(read("born 31/02/1990", true).claims.dateOfBirth).toBeUndefined();
  });
  it("takes the first of two numbers as the claim and keeps neither in the rest", () => {
    expect(read("my number is 555 010 0005, or try 555 010 0006", true)).toEqual({ claims: { phoneNumber: "+15550100005" }, rest: "or try" });
  });
  it("does not take a short or over-long digit run for a phone number", () => {
    expect(read("555 0100", true).claims.phoneNumber).toBeUndefined();
    expect(read("5550100005555", true).claims.phoneNumber).toBeUndefined();
  });
});

describe("claims over several messages", () => {
  it("a number in one message and the name in the next make a full identity", () => {
    let claims: IdentityClaims = {};
    claims = mergeClaims(claims, read("my internet is down", false).claims);
    expect(missingIdentity(claims)).toBe("all");
    claims = mergeClaims(claims, read("555 010 0006", true).claims);
    expect(missingIdentity(claims)).toBe("name_or_dob");
    expect(askForMissingIdentity(claims, missingIdentity(claims))).toBe(
      "Thanks — I have your number, 555-010-0006. Could you tell me your full name or date of birth too?",
    );
    claims = mergeClaims(claims, read("David Okafor", true).claims);
    expect(claims).toEqual({ phoneNumber: "+15550100006", fullName: "David Okafor" });
    expect(missingIdentity(claims)).toBeNull();
  });
  it("a newer value replaces an older one and an absent one keeps it", () => {
    const first = read("linda nguyen 555 010 0050", false).claims;
    const corrected = mergeClaims(first, read("sorry, its 555 010 0005", true).claims);
    expect(corrected).toEqual({ phoneNumber: "+15550100005", fullName: "Linda Nguyen" });
  });
  it("names what is missing for every combination of details", () => {
    const phone = "+15550100005";
    const fullName = "Linda Nguyen";
    const dateOfBirth = "1983-11-03";
    expect(missingIdentity({})).toBe("all");
    expect(missingIdentity({ phoneNumber: phone })).toBe("name_or_dob");
    expect(missingIdentity({ fullName })).toBe("phone_or_dob");
    expect(missingIdentity({ dateOfBirth })).toBe("phone_or_name");
    expect(missingIdentity({ phoneNumber: phone, fullName })).toBeNull();
    expect(missingIdentity({ phoneNumber: phone, dateOfBirth })).toBeNull();
    expect(missingIdentity({ fullName, dateOfBirth })).toBeNull();
  });
  it("asks for exactly what is missing and acknowledges what was given", () => {
    expect(askForMissingIdentity({}, "all")).toBe(
      "To look at your account I first need to confirm who you are: could you give me the phone number on the account and your full name or date of birth? If you don't have the number to hand, your full name and date of birth will do.",
    );
    expect(askForMissingIdentity({ fullName: "Aisha Khan" }, "phone_or_dob")).toBe(
      "Thanks, Aisha — I have your name. Could you give me the phone number on the account, or your date of birth?",
    );
    expect(askForMissingIdentity({ dateOfBirth: "1990-01-22" }, "phone_or_name")).toBe(
      "Thanks — I have your date of birth. Could you give me the phone number on the account, or your full name as it appears on the account?",
    );
  });
  it("never repeats a date of birth back to the customer", () => {
    const text = askForMissingIdentity({ dateOfBirth: "1990-01-22" }, "phone_or_name");
    expect(text).not.toMatch(/1990|22/);
  });
});

describe("after a failed lookup", () => {
  const linda = customers.find((c) => c.fullName === "Linda Nguyen")!;
  const recordValues = [linda.lastName, linda.dateOfBirth, ...linda.dateOfBirth.split("-")];

  it("says which detail did not match without revealing the record", () => {
    const claims = read("linda nguen 555 010 0005", false).claims;
    expect(claims).toEqual({ phoneNumber: "+15550100005", fullName: "Linda Nguen" });
    const text = explainMismatch(claims, "details_do_not_match", 1, 3);
    expect(text).toBe("I couldn't match that name to the number 555-010-0005. Could you check the spelling, or give me your date of birth instead?");
    for (const value of recordValues) expect(text).not.toContain(value);
  });
  it("a wrong date of birth is named as the date of birth", () => {
    const text = explainMismatch({ phoneNumber: "+15550100005", dateOfBirth: "1983-03-11" }, "details_do_not_match", 1, 3);
    expect(text).toBe(
      "I couldn't match that date of birth to the number 555-010-0005. Could you check it, or give me your full name as it appears on the account instead?",
    );
  });
  it("an unknown number is named as the number", () => {
    expect(explainMismatch({ phoneNumber: "+15550109999", fullName: "Linda Nguyen" }, "no_account_for_number", 1, 3)).toBe(
      "I couldn't find an account with the number 555-010-9999. Could you check the number? If you don't have the right one to hand, your full name and date of birth will do instead.",
    );
  });
  it("a name and date of birth that match no account are named as such, with the number offered instead", () => {
    expect(explainMismatch({ fullName: "Maria Gonzales", dateOfBirth: "1988-04-12" }, "no_account_for_number", 1, 3)).toBe(
      "I couldn't find an account with that name and date of birth. Could you check the spelling of your name and the date, or give me the phone number on the account instead?",
    );
  });
  it("warns on the last try and stops after it", () => {
    expect(explainMismatch({ phoneNumber: "+15550100005", fullName: "Linda Nguen" }, "details_do_not_match", 2, 3)).toMatch(
      / This is the last try I can offer in this chat\.$/,
    );
    const last = explainMismatch({ phoneNumber: "+15550100005", fullName: "Linda Nguen" }, "details_do_not_match", 3, 3);
    expect(last).toContain("I can't try again in this chat");
    expect(last).toContain("store with photo ID");
  });
});

// ---------------------------------------------------------------- properties

/** Fixed so that runs repeat; IDENTITY_SEED explores others. */
const SEED = Number(process.env.IDENTITY_SEED ?? 20261206);

/** The ways people write one US number. */
function phoneForms(e164: string): string[] {
  const d = e164.slice(2);
  const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
  return [d, `${a} ${b} ${c}`, `${a}-${b}-${c}`, `(${a}) ${b}-${c}`, `${a}.${b}.${c}`, `+1 ${a} ${b} ${c}`, e164, `1-${a}-${b}-${c}`, `1 (${a}) ${b}-${c}`];
}

const MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
function ordinal(n: number): string {
  const s = n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th";
  return `${n}${s}`;
}
/** The ways people write one date of birth, day first or month first. */
function dobForms(iso: string, order: "dmy" | "mdy"): string[] {
  const [y, m, d] = iso.split("-");
  const month = MONTH_NAMES[Number(m) - 1]!;
  const numeric = order === "dmy" ? [`${d}/${m}/${y}`, `${d}.${m}.${y!.slice(2)}`, `${Number(d)}-${Number(m)}-${y}`] : [`${m}/${d}/${y}`, `${Number(m)}/${Number(d)}/${y}`];
  return [
    iso,
    ...numeric,
    `${ordinal(Number(d))} ${month} ${y!.slice(2)}`,
    `${month[0]!.toUpperCase()}${month.slice(1)} ${Number(d)}, ${y}`,
    `${Number(d)} ${month.slice(0, 3)} ${y}`,
    `the ${ordinal(Number(d))} of ${month} ${y}`,
  ];
}

type Part = "phone" | "name" | "dob";
const nameCase = fc.constantFrom<(s: string) => string>((s) => s, (s) => s.toLowerCase(), (s) => s.toUpperCase());
const PHONE_CUES = ["", "my number is ", "number ", "phone: ", "its ", "mobile no. ", "my phone number is "];
const DOB_CUES = ["", "born ", "dob ", "date of birth: ", "my dob is ", "born on "];
const NAME_CUES = ["", "I'm ", "it's ", "my name is ", "name: ", "this is ", "im ", "Mr ", "its me "];
const NAME_AFTER = ["", "", " here", " speaking"];
const FILLERS = [
  "my phone was cut off", "no service since monday", "roaming not working in spain", "why is my bill so high", "pls hurry",
  "the internt keeps droping", "can you help", "I'm so annoyed", "it's been 3 days", "this is ridiculous", "I'm abroad in France",
  "charged $10 for 2 GB??", "Verizon never did this",
];
const JOINERS = [", ", " ", " and ", ". ", "\n"];

describe("property: every customer, written any way, is read back exactly", () => {
  it(`claims parse to the dataset's values (seed ${SEED})`, () => {
    console.log(`identity property seed: ${SEED}`);
    const scenario = fc
      .record({
        customer: fc.constantFrom(...customers),
        order: fc.constantFrom<"dmy" | "mdy">("dmy", "mdy"),
        numberIndex: fc.nat(),
        phoneForm: fc.nat(),
        dobForm: fc.nat(),
        caseOf: nameCase,
        nameCue: fc.constantFrom(...NAME_CUES),
        nameAfter: fc.constantFrom(...NAME_AFTER),
        phoneCue: fc.constantFrom(...PHONE_CUES),
        dobCue: fc.constantFrom(...DOB_CUES),
        parts: fc.constantFrom<Part[]>(["phone", "name"], ["phone", "dob"], ["name", "dob"], ["phone", "name", "dob"]),
        shuffle: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        filler: fc.option(fc.constantFrom(...FILLERS), { nil: undefined }),
        fillerFirst: fc.boolean(),
        joiners: fc.array(fc.constantFrom(...JOINERS), { minLength: 3, maxLength: 3 }),
        expectingIdentity: fc.boolean(),
      })
      .map((s) => {
        const number = s.customer.numbers[s.numberIndex % s.customer.numbers.length]!;
        const phones = phoneForms(number);
        const dobs = dobForms(s.customer.dateOfBirth, s.order);
        const written: Record<string, string> = {
          phone: s.phoneCue + phones[s.phoneForm % phones.length]!,
          dob: s.dobCue + dobs[s.dobForm % dobs.length]!,
          name: s.nameCue + s.caseOf(s.customer.fullName) + s.nameAfter,
        };
        const parts = [...s.parts].sort((a, b) => s.shuffle[s.parts.indexOf(a)]! - s.shuffle[s.parts.indexOf(b)]!);
        let message = parts.map((p, i) => (i === 0 ? "" : s.joiners[i - 1]!) + written[p]).join("");
        // Filler is set off by punctuation, as people do when they add a second thought.
        if (s.filler) message = s.fillerFirst ? `${s.filler}. ${message}` : `${message}, ${s.filler}`;
        const expected: IdentityClaims = {};
        if (s.parts.includes("phone")) expected.phoneNumber = number;
        if (s.parts.includes("name")) expected.fullName = s.customer.fullName;
        if (s.parts.includes("dob")) expected.dateOfBirth = s.customer.dateOfBirth;
        return { message, order: s.order, expectingIdentity: s.expectingIdentity, expected, filler: s.filler ?? "" };
      });
    const trimmed = (text: string) => text.replace(/^[\s.,]+|[\s.,]+$/g, "");
    fc.assert(
      fc.property(scenario, ({ message, order, expectingIdentity, expected, filler }) => {
        const { claims, rest } = readIdentityClaims(message, { expectingIdentity, dateOrder: order, now: NOW });
        expect(claims, message).toEqual(expected);
        expect(IdentityClaims.safeParse(claims).success, message).toBe(true);
        // What is left is the customer's other words, with nothing of the identity details.
        expect(trimmed(rest), message).toBe(trimmed(filler));
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

describe("property: a sentence without identity never yields a name", () => {
  const OPENERS = ["", "hi ", "hey, ", "ugh ", "I'm ", "im ", "it's ", "its ", "this is ", "I am ", "ok ", "well "];
  const BODIES = [
    "so annoyed", "really frustrated with this", "abroad in spain", "travelling next week", "not happy", "still waiting", "on the plus plan",
    "been 3 days", "absolutely ridiculous", "no service", "no signal at all", "phone not working", "data stopped working", "internet is slow",
    "bill is too high", "charged twice", "roaming not working", "waiting for the engineer", "stuck abroad", "fed up", "getting nowhere",
    "not sure", "why", "what", "how much is it", "yes please", "no thanks", "turn it back on", "the max plan", "a joke", "taking forever",
    "my wifi keeps dropping", "new phone", "lost my phone", "calling about my bill", "looking for a better plan", "trying to pay",
    "too expensive", "a rip off", "happening again", "hablo español", "the router lights are red", "thinking of leaving",
    "moving house next month", "annoyed honestly", "urgent", "broken again", "useless service", "here in paris", "back home now",
    "switching to verizon", "going to cancel", "sick of this", "waiting on hold", "nimbus unlimited please", "on whatsapp",
    "fixing it myself", "absolutely furious", "paying too much", "really confused", "in the airport", "cut off again",
  ];
  const TAILS = ["", "!!", "??", ".", " lol", " pls", " asap", " again", " today", " since monday", " :("];

  it(`no name from ordinary support sentences (seed ${SEED})`, () => {
    console.log(`no-name property seed: ${SEED}`);
    const sentence = fc.tuple(fc.constantFrom(...OPENERS), fc.constantFrom(...BODIES), fc.constantFrom(...TAILS), fc.boolean()).map(([o, b, t, upper]) => {
      const s = `${o}${b}${t}`;
      return upper ? s.replace(/(^|\s)(\p{L})/gu, (_, sp: string, ch: string) => sp + ch.toUpperCase()) : s;
    });
    fc.assert(
      fc.property(sentence, fc.boolean(), (message, expectingIdentity) => {
        const { claims } = readIdentityClaims(message, { expectingIdentity, now: NOW });
        expect(claims, message).toEqual({});
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

describe("messages written by others for other purposes", () => {
  // The intent engine's example phrasings and the evaluation conversations: hundreds of
  // customer sentences nobody wrote with this reader in mind.
  const evalMessages = readFileSync(new URL("../../data/eval/conversations.jsonl", import.meta.url), "utf8")
    .split("\n")
    .filter(Boolean)
    .flatMap((line) => (JSON.parse(line) as { messages: string[] }).messages)
    .filter((m) => !m.includes("{identity}"));
  const withoutIdentity = [
    ...Object.entries(INTENT_EXAMPLES)
      .filter(([label]) => label !== "provide_identity")
      .flatMap(([, examples]) => examples),
    ...evalMessages.filter((m) => !/\d{3}.*\d{4}/.test(m)),
  ];

  it("no problem description yields any identity detail, even right after we asked for them", () => {
    expect(withoutIdentity.length).toBeGreaterThan(250);
    const misread = withoutIdentity.filter((m) => Object.keys(read(m, true).claims).length > 0);
    expect(misread).toEqual([]);
  });
  it("the intent engine's identity phrasings are read", () => {
    const unread = INTENT_EXAMPLES.provide_identity.filter((m) => !/customer id/i.test(m) && Object.keys(read(m, false).claims).length === 0);
    expect(unread).toEqual([]);
  });
});
