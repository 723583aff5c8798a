import { anyOf, outage, timeOfDay } from "../facts.js";
import { identity, person } from "../people.js";
import { conv, followUp, typed, variants, type Family } from "./common.js";

/**
 * Mobile troubleshooting through the customer: carrier checks first, then device steps
 * answered by a simulated phone with one fault; solved only when the right step is
 * asked for. A degraded area (the Downtown 5G mast) is said with its end time.
 */

const noService: Family = (rng) =>
  ["Noah", "Isabella", "Daniel"].flatMap((first, k) =>
    variants(rng, `mobile-no-service-${first}`, 1, (r) => {
      const p = person(first);
      return conv({
        id: `mobile-no-service-${first.toLowerCase()}-${k + 1}`,
        category: "mobile",
        intents: ["mobile_no_service", "troubleshooting_answer"],
        customerId: p.customerId,
        about: `${p.fullName}'s line and area are fine; the phone is in airplane mode. The resolved Oakwood power failure of 2026-11-12 is not today's cause.`,
        turns: [
          typed(r, r.pick(["my phone has no signal at all", "no service on my phone since this morning", "cant call or text, no bars"]), { filler: true }),
          typed(r, identity(p, r)),
          { device: "airplane_mode", maxSteps: 6 },
        ],
        expect: { handover: false, identified: p.customerId, actions: [], deviceFixed: true, never: [/power failure/i] },
      });
    }),
  );

const noData: Family = (rng) =>
  ["Isabella", "José", "Tom"].flatMap((first, k) =>
    variants(rng, `mobile-no-data-${k}`, 1, (r) => {
      const p = person(first);
      return conv({
        id: `mobile-no-data-${k + 1}`,
        category: "mobile",
        intents: ["mobile_no_data", "troubleshooting_answer"],
        customerId: p.customerId,
        about: `${p.fullName} has data left and an active line; mobile data is switched off on the phone.`,
        turns: [
          typed(r, r.pick(["my mobile data stopped working, apps wont load unless im on wifi", "internet on my phone doesnt work but calls do"]), { filler: true }),
          typed(r, identity(p, r)),
          ...(first === "Tom" ? [{ ifReply: /which (line|number|phone)/i, say: typed(r, "mine, {555 010 0010}") }] : []),
          ...(first === "José" ? [{ ifReply: /which (line|number|phone)|mobile or|broadband or/i, say: typed(r, "the mobile, {555 010 0024}") }] : []),
          { device: "mobile_data_off", maxSteps: 6 },
        ],
        expect: { handover: false, identified: p.customerId, actions: [], deviceFixed: true },
      });
    }),
  );

const priya = person("Priya");
const mms: Family = (rng) =>
  variants(rng, "mobile-mms", 3, (r, i) =>
    conv({
      id: `mobile-mms-${i + 1}`,
      category: "mobile",
      intents: ["mms_issue", "troubleshooting_answer"],
      customerId: priya.customerId,
      about: "Priya's group picture messages fail; Wi-Fi calling is on for her line (an iPhone 15 Pro), and turning it off lets MMS through.",
      turns: [
        typed(r, r.pick(["picture messages won't send from my phone", "group texts with photos fail, says not delivered", "cant send pics in messages"]), { filler: true }),
        typed(r, identity(priya, r)),
        { device: "wifi_calling_mms", maxSteps: 6 },
      ],
      expect: { handover: false, identified: priya.customerId, actions: [], deviceFixed: true, mentions: [anyOf("Wi-Fi calling", /wi-?fi calling/i)] },
    }),
  );

const mast = outage("OUT-302");
const downtownSlow: Family = (rng) =>
  ["Sarah", "Michael", "David"].flatMap((first, k) =>
    variants(rng, `mobile-downtown-${first}`, 1, (r) => {
      const p = person(first);
      return conv({
        id: `mobile-downtown-slow-${first.toLowerCase()}-${k + 1}`,
        category: "mobile",
        intents: ["mobile_slow_data"],
        customerId: p.customerId,
        about: `${p.fullName} lives Downtown, where a 5G mast is under maintenance until 2026-11-22 06:00 UTC (phones fall back to 4G, slower indoors).`,
        turns: [
          typed(r, r.pick(["my data is really slow today", "mobile internet super slow since last night", "why is my 5g gone, everything slow"]), { filler: true }),
          typed(r, identity(p, r)),
          ...(k === 1 ? [followUp(r, "when will it be back to normal?", anyOf("its end time", timeOfDay(mast.estimatedResolution!), /tomorrow/i))] : []),
        ],
        expect: {
          handover: false,
          identified: p.customerId,
          actions: [],
          mentions: [anyOf("the mast maintenance", /maintenance|mast/i), anyOf("its end time", timeOfDay(mast.estimatedResolution!), /tomorrow/i)],
        },
      });
    }),
  );

const slowDevice: Family = (rng) =>
  [
    { first: "Olivia", fault: "data_saver" as const },
    { first: "Noah", fault: "vpn" as const },
  ].flatMap((c, k) =>
    variants(rng, `mobile-slow-${c.first}`, 1, (r) => {
      const p = person(c.first);
      return conv({
        id: `mobile-slow-${c.fault.replace("_", "-")}-${k + 1}`,
        category: "mobile",
        intents: ["mobile_slow_data", "troubleshooting_answer"],
        customerId: p.customerId,
        about: `${p.fullName}'s mobile data is slow because of a phone setting (${c.fault}); no outage in their area.`,
        turns: [typed(r, r.pick(["internet on my phone is so slow", "data is crawling on my phone, videos keep buffering"]), { filler: true }), typed(r, identity(p, r)), { device: c.fault, maxSteps: 7 }],
        expect: { handover: false, identified: p.customerId, actions: [], deviceFixed: true },
      });
    }),
  );

const emily = person("Emily");
const no5g: Family = (rng) =>
  variants(rng, "mobile-no-5g", 1, (r) =>
    conv({
      id: "mobile-no-5g-1",
      category: "mobile",
      intents: ["mobile_slow_data"],
      customerId: emily.customerId,
      about: "Emily lives in Oakwood, which has 4G only: no 5G there, whatever the phone.",
      turns: [typed(r, `${identity(emily, r)} why dont i ever get 5G at home?`)],
      expect: { handover: false, identified: emily.customerId, actions: [], mentions: [anyOf("4G only in the area", /4G/)] },
    }),
  );

export const mobileFamilies: Family[] = [noService, noData, mms, downtownSlow, slowDevice, no5g];
