import type { Observation } from "../../domain/customer-actions.js";
import type { Procedure, ProcedureStep } from "../../memory/schemas.js";
import type { AnswerInterpretation } from "../types.js";

/**
 * Reads a customer's free-text answer to a device-side step as an Observation.
 * Cues are regular expressions with a specificity weight; observations named in
 * the step's branches are preferred, and a generic reading ("fixed") is mapped
 * onto the step's own vocabulary ("signal_ok", "mms_ok"...) when it has one.
 */

type CustomerStep = Extract<ProcedureStep, { kind: "customer_action" }>;

interface Cue {
  observation: Observation;
  re: RegExp;
  /** Specificity: a precise reading ("asks for a PUK") beats a generic one ("done"). */
  weight: number;
}

const NUM = "(?:\\d|one|two|three|four|five|full)";

const CUES: Cue[] = [
  { observation: "unsure", re: /\b(not sure|no idea|don'?t know|dunno|can'?t tell|not certain|what do you mean|where (?:is|do i find) (?:that|it)|i don'?t understand|confused)\b/i, weight: 0.55 },
  { observation: "sim_locked", re: /\b(puk|pin code|sim pin|enter (?:a |the )?pin|asks? (?:me )?for (?:a |the |my )?pin|sim (?:is )?locked|locked sim)\b/i, weight: 0.95 },
  { observation: "sim_not_detected", re: /\b(no sim|sim not detected|insert (?:a )?sim|invalid sim|sim (?:card )?(?:not|isn'?t) (?:detected|recogni[sz]ed|found)|sim failure|sim error)\b/i, weight: 0.95 },
  { observation: "airplane_on", re: /\b(?<!\b(?:no|not an?|without an?)\s+)(?:(?:airplane|aeroplane|flight)(?: mode)?|plane icon|plane symbol)\b(?![^.]*\b(?:off|not on|isn'?t on|wasn'?t on|gone|no longer)\b)/i, weight: 0.85 },
  { observation: "no_service", re: /\b(no service|emergency calls? only|sos only|searching(?: for (?:network|service))?|no network)\b/i, weight: 0.85 },
  { observation: "no_signal", re: /\b(no bars?|zero bars?|0 bars?|no signal|nothing at the top|bars are (?:empty|gone)|empty bars?|not (?:a |one )?(?:single )?bar)\b/i, weight: 0.85 },
  { observation: "weak_signal", re: /\b((?:one|1|a) (?:single )?bar|(?:two|2) bars|weak signal|barely any|signal is weak|low signal|bars come and go)\b/i, weight: 0.8 },
  { observation: "signal_ok", re: new RegExp(`\\b(${NUM} bars?|bars (?:are )?back|signal (?:is )?back|got signal|have signal|signal now|full signal|\\b[45]g\\b|\\blte\\b|network name)`, "i"), weight: 0.7 },
  { observation: "data_off", re: /\b(?:mobile |cellular )?data (?:was|is|were) (?:switched |turned )?off\b|\bdata (?:was|is) disabled\b/i, weight: 0.85 },
  { observation: "roaming_off", re: /\b(?:data )?roaming (?:was|is) (?:switched |turned )?off\b/i, weight: 0.85 },
  { observation: "data_saver_on", re: /\b(data saver|low data mode)\b[^.]*\b(was|is) on\b|\b(data saver|low data mode) (?:was |is )?(?:enabled|active)\b/i, weight: 0.85 },
  { observation: "vpn_on", re: /\b(?:yes,? )?(?:i (?:use|have|had|run)|there(?:'s| is| was)) (?:a |my )?(?:vpn|work profile)|\bvpn (?:was|is) on\b|\bvpn (?:was )?(?:running|connected)\b/i, weight: 0.8 },
  { observation: "mms_ok", re: /\b(went through|it arrived|arrived fine|got (?:it|the (?:picture|photo|message))|received it|sent (?:fine|ok|okay|successfully)|delivered|picture (?:sent|arrived)|mms (?:works|sent))\b/i, weight: 0.85 },
  { observation: "mms_failed", re: /\b(not (?:sent|delivered)|failed to send|didn'?t (?:go through|send|arrive)|won'?t send|send(?:ing)? failed|error (?:message|sending)|shows an error|message failed|stuck on sending)\b/i, weight: 0.85 },
  { observation: "lights_red", re: /\b(red|orange|amber)(?: light| lights)?\b|\b(?:fibre|internet) light (?:is )?off\b|\blights? (?:is |are )?(?:off|out)\b/i, weight: 0.8 },
  { observation: "lights_ok", re: /\b(all (?:the lights )?(?:are )?(?:green|white|steady|solid)|(?:green|white|solid|steady)(?: lights?)?|lights (?:look )?(?:normal|fine|ok))\b/i, weight: 0.7 },
  { observation: "not_fixed", re: /\b(still (?:nothing|no|not|the same|doesn'?t|won'?t|can'?t|isn'?t|slow|broken|dead)|no change|nothing changed|same (?:problem|issue|thing|as before)|didn'?t (?:help|work|fix)|doesn'?t work|not working|no luck|nope|no joy|nothing|won'?t load|doesn'?t load|can'?t (?:pay|do that|afford)|no,? it (?:doesn'?t|does not|didn'?t)|still)\b/i, weight: 0.75 },
  { observation: "fixed", re: /\b(works? now|working (?:now|again)|it works|it'?s working|fixed|sorted|all good|back to normal|loads? (?:now|fine|ok)|it loaded|page (?:loads|opened|loaded)|resolved|yes,? it (?:does|did|works|loads)|that did it|perfect)\b/i, weight: 0.8 },
  { observation: "done", re: /\b(done|did (?:it|that)|i'?ve done|ok(?:ay)?,? (?:i )?did|finished|paid(?: it)?|i'?ve paid|payment (?:made|sent|done)|turned (?:it )?(?:on|off)|switched (?:it )?(?:on|off)|restarted|reset it|it'?s (?:on|off) now|(?:it'?s|it is) back on)\b/i, weight: 0.5 },
];

/** Generic readings and the step-specific observations they stand for, most specific first. */
const EQUIVALENT: Partial<Record<Observation, Observation[]>> = {
  fixed: ["signal_ok", "mms_ok", "speed_ok", "lights_ok", "done"],
  signal_ok: ["fixed"],
  mms_ok: ["fixed"],
  speed_ok: ["fixed"],
  lights_ok: ["fixed"],
  done: ["fixed"],
  no_signal: ["no_service", "weak_signal"],
  no_service: ["no_signal"],
  weak_signal: ["no_signal"],
  mms_failed: ["not_fixed"],
  speed_slow: ["not_fixed"],
  lights_red: ["not_fixed"],
};

const SPEED_RE = /(\d+(?:[.,]\d+)?)\s*(gbps|gb\/s|gig(?:abit)?s?|mbps|mb\/s|mbit(?:s|\/s)?|megs?|meg|mb|kbps|kb\/s)\b/i;

export interface SpeedReading {
  mbps: number;
  text: string;
}

export function readSpeed(message: string): SpeedReading | undefined {
  const m = SPEED_RE.exec(message);
  if (!m) return undefined;
  let value = Number(m[1]!.replace(",", "."));
  const unit = m[2]!.toLowerCase();
  if (unit.startsWith("g")) value *= 1000;
  if (unit.startsWith("k")) value /= 1000;
  return { mbps: value, text: m[0] };
}

/** The plan speed the customer names ("Home Fibre 500", "I pay for 300"). */
function planSpeed(message: string): number | undefined {
  const m = /\b(?:fibre|fiber|plan|pay for|paying for|package|supposed to (?:get|be))\D{0,12}(\d{2,4})\b/i.exec(message);
  if (m) return Number(m[1]);
  const g = /\b(?:fibre|fiber)\s*(\d)\s*(?:gig|g)\b/i.exec(message);
  return g ? Number(g[1]) * 1000 : undefined;
}

export interface SpeedVerdict {
  observation: "speed_slow" | "speed_ok";
  detail: string;
}

/**
 * Mobile: below 5 Mbps is slow. Broadband: compared with the share of the plan
 * speed the step asks for ("at least 90% of it"), else half the plan speed;
 * without a plan figure, below 20 Mbps is slow.
 */
export function judgeSpeed(message: string, broadband: boolean, ask: string): SpeedVerdict | undefined {
  const reading = readSpeed(message);
  if (!reading) return undefined;
  const speeds = [...message.matchAll(new RegExp(SPEED_RE.source, "gi"))];
  const download = reading.mbps;
  if (!broadband) {
    const slow = download < 5;
    return { observation: slow ? "speed_slow" : "speed_ok", detail: `${reading.text} download (mobile; below 5 Mbps counts as slow)` };
  }
  const plan = planSpeed(message.replace(reading.text, " "));
  if (plan && plan !== download) {
    const share = Number(/(\d{2,3})\s?%/.exec(ask)?.[1] ?? 50) / 100;
    const slow = download < plan * share;
    return {
      observation: slow ? "speed_slow" : "speed_ok",
      detail: `${reading.text} on a ${plan} Mbps plan (${Math.round((download / plan) * 100)}% of plan speed)`,
    };
  }
  const slow = download < 20;
  return { observation: slow ? "speed_slow" : "speed_ok", detail: `${reading.text}${speeds.length > 1 ? " download" : ""}` };
}

export interface CueMatch {
  observation: Observation;
  weight: number;
}

/** Every observation whose cue appears in the message, strongest first. Step-independent. */
export function detectObservations(message: string): CueMatch[] {
  const matches: CueMatch[] = [];
  for (const cue of CUES) if (cue.re.test(message)) matches.push({ observation: cue.observation, weight: cue.weight });
  const speed = readSpeed(message);
  if (speed) matches.push({ observation: speed.mbps < 5 ? "speed_slow" : "speed_ok", weight: 0.9 });
  else if (/\b(slow|crawling|sluggish|buffering)\b/i.test(message)) matches.push({ observation: "speed_slow", weight: 0.65 });
  else if (/\b(fast|quick(?:er)?|much better|speedy)\b/i.test(message)) matches.push({ observation: "speed_ok", weight: 0.6 });
  // A bare "yes" or "no" answers the step's question.
  if (/^\s*(yes|yep|yeah|yup|it did|it does)\b/i.test(message) && !matches.some((m) => m.observation === "not_fixed")) {
    matches.push({ observation: "fixed", weight: 0.6 });
  }
  if (/^\s*(no|nope|nah)\b/i.test(message) && !matches.some((m) => m.observation === "fixed")) {
    matches.push({ observation: "not_fixed", weight: 0.62 });
  }
  // "not fixed" also matches the generic "still"; a later "works now" overrides it.
  if (matches.some((m) => m.observation === "fixed") && /\b(now|again)\b/i.test(message)) {
    const nf = matches.find((m) => m.observation === "not_fixed");
    if (nf && !/\bstill (?:nothing|no|not)\b/i.test(message)) nf.weight = 0.3;
  }
  return matches.sort((a, b) => b.weight - a.weight);
}

export function interpretAnswer(message: string, procedure: Procedure, step: CustomerStep): AnswerInterpretation {
  const text = message.trim();
  if (!text) return { observation: "unsure", detail: "", confidence: 0.2 };
  const branchObs = new Set<Observation>(step.branches.map((b) => b.when));
  const broadband = procedure.layer === "broadband" || /router|wired|hub/.test(step.action);
  let matches = detectObservations(text);

  // Speed answers are judged against the step: mobile or broadband, plan share.
  const verdict = judgeSpeed(text, broadband, step.ask);
  let detail = "";
  if (verdict) {
    detail = verdict.detail;
    matches = matches.filter((m) => m.observation !== "speed_slow" && m.observation !== "speed_ok");
    matches.unshift({ observation: verdict.observation, weight: 0.92 });
  }
  if (!detail) {
    const bars = /\b(\d|one|two|three|four|five|full|no|zero)\s+bars?\b[^.,]*/i.exec(text);
    if (bars) detail = bars[0].trim();
  }

  if (matches.length === 0) {
    // A short reply that answers nothing we recognise: ask again rather than guess.
    return { observation: "unsure", detail: text.slice(0, 120), confidence: 0.3 };
  }

  // Score: specificity, plus a bonus when the step names the observation (directly or by equivalence).
  let best: { observation: Observation; score: number; direct: boolean } | undefined;
  for (const m of matches) {
    const candidates: { obs: Observation; score: number; direct: boolean }[] = [{ obs: m.observation, score: m.weight, direct: true }];
    for (const eq of EQUIVALENT[m.observation] ?? []) if (branchObs.has(eq)) candidates.push({ obs: eq, score: m.weight - 0.05, direct: false });
    for (const c of candidates) {
      const score = c.score + (branchObs.has(c.obs) ? 0.3 : 0);
      if (!best || score > best.score) best = { observation: c.obs, score, direct: c.direct };
    }
  }
  const chosen = best!;
  const inBranches = branchObs.has(chosen.observation);
  let confidence = chosen.observation === "unsure" ? 0.5 : inBranches ? Math.min(0.95, 0.6 + chosen.score * 0.3) : Math.min(0.85, 0.4 + chosen.score * 0.45);
  if (matches.length > 1 && matches[1]!.weight >= matches[0]!.weight - 0.05 && matches[1]!.observation !== chosen.observation) confidence -= 0.1;
  return { observation: chosen.observation, detail, confidence: Math.round(Math.max(0.1, confidence) * 100) / 100 };
}
