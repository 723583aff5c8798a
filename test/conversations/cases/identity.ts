import { anyOf, calendarDate, outage, timeOfDay } from "../facts.js";
import { identityInTwo, nameAndDob, person, phoneAndName, phoneAsWritten } from "../people.js";
import { conv, followUp, TOPIC, typed, variants, yesIfAsked, type Family } from "./common.js";

/**
 * Identity given in every order and format, in one message or over two, with the
 * request before or in the same message; a wrong detail; an unknown number.
 * Each has a small need the verified account answers, so recognising the customer
 * is not enough on its own.
 */

const linda = person("Linda");
const outage301 = outage("OUT-301");

const lindaOutage: Family = (rng) =>
  variants(rng, "identity-linda-outage", 4, (r, i) => {
    const id = i === 0 ? "{linda nguyen 555 010 0005}" : phoneAndName(linda, r);
    return conv({
      id: `identity-linda-outage-${i + 1}`,
      category: "identity",
      intents: ["broadband_outage", "provide_identity"],
      customerId: linda.customerId,
      about: "Linda's home fibre is in Riverside, where a cable cut (OUT-301) has broadband down until 20:00 UTC; her line test is fine.",
      turns: [
        typed(r, r.pick(["my internet at home is down since this morning", "home wifi not working at all, no internet", "broadband is dead. again"]), { filler: true }),
        typed(r, id),
        ...(r.chance(0.5) ? [followUp(r, r.pick(["so when will it be back?", "when will it be fixed", "ok how long"]), timeOfDay(outage301.estimatedResolution!))] : []),
      ],
      expect: { handover: false, identified: linda.customerId, mentions: [timeOfDay(outage301.estimatedResolution!)], actions: [] },
    });
  });

const maria = person("Maria");
const mariaNameDob: Family = (rng) =>
  variants(rng, "identity-maria-name-dob", 3, (r, i) =>
    conv({
      id: `identity-maria-name-dob-${i + 1}`,
      category: "identity",
      intents: ["provide_identity", "account_info"],
      customerId: maria.customerId,
      about: "Name and date of birth verify without a number; Maria is on Nimbus Plus with 6.4 of 20 GB used (13.6 GB left).",
      turns: [
        typed(r, i === 0 ? "{Maria Gonzalez 1988-04-12}" : nameAndDob(maria, r)),
        typed(r, r.pick(["how much data do i have left this month", "hows my data looking, how much is left?", "can you tell me my remaining data"])),
      ],
      expect: { handover: false, identified: maria.customerId, mentions: [anyOf("13.6 GB left", /13\.6/)], actions: [] },
    }),
  );

const robert = person("Robert");
const robertCutOff: Family = (rng) =>
  variants(rng, "identity-robert-cut-off", 3, (r, i) =>
    conv({
      id: `identity-robert-cut-off-${i + 1}`,
      category: "identity",
      intents: ["provide_identity", "line_suspended"],
      exercises: ["resumeLine"],
      customerId: robert.customerId,
      about:
        "Robert's Max line is suspended for overdue bill B-3007 ($45; B-3008 $55 is overdue too) and its contract ended on 2026-05-31, so the agent cannot resume it even after payment: a truthful refusal and a hand-over to the team that sets up a new contract.",
      turns: [
        typed(r, i === 0 ? "Robert Miller here, {5550100004}, my phone was cut off" : `${phoneAndName(robert, r)} my phone was cut off, cant call anyone`),
        typed(r, r.pick(["can you turn it back on please", "i need it working today, please reconnect it", "ok so switch it back on"])),
        followUp(r, r.pick(["why not?", "why??"]), anyOf("the ended contract", /contract/i)),
        yesIfAsked(r, TOPIC.handover, ["yes please put me through", "ok yes pass me to them", "yes"]),
      ],
      expect: {
        handover: true,
        identified: robert.customerId,
        actions: [],
        mentions: [anyOf("the overdue amount", /\$45\b/, /\$100\b/, /\$55\b/), anyOf("the ended contract", /contract/i)],
      },
    }),
  );

const aisha = person("Aisha");
const aishaBorn: Family = (rng) =>
  variants(rng, "identity-aisha-born", 2, (r, i) =>
    conv({
      id: `identity-aisha-born-${i + 1}`,
      category: "identity",
      intents: ["provide_identity", "line_suspended"],
      customerId: aisha.customerId,
      about: "Day-first date (22/01 cannot be read US-style). Aisha's line is suspended since 2026-11-14 for overdue bill B-3005 ($30); B-3006 ($40, with a $10 late fee) is overdue too.",
      turns: [
        typed(r, i === 0 ? "{Aisha Khan}, born {22/01/1990}" : nameAndDob(aisha, r)),
        typed(r, r.pick(["why cant i make calls anymore", "my phone says i cant call out, whats going on", "calls dont go through and texts fail"])),
      ],
      expect: { handover: false, identified: aisha.customerId, actions: [], mentions: [anyOf("suspended", /suspend/i), anyOf("the overdue bill", /\$30\b/, /\$70\b/)] },
    }),
  );

