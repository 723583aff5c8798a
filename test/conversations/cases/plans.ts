import { anyOf, calendarDate, gb, money, plan } from "../facts.js";
import { identity, person, phoneAndName } from "../people.js";
import { ASKED, conv, followUp, NO_IDENTITY_ASKED, TOPIC, typed, variants, yesIfAsked, type Family } from "./common.js";

/**
 * Plans: public prices from the catalogue with no identity; follow-ups like "and the
 * max plan?"; plan changes proposed with the monthly price and made only after a yes;
 * a change a suspended line cannot have; renewal after a contract ended.
 */

const unlimited = plan("unlimited");
const max = plan("max");
const plus = plan("plus");
const lite = plan("lite");

const priceOfUnlimited: Family = (rng) =>
  variants(rng, "plans-price-unlimited", 3, (r, i) =>
    conv({
      id: `plans-price-unlimited-${i + 1}`,
      category: "plans",
      intents: ["plan_info"],
      about: "Public: Nimbus Unlimited is $65 a month, from the catalogue, with no identity check.",
      turns: [typed(r, r.pick(["how much is nimbus unlimited per month?", "price of the unlimited plan?", "whats unlimited cost a month"]), { filler: i === 1 })],
      expect: { handover: false, actions: [], mentions: [money(unlimited.monthlyPrice)], never: [NO_IDENTITY_ASKED] },
    }),
  );

const whatPlans: Family = (rng) =>
  variants(rng, "plans-list", 4, (r, i) => {
    const follow = [null, "and the max plan?", "which one has the most data?", "how much data do i get on plus?"][i];
    const answer = [[], [gb(max.dataLimitGb!), money(max.monthlyPrice)], [anyOf("Unlimited", /unlimited/i)], [gb(plus.dataLimitGb!)]][i]!;
    return conv({
      id: `plans-list-${i + 1}`,
      category: "plans",
      intents: ["plan_info"],
      about: "Public: the four mobile plans with prices (Lite $15/5 GB, Plus $30/20 GB, Max $45/60 GB, Unlimited $65); a short follow-up resolves against the plan talk.",
      turns: [typed(r, r.pick(["what plans do you have", "what mobile plans do u offer and how much", "can you list your phone plans"]), { filler: true }), ...(follow ? [followUp(r, follow, ...answer)] : [])],
      expect: {
        handover: false,
        actions: [],
        mentions: [money(lite.monthlyPrice), money(plus.monthlyPrice), money(max.monthlyPrice), money(unlimited.monthlyPrice)],
        never: [NO_IDENTITY_ASKED],
      },
    });
  });

const fibrePlans: Family = (rng) =>
  variants(rng, "plans-fibre", 2, (r, i) =>
    conv({
      id: `plans-fibre-${i + 1}`,
      category: "plans",
      intents: ["plan_info"],
      about: "Public: Home Fibre 100 $40, 500 $55, 1G $70.",
      turns: [typed(r, r.pick(["what broadband speeds do you offer and how much", "home internet plans and prices?"]), { filler: true }), ...(i === 1 ? [followUp(r, "whats the cheapest one", money(40))] : [])],
      expect: { handover: false, actions: [], mentions: [money(40), money(55), money(70)], never: [NO_IDENTITY_ASKED] },
    }),
  );

const james = person("James");
const jamesUpgrade: Family = (rng) =>
  variants(rng, "plans-james-upgrade", 4, (r, i) => {
    const mode = ["plus", "plus", "max", "stays"][i]!;
    return conv({
      id: `plans-james-upgrade-${mode}-${i + 1}`,
      category: "plans",
      intents: ["plan_upgrade", "provide_identity"],
      exercises: ["changePlan"],
      customerId: james.customerId,
      about:
        "James (Lite, $15, keeps running out) asks about a bigger plan: Plus $30 for 20 GB, Max $45 for 60 GB. An upgrade starts today, only after his yes; in one variant he stays.",
      turns: [
        typed(r, r.pick(["i keep running out of data, what would it cost to go to plus", "thinking of upgrading, how much is plus", "is there a plan with more data? what about plus"]), { filler: true }),
        typed(r, identity(james, r)),
        ...(mode === "max" ? [followUp(r, "and the max plan?", money(max.monthlyPrice)), typed(r, "ok max then")] : []),
        ...(mode === "plus" ? [typed(r, r.pick(["ok switch me to plus", "ok lets do plus", "sounds good, move me to plus"]))] : []),
        ...(mode === "stays" ? [{ ifReply: ASKED, say: typed(r, "hmm too expensive, i'll stay where i am") }] : [yesIfAsked(r, TOPIC.plan)]),
      ],
      expect: {
        handover: false,
        identified: james.customerId,
        actions: mode === "stays" ? [] : [{ action: "changePlan", args: { planId: mode } }],
        mentions: [money(plus.monthlyPrice), ...(mode === "max" ? [money(max.monthlyPrice), gb(max.dataLimitGb!)] : [])],
      },
    });
  });

const david = person("David");
const davidDowngrade: Family = (rng) =>
  variants(rng, "plans-david-downgrade", 2, (r, i) =>
    conv({
      id: `plans-david-downgrade-${i + 1}`,
      category: "plans",
      intents: ["plan_upgrade"],
      exercises: ["changePlan"],
      customerId: david.customerId,
      about: "David (Max, $45, 22.5 GB used) moves down to Plus ($30): a downgrade starts with the next billing period on 2026-12-01, after his yes.",
      turns: [typed(r, `${phoneAndName(david, r)}. can i go down to plus? i dont use that much data`), yesIfAsked(r, TOPIC.plan)],
      expect: { handover: false, identified: david.customerId, actions: [{ action: "changePlan", args: { planId: "plus" } }], mentions: [money(30), calendarDate("2026-12-01")] },
    }),
  );

const aisha = person("Aisha");
const suspendedNoUpgrade: Family = (rng) =>
  variants(rng, "plans-aisha-suspended", 1, (r) =>
    conv({
      id: "plans-aisha-suspended-1",
      category: "plans",
      intents: ["plan_upgrade"],
      exercises: ["changePlan"],
      customerId: aisha.customerId,
      about: "A suspended line with a bill over 30 days overdue cannot change plan: a truthful no, and what would unblock it.",
      turns: [typed(r, `${identity(aisha, r)}. upgrade me to max please`), yesIfAsked(r, TOPIC.plan)],
      expect: { handover: false, identified: aisha.customerId, actions: [], mentions: [anyOf("suspended or overdue", /suspend/i, /overdue/i)] },
    }),
  );

const noah = person("Noah");
const noahRenewal: Family = (rng) =>
  variants(rng, "plans-noah-renewal", 2, (r, i) =>
    conv({
      id: `plans-noah-renewal-${i + 1}`,
      category: "plans",
      intents: ["plan_upgrade"],
      customerId: noah.customerId,
      about: "Noah's contract ended on 2025-08-31 and he is on a rolling month; renewals are done by the sales team, so after he agrees he is passed on.",
      turns: [
        typed(r, r.pick(["my contract ended ages ago, can i get a better deal?", "i want to renew my contract, any offers?"]), { filler: true }),
        typed(r, identity(noah, r)),
        yesIfAsked(r, TOPIC.handover, ["yes please transfer me", "ok yes"]),
      ],
      expect: { handover: true, identified: noah.customerId, actions: [], mentions: [anyOf("renewal", /renew/i)] },
    }),
  );

export const planFamilies: Family[] = [priceOfUnlimited, whatPlans, fibrePlans, jamesUpgrade, davidDowngrade, suspendedNoUpgrade, noahRenewal];
