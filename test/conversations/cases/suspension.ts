import { anyOf, calendarDate, money } from "../facts.js";
import { identity, person, phoneAndName } from "../people.js";
import { ASKED, conv, followUp, TOPIC, typed, variants, yesIfAsked, type Family } from "./common.js";

/**
 * Suspended lines: resumed when nothing blocks it and the customer says yes (after
 * paying, after a pause they asked for); refused truthfully with a hand-over when the
 * contract ended or the phone was reported stolen.
 */

const aisha = person("Aisha");
const aishaPayThenResume: Family = (rng) =>
  variants(rng, "suspension-aisha-pay-resume", 3, (r, i) =>
    conv({
      id: `suspension-aisha-pay-resume-${i + 1}`,
      category: "suspension",
      intents: ["line_suspended", "bill_payment"],
      exercises: ["sendPaymentRequest", "resumeLine"],
      customerId: aisha.customerId,
      about:
        "Aisha's line is suspended for B-3005 ($30). She asks for a payment link (yes), pays B-3005, then asks for the line back (yes): both changes, each after its own yes.",
      turns: [
        typed(r, r.pick(["my phone isnt working, it says my account is suspended", "why is my line suspended?? i need my phone", "cant make calls, something about suspension"]), { filler: true }),
        typed(r, identity(aisha, r)),
        typed(r, r.pick(["ok send me the payment link", "how can i pay it now? send me a link", "fine. text me a link to pay"])),
        yesIfAsked(r, TOPIC.payment),
        { pay: "B-3005" },
        typed(r, r.pick(["done, paid it. can you turn my line back on now?", "paid! please switch it back on", "just paid the $30. reconnect me pls"])),
        yesIfAsked(r, TOPIC.resume),
      ],
      expect: {
        handover: false,
        identified: aisha.customerId,
        actions: [{ action: "sendPaymentRequest", args: {} }, { action: "resumeLine", args: { lineId: "L-1003" } }],
        mentions: [money(30)],
      },
    }),
  );

const robert = person("Robert");
const robertPayNoResume: Family = (rng) =>
  variants(rng, "suspension-robert-pay", 2, (r, i) =>
    conv({
      id: `suspension-robert-pay-${i + 1}`,
      category: "suspension",
      intents: ["line_suspended", "bill_payment"],
      exercises: ["sendPaymentRequest", "resumeLine"],
      customerId: robert.customerId,
      about:
        "Robert may still pay his September bill B-3007 ($45) through a link, but his contract ended on 2026-05-31, so even after payment the resume is refused and he is passed to a person. No reply may say the line is back.",
      turns: [
        typed(r, `${phoneAndName(robert, r)} my line got suspended`),
        typed(r, r.pick(["can i at least pay the september bill? send me the link", "send me a link for the september one, the $45"])),
        yesIfAsked(r, TOPIC.payment),
        { pay: "B-3007" },
        typed(r, r.pick(["paid it. now turn it back on", "ok paid the $45, reconnect me please"])),
        yesIfAsked(r, TOPIC.handover, ["yes please", "ok fine, yes"]),
      ],
      expect: {
        handover: true,
        identified: robert.customerId,
        actions: [{ action: "sendPaymentRequest", args: { billId: "B-3007" } }],
        mentions: [money(45), anyOf("the ended contract", /contract/i)],
      },
    }),
  );

const kevin = person("Kevin");
const kevinResume: Family = (rng) =>
  variants(rng, "suspension-kevin", 3, (r, i) =>
    conv({
      id: `suspension-kevin-${i + 1}`,
      category: "suspension",
      intents: ["line_suspended"],
      exercises: ["resumeLine"],
      customerId: kevin.customerId,
      about:
        "Kevin paused his mobile line himself on 2026-09-01; its contract ended on 2026-08-31, so the agent cannot resume it: say so plainly (not 'resumed'), and pass him to the team that can set up a new contract.",
      turns: [
        typed(r, `${phoneAndName(kevin, r)}. ${r.pick(["please reactivate my mobile line, i paused it in september", "i want my phone line back on, i had suspended it", "can you unpause my mobile"])}`),
        ...(i > 0 ? [followUp(r, r.pick(["why not?", "why? i'm paying for broadband every month", "what do you mean, it's my line"]), anyOf("the ended contract", /contract/i))] : []),
        yesIfAsked(r, TOPIC.handover, ["yes please", "ok, put me through", "yes transfer me"]),
        ...(i === 2 ? [typed(r, "hello??"), typed(r, "ok thanks")] : []),
      ],
      expect: {
        handover: true,
        identified: kevin.customerId,
        actions: [],
        mentions: [anyOf("the ended contract", /contract/i), calendarDate("2026-08-31")],
        never: [/has been resumed|is active again|back on now/i],
      },
    }),
  );

