import type { PromptSection } from "../../memory/schemas.js";
import type { RolePrompt } from "../types.js";

/**
 * Reads the guideline sections of a role prompt into knobs the local engines
 * obey, so that prompt evolution changes local behaviour too. A section is
 * recognised by its id OR by words in its title/text, so a rewritten or newly
 * added guideline works without code changes. Numbers are read from the text.
 *
 *   section (id or topic)            text cues                                   knob
 *   ------------------------------   -----------------------------------------   -----------------------------------------
 *   conciseness / "concise|short|    "at most N words", "under N words",          maxWords = N (reply trimmed, the requested
 *   brief|words"                     "N words or fewer"                           action, question and ticket are kept)
 *                                    "at most N sentences"                        maxSentences = N (knowledge answers too)
 *                                    "shorter", "brief" without a number          knowledge answers limited to 2 sentences
 *   empathy / "empathy|acknowledge|  (present)                                    empathy = "brief": opening when sentiment is
 *   frustrat|apolog"                                                              negative or urgency high/critical
 *                                    "always", "every", "apologi[sz]e",           empathy = "strong": warmer wording, and an
 *                                    "warm", "sincere", "explicit", "validate"    opening for any problem, not only negative
 *   context / "context|history|      (present)                                    useContext: mention the customer's history
 *   previous|past|similar"                                                       and what fixed similar cases
 *   completeness / "checked|         (present)                                    explainChecks: always say what was checked,
 *   explain what|transparen"                                                     even when everything was fine
 *   name / "first name|by name"      (present)                                    useName: greet by first name (default on)
 *
 * Guardrail and instruction sections are never read as knobs.
 */

export type EmpathyLevel = "off" | "brief" | "strong";

export interface GuidelineKnobs {
  maxWords?: number;
  maxSentences?: number;
  /** Knowledge answers: how many sentences to extract. */
  knowledgeSentences?: number;
  empathy: EmpathyLevel;
  useContext: boolean;
  explainChecks: boolean;
  useName: boolean;
}

function guidelines(prompt: RolePrompt | undefined): PromptSection[] {
  return (prompt?.sections ?? []).filter((s) => s.kind === "guideline");
}

function about(section: PromptSection, id: RegExp, words: RegExp): boolean {
  return id.test(section.id) || words.test(`${section.title} ${section.text}`);
}

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
function num(raw: string): number {
  return NUMBER_WORDS[raw.toLowerCase()] ?? Number(raw);
}

export function readGuidelines(prompt: RolePrompt | undefined): GuidelineKnobs {
  const knobs: GuidelineKnobs = { empathy: "off", useContext: false, explainChecks: false, useName: true };
  for (const section of guidelines(prompt)) {
    const text = `${section.title}. ${section.text}`;
    const words = /\b(?:at most|no more than|under|fewer than|less than|maximum of|max(?:imum)?|up to|within)\s+(\d{1,4})\s+words\b|\b(\d{1,4})\s+words\s+(?:or (?:fewer|less)|max(?:imum)?)\b/i.exec(text);
    if (words) {
      const n = Number(words[1] ?? words[2]);
      if (n >= 10) knobs.maxWords = Math.min(knobs.maxWords ?? Infinity, n);
    }
    const sentences = /\b(?:at most|no more than|up to|maximum of|max(?:imum)?)\s+(\d{1,2}|one|two|three|four|five|six)\s+sentences?\b/i.exec(text);
    if (sentences) {
      const n = num(sentences[1]!);
      if (n >= 1) {
        knobs.maxSentences = Math.min(knobs.maxSentences ?? Infinity, n);
        knobs.knowledgeSentences = Math.min(knobs.knowledgeSentences ?? Infinity, n);
      }
    } else if (about(section, /concis|short|brev/, /\b(shorter|brief(?:er)?|concise)\b/i) && knobs.knowledgeSentences === undefined) {
      knobs.knowledgeSentences = 2;
    }
    if (about(section, /empath|tone|acknowledg/, /\b(empath\w*|acknowledg\w*|frustrat\w*|apologi[sz]\w*|reassur\w*)\b/i)) {
      const strong = /\b(always|every|apologi[sz]\w*|warm\w*|sincere\w*|explicit\w*|validat\w*|stronger|genuine\w*)\b/i.test(section.text);
      if (strong || knobs.empathy === "off") knobs.empathy = strong ? "strong" : "brief";
    }
    if (about(section, /context|history|memory|continuity/, /\b(history|previous (?:contact|conversation|case|issue)s?|past (?:contact|conversation|case|issue)s?|similar case|last time|what worked)\b/i)) {
      knobs.useContext = true;
    }
    if (about(section, /complete|transparen|checks/, /\b(what (?:was|you) checked|explain what|transparen\w*|every check)\b/i)) {
      knobs.explainChecks = true;
    }
    if (/\b(do not|don't|never) (?:use|greet)[^.]*\b(first )?name\b/i.test(section.text)) knobs.useName = false;
  }
  return knobs;
}
