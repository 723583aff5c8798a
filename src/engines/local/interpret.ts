import type { NetworkTech, Observation, ReplyReading } from "../../domain/customer-actions.js";
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

// ---------------------------------------------------------------------------
// Reading a reply whole: every observation it carries, clause by clause.

/** Words that carry the meaning of a device reply; a one-letter slip in one of them is corrected before reading. */
const VOCABULARY = [
  "airplane", "aeroplane", "mobile", "cellular", "roaming", "service", "signal", "locked", "restarted", "rebooted", "restart",
  "connection", "connected", "failed", "fails", "delivered", "through", "saver", "permissions", "permission", "allowed", "already",
  "emergency", "network", "settings", "setting", "switched", "turned", "enabled", "disabled", "searching", "picture", "message",
  "nothing", "still", "speed", "calling", "storage", "granted", "missing", "reseated", "entered", "changed", "option", "internet",
  "working", "works", "cannot", "photo",
];

function damerauWithinOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i);
}

/** Corrects one-letter slips in the words the reading depends on ("airplnae" -> "airplane"). */
export function correctTypos(text: string): string {
  return text.replace(/[A-Za-z']{5,}/g, (word) => {
    if (word.includes("'")) return word;
    const lower = word.toLowerCase();
    if (VOCABULARY.includes(lower)) return word;
    const fix = VOCABULARY.find((v) => v.length >= 5 && damerauWithinOne(lower, v));
    return fix ?? word;
  });
}

type SettingKey = "airplaneMode" | "mobileData" | "dataRoaming" | "dataSaver" | "vpn" | "wifi" | "wifiCalling";

/** Setting subjects, most specific first ("wi-fi calling" before "wi-fi", "data roaming" before "mobile data"). */
const SUBJECTS: [SettingKey, RegExp][] = [
  ["wifiCalling", /\bwi-?fi calling\b|\bmms over wi-?fi\b/i],
  ["airplaneMode", /\b(?:air ?plane|aeroplane|flight)(?: mode)?\b|\bplane (?:icon|symbol)\b/i],
  ["dataRoaming", /\b(?:data )?roaming\b/i],
  ["dataSaver", /\b(?:data saver|low data mode)\b/i],
  ["mobileData", /\b(?:mobile|cellular) data\b|^\s*data\b|\bmy data\b|\bthe data\b|\bdata (?:was|is|were)\b/i],
  ["vpn", /\bvpn\b/i],
  ["wifi", /\bwi-?fi\b(?! calling)/i],
];

const ON_WORD = /\b(on|enabled|connected|active|running|in airplane mode)\b/gi;
const OFF_WORD = /\b(off|disabled|not connected|disconnected|no longer)\b/gi;
const NEGATION = /\b(not|no|never|without|don'?t|doesn'?t|didn'?t|isn'?t|wasn'?t|aren'?t|haven'?t|hasn'?t)\b|n't\b/i;

/** The final on/off a clause gives a setting: the last state word wins; a negation turns "on" into "off". */
function toggleIn(clause: string, subjectAt: number, subjectEnd: number): "on" | "off" | undefined {
  const states: { at: number; value: "on" | "off" }[] = [];
  for (const m of clause.matchAll(ON_WORD)) states.push({ at: m.index!, value: "on" });
  for (const m of clause.matchAll(OFF_WORD)) states.push({ at: m.index!, value: "off" });
  states.sort((a, b) => a.at - b.at);
  const before = clause.slice(0, subjectAt);
  // "no VPN", "not in airplane mode", "I don't have a vpn on", "there's no plane icon".
  const negatedSubject = /\b(no|not|without|don'?t have|do not have|doesn'?t have|never use)\s+(?:a |an |any |the |my |in |on )?(?:\w+ )?$/i.test(before);
  const last = states.at(-1);
  if (!last) {
    // A status-bar icon or "VPN" named alone is there (on) unless negated.
    if (negatedSubject) return "off";
    if (/\b(icon|symbol|key)\b/i.test(clause) || /\bhad (?:a |my )?vpn\b|\bvpn running\b|\busing (?:a |my )?vpn\b/i.test(clause)) return "on";
    return undefined;
  }
  if (last.value === "on") {
    const lead = clause.slice(Math.max(0, last.at - 12), last.at);
    if (negatedSubject || NEGATION.test(lead)) return "off";
  }
  void subjectEnd;
  return last.value;
}

