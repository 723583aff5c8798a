import { anyOf, money } from "../facts.js";
import { conv, NO_IDENTITY_ASKED, typed, variants, type Family } from "./common.js";

/** Public questions answered from the knowledge base, greetings, goodbyes, thanks: no identity, no ticket. */

const scam: Family = (rng) =>
  variants(rng, "account-scam", 3, (r, i) =>
    conv({
      id: `account-scam-${i + 1}`,
      category: "account",
      intents: ["account_security"],
      about: "A phishing text: Nimbus never asks for a PIN or password by text and the link should not be opened. No identity needed to say so.",
      turns: [
        typed(
          r,
          [
            "I got a text saying my account is locked and to click a link, is that you?",
            "someone called saying theyre from nimbus and asked for my PIN code. legit?",
            "got an email about a refund from nimbus asking for my card number",
          ][i]!,
          { filler: true },
        ),
      ],
      expect: {
        handover: false,
        actions: [],
        mentions: [anyOf("a scam warning", /scam|phishing|fraud|never ask|don'?t (click|open|share|give)|do not (click|open|share|give)/i)],
        never: [NO_IDENTITY_ASKED],
      },
    }),
  );

const puk: Family = (rng) =>
  variants(rng, "account-puk", 1, (r) =>
    conv({
      id: "account-puk-1",
      category: "account",
      intents: ["mobile_no_service", "account_security"],
      about: "A PUK-locked SIM cannot be unlocked remotely: the PUK is on the SIM card holder, or a store unlocks it with photo ID.",
      turns: [typed(r, "my phone says SIM locked, PUK required. can you give me the code?", { filler: true })],
      expect: { handover: false, actions: [], mentions: [anyOf("where the PUK is", /card|holder|store/i)], never: [/\b\d{8}\b/] },
    }),
  );

const greeting: Family = (rng) =>
  variants(rng, "account-greeting", 3, (r, i) =>
    conv({
      id: `account-greeting-${i + 1}`,
      category: "smalltalk",
      intents: ["greeting", "plan_info"],
      about: "A greeting, some impatience, then a public question that is answered.",
      turns: [typed(r, r.pick(["hi", "hello", "hey there"])), ...(i > 0 ? [typed(r, "hello??", { typos: 0 })] : []), typed(r, "how much is nimbus plus a month")],
      expect: { handover: false, actions: [], mentions: [money(30)], never: [NO_IDENTITY_ASKED] },
    }),
  );

const goodbye: Family = (rng) =>
  variants(rng, "account-goodbye", 2, (r, i) =>
    conv({
      id: `account-goodbye-${i + 1}`,
      category: "smalltalk",
      intents: ["plan_info", "goodbye"],
      about: "A question answered, then thanks and goodbye (or a thumbs-up emoji): a short, friendly close, no ticket.",
      turns: [typed(r, "what time do your stores open on sunday?", { filler: true }), typed(r, i === 0 ? "ok thanks bye" : "👍", { typos: 0 })],
      expect: { handover: false, actions: [], mentions: [anyOf("Sunday 11 a.m. to 5 p.m.", /11 ?(a\.?m\.?)?\b.*5 ?p\.?m\.?/i, /11:00/)] },
    }),
  );

const privacy: Family = (rng) =>
  variants(rng, "account-privacy", 1, (r) =>
    conv({
      id: "account-privacy-1",
      category: "account",
      intents: ["account_security"],
      about: "Public privacy question: what is kept and how to request a copy (answered within 30 days).",
      turns: [typed(r, "how can i get a copy of the data you hold about me", { filler: true })],
      expect: { handover: false, actions: [], mentions: [anyOf("30 days", /30 days/i)] },
    }),
  );

const porting: Family = (rng) =>
  variants(rng, "account-porting", 1, (r) =>
    conv({
      id: "account-porting-1",
      category: "account",
      intents: ["plan_info"],
      about: "Public: bringing a number to Nimbus needs the old account number and a transfer PIN; most ports complete within hours, always within 1 business day.",
      turns: [typed(r, "how do I bring my number over from another network?", { filler: true })],
      expect: { handover: false, actions: [], mentions: [anyOf("transfer PIN", /transfer pin|port-?out pin/i)] },
    }),
  );

export const accountFamilies: Family[] = [scam, puk, greeting, goodbye, privacy, porting];
