import jstat from "jstat";
import { scoreTranscript, type Scorer } from "../../src/scoring/scorer.js";
import type { ConversationScores } from "../../src/scoring/schemas.js";
import type { LabelledConversation } from "./fixture.js";

/** needMet at or above this counts as "need met" when compared with a reader's yes/no. */
export const NEED_MET_AT = 0.5;

export interface Disagreement {
  id: string;
  label: LabelledConversation["label"];
  scores: ConversationScores;
  /** What disagrees: the need (yes/no) or the overall grade (by more than 0.35). */
  what: string[];
}

export interface Agreement {
  count: number;
  /** Pearson r of the scorer's overall figure with the reader's quality grade. */
  r: number;
  /** Pearson r of needMet with the reader's need met (1/0). */
  rNeedMet: number;
  /** Of the conversations the scorer calls met, the share the reader calls met. */
  precision: number;
  /** Of the conversations the reader calls met, the share the scorer calls met. */
  recall: number;
  disagreements: Disagreement[];
}

/** Scores every labelled conversation and compares the scores with the labels. */
export async function agreementWith(labelled: LabelledConversation[], scorer?: Scorer): Promise<Agreement> {
  const rows = await Promise.all(labelled.map(async (item) => ({ item, scores: (await scoreTranscript(item.conversation, { scorer })).scores })));
  const overall = rows.map((r) => r.scores.overall ?? 0);
  const quality = rows.map((r) => r.item.label.quality);
  // A need that does not apply (a greeting) counts as met: nothing was asked that went unanswered.
  const saysMet = rows.map((r) => (r.scores.needMet ?? 1) >= NEED_MET_AT);
  const isMet = rows.map((r) => r.item.label.needMet);
  const truePositives = saysMet.filter((s, i) => s && isMet[i]).length;
  const disagreements: Disagreement[] = [];
  rows.forEach(({ item, scores }, i) => {
    const what: string[] = [];
    if (saysMet[i] !== isMet[i]) what.push(`need ${isMet[i] ? "met" : "not met"} but needMet ${(scores.needMet ?? NaN).toFixed(2)}`);
    if (Math.abs((scores.overall ?? 0) - item.label.quality) > 0.35) what.push(`quality ${item.label.quality} but overall ${(scores.overall ?? 0).toFixed(2)}`);
    if (what.length) disagreements.push({ id: item.id, label: item.label, scores, what });
  });
  return {
    count: rows.length,
    r: jstat.corrcoeff(overall, quality),
    rNeedMet: jstat.corrcoeff(
      rows.map((r) => r.scores.needMet ?? 1),
      isMet.map((m) => (m ? 1 : 0)),
    ),
    precision: truePositives / Math.max(1, saysMet.filter(Boolean).length),
    recall: truePositives / Math.max(1, isMet.filter(Boolean).length),
    disagreements,
  };
}
