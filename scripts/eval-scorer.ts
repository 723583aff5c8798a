/**
 * npm run eval:scorer [-- --all] [--id ID] [--holdout] [--checker]
 * Scores the labelled conversations of test/scoring/fixtures/scorer-labels.json with the local scorer
 * and prints how it agrees with the readers' labels: Pearson r of `overall` with the quality grade,
 * precision and recall of "need met" (needMet >= 0.5), and each disagreement with its scores and the
 * reader's reason. --all prints every conversation's scores; --id one conversation's transcript too;
 * --holdout reads holdout-labels.json (other phrasings, labelled after the rules were written) instead;
 * --checker compares needMet with the conversation suite's own checker (ground-truth facts) over every
 * collected run (test/scoring/fixtures/*collected.json, written by collect-transcripts.ts, not kept in git).
 */
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { PROJECT_ROOT } from "../src/graph/dependencies.js";
import { ScorableConversation } from "../src/scoring/transcript.js";
import type { CollectedConversation } from "../test/scoring/collect-transcripts.js";
import { agreementWith, NEED_MET_AT } from "../test/scoring/agreement.js";
import { HOLDOUT_LABELS_PATH, loadScorerLabels, SCORER_LABELS_PATH } from "../test/scoring/fixture.js";
import { scoreTranscript } from "../src/scoring/scorer.js";
import { runCli } from "./run-cli.js";

const program = new Command("eval-scorer")
  .description("Agreement of the local scorer with the labelled conversations")
  .option("--all", "print the scores of every conversation")
  .option("--id <id>", "print one conversation's transcript and scores")
  .option("--holdout", "the held-out labels (test/scoring/fixtures/holdout-labels.json)")
  .option("--checker", "needMet against the suite checker's verdicts over the collected runs");

const fmt = (scores: Record<string, number | undefined>) =>
  Object.entries(scores)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${v!.toFixed(2)}`)
    .join(", ");

runCli(async () => {
  program.parse();
  const options = program.opts<{ all?: boolean; id?: string; holdout?: boolean; checker?: boolean }>();
  if (options.checker) return checkerAgreement();
  const labelled = loadScorerLabels(options.holdout ? HOLDOUT_LABELS_PATH : SCORER_LABELS_PATH);
  if (options.id) {
    const item = labelled.find((l) => l.id === options.id);
    if (!item) throw new Error(`no labelled conversation ${options.id}`);
    for (const [i, t] of item.conversation.turns.entries()) {
      if (t.customer !== null) console.log(`C${i + 1}: ${t.customer}`);
      if (t.event) console.log(`   (${t.event})`);
      for (const r of t.replies) console.log(`A${i + 1}: ${r}`);
      if (t.events.length) console.log(`   [${t.events.map((e) => `${e.action}${e.ok ? "" : " refused"}${e.accepted === undefined ? "" : e.accepted ? " yes" : " no"}`).join(", ")}]`);
    }
    console.log(`status ${item.conversation.status}; label: need ${item.label.needMet ? "met" : "not met"}, quality ${item.label.quality} (${item.label.why})`);
    console.log(fmt((await scoreTranscript(item.conversation)).scores));
    return 0;
  }
  const agreement = await agreementWith(labelled);
  if (options.all) {
    const scored = await Promise.all(labelled.map(async (l) => ({ l, s: (await scoreTranscript(l.conversation)).scores })));
    for (const { l, s } of scored) console.log(`${l.id.padEnd(70).slice(0, 70)} label ${l.label.needMet ? "met" : "---"} ${l.label.quality.toFixed(2)} | ${fmt(s)}`);
    console.log("");
  }
  console.log(`disagreements (${agreement.disagreements.length}):`);
  for (const d of agreement.disagreements) {
    console.log(`- ${d.id}: ${d.what.join("; ")}`);
    console.log(`    reader: ${d.label.why}`);
    console.log(`    scores: ${fmt(d.scores)}`);
  }
  const met = labelled.filter((l) => l.label.needMet).length;
  console.log(`\n${agreement.count} labelled conversations (${met} need met, ${agreement.count - met} not)`);
  console.log(`Pearson r(overall, reader's quality) = ${agreement.r.toFixed(3)}`);
  console.log(`Pearson r(needMet, reader's need met) = ${agreement.rNeedMet.toFixed(3)}`);
  console.log(`need met (needMet >= ${NEED_MET_AT}): precision ${agreement.precision.toFixed(3)}, recall ${agreement.recall.toFixed(3)}`);
  return 0;
});

/** needMet against the checker of the run that produced each collected conversation (the suite's expectations). */
async function checkerAgreement(): Promise<number> {
  const dir = path.join(PROJECT_ROOT, "test", "scoring", "fixtures");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith("collected.json") && !f.startsWith("degraded-"));
  if (!files.length) throw new Error(`no collected runs in ${dir}: write them with npx tsx test/scoring/collect-transcripts.ts`);
  for (const file of files) {
    const runs = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CollectedConversation[];
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const run of runs) {
      const says = ((await scoreTranscript(ScorableConversation.parse(run.conversation))).scores.needMet ?? 1) >= NEED_MET_AT;
      if (says && run.checker.met) tp++;
      else if (says) fp++;
      else if (run.checker.met) fn++;
    }
    console.log(`${file}: ${runs.length} runs; needMet against the checker: precision ${(tp / (tp + fp)).toFixed(3)}, recall ${(tp / (tp + fn)).toFixed(3)}`);
  }
  return 0;
}
