import { IntentLabel, type IntentAnalysis } from "../../domain/support.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cosineSimilarity, loadWordVectors, TELECOM_CONCEPTS, type LocalEmbeddings, type WordVectorTable } from "../../embeddings/index.js";
import type { IntentEngine, IntentInput } from "../types.js";
import { extractEntities, findLocation, type DateOrder } from "./entities.js";
import { INTENT_EXAMPLES } from "./intent-examples.js";
import { DOMAIN_TERMS, INTENT_RULES, VAGUE_PROBLEM } from "./intent-rules.js";
import { detectLanguage, LEXICON_ENGLISH_WORDS, toEnglish, type Language } from "./languages.js";
import { SpellingCorrector, type Correction } from "./spelling.js";
import { detectObservations } from "./interpret.js";
import { assessMood } from "./sentiment.js";
import { round2 } from "./text.js";

/**
 * Local intent engine: k-nearest-neighbour similarity to labelled examples
 * (embedded once at construction) combined with keyword rules, then entities,
 * sentiment and urgency. Confidence is calibrated so that a clear request scores
 * >= 0.8, a vague one 0.4..0.8 and gibberish below 0.4.
 *
 * Before classification a message is read the way it was meant: Spanish and
 * French telecom phrases are put into English (languages.ts) and typos are
 * corrected against the domain vocabulary (spelling.ts). Entities are still
 * taken from the text as written.
 */

type Label = IntentLabel;

export const PROBLEM_INTENTS: readonly Label[] = [
  "mobile_no_service", "mobile_no_data", "mobile_slow_data", "mms_issue", "roaming_abroad",
  "broadband_drops", "broadband_slow", "broadband_outage", "line_suspended",
];
const PROBLEMS = new Set<Label>(PROBLEM_INTENTS);
const ACCOUNT_INTENTS = new Set<Label>(["bill_explain", "bill_dispute", "bill_payment", "plan_info", "plan_upgrade", "data_topup", "account_info", "moving_house", "account_security"]);

/** Tie-break among equally strong rules: the more specific problem wins. */
const SPECIFICITY: Partial<Record<Label, number>> = {
  human_request: 0.06, account_security: 0.055, line_suspended: 0.05, bill_dispute: 0.045, roaming_abroad: 0.04, account_info: 0.038, data_topup: 0.035, mobile_no_service: 0.025, mms_issue: 0.02,
  broadband_outage: 0.015, mobile_slow_data: 0.012, broadband_slow: 0.012, moving_house: 0.01,
};
/** A primary that already covers these labels: they are not reported as secondary. */
const SUBSUMES: Partial<Record<Label, Label[]>> = {
  roaming_abroad: ["mobile_no_data", "mobile_no_service", "mobile_slow_data"],
  line_suspended: ["mobile_no_service", "mobile_no_data", "bill_payment"],
  bill_dispute: ["bill_explain"],
  data_topup: ["mobile_no_data", "plan_info"],
  broadband_outage: ["broadband_drops"],
  broadband_drops: ["broadband_outage"],
  mobile_slow_data: ["mobile_no_data"],
  plan_upgrade: ["plan_info"],
  bill_payment: ["bill_explain"],
  goodbye: ["greeting"],
  human_request: ["greeting"],
};
/** What a customer asks for (not a greeting or a goodbye): a near example may stand for a missing keyword. */
const SERVICE_REQUESTS = new Set<Label>([...PROBLEM_INTENTS, ...ACCOUNT_INTENTS, "lost_phone", "human_request"]);
/** Going somewhere, or being there. */
const TRAVEL_WORDS = /\b(?:going|go|flying|fly|heading|off|travell?ing|travel|trip|holiday|vacation|visiting|landed|arrived|arriving|staying|(?:i'?m|i am|we'?re|we are) (?:in|at))\b/i;
/** Using the phone there. */
const MOBILE_USE_WORDS = /\b(?:phone|mobile|cell|data|calls?|texts?|sms|roaming|signal|internet|sim|esim|connect|work|cost|charge)\b/i;
const VAGUE_DEFAULT_ALTERNATIVES: Label[] = ["mobile_no_service", "mobile_no_data", "broadband_outage"];

export interface LocalIntentOptions {
  embeddings: LocalEmbeddings;
  /** Extra or replacement examples per label (merged with the built-in ones). */
  examples?: Partial<Record<Label, readonly string[]>>;
  /** How to read ambiguous numeric dates like 04/07/1990 (default day first). */
  dateOrder?: DateOrder;
  /** Word-vector table whose frequent words count as common English, never corrected (default: the embedder's default table). */
  commonWords?: WordVectorTable;
  /** Knowledge-base folder whose titles join the correction vocabulary (default data/knowledge of this repository). */
  knowledgeDir?: string;
}

