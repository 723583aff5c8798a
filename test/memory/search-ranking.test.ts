import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshMemory } from "../helpers/memory.js";
import { ingestKnowledge } from "../../src/memory/ingest.js";
import { sourceName } from "../../src/memory/knowledge-files.js";
import { lexicalTerms } from "../../src/memory/lexical-index.js";
import { rankCandidates } from "../../src/memory/hybrid-ranking.js";
import { SemanticMemory } from "../../src/memory/semantic.js";

const DOCS: Record<string, string> = {
  "roaming.md": `---
title: Roaming and travel
category: policy
---
# Roaming and travel

## Using your phone abroad
Roaming lets you use your allowance in another country. Switch it on in the app before you fly.

## Daily pass
The daily pass costs 8 dollars for each day you use your phone outside the country.
`,
  "device-settings.md": `---
title: Device settings
category: troubleshooting
---
# Device settings

## Picture messages
Picture messages need the MMSC address mms.nimbus.example and the proxy 10.0.0.8 in the access point settings.

## Restarting
Turn the phone off and on again after changing settings.
`,
  "plans.md": `---
title: Mobile plans
category: plan
---
# Mobile plans

## Nimbus Lite
Nimbus Lite costs 15 dollars a month with 5 GB of data, calls and texts included.

## Nimbus Max
Nimbus Max costs 45 dollars a month with unlimited data, calls and texts.
`,
  "bills.md": `---
title: Your bill
category: billing
---
# Your bill

## Reading your bill
Each bill lists your plan charge, any extras and taxes. Charges for a part month are prorated.

## Late fees
A bill unpaid 14 days after its due date gets a late fee of 10 dollars.
`,
};

describe("knowledge search ranking", async () => {
  const { memory, connection, embedder } = await freshMemory();
  afterAll(() => connection.close());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-rank-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  for (const [name, text] of Object.entries(DOCS)) write(name, text);
  const source = (name: string) => sourceName(path.join(dir, name));
  await ingestKnowledge(memory.semantic, [dir]);

  it("finds the right page for a question that shares no keyword with the knowledge base", async () => {
    const question = "heading overseas soon, will my cell work over there?";
    const docTerms = new Set(lexicalTerms(Object.values(DOCS).join("\n")));
    expect(lexicalTerms(question).filter((t) => docTerms.has(t))).toEqual([]);
    const [top] = await memory.semantic.search(question);
    expect(top?.citation.source).toBe(source("roaming.md"));
  });

  it("finds a page by an exact name or code it contains", async () => {
    const [mmsc] = await memory.semantic.search("what is the mmsc");
    expect(mmsc?.citation).toMatchObject({ source: source("device-settings.md"), section: "Picture messages" });
    const [plan] = await memory.semantic.search("nimbus max");
    expect(plan?.citation).toMatchObject({ source: source("plans.md"), section: "Nimbus Max" });
  });

  it("keeps the passage shape, orders by score and honours k and category", async () => {
    const passages = await memory.semantic.search("how much is the daily pass abroad", { k: 3 });
    expect(passages).toHaveLength(3);
    expect(Object.keys(passages[0]!).sort()).toEqual(["category", "citation", "score", "tags", "text"]);
    const scores = passages.map((p) => p.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // The lexical side is filtered too: "mmsc" only occurs in a troubleshooting page.
    const billing = await memory.semantic.search("mmsc address", { category: "billing", k: 10 });
    expect(billing.length).toBeGreaterThan(0);
    expect(billing.every((p) => p.category === "billing")).toBe(true);
  });

  it("follows ingestion: a replaced or removed page is searched as it now is", async () => {
    expect((await memory.semantic.search("nimbus lite"))[0]?.text).toContain("15 dollars");
    write("plans.md", DOCS["plans.md"]!.replace("Nimbus Lite costs 15", "Nimbus Lite costs 12").replace("Nimbus Max", "Nimbus Ultra"));
    await ingestKnowledge(memory.semantic, [dir]);
    const [lite] = await memory.semantic.search("nimbus lite");
    expect(lite?.text).toContain("12 dollars");
    const ultra = await memory.semantic.search("nimbus ultra", { k: 10 });
    expect(ultra[0]?.citation.section).toBe("Nimbus Ultra");
    expect(ultra.some((p) => p.citation.section === "Nimbus Max")).toBe(false);

    await memory.semantic.removeSource(source("device-settings.md"));
    const after = await memory.semantic.search("mmsc address", { k: 10 });
    expect(after.some((p) => p.citation.source === source("device-settings.md"))).toBe(false);
  });

  it("sees chunks written by another process on the same collection", async () => {
    const other = new SemanticMemory(memory.semantic.vectorStore.collection!, embedder.embeddings);
    await memory.semantic.search("warm the index up");
    write("esim.md", "# eSIM\n\nAn eSIM is a digital SIM: scan the QR code from the activation email to install it.");
    await ingestKnowledge(other, [path.join(dir, "esim.md")]);
    const [top] = await memory.semantic.search("scan the qr code to install my esim");
    expect(top?.citation.source).toBe(source("esim.md"));
  });

  it("is empty on an empty knowledge base", async () => {
    const { memory: empty, connection: c } = await freshMemory();
    try {
      expect(await empty.semantic.search("anything")).toEqual([]);
    } finally {
      c.close();
    }
  });
});

describe("rankCandidates", () => {
  it("fuses vector and lexical scores and rewards a document with several matching chunks", () => {
    const ranked = rankCandidates(
      [
        { id: "a#0", document: "a", vector: 0.6, lexical: 0 },
        { id: "b#0", document: "b", vector: 0.55, lexical: 4 },
        { id: "c#0", document: "c", vector: 0.58, lexical: 0 },
        { id: "c#1", document: "c", vector: 0.5, lexical: 0 },
        { id: "d#0", document: "d", vector: undefined, lexical: 2 },
      ],
      { lexical: 0.4, sibling: 0.2 },
    );
    // c#0 (0.58) passes a#0 (0.6) thanks to its sibling c#1.
    expect(ranked.map((r) => r.id)).toEqual(["b#0", "d#0", "c#0", "c#1", "a#0"]);
    // A chunk outside the vector candidates gets the lowest candidate similarity.
    expect(ranked.find((r) => r.id === "d#0")?.score).toBeCloseTo(0.5 + 0.2, 6);
  });
});
