import { createHash } from "node:crypto";
import { SeededRandom } from "../device-sim/rng.js";
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
 * The half an item belongs to, by a hash of its id alone: the split does not
 * move with the sampling seed, so no seed ever lets evolution read a held-out
 * conversation.
 */
export function halfOf(item: Pick<ReplayItem, "id">): ReplayHalf {
  return createHash("sha256").update(`replay-split:${item.id}`).digest()[0]! % 2 === 0 ? "training" : "heldOut";
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
 * Both halves, each subsampled by the seed to the given sizes (kept in the
 * order of the full list, so a run reads like the material file).
 */
export function splitMaterial(items: ReplayItem[], seed: number, sizes: SampleSizes): ReplaySplit {
  const pick = (half: ReplayHalf, salt: number): ReplayItem[] => {
    const inHalf = items.filter((item) => halfOf(item) === half);
    const chosen = new Set<string>();
    for (const kind of ["scenario", "scripted"] as const) {
      const pool = inHalf.filter((item) => item.kind === kind);
      const want = Math.min(kind === "scenario" ? sizes.scenarios : sizes.scripted, pool.length);
      const random = new SeededRandom((seed ^ salt) >>> 0);
      // Partial Fisher–Yates on a copy: the first `want` are a uniform sample.
      const order = [...pool];
      for (let i = 0; i < want; i++) {
        const j = i + Math.floor(random.next() * (order.length - i));
        [order[i], order[j]] = [order[j]!, order[i]!];
        chosen.add(order[i]!.id);
      }
    }
    return inHalf.filter((item) => chosen.has(item.id));
  };
  return { seed, training: pick("training", 0x7261696e), heldOut: pick("heldOut", 0x68656c64) };
}

/** A short fingerprint of a list of items: which material a paired comparison was made on. */
export function materialId(items: ReplayItem[]): string {
  return createHash("sha256").update(items.map((item) => item.id).join("\n")).digest("hex").slice(0, 12);
}
