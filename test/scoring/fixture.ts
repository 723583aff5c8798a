import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ScorableConversation } from "../../src/scoring/transcript.js";

/** A conversation as the scorer reads it, with a reader's judgement of it. */
export const LabelledConversation = z.object({
  id: z.string(),
  /** Where the transcript came from: the conversation suite, the troubleshooting simulator, either run with a degraded prompt version, or a hand-edited copy. */
  source: z.enum(["conversations", "troubleshooting", "degraded-prompt", "edited"]),
  conversation: ScorableConversation,
  label: z.object({
    /** Was the customer's need met, judged by reading the transcript as the customer. */
    needMet: z.boolean(),
    /** The reader's overall grade of the conversation, 0 (useless or harmful) to 1 (as good as it gets). */
    quality: z.number().min(0).max(1),
    why: z.string().min(10),
  }),
});
export type LabelledConversation = z.infer<typeof LabelledConversation>;

export const SCORER_LABELS_PATH = path.join(import.meta.dirname, "fixtures", "scorer-labels.json");
/** Conversations of another phrasing seed, labelled after the scorer's rules were written: the check that they carry over. */
export const HOLDOUT_LABELS_PATH = path.join(import.meta.dirname, "fixtures", "holdout-labels.json");

export function loadScorerLabels(file = SCORER_LABELS_PATH): LabelledConversation[] {
  return z.array(LabelledConversation).parse(JSON.parse(fs.readFileSync(file, "utf8")));
}
