import { anyOf, bill, calendarDate, money } from "../facts.js";
import { identity, person, phoneAndName } from "../people.js";
import { conv, TOPIC, typed, variants, yesIfAsked, type Family } from "./common.js";

/** Bills explained from the customer's own bills (the lines that changed), disputes, and overdue bills paid through a link. */

const david = person("David");
const b3012 = bill("B-3012");

const davidHigher: Family = (rng) =>
  variants(rng, "billing-david-higher", 3, (r, i) =>
    conv({
      id: `billing-david-higher-${i + 1}`,
      category: "billing",
      intents: ["bill_explain", "provide_identity"],
      customerId: david.customerId,
      about: "David's October bill is $93 against $45 in September: a $48 roaming data charge in Mexico on 2026-10-14 (1.6 GB).",
      turns: [
        typed(r, r.pick(["why is my bill higher this month?", "my bill is way more than usual, why??", "hi, my latest bill is almost double. what happened", "why is my bill $48 more than last month"]), { filler: true }),
        typed(r, identity(david, r)),
      ],
      expect: { handover: false, identified: david.customerId, actions: [], mentions: [money(b3012.amount), money(48), anyOf("roaming", /roaming/i), anyOf("Mexico", /mexico/i)] },
    }),
  );

const davidDispute: Family = (rng) =>
  variants(rng, "billing-david-dispute", 2, (r, i) =>
    conv({
      id: `billing-david-dispute-${i + 1}`,
      category: "billing",
      intents: ["bill_dispute", "bill_explain"],
      customerId: david.customerId,
      about:
        "David disputes the $48 Mexico roaming charge. Ticket T-5001 already has the billing team checking it and the due date moved to 2026-11-25: he should hear that, not get a second ticket.",
      turns: [
        typed(r, `${phoneAndName(david, r)}. theres a roaming charge on my bill`),
        typed(r, r.pick(["but i had roaming OFF that day, i only used wifi. i want it removed", "why? i turned roaming off before i landed. take it off please", "that's wrong, mexico was wifi only. i dispute it"])),
      ],
      expect: {
        handover: false,
        identified: david.customerId,
        actions: [],
        mentions: [money(48), anyOf("the dispute already open", "T-5001", /already/i), calendarDate("2026-11-25")],
      },
    }),
  );

const sarah = person("Sarah");
const sarahHigher: Family = (rng) =>
  variants(rng, "billing-sarah", 3, (r, i) =>
    conv({
      id: `billing-sarah-${i + 1}`,
      category: "billing",
      intents: i === 2 ? ["bill_dispute", "bill_explain"] : ["bill_explain"],
      customerId: sarah.customerId,
      about:
        "Sarah's October bill is $65 against $30: a $40 Travel Pass for 5 days in Canada and a $5 goodwill credit. The knowledge base says Canada (Zone 1) has no Travel Pass charge, so her dispute needs a person.",
      turns: [
        typed(r, r.pick(["my bill went from $30 to $65, why?", "can you explain my october bill, its $65", "why did i pay 65 last month"]), { filler: true }),
        typed(r, identity(sarah, r)),
        ...(i === 2
          ? [typed(r, "canada is supposed to be included in my plan, your website says zone 1 has no travel pass. i want that refunded"), yesIfAsked(r, TOPIC.handover, ["yes please"])]
          : []),
      ],
      expect: {
        handover: i === 2,
        identified: sarah.customerId,
        actions: [],
        mentions: [money(40), anyOf("Travel Pass", /travel pass/i), anyOf("Canada", /canada/i), ...(i < 2 ? [anyOf("the $5 credit", /credit/i, /-\s?\$5\b/, /\$5(\.00)? (goodwill|credit)/i)] : [])],
      },
    }),
  );

const zoe = person("Zoe");
const zoeBill: Family = (rng) =>
  variants(rng, "billing-zoe", 1, (r) =>
    conv({
      id: "billing-zoe-1",
      category: "billing",
      intents: ["bill_explain"],
      customerId: zoe.customerId,
      about: "Zoe's October bill is $70: $30 plan and a $40 Travel Pass for 5 days in Japan.",
      turns: [typed(r, `${identity(zoe, r)} why was my october bill $70`)],
      expect: { handover: false, identified: zoe.customerId, actions: [], mentions: [money(40), anyOf("Travel Pass", /travel pass/i), anyOf("Japan", /japan/i)] },
    }),
  );

