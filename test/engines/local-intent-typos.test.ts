import { beforeAll, describe, expect, it } from "vitest";
import { INTENTS } from "../../src/conversation/intents.js";
import type { IntentLabel } from "../../src/domain/support.js";
import { LocalEmbeddings } from "../../src/embeddings/index.js";
import { LocalIntentEngine } from "../../src/engines/local/intent.js";
import { detectLanguage, readInEnglish, toEnglish } from "../../src/engines/local/languages.js";
import { boundedEditDistance } from "../../src/engines/local/spelling.js";
import {
  clearMessages, GIBBERISH, heldOutTypoCorpus, NON_REQUESTS, OTHER_LANGUAGE_MESSAGES, typoCorpus, withTypos, seededRandom, type LabelledMessage,
} from "./local-intent-corpus.js";

/**
 * The local intent engine on messages as customers type them: typos, lower
 * case, Spanish and French, and short follow-ups that are not requests. Real
 * embedder, real word vectors, real knowledge-base titles.
 */

const SEED = 20261206;
const PER_LABEL = 100;
const prompt = { version: 1, sections: [] };
let engine: LocalIntentEngine;
const analyze = (message: string) => engine.analyzeSync({ message, recent: [], prompt });

beforeAll(() => {
  engine = new LocalIntentEngine({ embeddings: new LocalEmbeddings() });
});

/** Share of messages read as their label with confidence >= 0.8, and the misses for the failure message. */
function sureShare(set: LabelledMessage[]): { share: number; misses: string[] } {
  const misses: string[] = [];
  for (const { text, label } of set) {
    const result = analyze(text);
    if (result.primary !== label || result.confidence < 0.8) misses.push(`${JSON.stringify(text)} -> ${result.primary} ${result.confidence} (want ${label})`);
  }
  return { share: 1 - misses.length / set.length, misses };
}

