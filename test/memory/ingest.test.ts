import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshMemory } from "../helpers/memory.js";
import { ingestKnowledge } from "../../src/memory/ingest.js";
import { sourceName } from "../../src/memory/knowledge-files.js";

const ROAMING = `---
title: Travelling abroad
category: policy
tags: [roaming, travel]
---
# Travelling abroad

## Turning roaming on
Roaming is free to switch on for any line. Ask support or use the app before you fly.

## Travel Pass
A Travel Pass costs 8 dollars a day and lets you use your home allowance abroad.
`;

describe("ingestion", async () => {
  const { memory, connection } = await freshMemory();
  afterAll(() => connection.close());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string | Buffer) => fs.writeFileSync(path.join(dir, name), text);

  write("roaming.md", ROAMING);
  write("late-fees.txt", "Late payment fees\nA bill unpaid 14 days after its due date gets a 10 dollar late fee.");
  write("faq.jsonl", [
    JSON.stringify({ title: "Top-up limit", text: "You can add at most 2 GB of data at a time.", category: "plan", tags: ["data"] }),
    JSON.stringify({ title: "eSIM", text: "Every Nimbus plan supports eSIM on compatible phones.", category: "product" }),
  ].join("\n"));

  it("loads Markdown by section, text and JSONL, with citations", async () => {
    const summary = await ingestKnowledge(memory.semantic, [dir]);
    expect(summary).toMatchObject({ files: 3, filesAdded: 3, skipped: [] });
    expect(summary.chunksAdded).toBe(5);
    const [top] = await memory.semantic.search("how much is the daily pass when travelling");
    expect(top?.citation).toEqual({ source: sourceName(path.join(dir, "roaming.md")), title: "Travelling abroad", section: "Travel Pass" });
    expect(top?.category).toBe("policy");
    expect(top?.tags).toEqual(["roaming", "travel"]);
    const [fee] = await memory.semantic.search("penalty for paying late");
    expect(fee?.citation.title).toBe("Late payment fees");
  });

  it("adds nothing when the same content is ingested again", async () => {
    const before = await memory.semantic.count();
    const summary = await ingestKnowledge(memory.semantic, [dir]);
    expect(summary).toMatchObject({ filesUnchanged: 3, chunksAdded: 0, chunksReplaced: 0, chunksSkipped: 5 });
    expect(await memory.semantic.count()).toBe(before);
  });

  it("replaces the chunks of a changed file", async () => {
    write("roaming.md", ROAMING.replace("8 dollars", "9 dollars"));
    const summary = await ingestKnowledge(memory.semantic, [dir]);
    expect(summary).toMatchObject({ filesReplaced: 1, filesUnchanged: 2, chunksReplaced: 2, chunksRemoved: 2 });
    expect(await memory.semantic.count()).toBe(5);
    const passages = await memory.semantic.search("Travel Pass price per day", { k: 5 });
    const texts = passages.map((p) => p.text).join(" ");
    expect(texts).toContain("9 dollars");
    expect(texts).not.toContain("8 dollars");
  });

  it("reports and skips unreadable or unsupported files while ingesting the rest", async () => {
    write("broken.jsonl", "{not json}\n");
    write("image.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
    write("empty.md", "   \n");
    write("ok.md", "# Moving home\nTell us your new address two weeks before you move.");
    const summary = await ingestKnowledge(memory.semantic, [dir, path.join(dir, "missing.md")]);
    const reasons = Object.fromEntries(summary.skipped.map((s) => [path.basename(s.file), s.reason]));
    expect(reasons["broken.jsonl"]).toMatch(/line 1 is not valid JSON/);
    expect(reasons["image.png"]).toMatch(/unsupported file type/);
    expect(reasons["empty.md"]).toMatch(/empty/);
    expect(reasons["missing.md"]).toMatch(/no such file/);
    expect(summary.filesAdded).toBe(1);
    const [top] = await memory.semantic.search("relocating to a new house");
    expect(top?.citation.title).toBe("Moving home");
  });

  it("with --prune removes the chunks of files that are gone, and only those", async () => {
    for (const name of ["broken.jsonl", "image.png", "empty.md"]) fs.rmSync(path.join(dir, name));
    fs.rmSync(path.join(dir, "late-fees.txt"));
    const withoutPrune = await ingestKnowledge(memory.semantic, [dir]);
    expect(withoutPrune.sourcesRemoved).toEqual([]);
    const summary = await ingestKnowledge(memory.semantic, [dir], { prune: true });
    expect(summary.sourcesRemoved).toEqual([sourceName(path.join(dir, "late-fees.txt"))]);
    const sources = [...(await memory.semantic.sources()).keys()].map((s) => path.basename(s)).sort();
    expect(sources).toEqual(["faq.jsonl", "ok.md", "roaming.md"]);
  });

  it("is usable as a LangChain retriever", async () => {
    const documents = await memory.semantic.asRetriever(2).invoke("what does eSIM support look like");
    expect(documents).toHaveLength(2);
    expect(documents.map((d) => d.metadata.title)).toContain("eSIM");
  });
});
