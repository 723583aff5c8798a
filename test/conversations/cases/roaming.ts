import { anyOf, money } from "../facts.js";
import { identity, nameAndDob, person, phoneAndName } from "../people.js";
import type { Turn } from "../schema.js";
import { ASKED, conv, followUp, NO_IDENTITY_ASKED, TOPIC, typed, variants, yesIfAsked, type Family } from "./common.js";

/**
 * Roaming: on (free, Travel Pass $8 a day in Zone 2) only after a yes; asking the price
 * is not a yes; "no thanks" and "actually no, don't" leave it off; off again when back.
 * Public travel questions need no identity.
 */

const maria = person("Maria");
const TRAVEL_PASS = money(8);

const mariaAbroad: Family = (rng) =>
  variants(rng, "roaming-maria", 7, (r, i) => {
    // 0-2: yes at once; 3-4: price first, then yes; 5: no thanks; 6: yes... actually no, don't (before it is done).
    const mode = i < 3 ? "yes" : i < 5 ? "price" : i === 5 ? "no" : "changes-mind";
    const turns: Turn[] = [
      typed(r, r.pick(["im in spain and my phone has no internet", "I'm abroad and have no internet", "landed in madrid, no data at all on my phone", "no mobile data since i arrived in spain"]), { filler: true }),
      typed(r, i === 0 ? "{Maria Gonzalez 1988-04-12}" : r.chance(0.5) ? nameAndDob(maria, r) : phoneAndName(maria, r)),
    ];
    if (mode === "yes") turns.push(yesIfAsked(r, TOPIC.roaming), { device: "data_roaming_off", maxSteps: 4 });
    if (mode === "price") turns.push(followUp(r, r.pick(["how much will it cost?", "how much is that per day", "is that expensive?"]), TRAVEL_PASS), yesIfAsked(r, TOPIC.roaming, ["ok do it", "fine, turn it on", "ok yes go ahead"]));
    if (mode === "no") turns.push({ ifReply: ASKED, say: typed(r, "no thanks, I'll just use the hotel wifi") });
    if (mode === "changes-mind") turns.push({ ifReply: ASKED, say: typed(r, "hmm wait, actually no, don't. i'll use wifi") });
    return conv({
      id: `roaming-maria-${mode}-${i + 1}`,
      category: "roaming",
      intents: ["roaming_abroad", "provide_identity"],
      exercises: ["enableRoaming"],
      customerId: maria.customerId,
      about:
        "Maria is in Spain (Zone 2) with roaming off on her line and 13.6 GB left: the fix is roaming on (free; Travel Pass $8 per day used), after her yes, then the phone's own data roaming setting. Never a top-up.",
      turns,
      expect: {
        handover: false,
        identified: maria.customerId,
        actions: mode === "yes" || mode === "price" ? [{ action: "enableRoaming", args: { lineId: "L-1001" } }] : [],
        mentions: [TRAVEL_PASS, anyOf("roaming", /roaming/i)],
        ...(mode === "yes" ? { deviceFixed: true } : {}),
      },
    });
  });

const beforeTravel: Family = (rng) => {
  const who = [
    { first: "Michael", place: "italy" },
    { first: "Isabella", place: "london" },
    { first: "Priya", place: "india" },
  ];
  return who.flatMap((w, k) =>
    variants(rng, `roaming-before-${w.first}`, 1, (r) => {
      const p = person(w.first);
      return conv({
        id: `roaming-before-travel-${w.first.toLowerCase()}-${k + 1}`,
        category: "roaming",
        intents: ["roaming_abroad"],
        exercises: ["enableRoaming"],
        customerId: p.customerId,
        about: `${p.fullName} travels to ${w.place} (Zone 2) next week with roaming off: roaming goes on after a yes, and the Travel Pass price is said first.`,
        turns: [
          typed(r, `going to ${w.place} next week, do i need to do anything before i travel`, { filler: true }),
          typed(r, identity(p, r)),
          typed(r, r.pick(["ok turn it on then", "please switch it on for me", "yes sort it out please"])),
          yesIfAsked(r, TOPIC.roaming),
        ],
        expect: { handover: false, identified: p.customerId, actions: [{ action: "enableRoaming", args: {} }], mentions: [TRAVEL_PASS, anyOf("roaming", /roaming/i)] },
      });
    }),
  );
};