/** How a message was read before classification. */
export interface MessageReading {
  language: Language;
  /** The text the classifier sees: in English, typos corrected. */
  text: string;
  corrections: Correction[];
}

/** A word of at least this frequency rank (0 = most frequent) is not common English and may be a typo. */
const COMMON_RANK = 20_000;

/** Titles of the knowledge-base articles and FAQ entries: their words are the domain's words too. */
function knowledgeTitles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const titles: string[] = [];
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), "utf8");
    if (file.endsWith(".jsonl")) {
      for (const line of text.split("\n")) {
        const title = /"title"\s*:\s*"([^"]*)"/.exec(line)?.[1];
        if (title) titles.push(title);
      }
    } else {
      titles.push(...[...text.matchAll(/^(?:title:|#+)\s*(.+)$/gm)].map((m) => m[1]!));
    }
  }
  return titles;
}

/** Words of the rules' patterns that are real words ("roaming", "suspended"), not fragments ("travell", "relocat"). */
function ruleWords(isWord: (w: string) => boolean): string[] {
  const words = new Set<string>();
  for (const rule of INTENT_RULES) for (const w of rule.re.source.toLowerCase().match(/[a-z]{4,}/g) ?? []) if (isWord(w)) words.add(w);
  for (const w of DOMAIN_TERMS.source.toLowerCase().match(/[a-z]{4,}/g) ?? []) if (isWord(w)) words.add(w);
  return [...words];
}

interface Exemplar {
  label: Label;
  vector: Float32Array;
}

export class LocalIntentEngine implements IntentEngine {
  private readonly exemplars: Exemplar[] = [];
  private readonly embeddings: LocalEmbeddings;
  private readonly dateOrder: DateOrder;
  private readonly spelling: SpellingCorrector;

  constructor(options: LocalIntentOptions) {
    this.embeddings = options.embeddings;
    this.dateOrder = options.dateOrder ?? "dmy";
    const exampleTexts: string[] = [];
    for (const label of IntentLabel.options) {
      const texts = [...(INTENT_EXAMPLES[label] ?? []), ...(options.examples?.[label] ?? [])];
      exampleTexts.push(...texts);
      for (const text of texts) this.exemplars.push({ label, vector: this.embeddings.embedSync(text) });
    }
    const table = options.commonWords ?? loadWordVectors();
    const isCommon = (w: string) => {
      const i = table.indexOf(w);
      return i >= 0 && table.ranks[i]! < COMMON_RANK;
    };
    const knowledgeDir = options.knowledgeDir ?? resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "data", "knowledge");
    const vocabularyTexts = [...exampleTexts, ...knowledgeTitles(knowledgeDir), ...TELECOM_CONCEPTS.flatMap((c) => c.terms.map((t) => t.replace(/\^[\d.]+$/, "")))];
    // "won't" counts as "wont": customers type it without the apostrophe.
    const vocabulary = vocabularyTexts.flatMap((t) => t.toLowerCase().replace(/['’]/g, "").match(/\p{L}+/gu) ?? []);
    vocabulary.push(...ruleWords((w) => table.indexOf(w) >= 0), ...LEXICON_ENGLISH_WORDS);
    this.spelling = new SpellingCorrector({ vocabulary, isKnownWord: isCommon });
    // Warm the regular expressions and the embedder so the first real turn is fast.
    this.analyzeSync({ message: "Hi, my phone has no signal since yesterday, I'm Jane Smith", recent: [], prompt: { version: 0, sections: [] } });
  }

  async analyze(input: IntentInput): Promise<IntentAnalysis> {
    return this.analyzeSync(input);
  }

  /** The message as the classifier reads it: its language, put into English, typos corrected. */
  readMessage(message: string): MessageReading {
    const language = detectLanguage(message);
    const english = toEnglish(message, language);
    const { text, corrections } = this.spelling.correct(english);
    return { language, text, corrections };
  }

  /** Per-label nearest-neighbour similarity: best example plus a share of the second best. */
  private knn(message: string): Map<Label, number> {
    const vector = this.embeddings.embedSync(message);
    const top = new Map<Label, [number, number]>();
    for (const ex of this.exemplars) {
      const s = cosineSimilarity(vector, ex.vector);
      const cur = top.get(ex.label) ?? [-1, -1];
      if (s > cur[0]) top.set(ex.label, [s, cur[0]]);
      else if (s > cur[1]) top.set(ex.label, [cur[0], s]);
    }
    const scores = new Map<Label, number>();
    for (const [label, [a, b]] of top) scores.set(label, Math.max(0, 0.7 * a + 0.3 * Math.max(b, 0)));
    return scores;
  }

  private rules(message: string): Map<Label, number> {
    const scores = new Map<Label, number>();
    for (const rule of INTENT_RULES) {
      if (rule.re.test(message)) scores.set(rule.label, Math.max(scores.get(rule.label) ?? 0, rule.weight));
    }
    return scores;
  }

  analyzeSync(input: IntentInput): IntentAnalysis {
    const message = (input.message ?? "").slice(0, 4000);
    const written = message.trim();
    const entities = extractEntities(written, this.dateOrder);
    const reading = this.readMessage(written);
    const text = reading.text;
    // A place written in Spanish or French ("españa") or mistyped ("parjs") is known once read.
    if (entities.location === undefined && text !== written) {
      const location = findLocation(text);
      if (location) entities.location = location;
    }
    const knn = text ? this.knn(text) : new Map<Label, number>();
    const rules = this.rules(text);
    knn.delete("troubleshooting_answer"); // decided below from the pending step, not by similarity
    rules.delete("troubleshooting_answer");

    // A mobile problem in a named country is a roaming problem.
    const abroad = entities.location !== undefined && !/^(?:usa?|united states|america)$/i.test(entities.location);
    const mobileProblem = (label: Label | undefined) => label === "mobile_no_data" || label === "mobile_no_service" || label === "mobile_slow_data";
    const nearest = [...knn.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (abroad && ([...rules.keys()].some(mobileProblem) || mobileProblem(nearest))) {
      rules.set("roaming_abroad", Math.max(rules.get("roaming_abroad") ?? 0, 0.95));
    }
    // Using the phone in a named place ("will my phone work in canada", "going to italy next week") is roaming,
    // unless the message is clearly about something else (a bill, a lost phone, a move).
    const otherRequest = [...rules.entries()].some(([l, w]) => w >= 0.9 && l !== "roaming_abroad" && !mobileProblem(l) && l !== "greeting" && l !== "goodbye");
    if (abroad && entities.location !== "abroad" && !otherRequest && (TRAVEL_WORDS.test(text) || MOBILE_USE_WORDS.test(text))) {
      rules.set("roaming_abroad", Math.max(rules.get("roaming_abroad") ?? 0, 0.9));
    }
    const identityGiven = Boolean(entities.phoneNumber || entities.fullName || entities.dateOfBirth || entities.customerId);
    if (identityGiven) rules.set("provide_identity", Math.max(rules.get("provide_identity") ?? 0, 0.85));

    // Combined score per label.
    const combined = new Map<Label, number>();
    for (const label of IntentLabel.options) {
      if (label === "troubleshooting_answer") continue;
      const k = knn.get(label) ?? 0;
      const r = rules.get(label) ?? 0;
      const score = r > 0 ? Math.min(0.97, 0.62 + 0.25 * r + 0.25 * k) + (SPECIFICITY[label] ?? 0) : this.knnConfidence(k);
      combined.set(label, score);
    }
    // Similarity alone: a label well ahead of every other is surer than its similarity says, and one
    // neck and neck with another ("my phone": lost? no signal? no data?) is not sure at all.
    if (rules.size === 0) {
      const [first, second] = [...knn.entries()].sort((a, b) => b[1] - a[1]);
      if (first && second) {
        const lead = this.knnConfidence(first[1]) - this.knnConfidence(second[1]);
        const own = combined.get(first[0])!;
        if (lead < 0.08) for (const [label, score] of combined) combined.set(label, Math.min(score, 0.75));
        else combined.set(first[0], Math.min(0.9, own + 0.5 * Math.max(0, lead - 0.1)));
      }
    }
    // Identity alongside a problem: the problem is primary.
    const problemRuled = [...rules.keys()].some((l) => PROBLEMS.has(l) || ACCOUNT_INTENTS.has(l));
    if (identityGiven && problemRuled) combined.set("provide_identity", Math.min(combined.get("provide_identity")!, 0.8));

    let ranked = [...combined.entries()].sort((a, b) => b[1] - a[1]);
    let [primary, confidence] = ranked[0] ?? ["out_of_scope", 0];
    const anyRule = rules.size > 0;

    // Vague problem: sensible alternatives, middling confidence.
    const generic = VAGUE_PROBLEM.test(text);
    const vague = !anyRule && (generic || (DOMAIN_TERMS.test(text) && confidence < 0.8));
    if (vague) {
      const problems = ranked.filter(([l]) => PROBLEMS.has(l) || ACCOUNT_INTENTS.has(l));
      // A generic complaint says nothing about which service: offer the common ones.
      const strong = generic ? [] : problems.filter(([, s]) => s >= 0.5);
      // One problem clearly nearer than the rest leads the offer; the common ones follow.
      const alternatives =
        strong.length >= 2 ? strong.slice(0, 3).map(([l]) => l)
        : strong.length === 1 ? [strong[0]![0], ...VAGUE_DEFAULT_ALTERNATIVES.filter((l) => l !== strong[0]![0])].slice(0, 3)
        : VAGUE_DEFAULT_ALTERNATIVES;
      primary = alternatives[0]!;
      confidence = Math.max(0.45, Math.min(0.7, (strong[0]?.[1] ?? 0.5)));
      // Only problems are offered as alternatives to a vague complaint.
      ranked = alternatives.map((l, i) => [l, i === 0 ? confidence : round2(confidence - 0.05 * i)] as [Label, number]);
    } else if (!anyRule && !DOMAIN_TERMS.test(text) && primary !== "out_of_scope" && (confidence < 0.8 || !SERVICE_REQUESTS.has(primary))) {
      // Nothing telecom about it and no service request close: off-topic or gibberish ("good morning, when do stores open").
      primary = "out_of_scope";
      confidence = Math.min(0.35, confidence);
    } else if (!anyRule && primary === "out_of_scope" && confidence < 0.4) {
      confidence = Math.min(confidence, 0.35);
    }

    // An answer to the pending device-side step.
    let secondaryFromPending: Label | undefined;
    if (input.pendingAction && text) {
      const cues = detectObservations(text);
      const control = (rules.get("human_request") ?? 0) >= 0.9 || ((rules.get("goodbye") ?? 0) >= 0.85 && cues.length === 0);
      const newTopic = [...rules.entries()].some(([l, w]) => ACCOUNT_INTENTS.has(l) && w >= 0.9) && cues.length === 0;
      const short = text.split(/\s+/).length <= 8;
      if (!control && !newTopic && (cues.length > 0 || short)) {
        if (primary !== "troubleshooting_answer" && (rules.get(primary) ?? 0) > 0 && !PROBLEMS.has(primary)) secondaryFromPending = primary;
        primary = "troubleshooting_answer";
        confidence = cues.length > 0 ? Math.min(0.95, 0.8 + 0.15 * (cues[0]!.weight)) : 0.6;
      }
    }

    // Secondary intents: other labels a rule found, minus what the primary covers.
    const covered = new Set<Label>([primary, ...(SUBSUMES[primary] ?? [])]);
    const secondary: Label[] = [];
    if (secondaryFromPending) secondary.push(secondaryFromPending);
    const ruled = [...rules.entries()].sort((a, b) => b[1] + (SPECIFICITY[b[0]] ?? 0) - a[1] - (SPECIFICITY[a[0]] ?? 0));
    for (const [label, weight] of ruled) {
      if (covered.has(label) || secondary.includes(label) || weight < 0.8) continue;
      if (label === "greeting" || label === "out_of_scope") continue;
      if (primary === "troubleshooting_answer" && PROBLEMS.has(label)) continue; // the answer is about the current fault
      secondary.push(label);
      for (const sub of SUBSUMES[label] ?? []) covered.add(sub);
    }

    const problem = PROBLEMS.has(primary) || secondary.some((l) => PROBLEMS.has(l)) || primary === "troubleshooting_answer";
    const mood = assessMood(text, { problem: problem || ACCOUNT_INTENTS.has(primary) });
    const alternatives = ranked
      .filter(([l]) => l !== primary)
      .slice(0, 3)
      .map(([intent, score]) => ({ intent, score: round2(Math.max(0, Math.min(1, score))) }));

    return {
      primary,
      secondary,
      entities,
      sentiment: mood.sentiment,
      urgency: mood.urgency,
      confidence: round2(Math.max(0, Math.min(1, confidence))),
      alternatives,
    };
  }

  /** Similarity alone: close to an example is fairly sure, far from all of them is not. */
  private knnConfidence(similarity: number): number {
    return Math.max(0, Math.min(0.9, (similarity - 0.2) / 0.6));
  }
}
