import { IntentLabel } from "../../../src/domain/support.js";
import { Rng } from "../rng.js";
import { AccountChange, Conversation } from "../schema.js";
import { accountFamilies } from "./account.js";
import { billingFamilies } from "./billing.js";
import { broadbandFamilies } from "./broadband.js";
import type { Family } from "./common.js";
import { dataFamilies } from "./data.js";
import { handoverFamilies } from "./handover.js";
import { identityFamilies } from "./identity.js";
import { languageFamilies, multiFamilies } from "./language.js";
import { mobileFamilies } from "./mobile.js";
import { planFamilies } from "./plans.js";
import { roamingFamilies } from "./roaming.js";
import { suspensionFamilies } from "./suspension.js";

/** The seed used when none is given: fixed so that runs compare; CONVERSATION_SEED or --seed picks another. */
export const DEFAULT_SEED = 20261121;

const FAMILIES: Family[] = [
  ...identityFamilies,
  ...billingFamilies,
  ...suspensionFamilies,
  ...roamingFamilies,
  ...dataFamilies,
  ...planFamilies,
  ...broadbandFamilies,
  ...mobileFamilies,
  ...handoverFamilies,
  ...accountFamilies,
  ...languageFamilies,
  ...multiFamilies,
];

/** Every conversation of the suite, written from the seed; validated, ids unique. */
export function allConversations(seed: number = DEFAULT_SEED): Conversation[] {
  const rng = new Rng(seed);
  const conversations = FAMILIES.flatMap((family, i) => family(rng.fork(`family-${i}`))).map((c) => Conversation.parse(c) as Conversation);
  const seen = new Set<string>();
  for (const c of conversations) {
    if (seen.has(c.id)) throw new Error(`two conversations are called ${c.id}`);
    seen.add(c.id);
  }
  return conversations;
}

/** Intents and account actions no conversation exercises (both must be empty). */
export function coverageGaps(conversations: Conversation[]): { intents: string[]; actions: string[] } {
  const intents = new Set(conversations.flatMap((c) => c.intents));
  const actions = new Set(conversations.flatMap((c) => [...(c.exercises ?? []), ...(c.expect.actions ?? []).map((a) => a.action)]));
  return {
    intents: IntentLabel.options.filter((i) => !intents.has(i)),
    actions: AccountChange.options.filter((a) => !actions.has(a)),
  };
}
