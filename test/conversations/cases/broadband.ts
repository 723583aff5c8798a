import { anyOf, calendarDate, outage, timeOfDay } from "../facts.js";
import { identity, person, phoneAndName } from "../people.js";
import { ASKED, conv, followUp, NO_IDENTITY_ASKED, TOPIC, typed, variants, yesIfAsked, type Family } from "./common.js";

/**
 * Home broadband: an area outage with its repair time (no technician while it lasts),
 * a line fault that needs a technician (booked after a yes, the date said), drops every
 * 30 minutes, Wi-Fi range (no technician), moving home, planned work.
 */

const linda = person("Linda");
/** The first visit is 2 to 4 business days out (knowledge base); the backend books 2026-11-23 by default. */
const VISIT_DATE = anyOf("the visit date", calendarDate("2026-11-23"), calendarDate("2026-11-24"), calendarDate("2026-11-25"), calendarDate("2026-11-26"), /monday|tuesday|wednesday|thursday/i);
const cut = outage("OUT-301");

const lindaNoTechnician: Family = (rng) =>
  variants(rng, "broadband-linda-technician", 2, (r, i) =>
    conv({
      id: `broadband-linda-technician-${i + 1}`,
      category: "broadband",
      intents: ["broadband_outage"],
      exercises: ["bookTechnician"],
      customerId: linda.customerId,
      about: "During the Riverside cable cut a technician visit cannot help (the backend refuses it): Linda hears the repair time, and nothing is booked.",
      turns: [
        typed(r, `${phoneAndName(linda, r)} no internet at home, can you send an engineer`),
        followUp(r, r.pick(["when will it be back?", "so how long will it take", "ok and when is it fixed?"]), timeOfDay(cut.estimatedResolution!)),
        ...(i === 1 ? [typed(r, "ok")] : []),
      ],
      expect: { handover: false, identified: linda.customerId, actions: [], mentions: [timeOfDay(cut.estimatedResolution!), anyOf("the cable cut", /cable|roadworks|outage/i)] },
    }),
  );

const publicOutage: Family = (rng) =>
  variants(rng, "broadband-public-outage", 2, (r, i) =>
    conv({
      id: `broadband-public-outage-${i + 1}`,
      category: "broadband",
      intents: ["broadband_outage"],
      about: "Public: an outage check by ZIP code or area needs no account; Riverside (62704) has broadband down until 20:00 UTC.",
      turns: [typed(r, i === 0 ? "is there an internet outage in {62704}?" : "is the broadband down in riverside? nothing works", { filler: true })],
      expect: { handover: false, actions: [], mentions: [timeOfDay(cut.estimatedResolution!)], never: [NO_IDENTITY_ASKED] },
    }),
  );

const ahmed = person("Ahmed");
const ahmedFault: Family = (rng) =>
  variants(rng, "broadband-ahmed-fault", 4, (r, i) => {
    const mode = ["yes", "yes-when", "price", "declines"][i]!;
    return conv({
      id: `broadband-ahmed-${mode}-${i + 1}`,
      category: "broadband",
      intents: ["broadband_slow"],
      exercises: ["bookTechnician"],
      customerId: ahmed.customerId,
      about:
        "Ahmed's Home Fibre 500 syncs at 38 Mbps: the line test shows high attenuation on the drop cable, a fault only a technician fixes (free when the fault is ours). Booked only after his yes; he can ask when.",
      turns: [
        typed(r, r.pick(["my broadband is super slow, like 30mbps on a 500 plan", "internet at home crawling for days, speed tests show 35 mbps", "home wifi is so slow even right next to the router"]), { filler: true }),
        typed(r, identity(ahmed, r)),
        ...(mode === "price" ? [followUp(r, "how much will that cost me?", anyOf("free for a network fault", /free|no charge|no cost|\$0\b/i))] : []),
        mode === "declines" ? { ifReply: ASKED, say: typed(r, "no, not now, i'll call back next week") } : yesIfAsked(r, TOPIC.technician, ["yes please book it", "yes", "ok book the engineer"]),
        ...(mode === "yes-when" ? [followUp(r, r.pick(["when will the engineer come?", "what day is that?"]), VISIT_DATE)] : []),
      ],
      expect: {
        handover: false,
        identified: ahmed.customerId,
        actions: mode === "declines" ? [] : [{ action: "bookTechnician", args: { lineId: "L-1018" } }],
        mentions: [
          anyOf("a technician", /technician|engineer/i),
        ],
      },
    });
  });

