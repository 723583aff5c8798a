import { DATASET, identity, identityInTwo, person, phoneAsWritten, type Person } from "../people.js";
import { Rng } from "../rng.js";
import type { Conversation, Turn } from "../schema.js";
import { typed } from "./common.js";

/**
 * Random conversations for the two properties (consent, truth): requests for every account
 * action, yes, no, price questions, changes of mind, amounts, wrong details and noise, in random
 * order, for random customers. Nothing is expected of the need; whatever the agent does, it may
 * change nothing without a yes to that very proposal and may claim nothing that did not happen.
 */

const REQUESTS = [
  "my data stopped working",
  "can you add more data",
  "add 2gb",
  "top up 1 gb please",
  "add 5gb of data",
  "turn on roaming, im going abroad",
  "switch roaming off please",
  "im in spain and have no internet",
  "send me a link to pay my bill",
  "i want to pay what i owe",
  "please turn my line back on",
  "resume my line",
  "switch me to max",
  "upgrade me to unlimited",
  "can i go down to lite",
  "book an engineer, my broadband is slow",
  "my internet keeps dropping",
  "why is my bill higher",
  "how much is nimbus plus",
  "what plans do you have",
];
const YES = ["yes", "yes please", "ok do it", "sure go ahead", "yep"];
const REPLIES = [
  "yes",
  "yes please",
  "ok do it",
  "no",
  "no thanks",
  "how much is it?",
  "how much?",
  "what does it cost?",
  "actually no, don't",
  "wait, don't do that",
  "2gb",
  "1gb please",
  "and the max plan?",
  "why?",
  "ok",
  "hello??",
  "👍",
  "what?",
  "when?",
  "i want to talk to a person",
];

const CUSTOMERS = ["James", "Maria", "Aisha", "Robert", "Kevin", "Hannah", "Fatima", "Daniel", "Olivia", "Zoe", "Emily", "Ahmed", "Grace", "Tom", "David", "Noah", "Lucas", "Linda"];

/** One random conversation of 3 to 7 messages, identity given (rightly or wrongly) somewhere or never. */
export function randomConversation(rng: Rng, index: number): Conversation {
  const p: Person = person(rng.pick(CUSTOMERS));
  const turns: Turn[] = [];
  const length = 3 + rng.int(5);
  const identifyAt = rng.chance(0.85) ? rng.int(2) : -1;
  for (let i = 0; i < length; i++) {
    if (i === identifyAt) {
      const how = rng.next();
      if (how < 0.6) turns.push(typed(rng, identity(p, rng), { typos: 0 }));
      else if (how < 0.85) turns.push(...identityInTwo(p, rng).map((t) => typed(rng, t, { typos: 0 })));
      else {
        // Someone else's number with this name: must never verify.
        const other = person(rng.pick(CUSTOMERS.filter((c) => c !== p.firstName)));
        turns.push(typed(rng, `{${p.fullName}} {${phoneAsWritten(other, rng)}}`, { typos: 0 }));
      }
      continue;
    }
    // After a request people mostly answer what they are asked, and "yes" is the commonest answer.
    const text = i === 0 || rng.chance(0.3) ? rng.pick(REQUESTS) : rng.chance(0.45) ? rng.pick(YES) : rng.pick(REPLIES);
    turns.push(typed(rng, text, { typos: 0.05 }));
  }
  // Sometimes the customer pays one of their bills between two messages (an unpaid one, or a paid one: refused, nothing happens).
  const bills = DATASET.bills.filter((b) => b.customerId === p.customerId).map((b) => b.id);
  if (bills.length && rng.chance(0.3)) turns.splice(1 + rng.int(turns.length), 0, { pay: rng.pick(bills) });
  return {
    id: `random-${index + 1}`,
    category: "multi",
    intents: ["out_of_scope"],
    customerId: p.customerId,
    about: `Random messages from ${p.fullName}: only the consent and truth properties are judged.`,
    turns,
    expect: { handover: false },
  };
}

export function randomConversations(seed: number, count: number): Conversation[] {
  const rng = new Rng(seed).fork("random");
  return Array.from({ length: count }, (_, i) => randomConversation(rng.fork(String(i)), i));
}