const hannah = person("Hannah");
const hannahResume: Family = (rng) =>
  variants(rng, "suspension-hannah", 3, (r, i) =>
    conv({
      id: `suspension-hannah-${i + 1}`,
      category: "suspension",
      intents: ["line_suspended"],
      exercises: ["resumeLine"],
      customerId: hannah.customerId,
      about: "Hannah paused her line while working abroad (customer request, contract to 2027-09-30): it can be resumed, free, after her yes. In one variant she asks the price first, in one she changes her mind.",
      turns: [
        typed(r, `${identity(hannah, r)} ${r.pick(["im back from abroad, can you turn my line back on?", "please resume my line, i'm home now", "unpause my number please, back in the country"])}`),
        ...(i === 1 ? [followUp(r, r.pick(["will it cost anything?", "how much is that"]), anyOf("free", /free|no charge|nothing|no cost|\$0\b/i))] : []),
        i === 2 ? { ifReply: ASKED, say: typed(r, "actually no, don't. i'm going away again on monday, leave it paused") } : yesIfAsked(r, TOPIC.resume),
      ],
      expect: {
        handover: false,
        identified: hannah.customerId,
        actions: i === 2 ? [] : [{ action: "resumeLine", args: { lineId: "L-1025" } }],
      },
    }),
  );

const fatima = person("Fatima");
const fatimaPaid: Family = (rng) =>
  variants(rng, "suspension-fatima", 2, (r, i) =>
    conv({
      id: `suspension-fatima-${i + 1}`,
      category: "suspension",
      intents: ["line_suspended"],
      exercises: ["resumeLine"],
      customerId: fatima.customerId,
      about: "Fatima paid both overdue bills on 2026-11-20 but her line is still suspended: nothing blocks a resume, which runs after her yes.",
      turns: [
        typed(r, r.pick(["i paid everything yesterday, why is my phone still blocked", "paid my bills but line still suspended??", "i settled the overdue bill, my phone still cant call"]), { filler: true }),
        typed(r, identity(fatima, r)),
        ...(i === 1 ? [typed(r, "hello?? can you fix it")] : []),
        yesIfAsked(r, TOPIC.resume),
      ],
      expect: { handover: false, identified: fatima.customerId, actions: [{ action: "resumeLine", args: { lineId: "L-1029" } }] },
    }),
  );

const lucas = person("Lucas");
const lucasStolen: Family = (rng) =>
  variants(rng, "suspension-lucas-stolen", 2, (r, i) =>
    conv({
      id: `suspension-lucas-stolen-${i + 1}`,
      category: "suspension",
      intents: ["line_suspended", "lost_phone"],
      exercises: ["resumeLine"],
      customerId: lucas.customerId,
      about: "Lucas's phone was reported stolen on 2026-11-18 and his line is barred; only a specialist lifts that, and a replacement SIM is what brings the number back.",
      turns: [
        typed(r, r.pick(["my phone was stolen last week, i need my number working again", "got a new phone after mine was stolen, can you turn my line back on"]), { filler: true }),
        typed(r, identity(lucas, r)),
        yesIfAsked(r, TOPIC.handover, ["yes please", "ok yes"]),
      ],
      expect: { handover: true, identified: lucas.customerId, actions: [], mentions: [anyOf("a replacement SIM", /(replacement|new) SIM/i)], never: [/has been resumed|is active again/i] },
    }),
  );

const emily = person("Emily");
const lostNow: Family = (rng) =>
  variants(rng, "suspension-lost-now", 2, (r, i) =>
    conv({
      id: `suspension-lost-now-${i + 1}`,
      category: "suspension",
      intents: ["lost_phone"],
      customerId: emily.customerId,
      about: "Emily just lost her phone: the SIM must be barred and the phone blocked, which the agent's tools cannot do, so a person takes it at once (and she hears what to do meanwhile).",
      turns: [
        typed(r, r.pick(["I lost my phone on the bus!! what do i do", "i think my phone got stolen 10 min ago, help", "lost my iphone, someone could use my sim"]), { filler: true }),
        typed(r, identity(emily, r)),
        yesIfAsked(r, TOPIC.handover, ["yes please, quickly"]),
      ],
      expect: { handover: true, identified: emily.customerId, actions: [], mentions: [anyOf("bar or block the SIM", /\bbar|block/i)], never: [/no signal/i] },
    }),
  );

export const suspensionFamilies: Family[] = [aishaPayThenResume, robertPayNoResume, kevinResume, hannahResume, fatimaPaid, lucasStolen, lostNow];
