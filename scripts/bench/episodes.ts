/**
 * Synthetic past conversations for episodic memory: varied customers, intents,
 * outcomes, resolution paths and dates, deterministic for a given index.
 */
import type { EpisodicMemory } from "../../src/memory/episodic.js";
import type { EpisodeInput } from "../../src/memory/schemas.js";

const INTENTS: { intent: string; paths: string[][]; words: string[] }[] = [
  { intent: "mobile_no_service", paths: [["check_status_bar:no_service", "reseat_sim:fixed"], ["check_status_bar:airplane_on", "airplane_off:fixed"]], words: ["no service since this morning", "no bars at all", "cannot make calls"] },
  { intent: "mobile_no_data", paths: [["check_status_bar:data_off", "mobile_data_on:fixed"], ["reset_network_settings:not_fixed", "restart_phone:fixed"]], words: ["mobile data stopped", "apps will not load off wifi", "4G icon gone"] },
  { intent: "mobile_slow_data", paths: [["run_speed_test:speed_slow", "disconnect_vpn:fixed"], ["data_saver_off:fixed"]], words: ["very slow internet", "videos keep buffering", "pages take ages"] },
  { intent: "mms_issue", paths: [["wifi_calling_off:fixed"], ["messaging_permissions:fixed", "send_test_mms:fixed"]], words: ["picture messages fail", "MMS will not send", "group texts with photos stuck"] },
  { intent: "roaming_abroad", paths: [["enable_roaming:done", "roaming_on:fixed"], ["roaming_on:not_fixed"]], words: ["no data in Spain", "abroad without internet", "travel pass not working in France"] },
  { intent: "broadband_drops", paths: [["run_broadband_line_test:line_fault", "book_technician:done"], ["restart_router:fixed"]], words: ["wifi drops every 30 minutes", "home internet keeps cutting out", "router disconnects at night"] },
  { intent: "broadband_slow", paths: [["wired_speed_test:speed_slow", "restart_router:fixed"]], words: ["broadband slow in the evening", "speed far below the plan", "streaming stutters at home"] },
  { intent: "broadband_outage", paths: [["check_network_status:outage"]], words: ["internet down in the whole street", "outage in my area", "neighbours offline too"] },
  { intent: "bill_explain", paths: [["get_bills:done"]], words: ["bill higher than last month", "charge I do not understand", "why is my invoice $40 more"] },
  { intent: "bill_dispute", paths: [["get_bills:done", "open_ticket:done"]], words: ["charged twice", "roaming charge I did not use", "dispute an extra fee"] },
  { intent: "bill_payment", paths: [["send_payment_request:done"]], words: ["pay my overdue bill", "payment failed", "how to pay the balance"] },
  { intent: "line_suspended", paths: [["send_payment_request:done", "resume_line:done"], ["resume_line:refused"]], words: ["line suspended", "phone cut off", "cannot call after missed payment"] },
  { intent: "plan_upgrade", paths: [[]], words: ["upgrade to a bigger plan", "more data each month", "switch to unlimited"] },
  { intent: "data_topup", paths: [["top_up_data:done"]], words: ["top up 2 GB", "ran out of data", "add more data now"] },
  { intent: "moving_house", paths: [["transfer_to_human:done"]], words: ["moving to a new address", "transfer my broadband", "new flat next month"] },
];
const OUTCOMES = ["resolved", "resolved", "resolved", "handed_over", "closed"] as const;
/** The customers of the bundled dataset, so verified conversations find a history of their own. */
const DATASET_CUSTOMERS = Array.from({ length: 30 }, (_, i) => `C-${1001 + i}`);
const START_MS = Date.parse("2024-01-01T00:00:00Z");

export function syntheticEpisode(index: number): EpisodeInput {
  const kind = INTENTS[index % INTENTS.length]!;
  const path = kind.paths[Math.floor(index / INTENTS.length) % kind.paths.length]!;
  const outcome = OUTCOMES[(index * 7) % OUTCOMES.length]!;
  const words = kind.words[(index * 3) % kind.words.length]!;
  // One episode in ten belongs to a dataset customer; the rest to 5,000 synthetic ones.
  const customerId = index % 10 === 0 ? DATASET_CUSTOMERS[(index / 10) % DATASET_CUSTOMERS.length]! : `C-S${index % 5_000}`;
  const turns = 2 + (index % 9);
  return {
    id: `episode-${index}`,
    threadId: `synthetic-${index}`,
    customerId,
    summary: `${kind.intent} (${outcome}) after ${turns} turn(s): customer said "${words}"; ${path.join(", ") || "information given"}.`,
    intent: kind.intent,
    outcome,
    scores: { resolution: outcome === "resolved" ? 1 : 0, empathy: 0.6 + (index % 4) / 10, conciseness: 0.7 + (index % 3) / 10 },
    resolutionPath: path,
    turns,
    promptVersions: { dialogue: 1 + (index % 2) },
    createdAt: new Date(START_MS + index * 600_000).toISOString(),
  };
}

/** Grows episodic memory to `target` episodes, in batches through the memory's own `record`. */
export async function fillEpisodes(episodic: EpisodicMemory, from: number, target: number, batch = 1_000, onBatch?: (done: number) => void): Promise<void> {
  for (let start = from; start < target; start += batch) {
    const end = Math.min(target, start + batch);
    await episodic.record(Array.from({ length: end - start }, (_, i) => syntheticEpisode(start + i)));
    onBatch?.(end);
  }
}
