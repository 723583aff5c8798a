import { anyOf, gb, money } from "../facts.js";
import { identity, person, phoneAndName } from "../people.js";
import type { Turn } from "../schema.js";
import { ASKED, conv, followUp, NO_IDENTITY_ASKED, TOPIC, typed, variants, yesIfAsked, type Family } from "./common.js";

/**
 * Data top-ups: proposed with amount and price, run only after a yes; the amount asked
 * when the customer did not say; a price question is not a yes; "no thanks" and a
 * change of mind leave the account alone; a top-up that is not needed or not offered
 * is explained truthfully.
 */

const james = person("James");
const LITE_GB = money(5);

const jamesNoData: Family = (rng) =>
  variants(rng, "data-james", 10, (r, i) => {
    // 0-3: says the amount after the offer; 4-6: asks the price first ("how much is it" is not a yes); 7-8: declines; 9: "actually no, don't".
    const mode = i < 4 ? "amount" : i < 7 ? "price" : i < 9 ? "declines" : "changes-mind";
    const opening =
      mode === "price"
        ? r.pick(["can you give me more data? how much is it", "i need more data, what does it cost", "how much for extra data?"])
        : r.pick(["my data stopped working", "mobile data not working since this morning, wifi works fine", "no internet on my phone unless im on wifi", "my data ran out i think"]);
    const gbWanted = r.pick([1, 2]);
    const turns: Turn[] = [typed(r, opening, { filler: true }), typed(r, identity(james, r))];
    if (mode === "amount") turns.push({ ifReply: ASKED, say: typed(r, gbWanted === 2 ? r.pick(["2gb please", "the 2 gb one", "two gigs pls"]) : r.pick(["1gb is enough", "just 1 gb please", "one gb"])) }, yesIfAsked(r, TOPIC.topUp));
    if (mode === "price") turns.push(typed(r, gbWanted === 2 ? "ok 2gb then" : "ok 1gb then"), yesIfAsked(r, TOPIC.topUp));
    if (mode === "declines") turns.push({ ifReply: ASKED, say: typed(r, r.pick(["no thanks, I'll wait for the new month", "nah i'll manage on wifi till the month ends"])) });
    if (mode === "changes-mind") turns.push({ ifReply: ASKED, say: typed(r, "2gb") }, { ifReply: ASKED, say: typed(r, "actually no, don't. leave it") });
    return conv({
      id: `data-james-${mode}-${i + 1}`,
      category: "data",
      intents: mode === "price" ? ["data_topup", "provide_identity"] : ["mobile_no_data", "data_topup", "provide_identity"],
      exercises: ["topUpData"],
      customerId: james.customerId,
      about: "James has used all 5 GB of Nimbus Lite (cycle ends 2026-11-30); top-ups are $5 per GB, 1 or 2 GB at a time, only after his yes to an offer with the amount and price.",
      turns,
      expect: {
        handover: false,
        identified: james.customerId,
        actions: mode === "amount" || mode === "price" ? [{ action: "topUpData", args: { gb: gbWanted, lineId: "L-1002" } }] : [],
        mentions: [LITE_GB],
      },
    });
  });

const jamesTooMuch: Family = (rng) =>
  variants(rng, "data-james-5gb", 2, (r, i) =>
    conv({
      id: `data-james-5gb-${i + 1}`,
      category: "data",
      intents: ["data_topup"],
      exercises: ["topUpData"],
      customerId: james.customerId,
      about: "5 GB is more than a single top-up allows (2 GB): the agent says so and offers 2 GB ($10); James takes it.",
      turns: [
        typed(r, `${phoneAndName(james, r)} can you add 5gb of data to my line`),
        typed(r, r.pick(["fine, 2 then", "ok just do 2gb", "ugh ok 2gb"])),
        yesIfAsked(r, TOPIC.topUp),
      ],
      expect: { handover: false, identified: james.customerId, actions: [{ action: "topUpData", args: { gb: 2 } }], mentions: [gb(2), money(10)] },
    }),
  );