/** The setting a pending fix step is about: a bare "already off" or "was on, off now" answers it. */
const PENDING_SUBJECT: Record<string, SettingKey> = {
  airplane_mode_off: "airplaneMode",
  mobile_data_on: "mobileData",
  roaming_on: "dataRoaming",
  data_saver_off: "dataSaver",
  disconnect_vpn: "vpn",
  wifi_calling_off: "wifiCalling",
};

const WORD_NUMBERS: Record<string, number> = { no: 0, zero: 0, one: 1, a: 1, single: 1, two: 2, three: 3, four: 4, five: 5, full: 4 };

function highestTech(text: string): NetworkTech | undefined {
  const found = [...text.matchAll(/\b([2-5])g\b|\b(lte)\b|\b(h\+?|hspa)\b/gi)].map((m) => (m[1] ? `${m[1]}G` : m[2] ? "4G" : "3G"));
  const order = ["2G", "3G", "4G", "5G"];
  return found.sort((a, b) => order.indexOf(b) - order.indexOf(a))[0] as NetworkTech | undefined;
}

/**
 * Reads one customer reply whole. Clause-aware (a setting named in one clause
 * and changed in the next, "it was on, turned it off", ends off), negation-aware
 * ("no VPN", "not in airplane mode", "doesn't ask for a PIN"), and never reads a
 * failure as a success ("Speed test failed: No Connection").
 */
