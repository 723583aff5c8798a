/**
 * npx tsx test/scoring/build-fixture.ts [--holdout]
 * Writes test/scoring/fixtures/scorer-labels.json: the labelled conversations the scorer is checked
 * against. Reads the transcripts collected from real runs (collected.json, written by
 * collect-transcripts.ts), the labels written by reading them (labels.tsv: id, need met 0/1, quality
 * 0-1, why) and the hand-edited failures (degraded.ts). The labels never come from the scorer.
 * --holdout writes holdout-labels.json from holdout-collected.json (the suite with phrasing seed 7)
 * and holdout-labels.tsv, labelled after the scorer's rules were written, to check they carry over.
 */
import fs from "node:fs";
import path from "node:path";
import { ScorableConversation } from "../../src/scoring/transcript.js";
import type { CollectedConversation } from "./collect-transcripts.js";
import { DEGRADED } from "./fixtures/degraded.js";
import { LabelledConversation, loadScorerLabels } from "./fixture.js";

const dir = path.join(import.meta.dirname, "fixtures");
const holdout = process.argv.includes("--holdout");
const files = holdout
  ? { collected: "holdout-collected.json", labels: "holdout-labels.tsv", out: "holdout-labels.json" }
  : { collected: "collected.json", labels: "labels.tsv", out: "scorer-labels.json" };
// The raw collections are not kept in git (hundreds of KB); without them the labelled fixture itself holds every transcript needed.
// Runs with a deliberately degraded prompt version (collect-transcripts.ts --degrade KIND) join the main fixture.
const rawFiles = [files.collected, ...(holdout ? [] : fs.readdirSync(dir).filter((f) => /^degraded-.+-collected\.json$/.test(f)))].map((f) => path.join(dir, f));
const sources: Pick<LabelledConversation, "id" | "source" | "conversation">[] = fs.existsSync(rawFiles[0]!)
  ? rawFiles
      .filter((f) => fs.existsSync(f))
      .flatMap((f) =>
        (JSON.parse(fs.readFileSync(f, "utf8")) as CollectedConversation[]).map((c) => ({ ...c, source: path.basename(f).startsWith("degraded-") ? ("degraded-prompt" as const) : c.source })),
      )
  : loadScorerLabels(path.join(dir, files.out)).filter((r) => r.source !== "edited");
const collected = new Map(sources.map((c) => [c.id, c]));
const records: LabelledConversation[] = [];
for (const line of fs.readFileSync(path.join(dir, files.labels), "utf8").split("\n").filter((l) => l.trim())) {
  const [id, needMet, quality, why] = line.split("\t");
  const source = collected.get(id!);
  if (!source) throw new Error(`${files.labels} names ${id}, which collected.json does not hold`);
  records.push(LabelledConversation.parse({ id, source: source.source, conversation: source.conversation, label: { needMet: needMet === "1", quality: Number(quality), why } }));
}
for (const c of holdout ? [] : DEGRADED) {
  const base = c.base ? collected.get(c.base) : undefined;
  if (c.base && !base) throw new Error(`${c.id} is edited from ${c.base}, which collected.json does not hold`);
  const conversation = ScorableConversation.parse(c.edit(base ? structuredClone(base.conversation) : { turns: [], status: "open" }));
  records.push(LabelledConversation.parse({ id: c.id, source: "edited", conversation, label: { needMet: c.needMet === 1, quality: c.quality, why: c.why } }));
}
const ids = new Set<string>();
for (const r of records) {
  if (ids.has(r.id)) throw new Error(`${r.id} is labelled twice`);
  ids.add(r.id);
}
fs.writeFileSync(path.join(dir, files.out), JSON.stringify(records, null, 1) + "\n");
console.log(`${records.length} labelled conversations (${records.filter((r) => r.label.needMet).length} need met) written to ${path.join(dir, files.out)}`);