const zoe = person("Zoe");
const zoeTokyo: Family = (rng) =>
  variants(rng, "data-zoe-tokyo", 2, (r, i) =>
    conv({
      id: `data-zoe-tokyo-${i + 1}`,
      category: "data",
      intents: ["data_topup", "roaming_abroad"],
      exercises: ["topUpData"],
      customerId: zoe.customerId,
      about: "Zoe is in Japan with roaming already on and 0.4 GB left of 22 (20 + 2 refuelled): a top-up at $4 per GB after her yes; roaming must not be touched.",
      turns: [
        typed(r, r.pick(["im in tokyo and almost out of data, can i get more?", "no internet in japan and almost out of data"]), { filler: true }),
        typed(r, identity(zoe, r)),
        { ifReply: ASKED, say: typed(r, i === 0 ? "2gb please" : "how much is it?") },
        ...(i === 1 ? [typed(r, "ok 2 gb"), yesIfAsked(r, TOPIC.topUp)] : [yesIfAsked(r, TOPIC.topUp)]),
      ],
      expect: { handover: false, identified: zoe.customerId, actions: [{ action: "topUpData", args: { gb: 2 } }], mentions: [anyOf("$4 per GB or $8 for 2 GB", /\$4\b/, /\$8\b/)] },
    }),
  );

const emily = person("Emily");
const emilySecondLine: Family = (rng) =>
  variants(rng, "data-emily-second-line", 2, (r, i) =>
    conv({
      id: `data-emily-second-line-${i + 1}`,
      category: "data",
      intents: ["data_topup"],
      exercises: ["topUpData"],
      customerId: emily.customerId,
      about: "Emily has two lines; the Lite line 555 011 1301 (L-1021) has 0.4 GB left and takes a 1 GB top-up ($5) after her yes.",
      turns: [
        typed(r, `${phoneAndName(emily, r)}. my daughters line {555 011 1301} is nearly out of data, add 1gb to it`),
        yesIfAsked(r, TOPIC.topUp),
      ],
      expect: { handover: false, identified: emily.customerId, actions: [{ action: "topUpData", args: { gb: 1, lineId: "L-1021" } }], mentions: [money(5)] },
    }),
  );

const noah = person("Noah");
const noahNotNeeded: Family = (rng) =>
  variants(rng, "data-noah-not-needed", 2, (r, i) =>
    conv({
      id: `data-noah-not-needed-${i + 1}`,
      category: "data",
      intents: ["data_topup"],
      exercises: ["topUpData"],
      customerId: noah.customerId,
      about: "Noah has 3.6 GB of his 5 GB left: top-ups are for lines under 1 GB, so none is offered, and he hears how much he has.",
      turns: [typed(r, r.pick(["can i buy extra data", "i want to top up my data", "add some data to my phone please"]), { filler: true }), typed(r, identity(noah, r)), yesIfAsked(r, TOPIC.topUp)],
      expect: { handover: false, identified: noah.customerId, actions: [], mentions: [anyOf("3.6 GB left", /3\.6/)] },
    }),
  );

const michael = person("Michael");
const michaelUnlimited: Family = (rng) =>
  variants(rng, "data-michael-unlimited", 1, (r) =>
    conv({
      id: "data-michael-unlimited-1",
      category: "data",
      intents: ["data_topup"],
      exercises: ["topUpData"],
      customerId: michael.customerId,
      about: "Michael is on Nimbus Unlimited: no top-ups exist or are needed.",
      turns: [typed(r, `${phoneAndName(michael, r)} should i buy a data top up? ive used 140gb this month`)],
      expect: { handover: false, identified: michael.customerId, actions: [], mentions: [anyOf("Unlimited has no limit", /unlimited/i)] },
    }),
  );

const publicTopUpPrice: Family = (rng) =>
  variants(rng, "data-public-price", 2, (r, i) =>
    conv({
      id: `data-public-price-${i + 1}`,
      category: "data",
      intents: ["data_topup"],
      about: "Public: top-up prices by plan ($5 Lite, $4 Plus, $3 Max per GB, up to 2 GB at a time). No identity needed.",
      turns: [typed(r, r.pick(["how much is a data top up", "whats the price of extra data per gb"]), { filler: true }), ...(i === 1 ? [followUp(r, "and on max?", money(3))] : [])],
      expect: { handover: false, actions: [], mentions: [money(5), money(4), money(3)], never: [NO_IDENTITY_ASKED] },
    }),
  );

export const dataFamilies: Family[] = [jamesNoData, jamesTooMuch, zoeTokyo, emilySecondLine, noahNotNeeded, michaelUnlimited, publicTopUpPrice];