export function readReply(message: string, pending?: string): ReplyReading {
  const text = correctTypos(message.replace(/[’‘]/g, "'"));
  const reading: ReplyReading = { done: [], switched: [], partial: false };
  const seen: Partial<Record<SettingKey, Set<string>>> = {};
  const clauses = text
    .split(/[.!?;\n…]+|\s+-\s+|,\s*|\b(?:and|but|then|also|plus)\b/i)
    .map((c) => c.trim())
    .filter(Boolean);

  // Settings, clause by clause; a clause without a subject continues the last one ("... turned it off"),
  // and the first such clause is about the setting the pending step named ("was on, off now").
  let lastSubject: SettingKey | undefined = pending ? PENDING_SUBJECT[pending] : undefined;
  for (const clause of clauses) {
    let subject: SettingKey | undefined;
    let at = 0;
    let end = 0;
    for (const [key, re] of SUBJECTS) {
      const m = re.exec(clause);
      if (m) {
        subject = key;
        at = m.index;
        end = m.index + m[0].length;
        break;
      }
    }
    // "Airplane Mode: ON", "VPN: Not Connected": the readout value is after the colon.
    const kv = /^([^:]{2,40}):\s*(.+)$/.exec(clause);
    if (subject && kv) {
      const value = kv[2]!.trim();
      reading[subject] = /^(on|connected|enabled)\b/i.test(value) ? "on" : /^(off|not connected|disabled)\b/i.test(value) ? "off" : reading[subject];
      lastSubject = subject;
      continue;
    }
    // A clause without a subject continues the last one only when it says on or off ("turned it off", "off now"),
    // never when it describes something else on the screen ("there's also a R icon", "3 bars, 4G").
    const carries = !subject && /\b(on|off|enabled|disabled|connected|disconnected)\b/i.test(clause) && !/\b(icon|symbol|bars?|[2-5]g|lte|mbps)\b/i.test(clause);
    const target = subject ?? (carries && (/\b(it|it'?s|its|that|this|them)\b/i.test(clause) || (pending && PENDING_SUBJECT[pending] === lastSubject)) ? lastSubject : undefined);
    if (target && !(target === "mobileData" && /\bspeed|test\b/i.test(clause) && !subject)) {
      const value = toggleIn(clause, subject ? at : 0, subject ? end : 0);
      if (value) {
        reading[target] = value;
        (seen[target] ??= new Set()).add(value);
        // "turned airplane mode off", "switched it on": a change, unless it was "already" so.
        if (/\b(turned|switched|disabled|enabled|disconnected|changed)\b/i.test(clause) && !/\balready\b/i.test(clause)) seen[target]!.add("changed");
      }
      // "airplane mode" said on its own in a status-bar report ("the plane icon") is on.
      else if (target === "airplaneMode" && subject && /\b(icon|symbol)\b/i.test(clause)) reading.airplaneMode = "on";
    }
    if (subject) lastSubject = subject;
  }

  reading.switched = (Object.keys(seen) as SettingKey[]).filter((key) => seen[key]!.size > 1);

  // Preferred network setting and the network type in the status bar.
  const modeClause = clauses.find((c) => /\b(network mode|network type|preferred network|voice (?:&|and) data|top option|auto 4g\/5g|changed (?:it|the network mode) to)\b/i.test(c));
  const modeText = text.match(/(?:network mode|network type|preferred network(?: type)?|voice (?:&|and) data)[^.;\n…]*/gi)?.join(" ") ?? modeClause ?? "";
  if (modeText) {
    // "it was on 3G only, changed it to 5G Auto": the value after "to" is the one now.
    const after = /\b(?:changed|set|switched)\b[^.;\n…]*?\bto\b(.*)$/i.exec(modeText);
    const best = /\b(top|best|highest|auto)\b/i.test(after?.[1] ?? modeText) && !highestTech(after?.[1] ?? modeText);
    const tech = highestTech(after?.[1] ?? modeText);
    if (best) reading.networkMode = "5G";
    else if (tech) reading.networkMode = tech;
    if (after) reading.done.push("change_network_mode");
  } else if (/\bchanged (?:it )?to (?:the )?(?:top|auto)\b/i.test(text)) {
    reading.networkMode = "5G";
    reading.done.push("change_network_mode");
  }
  // Asked to set the network mode, "it was on 3G only" or "it's already set to LTE" is the setting, not the status bar.
  const aboutMode = pending === "network_mode_4g5g";
  const modeOnly = (c: string) => aboutMode && !/\b(bars?|top of|status|screen|shows?|see|mbps|speed|download)\b/i.test(c);
  if (aboutMode && !reading.networkMode) {
    const tech = highestTech(clauses.filter(modeOnly).join(" "));
    if (tech) reading.networkMode = tech;
    else if (clauses.some((c) => modeOnly(c) && /\b(top|best|highest|auto)\b/i.test(c))) reading.networkMode = "5G";
  }
  const statusText = clauses.filter((c) => !/\b(network mode|network type|preferred network|voice (?:&|and) data|changed|speed|mbps)\b/i.test(c) && !modeOnly(c)).join(" . ");
  const network = highestTech(statusText.replace(/\b5g auto\b/gi, ""));
  if (network) reading.network = network;
  const bars = /\b(\d|no|zero|one|a|single|two|three|four|five|full)\s+(?:signal\s+)?bars?\b/i.exec(text);
  if (bars) reading.bars = /\d/.test(bars[1]!) ? Math.min(5, Number(bars[1])) : WORD_NUMBERS[bars[1]!.toLowerCase()];

  // SIM: a PUK lock outranks a PIN lock, which outranks a missing SIM.
  if (/\bpuk\b/i.test(text)) reading.sim = "puk_locked";
  else if (/\b(sim (?:card )?(?:is )?locked|wants? (?:a |my )?pin|asks? (?:me )?for (?:a |my |the )?pin|enter (?:the |your )?pin|pin required)\b/i.test(text) && !/\b(?:doesn'?t|does not|didn'?t|no longer|not) (?:ask|want)/i.test(text)) reading.sim = "pin_locked";
  else if (/\b(?:doesn'?t|does not|didn'?t|no longer|not) (?:ask|want)[^.]*\bpin\b/i.test(text)) reading.sim = "ok";
  else if (/\bno sim\b|\bsim (?:card )?(?:not|isn'?t) (?:detected|recogni[sz]ed|found)|\binsert (?:a )?sim\b|\binvalid sim\b/i.test(text)) reading.sim = "missing";

  // Registration: what the top of the screen says. A SIM message or airplane mode means no network, whatever else is named.
  const offNetwork = (reading.sim !== undefined && reading.sim !== "ok") || reading.airplaneMode === "on";
  if (/\b(emergency calls? only|sos only|\bsos\b)/i.test(text)) reading.service = "emergency_only";
  else if (offNetwork || (/\bno (?:service|signal|network)\b|\bsearching\b|\bno bars\b/i.test(text) && !/\b(?:no (?:service|signal) (?:problem|issue)s?)\b/i.test(text))) reading.service = "no_service";
  else if ((reading.bars ?? 0) > 0 || reading.network) reading.service = "registered";
  // "the bars are back, calls work": registered again, even without a count of bars.
  else if (/\b(bars? (?:are|is|came|come) back|signal (?:is |came |come )?back|(?:got|have) (?:signal|service|bars)(?: back| now| again)?|calls? (?:work|go through|are working|connect)|can (?:make |get )?calls?)\b/i.test(text)) reading.service = "registered";
  if (reading.bars === 0 && !reading.service) reading.service = "no_service";

  // APN and MMS server.
  const apnValue = /\bAPN:\s*([^\s…,;]+)/i.exec(text)?.[1];
  if (apnValue) reading.apn = /nimbus/i.test(apnValue) ? "carrier" : "other";
  const mmsc = /\bMMSC:\s*(\S+)/i.exec(text)?.[1];
  if (mmsc) reading.mmsServer = /blank|none|empty|^\(/i.test(mmsc) ? "blank" : "set";

  // Messaging permissions: the last word about them wins ("didn't have storage permission, allowed it").
  const permissionClauses = clauses.filter((c) => /\bpermission/i.test(c));
  if (permissionClauses.length) {
    const joined = text.slice(text.toLowerCase().indexOf("permission") - 60 < 0 ? 0 : text.toLowerCase().indexOf("permission") - 60);
    const granted = [...joined.matchAll(/\b(allowed|granted|allow|all (?:the )?permissions|has all)\b/gi)].at(-1)?.index ?? -1;
    // "granted the permissions it was missing" names what was missing before it was granted.
    const missing = [...joined.replace(/\b(?:it|that|they) (?:was|were) missing\b/gi, "").matchAll(/\b(didn'?t have|missing|denied|not allowed|no (?:storage|sms) permission|lacks?)\b/gi)].at(-1)?.index ?? -1;
    if (granted >= 0 || missing >= 0) reading.messagingPermissions = granted > missing ? "granted" : "missing";
  }

  // Speed test: a figure, or a test that could not connect.
  const speed = readSpeed(text);
  if (speed) {
    const label = /\b(excellent|good|fair|poor)\b/i.exec(text)?.[1];
    const speedClause = clauses.find((c) => /mbps|mb\/s|kbps|megs?\b/i.test(c)) ?? "";
    const onNetwork = highestTech(speedClause) ?? highestTech(clauses[clauses.indexOf(speedClause) + 1] ?? "");
    reading.speedTest = {
      connected: true,
      mbps: Math.round(speed.mbps * 1000) / 1000,
      ...(label ? { label: label.toLowerCase() } : {}),
      ...(onNetwork ? { network: onNetwork } : {}),
    };
  } else if (
    /\b(speed ?test|speedtest|the test)\b[^.]*\b(fail(?:ed|s)?|no connection|won'?t (?:run|load|start)|errors? out|can'?t connect|no internet)\b|\bno connection\b|\bcan'?t connect to run\b/i.test(text) ||
    // "it won't start without wifi": the test cannot reach the internet over mobile data.
    /\bwon'?t (?:start|load|run|open|work) (?:without|off) (?:the )?wi-?fi\b|\bnothing loads\b|\bwon'?t (?:even )?load\b/i.test(text)
  ) {
    reading.speedTest = { connected: false };
  }

  // MMS: failure words first, so "cannot send MMS" or "not delivered" is never a success.
  const mmsText = clauses.filter((c) => /\b(mms|picture|photo|message|sent|send|delivered|went through)\b/i.test(c));
  if (mmsText.some((c) => /\b(not (?:sent|delivered)|fail(?:ed|s|ing)?|won'?t send|couldn'?t send|cannot send|can'?t send|didn'?t (?:go through|send|arrive)|error|undelivered)\b/i.test(c))) reading.mms = "failed";
  else if (mmsText.some((c) => /\b(went through|was delivered|delivered|sent (?:fine|ok|okay|successfully)|mms sent|it arrived|got it)\b/i.test(c) && !/\bnot\b/i.test(c))) reading.mms = "sent";

  // What the customer did, sentence by sentence ("turned it off and on again" is one act).
  const sentences = text.split(/[.!?;\n…]+/).map((c) => c.trim()).filter(Boolean);
  const did = (re: RegExp) => sentences.some((c) => re.test(c) && !/\b(haven'?t|didn'?t|not yet|won'?t|can'?t|cannot)\b/i.test(c));
  if (did(/\b(restart(?:ed)?|reboot(?:ed)?|turned it off and (?:back )?on|powered (?:it )?off)\b/i)) reading.done.push("restart");
  if (did(/\b(re-?seat(?:ed)?|took (?:the )?sim out|sim out and put it back|did the sim thing)\b/i)) reading.done.push("reseat_sim", "restart");
  if (did(/\b(entered|put in|typed(?: in)?)\b[^.]*\bpin\b/i)) reading.done.push("enter_sim_pin");
  if (did(/\breset\b[^.]*\bapns?\b|\bapns?\b[^.]*\breset\b|\breset to default\b/i)) reading.done.push("reset_apn");
  if (did(/\breset network settings\b/i)) reading.done.push("reset_network_settings", "reset_apn", "restart");
  if (did(/\b(paid|payment (?:made|sent|done))\b/i)) reading.done.push("pay");
  reading.done = [...new Set(reading.done)];
  if (/\b(haven'?t done the rest|only did (?:that|the first)|did the first (?:bit|part)|not the rest)\b/i.test(text)) reading.partial = true;

  // Asking instead of doing.
  if (/\bhow (?:do|can|would|should) i\b|\bhow\s*\?|^\s*how\b|\bwhere (?:do i|is|can i) (?:find|that|it)|\bwhere do i find\b/i.test(text)) reading.request = "how_to";
  else if (/\b(?:can'?t|cannot|couldn'?t|unable to) find\b|\bno such (?:option|setting)\b|\bdon'?t see (?:that|it|any)\b/i.test(text)) reading.request = "cant_find";
  else if (/^\s*why\b|\bwhy (?:would|do|does|is|should|did)\b/i.test(text)) reading.request = "why";

  // A bare verdict.
  if (/\b(works? now|working (?:now|again)|it works|fixed|sorted|all good now|back to normal)\b/i.test(text) && !/\bnot (?:fixed|working)\b/i.test(text)) reading.general = "fixed";
  else if (/\bstill\b|\bno change\b|\bnothing changed\b|\bnope\b|\bno luck\b|\bdidn'?t (?:help|work)\b|\bfail(?:ed|s)?\b|\bnot sent\b/i.test(text)) reading.general = "not_fixed";
  else if (/^\s*(yes|yep|yeah|yup|sure|ok(?:ay)?)\b/i.test(text) && text.length < 40 && !/\?/.test(text)) reading.general = "yes";
  else if (/^\s*(no|nah)\b/i.test(text) && text.length < 30) reading.general = "no";
  else if (/\b(done|did (?:it|that)|finished|ok did|changed|turned|switched|granted|allowed)\b/i.test(text)) reading.general = "done";
  return reading;
}
