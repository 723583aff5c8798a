/**
 * npx tsx test/scoring/build-fixture.ts
 * Writes test/scoring/fixtures/scorer-labels.json: the labelled conversations the scorer is checked
 * against. Reads the transcripts collected from real runs (collected.json, written by
 * collect-transcripts.ts), the labels written by reading them (labels.tsv: id, need met 0/1, quality
 * 0-1, why) and the hand-edited failures (degraded.ts). The labels never come from the scorer.
 */
import fs from "node:fs";
import path from "node:path";
import { ScorableConversation } from "../../src/scoring/transcript.js";
import type { CollectedConversation } from "./collect-transcripts.js";
import { DEGRADED } from "./fixtures/degraded.js";
import { LabelledConversation } from "./fixture.js";

const dir = path.join(import.meta.dirname, "fixtures");
const collected = new Map((JSON.parse(fs.readFileSync(path.join(dir, "collected.json"), "utf8")) as CollectedConversation[]).map((c) => [c.id, c]));
const records: LabelledConversation[] = [];
for (const line of fs.readFileSync(path.join(dir, "labels.tsv"), "utf8").split("\n").filter((l) => l.trim())) {
  const [id, needMet, quality, why] = line.split("\t");
  const source = collected.get(id!);
  if (!source) throw new Error(`labels.tsv names ${id}, which collected.json does not hold`);
  records.push(LabelledConversation.parse({ id, source: source.source, conversation: source.conversation, label: { needMet: needMet === "1", quality: Number(quality), why } }));
}
for (const c of DEGRADED) {
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
fs.writeFileSync(path.join(dir, "scorer-labels.json"), JSON.stringify(records, null, 1) + "\n");
console.log(`${records.length} labelled conversations (${records.filter((r) => r.label.needMet).length} need met) written to ${path.join(dir, "scorer-labels.json")}`);
