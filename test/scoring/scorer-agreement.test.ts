import { describe, expect, it } from "vitest";
import { agreementWith } from "./agreement.js";
import { HOLDOUT_LABELS_PATH, loadScorerLabels } from "./fixture.js";

/**
 * The local scorer against conversations labelled by reading them as the
 * customer (test/scoring/fixtures/scorer-labels.json: real runs of the
 * conversation suite and the troubleshooting simulator, with the default and
 * with deliberately degraded prompt versions, plus hand-edited failures). `npm run eval:scorer` prints the figures and every disagreement.
 */
describe("scorer agreement with the readers' labels", () => {
  const labelled = loadScorerLabels();

  it("holds at least 60 labelled conversations, both met and not met, from real runs (default and degraded prompts) and edited failures", () => {
    expect(labelled.length).toBeGreaterThanOrEqual(60);
    expect(labelled.filter((l) => l.label.needMet).length).toBeGreaterThanOrEqual(25);
    expect(labelled.filter((l) => !l.label.needMet).length).toBeGreaterThanOrEqual(25);
    expect(new Set(labelled.map((l) => l.source))).toEqual(new Set(["conversations", "troubleshooting", "degraded-prompt", "edited"]));
  });

  it("overall correlates with the readers' quality grade (r >= 0.7) and needMet finds met needs (precision >= 0.85, recall >= 0.8)", async () => {
    const agreement = await agreementWith(labelled);
    console.log(
      `scorer agreement over ${agreement.count} labelled conversations: r(overall, quality) ${agreement.r.toFixed(3)}, ` +
        `needMet precision ${agreement.precision.toFixed(3)}, recall ${agreement.recall.toFixed(3)}`,
    );
    expect(agreement.r).toBeGreaterThanOrEqual(0.7);
    expect(agreement.precision).toBeGreaterThanOrEqual(0.85);
    expect(agreement.recall).toBeGreaterThanOrEqual(0.8);
  });

  it("carries over to other phrasings labelled after its rules were written (holdout: r >= 0.7, precision >= 0.75, recall >= 0.9)", async () => {
    const holdout = loadScorerLabels(HOLDOUT_LABELS_PATH);
    expect(holdout.length).toBeGreaterThanOrEqual(20);
    const agreement = await agreementWith(holdout);
    console.log(
      `scorer agreement over ${agreement.count} held-out conversations: r(overall, quality) ${agreement.r.toFixed(3)}, ` +
        `needMet precision ${agreement.precision.toFixed(3)}, recall ${agreement.recall.toFixed(3)}`,
    );
    expect(agreement.r).toBeGreaterThanOrEqual(0.7);
    expect(agreement.precision).toBeGreaterThanOrEqual(0.75);
    expect(agreement.recall).toBeGreaterThanOrEqual(0.9);
  });
});
