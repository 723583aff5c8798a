import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LocalEmbeddings, cosineSimilarity } from "../../src/embeddings/index.js";
import { LocalKnowledgeEngine } from "../../src/engines/local/knowledge.js";
import type { Passage } from "../../src/memory/semantic.js";

let embeddings: LocalEmbeddings;
let engine: LocalKnowledgeEngine;
let corpus: Passage[];

/** The knowledge base split by section, scored like a vector search would. */
function sections(file: string): Passage[] {
  const raw = readFileSync(join(process.cwd(), "data/knowledge", file), "utf8");
  const title = /^title:\s*(.+)$/m.exec(raw)?.[1]?.trim() ?? file;
  return raw
    .split(/^## /m)
    .slice(1)
    .map((block) => {
      const [heading, ...rest] = block.split("\n");
      return { text: rest.join("\n").trim(), score: 0, category: "policy" as const, tags: [], citation: { source: file, title, section: heading!.trim() } };
    });
}
function search(question: string, k = 4, among: Passage[] = corpus): Passage[] {
  const q = embeddings.embedSync(question);
  return among
    .map((p) => ({ ...p, score: cosineSimilarity(q, embeddings.embedSync(`${p.citation.title} ${p.citation.section} ${p.text}`)) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}
const prompt = { version: 1, sections: [] };

beforeAll(() => {
  embeddings = new LocalEmbeddings();
  engine = new LocalKnowledgeEngine({ embeddings });
  corpus = ["roaming-and-travel-pass.md", "data-top-ups.md", "moving-home.md", "understanding-your-bill.md", "sim-pin-and-puk.md"].flatMap(sections);
});

describe("local knowledge: extractive synthesis", () => {
  it("answers the Travel Pass price from the right section and cites it", () => {
    const question = "how much does Travel Pass cost per day?";
    const findings = engine.synthesizeSync({ question, passages: search(question), prompt });
    expect(findings.covered).toBe(true);
    expect(findings.answer).toContain("$8 per day");
    expect(findings.citations).toContainEqual(expect.objectContaining({ title: "Roaming and Travel Pass", section: "What Travel Pass costs" }));
  });

  it("never invents text: every answer sentence is in a cited passage", () => {
    const question = "can I take my broadband with me when I move house?";
    const passages = search(question);
    const findings = engine.synthesizeSync({ question, passages, prompt });
    expect(findings.covered).toBe(true);
    const cited = passages.filter((p) => findings.citations.some((c) => c.source === p.citation.source && c.section === p.citation.section));
    for (const s of findings.answer.split(/(?<=[.!?])\s+/)) expect(cited.some((p) => p.text.includes(s))).toBe(true);
  });

  it("uses at most three sentences by default and fewer when a guideline asks for shorter answers", () => {
    const question = "how do I switch roaming on before I travel";
    const passages = search(question);
    const count = (text: string) => text.split(/(?<=[.!?])\s+/).filter(Boolean).length;
    const normal = engine.synthesizeSync({ question, passages, prompt });
    const short = engine.synthesizeSync({
      question,
      passages,
      prompt: { version: 2, sections: [{ id: "brevity", title: "Brevity", kind: "guideline", text: "Answer in at most 1 sentence." }] },
    });
    expect(count(normal.answer)).toBeLessThanOrEqual(3);
    expect(count(short.answer)).toBe(1);
    expect(count(short.answer)).toBeLessThan(count(normal.answer));
  });

  it("says the knowledge base does not cover a question when the passages are weak", () => {
    const question = "what is the capital of Australia?";
    const findings = engine.synthesizeSync({ question, passages: search(question).map((p) => ({ ...p, score: 0.1 })), prompt });
    expect(findings.covered).toBe(false);
    expect(findings.answer).toBe("");
    expect(findings.citations).toEqual([]);
  });

  it("is not covered when the retrieved passages are about something else", () => {
    const question = "who won the football world cup in 1998?";
    expect(engine.synthesizeSync({ question, passages: search(question), prompt }).covered).toBe(false);
  });

  it("a 'what is' question is answered by the sentence that opens with the thing asked about, not by one that only names it", () => {
    // With the zones article too, whose "Travel Pass does not apply." names Travel Pass and says nothing about it.
    const passages = search("what is travel pass", 4, [...corpus, ...sections("roaming-zones.md")]);
    const answer = engine.synthesizeSync({ question: "what is travel pass", passages, prompt }).answer;
    expect(answer.startsWith("Travel Pass lets you use your normal plan allowance")).toBe(true);
    expect(answer).not.toContain("Travel Pass does not apply");
  });

  it("the sentence that answers the question leads, the others follow in the article's order", () => {
    const faq = readFileSync(join(process.cwd(), "data/knowledge/faq.jsonl"), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as { title: string; text: string });
    const discounts = faq.find((entry) => /students/.test(entry.title))!;
    const passage: Passage = { text: discounts.text, score: 0.6, category: "policy", tags: [], citation: { source: "faq.jsonl", title: discounts.title, section: discounts.title } };
    const answer = engine.synthesizeSync({ question: "can i get a student discount?", passages: [passage], prompt }).answer;
    expect(answer.startsWith("Students with a valid student email get 10% off Home Fibre")).toBe(true);
    expect(answer).toContain("Customers aged 65 and over");
  });

  it("is not covered with no passages at all", () => {
    expect(engine.synthesizeSync({ question: "travel pass price", passages: [], prompt }).covered).toBe(false);
  });
});

describe("local knowledge: guideline levers", () => {
  const withGuideline = (text: string) => ({ version: 2, sections: [{ id: "lever", title: "Lever", kind: "guideline" as const, text }] });

  it("'use only the best passage' answers from one cited section where the default draws on several", () => {
    const question = "im going to spain next week, do i need to turn roaming on and how much is the travel pass";
    const passages = search(question);
    const wide = engine.synthesizeSync({ question, passages, prompt });
    const narrow = engine.synthesizeSync({ question, passages, prompt: withGuideline("Use only the best passage.") });
    expect(wide.citations.length).toBeGreaterThan(1);
    expect(narrow.citations).toHaveLength(1);
    expect(narrow.citations[0]).toEqual(expect.objectContaining({ section: passages[0]!.citation.section }));
  });

  it("'detailed answers' gives more sentences than the default three", () => {
    const question = "how do I switch roaming on before I travel and what does it cost";
    const passages = search(question, 6);
    const count = (text: string) => text.split(/(?<=[.!?])\s+/).filter(Boolean).length;
    const normal = engine.synthesizeSync({ question, passages, prompt });
    const detailed = engine.synthesizeSync({ question, passages, prompt: withGuideline("Give detailed answers.") });
    expect(count(normal.answer)).toBeLessThanOrEqual(3);
    expect(count(detailed.answer)).toBeGreaterThan(count(normal.answer));
  });
});
