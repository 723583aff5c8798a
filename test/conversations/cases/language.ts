import { anyOf, money, outage, timeOfDay } from "../facts.js";
import { identity, person, phoneAndName } from "../people.js";
import { ASKED, conv, followUp, TOPIC, typed, variants, yesIfAsked, type Family } from "./common.js";

/** Other languages, and several problems in one message: every problem is handled (or queued and said so). */

const maria = person("Maria");
const spanishRoaming: Family = (rng) =>
  variants(rng, "language-spanish-roaming", 2, (r, i) =>
    conv({
      id: `language-spanish-roaming-${i + 1}`,
      category: "language",
      intents: ["roaming_abroad"],
      exercises: ["enableRoaming"],
      customerId: maria.customerId,
      about: "Maria writes in Spanish from Spain: roaming off on her line, turned on after her 'sí'; Travel Pass is $8 a day.",
      turns: [
        typed(r, i === 0 ? "hola, mi teléfono no tiene internet aquí en españa" : "mi teléfono no tiene señal de datos, estoy de viaje"),
        typed(r, phoneAndName(maria, r)),
        yesIfAsked(r, /roaming|itinerancia/i, ["sí, por favor", "si, hazlo", "sí"]),
      ],
      expect: { handover: false, identified: maria.customerId, actions: [{ action: "enableRoaming", args: {} }], mentions: [money(8)] },
    }),
  );

const spanishNoSignal: Family = (rng) =>
  variants(rng, "language-spanish-signal", 1, (r) =>
    conv({
      id: "language-spanish-signal-1",
      category: "language",
      intents: ["mobile_no_service"],
      customerId: person("José").customerId,
      about: "'My phone has no signal' in Spanish: understood as a no-service problem (not out of scope); the phone is in airplane mode.",
      turns: [typed(r, "mi teléfono no tiene señal"), typed(r, identity(person("José"), r)), { ifReply: /which (line|number)|mobile or/i, say: "el móvil, {555 010 0024}" }, { device: "airplane_mode", maxSteps: 6 }],
      expect: { handover: false, identified: person("José").customerId, actions: [], deviceFixed: true },
    }),
  );

const frenchBill: Family = (rng) =>
  variants(rng, "language-french-bill", 1, (r) =>
    conv({
      id: "language-french-bill-1",
      category: "language",
      intents: ["bill_explain"],
      customerId: person("David").customerId,
      about: "In French: why is my bill higher? The $48 Mexico roaming charge.",
      turns: [typed(r, "bonjour, ma facture est beaucoup plus élevée ce mois-ci, pourquoi ?"), typed(r, identity(person("David"), r))],
      expect: { handover: false, identified: person("David").customerId, actions: [], mentions: [money(48)] },
    }),
  );

const spanishPrice: Family = (rng) =>
  variants(rng, "language-spanish-price", 1, (r) =>
    conv({
      id: "language-spanish-price-1",
      category: "language",
      intents: ["plan_info"],
      about: "In Spanish: how much is the Unlimited plan? $65, no identity.",
      turns: [typed(r, "cuánto cuesta el plan unlimited al mes?")],
      expect: { handover: false, actions: [], mentions: [money(65)] },
    }),
  );

// ---------------------------------------------------------------- several problems in one message

const david = person("David");
const signalAndBill: Family = (rng) =>
  variants(rng, "multi-signal-bill", 3, (r, i) =>
    conv({
      id: `multi-signal-bill-${i + 1}`,
      category: "multi",
      intents: ["mobile_no_service", "bill_explain"],
      customerId: david.customerId,
      about: "Two problems at once: no signal (airplane mode on his phone) and a higher bill ($48 Mexico roaming). Neither may be dropped.",
      turns: [
        typed(r, r.pick(["my phone has no signal and also why is my bill so high?", "two things: no bars on my phone since this morning, and my bill went up by $48??", "no signal + my bill is wrong"]), { filler: true }),
        typed(r, identity(david, r)),
        { device: "airplane_mode", maxSteps: 6 },
        ...(i === 2 ? [typed(r, "ok good. and the bill?")] : []),
      ],
      expect: { handover: false, identified: david.customerId, actions: [], deviceFixed: true, mentions: [money(48), anyOf("roaming", /roaming/i)] },
    }),
  );

const linda = person("Linda");
const outageAndBill: Family = (rng) =>
  variants(rng, "multi-outage-bill", 2, (r, i) =>
    conv({
      id: `multi-outage-bill-${i + 1}`,
      category: "multi",
      intents: ["broadband_outage", "bill_explain"],
      customerId: linda.customerId,
      about: "Internet down (Riverside outage, back by 20:00 UTC) and a question about the bill total ($85): both answered.",
      turns: [typed(r, `${phoneAndName(linda, r)} internet down AND i want to know how much my last bill was`), ...(i === 1 ? [followUp(r, "ok. when will the internet be back?", timeOfDay(outage("OUT-301").estimatedResolution!))] : [])],
      expect: { handover: false, identified: linda.customerId, actions: [], mentions: [timeOfDay(outage("OUT-301").estimatedResolution!), money(85)] },
    }),
  );

const zoe = person("Zoe");
const zoeTwo: Family = (rng) =>
  variants(rng, "multi-zoe-travel", 1, (r) =>
    conv({
      id: "multi-zoe-travel-1",
      category: "multi",
      intents: ["roaming_abroad", "data_topup"],
      exercises: ["topUpData"],
      customerId: zoe.customerId,
      about: "Abroad with roaming already on and 0.4 GB left: a top-up after her yes; roaming is left as it is (no change needed or made).",
      turns: [typed(r, `${identity(zoe, r)}. i'm abroad and have no internet, also almost out of data`), { ifReply: ASKED, say: typed(r, "1gb please") }, yesIfAsked(r, TOPIC.topUp)],
      expect: { handover: false, identified: zoe.customerId, actions: [{ action: "topUpData", args: { gb: 1 } }], mentions: [money(4)] },
    }),
  );

const mariaNoTopUp: Family = (rng) =>
  variants(rng, "multi-maria-no-topup", 1, (r) =>
    conv({
      id: "multi-maria-no-topup-1",
      category: "multi",
      intents: ["roaming_abroad", "data_topup"],
      exercises: ["enableRoaming", "topUpData"],
      customerId: maria.customerId,
      about: "Maria asks for roaming and more data in one breath; she has 13.6 GB left, so no top-up is offered or charged; roaming goes on after her yes.",
      turns: [typed(r, `${phoneAndName(maria, r)}, in barcelona with no internet, turn on roaming and give me more data pls`), yesIfAsked(r, TOPIC.roaming)],
      expect: { handover: false, identified: maria.customerId, actions: [{ action: "enableRoaming", args: {} }], mentions: [money(8), anyOf("13.6 GB left", /13\.6/)] },
    }),
  );

export const languageFamilies: Family[] = [spanishRoaming, spanishNoSignal, frenchBill, spanishPrice];
export const multiFamilies: Family[] = [signalAndBill, outageAndBill, zoeTwo, mariaNoTopUp];
