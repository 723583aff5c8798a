import { createHash } from "node:crypto";
import { SeededRandom } from "../device-sim/rng.js";
import { assessMood } from "../engines/local/sentiment.js";
import { generateScenarios, type Scenario } from "../device-sim/scenarios.js";
import type { ScriptedConversation } from "./conversations.js";

/**
 * What offline evaluation replays: conversations whose right outcome is known.
 * Troubleshooting scenarios of the customer simulator (a phone with known
 * faults, so "fixed" is checked on the phone) and the scripted conversations of
 * data/eval/conversations.jsonl (billing, plans, upset customers, ...).
 */
export type ReplayItem =
  | { id: string; kind: "scenario"; scenario: Scenario }
  | { id: string; kind: "scripted"; conversation: ScriptedConversation };

export type ReplayHalf = "training" | "heldOut";

export function replayItems(conversations: ScriptedConversation[], scenarios: Scenario[] = generateScenarios()): ReplayItem[] {
  return [
    ...scenarios.map((scenario) => ({ id: `scenario:${scenario.id}`, kind: "scenario" as const, scenario })),
    ...conversations.map((conversation) => ({ id: `scripted:${conversation.id}`, kind: "scripted" as const, conversation })),
  ];
}

/**
 * What an item is like, so that both halves get some of each: a simulator
 * scenario by its complaint and where the customer is; a scripted conversation
 * by whether its customer opens upset (the local sentiment reader), since
 * empathy only applies to those and they are few.
 */
export function stratumOf(item: ReplayItem): string {
  if (item.kind === "scenario") return `scenario:${item.scenario.symptom}/${item.scenario.location}`;
  const mood = assessMood(item.conversation.messages[0] ?? "", { problem: true });
  return `scripted:${mood.sentiment === "negative" ? "upset" : "calm"}`;
}

const hashOf = (text: string) => createHash("sha256").update(`replay-split:${text}`).digest().readUInt32BE(0);

/**
 * The half of every item, by a hash of its id alone within its stratum (sorted
 * by hash, then alternating): the split does not move with the sampling seed,
 * so no seed ever lets evolution read a held-out conversation, and each half
 * gets its share of every stratum.
 */
export function halves(items: ReplayItem[]): Map<string, ReplayHalf> {
  const byStratum = new Map<string, ReplayItem[]>();
  for (const item of items) byStratum.set(stratumOf(item), [...(byStratum.get(stratumOf(item)) ?? []), item]);
  const out = new Map<string, ReplayHalf>();
  for (const [stratum, members] of byStratum) {
    const offset = hashOf(stratum) % 2;
    [...members].sort((a, b) => hashOf(a.id) - hashOf(b.id)).forEach((item, i) => out.set(item.id, (i + offset) % 2 === 0 ? "training" : "heldOut"));
  }
  return out;
}

export interface SampleSizes {
  /** Simulator scenarios per half. */
  scenarios: number;
  /** Scripted conversations per half. */
  scripted: number;
}

export interface ReplaySplit {
  seed: number;
  training: ReplayItem[];
  heldOut: ReplayItem[];
}

/**
 * Both halves, each subsampled by the seed to the given sizes: strata are
 * taken in turn (each shuffled by the seed), so a small stratum such as upset
 * customers is always represented. Items keep the order of the full list.
 */
export function splitMaterial(items: ReplayItem[], seed: number, sizes: SampleSizes): ReplaySplit {
  const half = halves(items);
  const pick = (which: ReplayHalf, salt: number): ReplayItem[] => {
    const random = new SeededRandom((seed ^ salt) >>> 0);
    const chosen = new Set<string>();
    for (const kind of ["scenario", "scripted"] as const) {
      const want = kind === "scenario" ? sizes.scenarios : sizes.scripted;
      const strata = new Map<string, ReplayItem[]>();
      for (const item of items.filter((i) => i.kind === kind && half.get(i.id) === which)) strata.set(stratumOf(item), [...(strata.get(stratumOf(item)) ?? []), item]);
      const queues = [...strata.values()].map((members) => shuffle(members, random));
      shuffle(queues, random);
      let taken = 0;
      while (taken < want && queues.some((q) => q.length)) {
        for (const queue of queues) {
          if (taken >= want) break;
          const next = queue.shift();
          if (next) {
            chosen.add(next.id);
            taken += 1;
          }
        }
      }
    }
    return items.filter((item) => chosen.has(item.id));
  };
  return { seed, training: pick("training", 0x7261696e), heldOut: pick("heldOut", 0x68656c64) };
}

/** Fisher–Yates in place with the seeded generator. */
function shuffle<T>(list: T[], random: SeededRandom): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** A short fingerprint of a list of items: which material a paired comparison was made on. */
export function materialId(items: ReplayItem[]): string {
  return createHash("sha256").update(items.map((item) => item.id).join("\n")).digest("hex").slice(0, 12);
}