const grace = person("Grace");
const graceDrops: Family = (rng) =>
  variants(rng, "broadband-grace-drops", 2, (r, i) =>
    conv({
      id: `broadband-grace-drops-${i + 1}`,
      category: "broadband",
      intents: ["broadband_drops"],
      exercises: ["bookTechnician"],
      customerId: grace.customerId,
      about: "Grace's office fibre resynchronised 14 times in 8 hours (every ~30 minutes) on the line test: a line fault for a technician, booked after her yes.",
      turns: [
        typed(r, `${i === 0 ? "hi it's " : ""}${phoneAndName(grace, r)}, my internet keeps dropping every 30 minutes`),
        yesIfAsked(r, TOPIC.technician, ["yes book someone please", "yes please", "ok yes"]),
        ...(i === 1 ? [followUp(r, "thanks. when?", VISIT_DATE)] : []),
      ],
      expect: { handover: false, identified: grace.customerId, actions: [{ action: "bookTechnician", args: { lineId: "L-1015" } }], mentions: [anyOf("a technician", /technician|engineer/i)] },
    }),
  );

const kevin = person("Kevin");
const wifiRange: Family = (rng) =>
  variants(rng, "broadband-wifi-range", 2, (r, i) =>
    conv({
      id: `broadband-wifi-range-${i + 1}`,
      category: "broadband",
      intents: ["broadband_slow"],
      customerId: kevin.customerId,
      about: "Kevin's fibre line tests fine and there is no outage in Oakwood: weak Wi-Fi upstairs is a range problem (router placement, an extender), not a technician visit.",
      turns: [
        typed(r, r.pick(["wifi is really weak in the bedroom upstairs", "internet fine downstairs but terrible upstairs"]), { filler: true }),
        typed(r, identity(kevin, r)),
        { device: "wifi_range", maxSteps: 5 },
        ...(i === 1 ? [typed(r, "great thanks 👍")] : []),
      ],
      expect: { handover: false, identified: kevin.customerId, actions: [], deviceFixed: true },
    }),
  );

const sophie = person("Sophie");
const sophieMoving: Family = (rng) =>
  variants(rng, "broadband-sophie-moving", 2, (r, i) =>
    conv({
      id: `broadband-sophie-moving-${i + 1}`,
      category: "broadband",
      intents: ["moving_house"],
      customerId: sophie.customerId,
      about: "Sophie moved to Lakeside on 2026-11-10; ticket T-5002 has the new fibre connection booked for 2026-11-24.",
      turns: [
        typed(r, r.pick(["I moved to Lakeside, when will my internet be connected at the new place?", "just moved house, when does my broadband start at the new address"]), { filler: true }),
        typed(r, identity(sophie, r)),
        ...(i === 1 ? [followUp(r, "and is there anything planned that could cut it after?", calendarDate("2026-11-25"))] : []),
      ],
      expect: { handover: false, identified: sophie.customerId, actions: [], mentions: [calendarDate("2026-11-24")] },
    }),
  );

const movingPublic: Family = (rng) =>
  variants(rng, "broadband-moving-public", 1, (r) =>
    conv({
      id: "broadband-moving-public-1",
      category: "broadband",
      intents: ["moving_house"],
      about: "Public: a broadband transfer needs the moving date and new address at least 10 business days ahead.",
      turns: [typed(r, "im moving house next month, how do i take my broadband with me", { filler: true })],
      expect: { handover: false, actions: [], mentions: [anyOf("10 business days", /10 business days|ten business days/i)] },
    }),
  );

const planned: Family = (rng) =>
  variants(rng, "broadband-planned", 1, (r) =>
    conv({
      id: "broadband-planned-1",
      category: "broadband",
      intents: ["broadband_outage"],
      customerId: grace.customerId,
      about: "Lakeside has planned exchange work on 2026-11-25, 02:00-04:00 UTC (up to 2 hours).",
      turns: [typed(r, `${identity(grace, r)}. is any maintenance planned in my area this week?`)],
      expect: { handover: false, identified: grace.customerId, actions: [], mentions: [calendarDate("2026-11-25")] },
    }),
  );

export const broadbandFamilies: Family[] = [lindaNoTechnician, publicOutage, ahmedFault, graceDrops, wifiRange, sophieMoving, movingPublic, planned];
