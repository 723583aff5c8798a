import type { IntentAnalysis } from "../../domain/support.js";

/** Sentiment and urgency from a small lexicon plus typography (capitals, "!!!"). */

type Sentiment = IntentAnalysis["sentiment"];
type Urgency = IntentAnalysis["urgency"];

const NEGATIVE_STRONG =
  /\b(furious|livid|outraged|ridiculous|unacceptable|disgusting|disgraceful|pathetic|useless|terrible|awful|horrible|worst|fed up|sick of|sick and tired|joke|scam|rip[- ]?off|incompetent|angry|pissed|hate|cancel my (?:contract|account)|switch(?:ing)? (?:provider|carrier)s?|leave nimbus)\b/i;
const NEGATIVE_MILD =
  /\b(annoy(?:ed|ing)|frustrat(?:ed|ing)|upset|disappointed|unhappy|not happy|again|still|every (?:day|time)|third time|second time|already|waste|bad|poor|stupid|wtf|seriously|come on|driving me (?:mad|crazy|nuts|up the wall)|doing my head in|nightmare|at my wits'? end)\b/i;
/** A sad or angry face typed or as an emoji: ":(", ":-(", "☹", "😞", "😡"... */
const UPSET_FACE = /(?:(?<!\d):'?-?\(|☹|\u{1F61E}|\u{1F622}|\u{1F62D}|\u{1F620}|\u{1F621}|\u{1F624}|\u{1F629}|\u{1F62B})/u;
const POSITIVE =
  /\b(thanks?|thank you|cheers|great|perfect|awesome|brilliant|excellent|appreciate|lovely|works now|working now|sorted|fixed|amazing|helpful|good job|nice)\b/i;

const CRITICAL =
  /\b(emergency|911|999|112|ambulance|police|fire brigade|life or death|medical|hospital|can'?t call for help|business (?:is )?down|my business|shop can'?t take payments|lost income|losing (?:money|customers|business)|elderly|carer|disabled)\b/i;
const HIGH =
  /\b(urgent(?:ly)?|asap|right now|immediately|days?|since (?:yesterday|last week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|for (?:hours|days|a week|weeks)|all week|work from home|working from home|wfh|interview|exam|important call|again|third time|keeps happening|still not)\b/i;

function shouting(text: string): boolean {
  const letters = text.replace(/[^A-Za-z]/g, "");
  if (letters.length < 8) return false;
  const upper = letters.replace(/[^A-Z]/g, "").length;
  // Words in capitals like "No Service" or "SIM" are normal; a mostly capitalised message is shouting.
  return upper / letters.length > 0.6;
}

export interface Mood {
  sentiment: Sentiment;
  urgency: Urgency;
  /** Negativity in [0, 1]: 0 calm, 1 furious. */
  negativity: number;
}

export function assessMood(text: string, opts: { problem: boolean }): Mood {
  let negativity = 0;
  if (NEGATIVE_STRONG.test(text)) negativity += 0.6;
  if (NEGATIVE_MILD.test(text) || UPSET_FACE.test(text)) negativity += 0.25;
  if (/!{2,}/.test(text)) negativity += 0.3;
  if (/\?{2,}/.test(text)) negativity += 0.15;
  if (shouting(text)) negativity += 0.4;
  const positive = POSITIVE.test(text) && negativity < 0.5;
  negativity = Math.min(1, negativity);

  let sentiment: Sentiment = "neutral";
  if (negativity >= 0.25) sentiment = "negative";
  else if (positive) sentiment = "positive";

  let urgency: Urgency = opts.problem ? "medium" : "low";
  if (CRITICAL.test(text)) urgency = "critical";
  else if (HIGH.test(text) && opts.problem) urgency = "high";
  else if (negativity >= 0.6 && opts.problem) urgency = "high";
  return { sentiment, urgency, negativity };
}