/** The number in one message, the name in the next (and the other way round), for account questions. */
const splitAcross: Family = (rng) => {
  const cases = [
    { first: "James", ask: ["whats my data balance", "how much data have i got left", "did i use all my data already?"], mention: anyOf("no data left", /\b0 ?GB\b/i, /used (all|your whole|the whole)/i, /\b5 ?GB\b/i) },
    { first: "Emily", ask: ["when does my contract end", "when is my contract up?", "how long is left on my contract"], mention: calendarDate("2027-09-30") },
    { first: "Priya", ask: ["how much data have i used this month", "whats my usage so far"], mention: anyOf("31 GB used", /\b31 ?GB\b/i, /\b29 ?GB\b/i) },
    { first: "Noah", ask: ["is my contract still running?", "am i still in contract"], mention: calendarDate("2025-08-31") },
    { first: "Olivia", ask: ["whats my plan called and how much is it", "which plan am i on"], mention: anyOf("Nimbus Lite", /lite/i) },
    { first: "Isabella", ask: ["how much data is left on my plan", "data left?"], mention: anyOf("31.6 GB left", /31\.6/) },
  ];
  return cases.flatMap((c, k) =>
    variants(rng, `identity-split-${c.first}`, 1, (r) => {
      const p = person(c.first);
      const [a, b] = identityInTwo(p, r);
      return conv({
        id: `identity-split-${c.first.toLowerCase()}-${k + 1}`,
        category: "identity",
        intents: ["provide_identity", "account_info"],
        customerId: p.customerId,
        about: `${p.fullName} gives the number and the name in separate messages; the claims must add up.`,
        turns: [typed(r, r.pick(c.ask), { filler: true }), typed(r, a), typed(r, b)],
        expect: { handover: false, identified: p.customerId, actions: [], mentions: [c.mention] },
      });
    }),
  );
};

const david = person("David");
const wrongThenRight: Family = (rng) =>
  variants(rng, "identity-wrong-then-right", 2, (r, i) =>
    conv({
      id: `identity-wrong-then-right-${i + 1}`,
      category: "identity",
      intents: ["provide_identity", "broadband_outage"],
      customerId: linda.customerId,
      about: "Linda first gives David Okafor's number by mistake: nothing about that account may show, she is told the details did not match, then the right number verifies her.",
      turns: [
        typed(r, "is there a problem with the internet in my area?", { filler: true }),
        typed(r, `{${linda.fullName}} {${phoneAsWritten(david, r)}}`),
        typed(r, `sorry wrong number, its {${phoneAsWritten(linda, r)}}`),
      ],
      expect: {
        handover: false,
        identified: linda.customerId,
        actions: [],
        mentions: [anyOf("the details did not match", /(didn'?t|did not|doesn'?t|does not|don'?t|do not) match/i, /couldn'?t (find|verify|match)/i, /could not (find|verify|match)/i)],
        never: ["Okafor", "David", /Nimbus Max/],
      },
    }),
  );

const unknownNumber: Family = (rng) =>
  variants(rng, "identity-unknown", 2, (r, i) =>
    conv({
      id: `identity-unknown-${i + 1}`,
      category: "identity",
      intents: ["provide_identity", "bill_explain"],
      about: "Nobody in the dataset has this number and name: nobody is verified, and the agent says what did not match without guessing.",
      turns: [typed(r, "why is my bill so high this month", { filler: true }), typed(r, r.pick(["{john smith} {555 999 1234}", "{5559991234}, {John Smith}"]))],
      expect: {
        handover: false,
        identified: null,
        actions: [],
        mentions: [anyOf("not found", /(couldn'?t|could not|can'?t|cannot|wasn'?t able to|unable to) (find|match|verify|locate)/i, /(didn'?t|did not|doesn'?t|does not|don'?t|do not) match/i, /no account/i)],
      },
    }),
  );

const ethan = person("Ethan");
const closedAccount: Family = (rng) =>
  variants(rng, "identity-closed-account", 1, (r) =>
    conv({
      id: "identity-closed-account-1",
      category: "identity",
      intents: ["provide_identity", "line_suspended"],
      exercises: ["resumeLine"],
      customerId: ethan.customerId,
      about: "Ethan's account was closed on 2026-10-31 after he moved out of coverage; reopening is not something the agent can do, so a person takes it.",
      turns: [typed(r, `${phoneAndName(ethan, r)}. i want my old number back on, can you reconnect it`), yesIfAsked(r, TOPIC.handover, ["yes please"])],
      expect: { handover: true, actions: [], mentions: [anyOf("closed", /closed/i)] },
    }),
  );

const upfront: Family = (rng) =>
  variants(rng, "identity-upfront", 2, (r, i) => {
    const p = person(i === 0 ? "Michael" : "Grace");
    const asks = i === 0 ? "whats my plan and when does my billing month end" : "what plan is my home broadband on";
    return conv({
      id: `identity-upfront-${i + 1}`,
      category: "identity",
      intents: ["provide_identity", "account_info"],
      customerId: p.customerId,
      about: "Identity and the question in one message: no need to ask for anything again.",
      turns: [typed(r, `${phoneAndName(p, r)} - ${asks}`)],
      expect: {
        handover: false,
        identified: p.customerId,
        actions: [],
        mentions: i === 0 ? [anyOf("Nimbus Unlimited", /unlimited/i), calendarDate("2026-11-30")] : [anyOf("Home Fibre 1G", /fibre 1G|1 ?G(bps)?\b/i)],
      },
    });
  });

export const identityFamilies: Family[] = [lindaOutage, mariaNameDob, robertCutOff, aishaBorn, splitAcross, wrongThenRight, unknownNumber, closedAccount, upfront];