const tom = person("Tom");
const tomOff: Family = (rng) =>
  variants(rng, "roaming-tom-off", 2, (r, i) =>
    conv({
      id: `roaming-tom-off-${i + 1}`,
      category: "roaming",
      intents: ["roaming_abroad"],
      exercises: ["disableRoaming"],
      customerId: tom.customerId,
      about: "Tom (business, three lines) is back home; roaming is on only on his own line L-1012 (555 010 0010) and goes off after his yes.",
      turns: [
        typed(r, `${phoneAndName(tom, r)}. back from my trip, please switch roaming off on my phone`),
        { ifReply: /which (line|number|phone)/i, say: typed(r, "my own one, {555 010 0010}") },
        yesIfAsked(r, TOPIC.roaming),
      ],
      expect: { handover: false, identified: tom.customerId, actions: [{ action: "disableRoaming", args: { lineId: "L-1012" } }], mentions: [] },
    }),
  );

const zoe = person("Zoe");
const zoeWhatIsTravelPass: Family = (rng) =>
  variants(rng, "roaming-zoe-travel-pass", 2, (r, i) =>
    conv({
      id: `roaming-zoe-travel-pass-${i + 1}`,
      category: "roaming",
      intents: ["roaming_abroad", "bill_explain"],
      customerId: zoe.customerId,
      about: "Zoe asks what Travel Pass is (her October bill has $40 for 5 days in Japan): explain, and change nothing.",
      turns: [typed(r, `${identity(zoe, r)}`), typed(r, r.pick(["what is travel pass, i didnt ask for that", "whats this travel pass thing on my bill? never signed up"])), ...(i === 1 ? [followUp(r, "why?", anyOf("her Japan trip", /japan/i, /travel pass/i))] : [])],
      expect: { handover: false, identified: zoe.customerId, actions: [], mentions: [TRAVEL_PASS, anyOf("Japan", /japan/i)] },
    }),
  );

const publicRoaming: Family = (rng) => [
  ...variants(rng, "roaming-public-mexico", 2, (r, i) =>
    conv({
      id: `roaming-public-mexico-${i + 1}`,
      category: "roaming",
      intents: ["roaming_abroad"],
      about: "Public: Mexico is Zone 1, the plan works as at home with no daily charge. No identity needed.",
      turns: [typed(r, r.pick(["is mexico included in my plan or do i pay extra", "going to cancun, will roaming cost me anything?"]), { filler: true })],
      expect: { handover: false, actions: [], mentions: [anyOf("no extra charge in Zone 1", /zone 1/i, /no extra/i, /at no (extra )?cost/i, /like at home|as at home|as it does at home/i)], never: [NO_IDENTITY_ASKED] },
    }),
  ),
  ...variants(rng, "roaming-public-uk", 2, (r, i) =>
    conv({
      id: `roaming-public-uk-${i + 1}`,
      category: "roaming",
      intents: ["roaming_abroad"],
      about: "Public: the UK is Zone 2, Travel Pass is $8 per day of use.",
      turns: [typed(r, r.pick(["how much is roaming in the uk per day", "what does it cost to use my phone in england"]), { filler: true }), ...(i === 1 ? [followUp(r, "and do i pay on days i dont use it?", anyOf("only days used", /only|not charged|no charge|don'?t pay|do not pay|nothing/i))] : [])],
      expect: { handover: false, actions: [], mentions: [TRAVEL_PASS], never: [NO_IDENTITY_ASKED] },
    }),
  ),
  ...variants(rng, "roaming-public-cruise", 1, (r) =>
    conv({
      id: "roaming-public-cruise-1",
      category: "roaming",
      intents: ["roaming_abroad"],
      about: "Public: cruise ships are Zone 3, pay per use ($2.00 a minute, $0.50 a text, $10 per 100 MB, data capped at $50).",
      turns: [typed(r, "going on a cruise next month, will my phone work at sea and what does it cost", { filler: true })],
      expect: { handover: false, actions: [], mentions: [anyOf("Zone 3 rates", /zone 3/i, /\$2(\.00)?\b/, /\$10\b/, /\$50\b/)], never: [NO_IDENTITY_ASKED] },
    }),
  ),
  ...variants(rng, "roaming-public-before", 1, (r) =>
    conv({
      id: "roaming-public-before-1",
      category: "roaming",
      intents: ["roaming_abroad"],
      about: "Public: before travelling, roaming must be on for the line (free) and Travel Pass is $8 a day in Zone 2. Answerable without an account.",
      turns: [typed(r, "do i need to do anything before i travel to japan?", { filler: true })],
      expect: { handover: false, actions: [], mentions: [TRAVEL_PASS, anyOf("roaming", /roaming/i)] },
    }),
  ),
];

export const roamingFamilies: Family[] = [mariaAbroad, beforeTravel, tomOff, zoeWhatIsTravelPass, publicRoaming];