const aisha = person("Aisha");
const aishaLateFee: Family = (rng) =>
  variants(rng, "billing-aisha-fee", 1, (r) =>
    conv({
      id: "billing-aisha-fee-1",
      category: "billing",
      intents: ["bill_explain"],
      customerId: aisha.customerId,
      about: "B-3006 carries a $10 late payment fee because B-3005 was not paid on time.",
      turns: [typed(r, "what is this $10 fee on my bill??", { filler: true }), typed(r, identity(aisha, r))],
      expect: { handover: false, identified: aisha.customerId, actions: [], mentions: [money(10), anyOf("late payment fee", /late/i)] },
    }),
  );

const lucas = person("Lucas");
const lucasInstallment: Family = (rng) =>
  variants(rng, "billing-lucas-installment", 1, (r) =>
    conv({
      id: "billing-lucas-installment-1",
      category: "billing",
      intents: ["bill_explain"],
      customerId: lucas.customerId,
      about: "Lucas pays $33.29 a month for his iPhone 15 on top of the $30 plan.",
      turns: [typed(r, `${phoneAndName(lucas, r)}, what is the 33.29 on my bill every month`)],
      expect: { handover: false, identified: lucas.customerId, actions: [], mentions: [anyOf("instalment", /install?ment/i), anyOf("iPhone 15", /iphone 15/i)] },
    }),
  );

const linda = person("Linda");
const lindaTotal: Family = (rng) =>
  variants(rng, "billing-linda-total", 1, (r) =>
    conv({
      id: "billing-linda-total-1",
      category: "billing",
      intents: ["bill_explain"],
      customerId: linda.customerId,
      about: "Linda's bill is $85 a month: Home Fibre 500 $55 and Nimbus Plus $30, paid.",
      turns: [typed(r, "how much was my last bill and did i pay it?", { filler: true }), typed(r, identity(linda, r))],
      expect: { handover: false, identified: linda.customerId, actions: [], mentions: [money(85), anyOf("paid", /paid/i)] },
    }),
  );

// ---------------------------------------------------------------- payment

const daniel = person("Daniel");
const danielOverdue: Family = (rng) =>
  variants(rng, "payment-daniel", 4, (r, i) => {
    const declines = i === 3;
    return conv({
      id: `payment-daniel-${i + 1}`,
      category: "payment",
      intents: ["bill_payment", "provide_identity"],
      exercises: ["sendPaymentRequest"],
      customerId: daniel.customerId,
      about: "Daniel's October bill B-3030 ($30) is overdue since 2026-11-15 (his autopay card expired); a payment link needs his yes. In one variant he prefers the app.",
      turns: [
        typed(r, r.pick(["i got a text saying my bill is overdue?", "is my bill overdue? got a weird message", "hello, apparently i owe you money"]), { filler: true }),
        typed(r, identity(daniel, r)),
        typed(r, declines ? "ok thanks, no need for a link, i'll pay in the app tonight" : r.pick(["can you send me a link to pay it", "how do i pay it? send me something", "ok can i pay now"])),
        ...(declines ? [] : [yesIfAsked(r, TOPIC.payment)]),
      ],
      expect: {
        handover: false,
        identified: daniel.customerId,
        actions: declines ? [] : [{ action: "sendPaymentRequest", args: { billId: "B-3030" } }],
        mentions: [money(30)],
      },
    });
  });

const olivia = person("Olivia");
const oliviaPending: Family = (rng) =>
  variants(rng, "payment-olivia", 2, (r, i) =>
    conv({
      id: `payment-olivia-${i + 1}`,
      category: "payment",
      intents: ["bill_payment"],
      exercises: ["sendPaymentRequest"],
      customerId: olivia.customerId,
      about: "Olivia's bill B-3028 ($15) already has a payment request pending (PR-0001, texted 2026-11-19): only one may be pending, so no new one can be sent; she should hear it is already on its way to her phone.",
      turns: [
        typed(r, `${phoneAndName(olivia, r)}. i need to pay my bill but i never got the payment text`),
        typed(r, r.pick(["can you send it again?", "send another one pls", "resend it please"])),
        yesIfAsked(r, TOPIC.payment),
      ],
      expect: { handover: false, identified: olivia.customerId, actions: [], mentions: [money(15), anyOf("already pending", /already/i, /pending/i)] },
    }),
  );

export const billingFamilies: Family[] = [davidHigher, davidDispute, sarahHigher, zoeBill, aishaLateFee, lucasInstallment, lindaTotal, danielOverdue, oliviaPending];
