import { describe, expect, it } from "vitest";
import { Embeddings } from "@langchain/core/embeddings";
import {
  createEmbeddings,
  cosineSimilarity,
  LocalEmbeddings,
  LOCAL_EMBEDDING_DIMENSION,
  loadWordVectors,
  TELECOM_CONCEPTS,
} from "../../src/embeddings/index.js";
import { decodeWordVectors, encodeWordVectors } from "../../src/embeddings/word-vectors.js";
import { STOP_WORDS, stem, tokenize } from "../../src/embeddings/tokenize.js";
import { HELDOUT_TRIPLETS, RANKING, TOPICS, TRIPLETS } from "./fixtures.js";

const embedder = new LocalEmbeddings();
const norm = (v: ArrayLike<number>): number => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

describe("LocalEmbeddings basics", () => {
  it("is a LangChain Embeddings with a stable id and dimension", async () => {
    expect(embedder).toBeInstanceOf(Embeddings);
    expect(embedder.id).toBe("local-wordvec-v1-256");
    expect(embedder.dimension).toBe(LOCAL_EMBEDDING_DIMENSION);
    const docs = await embedder.embedDocuments(["no signal", "bill"]);
    expect(docs).toHaveLength(2);
    for (const d of docs) expect(d).toHaveLength(LOCAL_EMBEDDING_DIMENSION);
  });

  it("is deterministic across calls and instances", async () => {
    const text = "My internet keeps dropping every 30 minutes, can't work from home!";
    const a = await embedder.embedQuery(text);
    const b = await embedder.embedQuery(text);
    const c = await new LocalEmbeddings().embedQuery(text);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    const [d] = await embedder.embedDocuments([text]);
    expect(d).toEqual(a);
  });

  it("returns unit-length finite vectors", async () => {
    for (const t of ["no signal", "why is my bill $40 higher?", "Wi-Fi", "MMS", "roaming in Spain"]) {
      const v = await embedder.embedQuery(t);
      expect(v.every(Number.isFinite)).toBe(true);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
  });

  it.each([
    ["empty", ""],
    ["whitespace", "   \n\t  "],
    ["emoji", "😡📵🔥"],
    ["punctuation", "?!?!... ---"],
    ["lone surrogate", "\ud800abc"],
    ["non-latin", "нет сигнала 信号がない"],
    ["1 MB", "my internet is slow ".repeat(52_429)],
    ["1 MB without spaces", "x".repeat(1_048_576)],
  ])("gives a valid vector for %s input and never throws", async (_name, text) => {
    const v = await embedder.embedQuery(text);
    expect(v).toHaveLength(LOCAL_EMBEDDING_DIMENSION);
    expect(v.every(Number.isFinite)).toBe(true);
    expect(norm(v)).toBeCloseTo(1, 5);
  });

  it("tolerates non-string input at runtime", () => {
    for (const bad of [undefined, null, 42, { a: 1 }]) {
      const v = embedder.embedSync(bad);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
  });

  // How fast is measured by `npm run bench` (embedder); here: a pasted page still means what its words mean.
  it("embeds a 1 MB text as what it says", () => {
    const sentence = "the router keeps disconnecting and the bill is wrong ";
    const big = embedder.embedSync(sentence.repeat(20_000));
    expect(norm(big)).toBeCloseTo(1, 5);
    const same = embedder.embedSync(sentence);
    const cosine = big.reduce((sum, x, i) => sum + x * same[i]!, 0);
    expect(cosine).toBeGreaterThan(0.9);
  });
});

describe("tokenizer", () => {
  it("expands contractions and keeps negation", () => {
    expect(tokenize("I can't make calls")).toEqual(["i", "can", "not", "make", "calls"]);
    expect(tokenize("MMS won't send")).toEqual(["mms", "will", "not", "send"]);
    expect(tokenize("it doesn’t work, I'm abroad")).toEqual(["it", "does", "not", "work", "i", "am", "abroad"]);
    expect(tokenize("dont cant")).toEqual(["do", "not", "can", "not"]);
    expect(tokenize("Wi-Fi top-up")).toEqual(["wi-fi", "top-up"]);
  });

  it("conflates inflections", () => {
    expect(stem("drops")).toBe(stem("dropping"));
    expect(stem("dropped")).toBe(stem("drop"));
    expect(stem("charges")).toBe(stem("charged"));
    expect(stem("bills")).toBe(stem("billing"));
  });
});

describe("word-vector artifact", () => {
  it("loads once per path", () => {
    const a = loadWordVectors();
    const b = loadWordVectors();
    expect(b).toBe(a);
    expect(a.dims).toBe(100);
    expect(a.count).toBeGreaterThan(40_000);
    expect(a.indexOf("router")).toBeGreaterThanOrEqual(0);
    expect(a.cosine(a.indexOf("wifi"), a.indexOf("broadband"))).toBeGreaterThan(0.5);
  });

  it("round-trips the binary format and rejects corrupt files", () => {
    const data = Int8Array.from([1, -2, 3, 127, 0, -127]);
    const buf = encodeWordVectors({ dims: 3, words: ["a", "b"], ranks: [0, 5], scales: Float32Array.from([0.5, 0.25]), data });
    const t = decodeWordVectors(buf);
    expect(t.words).toEqual(["a", "b"]);
    expect(t.indexOf("b")).toBe(1);
    expect(t.indexOf("c")).toBe(-1);
    expect(Array.from(t.ranks)).toEqual([0, 5]);
    const out = new Float32Array(3);
    t.addTo(out, 1, 2);
    expect(Array.from(out)).toEqual([63.5, 0, -63.5]);
    expect(() => decodeWordVectors(buf.subarray(0, buf.length - 1))).toThrow(/corrupt/);
    expect(() => decodeWordVectors(Buffer.from("nope"))).toThrow(/magic/);
  });

  it("reports a missing artifact clearly", () => {
    expect(() => new LocalEmbeddings({ vectorsPath: "/nonexistent/vectors.bin" })).toThrow(/build-word-vectors/);
  });
});

describe("semantic quality", () => {
  const sim = (a: string, b: string): number => cosineSimilarity(embedder.embedSync(a), embedder.embedSync(b));

  it.each(TRIPLETS.map((t) => [t.anchor, t.paraphrase, t.unrelated] as const))(
    "%s ~ %s more than ~ %s",
    (anchor, paraphrase, unrelated) => {
      expect(sim(anchor, paraphrase)).toBeGreaterThan(sim(anchor, unrelated));
    },
  );

  it("has vector-only triplets whose words are not in the telecom lexicon", () => {
    const lexicon = new Set(TELECOM_CONCEPTS.flatMap((c) => [...c.terms, ...(c.seeds ?? [])]).flatMap((t) => tokenize(t.replace(/\^[0-9.]+$/, ""))).map(stem));
    const vectorOnly = TRIPLETS.filter((t) => t.vectorsOnly);
    expect(vectorOnly.length).toBeGreaterThanOrEqual(3);
    for (const t of vectorOnly) {
      for (const w of tokenize(`${t.anchor} ${t.paraphrase}`)) {
        if (!STOP_WORDS.has(w)) expect(lexicon.has(stem(w)), w).toBe(false);
      }
    }
  });

  it("keeps 'no signal' close to 'no service' and 'bill' close to 'charge'/'invoice' in absolute terms", () => {
    expect(sim("no signal", "no service")).toBeGreaterThan(0.4);
    expect(sim("bill", "invoice")).toBeGreaterThan(0.3);
    expect(sim("bill", "charge")).toBeGreaterThan(0.3);
    expect(sim("bill", "restart the router")).toBeLessThan(0.15);
  });

  it("passes at least 85% of the held-out triplets", () => {
    const misses = HELDOUT_TRIPLETS.filter(([a, p, u]) => !(sim(a, p) > sim(a, u)));
    const rate = 1 - misses.length / HELDOUT_TRIPLETS.length;
    if (misses.length > 0) console.info(`held-out triplets: ${(rate * 100).toFixed(0)}% pass; misses: ${misses.map((m) => m.join(" | ")).join("; ")}`);
    expect(rate).toBeGreaterThanOrEqual(0.85);
  });

  it("ranks the intended topic first for customer questions", () => {
    const keys = Object.keys(TOPICS);
    const topicVecs = keys.map((k) => embedder.embedSync(TOPICS[k] as string));
    const misses: string[] = [];
    for (const { question, topic } of RANKING) {
      const q = embedder.embedSync(question);
      const scores = keys.map((k, i) => [k, cosineSimilarity(q, topicVecs[i] as Float32Array)] as const);
      scores.sort((a, b) => b[1] - a[1]);
      if (scores[0]?.[0] !== topic) misses.push(`${question} -> ${scores[0]?.[0]} (wanted ${topic})`);
    }
    expect(RANKING.length).toBeGreaterThanOrEqual(10);
    expect(misses).toEqual([]);
  });
});

describe("createEmbeddings", () => {
  it("builds the local embedder by default settings", () => {
    const created = createEmbeddings({ provider: "local" });
    expect(created.id).toBe("local-wordvec-v1-256");
    expect(created.dimension).toBe(256);
    expect(created.embeddings).toBeInstanceOf(LocalEmbeddings);
  });

  it("builds OpenAI embedders with known dimensions, without calling the network", () => {
    const small = createEmbeddings({ provider: "openai", openaiApiKey: "sk-test" });
    expect(small.id).toBe("openai:text-embedding-3-small");
    expect(small.dimension).toBe(1536);
    expect(small.embeddings).toBeInstanceOf(Embeddings);
    expect(createEmbeddings({ provider: "openai", openaiModel: "text-embedding-3-large", openaiApiKey: "sk-test" }).dimension).toBe(3072);
    expect(createEmbeddings({ provider: "openai", openaiModel: "text-embedding-ada-002", openaiApiKey: "sk-test" }).dimension).toBe(1536);
    const short = createEmbeddings({ provider: "openai", openaiModel: "text-embedding-3-large", dimensions: 256, openaiApiKey: "sk-test", openaiBaseUrl: "http://localhost:1/v1" });
    expect(short.dimension).toBe(256);
    expect(short.id).toBe("openai:text-embedding-3-large@256");
  });

  it("rejects unknown models without dimensions and bad providers", () => {
    expect(() => createEmbeddings({ provider: "openai", openaiModel: "nomic-embed-text", openaiApiKey: "x" })).toThrow(/dimensions/);
    expect(createEmbeddings({ provider: "openai", openaiModel: "nomic-embed-text", dimensions: 768, openaiApiKey: "x" }).id).toBe("openai:nomic-embed-text@768");
    expect(() => createEmbeddings({ provider: "bogus" as "local" })).toThrow(/unknown provider/);
  });
});
