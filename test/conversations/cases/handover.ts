import { anyOf } from "../facts.js";
import { identity, person, phoneAsWritten } from "../people.js";
import { conv, NO_IDENTITY_ASKED, TOPIC, typed, variants, yesIfAsked, type Family } from "./common.js";

/**
 * Hand-overs: asked for, needed (a complaint, a cancellation, failed verification),
 * and what comes after: every further message stays on the one ticket, and the
 * customer is told a person will answer.
 */

const PERSON_WILL_ANSWER = anyOf("a person will answer", /passed (this|you|it) (on )?to (a|an|one of our|our) (member|colleague|specialist|person|agent|team)/i, /(colleague|specialist|person|someone|member of (our|the) team|human|agent)\b[^.]*\b(will|'ll)\b/i, /(will|'ll) (get back|be with you|reply|answer|contact)/i);

const humanThenMore: Family = (rng) =>
  variants(rng, "handover-human", 5, (r, i) => {
    const opening = [
      "I want to talk to a real person",
      "can i speak to a human please",
      "agent. AGENT. real person please",
      "my bill is wrong and i want to speak to a manager",
      "i dont want a bot, get me someone",
    ][i]!;
    const after = [
      ["hello??", "are you there", "😡"],
      ["ok", "how long will it take?"],
      ["hello?", "👍"],
      ["its about a roaming charge i never made", "hello??"],
      ["thanks", "still waiting..."],
    ][i]!;
    return conv({
      id: `handover-human-${i + 1}`,
      category: "handover",
      intents: i === 3 ? ["human_request", "bill_dispute"] : ["human_request"],
      about: "A person is asked for: one ticket, whatever follows (more messages, an emoji, impatience), and each later reply says a person will answer.",
      turns: [typed(r, opening), ...after.map((t) => typed(r, t, { typos: 0 }))],
      expect: { handover: true, actions: [], mentions: [anyOf("the ticket", /\bT-\d{4,}\b/, /ticket/i), PERSON_WILL_ANSWER] },
    });
  });

const complaint: Family = (rng) =>
  variants(rng, "handover-complaint", 2, (r, i) => {
    const p = person(i === 0 ? "Ahmed" : "Grace");
    return conv({
      id: `handover-complaint-${i + 1}`,
      category: "handover",
      intents: ["human_request", "broadband_drops"],
      customerId: p.customerId,
      about: "A formal complaint is logged by a person with a reference number.",
      turns: [
        typed(r, `${identity(p, r)}. this is the third time my internet dropped this week, I want to make a formal complaint`),
        typed(r, r.pick(["yes a complaint, not troubleshooting", "i said i want to complain"]), { typos: 0 }),
      ],
      expect: { handover: true, identified: p.customerId, actions: [], mentions: [anyOf("the reference", /\bT-\d{4,}\b/, /reference|ticket/i)] },
    });
  });

const james = person("James");
const failedVerification: Family = (rng) =>
  variants(rng, "handover-failed-verification", 2, (r, i) => {
    const phone = phoneAsWritten(james, r);
    const attempts = i === 0 ? ["{james carder}", "{james cartr}", "{jim carter}"] : ["born {1995-03-09}", "sorry {1995-09-03}", "{09/03/1995}"];
    return conv({
      id: `handover-failed-verification-${i + 1}`,
      category: "handover",
      intents: ["provide_identity", "mobile_no_data"],
      about: "Three details that do not match the account for 555 010 0002: nobody is verified, nothing about the account is shown, and a person takes over after the third failure.",
      turns: [typed(r, "my data isnt working"), typed(r, `{${phone}}`), ...attempts.map((a) => typed(r, a, { typos: 0 }))],
      expect: { handover: true, identified: null, actions: [], never: ["Nimbus Lite", /\b5 ?GB\b/i] },
    });
  });

const emily = person("Emily");
const cancel: Family = (rng) =>
  variants(rng, "handover-cancel", 1, (r) =>
    conv({
      id: "handover-cancel-1",
      category: "handover",
      intents: ["out_of_scope"],
      customerId: emily.customerId,
      about: "Ending a contract early is not something the agent's tools do: explain the early termination fee rule and pass her on.",
      turns: [typed(r, `${identity(emily, r)}. I want to cancel my contract and leave nimbus`), yesIfAsked(r, TOPIC.handover, ["yes"])],
      expect: { handover: true, identified: emily.customerId, actions: [], mentions: [anyOf("early termination fee", /termination|fee/i)] },
    }),
  );

const outOfScope: Family = (rng) =>
  variants(rng, "handover-out-of-scope", 2, (r, i) =>
    conv({
      id: `handover-out-of-scope-${i + 1}`,
      category: "handover",
      intents: ["out_of_scope"],
      about: "Not a Nimbus question: say so kindly and offer what the agent can do; no ticket for chit-chat.",
      turns: [typed(r, i === 0 ? "can you recommend a good pizza place in springfield" : "whats the weather tomorrow", { filler: true })],
      expect: { handover: false, actions: [], never: [NO_IDENTITY_ASKED] },
    }),
  );

export const handoverFamilies = [humanThenMore, complaint, failedVerification, cancel, outOfScope];