describe("local intent: clear requests with typos and lower case", () => {
  it(`reads at least 95% of ${PER_LABEL} typo'd messages per label right and sure (seed ${SEED})`, () => {
    console.log(`typo corpus seed ${SEED}, ${PER_LABEL} per label`);
    const set = typoCorpus(SEED, PER_LABEL);
    // Every message really has a typo: none is the clean request it came from (same seed, same order).
    const clean = clearMessages(seededRandom(SEED), PER_LABEL);
    expect(set.filter((m, i) => m.text === clean[i]!.text.toLowerCase()).map((m) => m.text)).toEqual([]);
    const { share, misses } = sureShare(set);
    console.log(`typo corpus: ${(share * 100).toFixed(1)}% right with confidence >= 0.8 over ${set.length}`);
    expect(share, misses.slice(0, 30).join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it(`held-out phrasings with typos: at least 95% right and sure (seed ${SEED + 1})`, () => {
    const { share, misses } = sureShare(heldOutTypoCorpus(SEED + 1, PER_LABEL));
    console.log(`held-out typo corpus: ${(share * 100).toFixed(1)}%`);
    expect(share, misses.slice(0, 30).join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it("the generator injects a typo into every message that has a word of four letters or more", () => {
    const random = seededRandom(SEED);
    const clean = "my phone has no signal since yesterday";
    const typed = Array.from({ length: 50 }, () => withTypos(clean, random));
    expect(typed.every((t) => t !== clean)).toBe(true);
    // Each is one or two keyboard slips away from what was meant.
    expect(typed.every((t) => boundedEditDistance(t, clean, 4) <= 4)).toBe(true);
  });

  const NAMED: [string, IntentLabel][] = [
    ["hey what pkans do you have", "plan_info"],
    ["my daata ran out i think thanks", "data_topup"],
    ["going to italy next week, do i need to do anything before i travel", "roaming_abroad"],
    ["flying to cancun tomorrow", "roaming_abroad"],
    ["landed in madrid", "roaming_abroad"],
    ["somebody texted me saying my account is locked and to click a link", "account_security"],
    ["lost my phone", "lost_phone"],
    ["phone was stolen", "lost_phone"],
    ["my phoen has no sigal since this mornign", "mobile_no_service"],
    ["why is my bil so hihg this month", "bill_explain"],
    ["internet at hoem keeps droping out", "broadband_drops"],
    ["hi, got an email about a refund frrom nimbys askong for my card number pls", "account_security"],
    ["hi there. did i use all my data already? pls", "account_info"],
    ["when does my contract end", "account_info"],
    ["i dont want a bot, get me someone", "human_request"],
    ["i want to make a formal complaint", "human_request"],
    ["hey why did i pay 65 last month!!", "bill_explain"],
    ["my phone lost signal", "mobile_no_service"],
    ["phone lost on the bus", "lost_phone"],
  ];
  it.each(NAMED)("%j is %s with confidence >= 0.8", (message, label) => {
    const result = analyze(message);
    expect(result.primary).toBe(label);
    expect(result.confidence).toBeGreaterThanOrEqual(0.8);
  });
});

describe("local intent: Spanish and French", () => {
  it.each(OTHER_LANGUAGE_MESSAGES.map((m) => [m.text, m.label, m.language] as const))("%j is %s (%s)", (message, label, language) => {
    const result = analyze(message);
    expect(result.primary).toBe(label);
    expect(result.confidence).toBeGreaterThanOrEqual(0.8);
    expect(engine.readMessage(message).language).toBe(language);
  });

  it("a place written in Spanish is the customer's location", () => {
    expect(analyze("estoy en españa y no tengo datos").entities.location).toBe("Spain");
    expect(analyze("je suis en espagne et je n'ai pas de données").entities.location).toBe("Spain");
  });

  it.each(["me too", "no signal in la", "my bill is too high", "la la la", "I'm in Paris and my data is off", "mi amigo"])(
    "English or too little to tell: %j is read as English and left as written",
    (message) => {
      expect(detectLanguage(message)).toBe("en");
      expect(toEnglish(message, "en")).toBe(message);
    },
  );

  it.each([
    ["sí, por favor", "es", "yes, please"],
    ["si, hazlo", "es", "yes, do it"],
    ["no, gracias", "es", "no, thanks"],
    ["oui, d'accord", "fr", "yes, ok"],
    ["non merci", "fr", "no thanks"],
    ["ma facture est beaucoup plus élevée ce mois-ci, pourquoi ?", "fr", "my bill is much higher this month, why ?"],
  ])("a short answer reads as its English form: %j", (message, language, english) => {
    expect(readInEnglish(message)).toEqual({ language, text: english });
  });

  it("accents are optional", () => {
    expect(toEnglish("mi telefono no tiene senal", "es")).toBe(toEnglish("mi teléfono no tiene señal", "es"));
    expect(toEnglish("ma facture est trop elevee", "fr")).toBe("my bill is too high");
  });
});

describe("local intent: what is not a request stays so", () => {
  it.each(["my phone", "my internet", "my bill"])("a bare topic %j is not sure of one request (the graph asks which)", (message) => {
    expect(analyze(message).confidence).toBeLessThan(0.8);
  });
  it("a greeting with an off-topic question stays out of scope", () => {
    expect(analyze("hello what tiem do your stores oprn on sunday? asap").primary).toBe("out_of_scope");
  });
  it.each(NON_REQUESTS)("%j is not a new request", (message) => {
    const result = analyze(message);
    // The graph treats a request intent at >= 0.6 as a new topic; a follow-up must never look like one.
    expect(INTENTS[result.primary].request && result.confidence >= 0.4, `${result.primary} ${result.confidence}`).toBe(false);
  });
  it.each(GIBBERISH)("gibberish %j is out of scope or below 0.4", (message) => {
    const result = analyze(message);
    expect(result.primary === "out_of_scope" || result.confidence < 0.4, `${result.primary} ${result.confidence}`).toBe(true);
  });
});

describe("local intent: bounded edit distance", () => {
  it.each([
    ["goen", "gone", 1], // neighbours swapped: one edit, not two
    ["daata", "data", 1],
    ["pkans", "plans", 1],
    ["sigal", "signal", 1],
    ["roamnig", "roaming", 1],
    ["internet", "interent", 1],
    ["bill", "bill", 0],
  ] as const)("%s -> %s is %i", (a, b, d) => expect(boundedEditDistance(a, b, 2)).toBe(d));
  it("stops at the bound: far words cost bound + 1", () => {
    expect(boundedEditDistance("signal", "broadband", 2)).toBe(3);
    expect(boundedEditDistance("data", "datasheets", 1)).toBe(2);
  });
});

describe("local intent: corrections stay in the classifier", () => {
  it("a typo is corrected for reading, a name is kept as written", () => {
    const reading = engine.readMessage("my name is Jane Smiht and my phoen has no sigal");
    expect(reading.corrections).toEqual(expect.arrayContaining([{ from: "phoen", to: "phone" }, { from: "sigal", to: "signal" }]));
    const result = analyze("my name is Jane Smiht and my phoen has no sigal");
    expect(result.entities.fullName).toBe("Jane Smiht");
    expect(result.primary).toBe("mobile_no_service");
  });
  it.each(["i want to change the date of my bill", "the bull in the field", "can you send it to my partner", "i moved last week"])(
    "common English is never corrected: %j",
    (message) => {
      expect(engine.readMessage(message).corrections).toEqual([]);
    },
  );
});
