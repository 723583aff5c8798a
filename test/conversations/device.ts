import type { DeviceFault } from "./schema.js";
import type { Rng } from "./rng.js";

/**
 * A customer holding a phone (or router) with one fault, answering what the agent's
 * last reply asks the way a person would: they read the reply, do what it says, and
 * tell what they see. Only the right instruction fixes the fault. Nothing here reads
 * the agent's state: the customer sees the words, not the graph.
 */
export interface DeviceAnswer {
  text: string;
  fixed: boolean;
}

interface FaultModel {
  /** The instruction that fixes it, as an agent would word it. */
  fix: RegExp;
  fixedText: string[];
  /** What the customer sees when asked to look (status bar, lights, settings). */
  looks: string[];
  /** What they say after any other instruction. */
  unchanged: string[];
  /** What the customer finds when asked to try something, by what the agent asked. */
  probes: Partial<Record<Probe, string>>;
}

/** Checks an agent asks a customer to run; each fault answers them the way the phone would behave. */
type Probe = "web" | "speed" | "mms" | "call";
const PROBES: [Probe, RegExp][] = [
  ["mms", /(test|picture|photo) (message|mms)|send (yourself |a |me )?(a )?(picture|photo|mms|test)/i],
  ["speed", /speed ?test|speedtest|fast\.com|what (download|speed)/i],
  ["web", /web ?page|website|browser|open (any|a) (page|site)|does it load|load a page|browse/i],
  ["call", /make a (test )?call|call (someone|a number|a friend)|can you (make )?calls?/i],
];

const LOOK = /(status bar|top of (your|the) screen|signal bars|how many bars|what (do|can) you see|what does it (say|show)|lights?\b|look at|check (the|your) (screen|phone|settings|router))/i;
const RESTART = /(restart|reboot|turn (it|your phone|the phone|the router) off and (back )?on|power (it )?off)/i;

const MODELS: Record<DeviceFault, FaultModel> = {
  airplane_mode: {
    fix: /(airplane|aeroplane|flight) mode/i,
    fixedText: ["oh it was on!! turned it off and the bars are back, calls work 🙂", "omg airplane mode was on. off now and i have signal. thanks"],
    looks: ["no bars at all, theres a little plane icon next to the battery", "it says no service and there's a plane symbol at the top"],
    unchanged: ["did that, still nothing. no bars", "still no signal, same as before"],
    probes: { web: "no, nothing loads, there's no signal at all", speed: "can't, no connection", mms: "can't send anything", call: "no, calls fail straight away" },
  },
  mobile_data_off: {
    fix: /(mobile|cellular) data/i,
    fixedText: ["mobile data was switched off somehow. turned it on and apps load now, thanks!", "found it, data was off. working now"],
    looks: ["i have 4 bars and it says 5G but no little arrows and nothing loads", "full signal, 5G, calls work, just no internet"],
    unchanged: ["tried it, still no internet", "nope, pages still dont load"],
    probes: { web: "no, nothing loads once wifi is off", speed: "it won't start without wifi", mms: "it doesn't send", call: "calls work fine" },
  },
  wifi_calling_mms: {
    fix: /wi-?fi calling/i,
    fixedText: ["switched wifi calling off and sent a photo to my sister, it went through this time!", "ok wifi calling off now, and the picture message sent. great"],
    looks: ["signal is fine, 5G, the pictures just say not delivered", "full bars, texts go, only the picture messages fail"],
    unchanged: ["did that, the picture still says not delivered", "still failing to send pictures"],
    probes: { web: "yes, pages load fine on mobile data", speed: "about 60 mbps, seems fine", mms: "still says not delivered", call: "calls are fine" },
  },
  data_roaming_off: {
    fix: /data roaming/i,
    fixedText: ["found data roaming in the settings, it was off. on now and the internet works", "turned on data roaming on the phone and it works now thank you"],
    looks: ["it shows movistar and 4G but no internet", "signal bars and a spanish network name, but nothing loads"],
    unchanged: ["done, still no internet", "still nothing loads"],
    probes: { web: "no, nothing loads", speed: "it won't run", mms: "doesn't send", call: "haven't tried, it's expensive from here" },
  },
  data_saver: {
    fix: /(data saver|low data mode)/i,
    fixedText: ["data saver was on! turned it off and videos play fine now", "ok turned off data saver, much faster now"],
    looks: ["5G and 4 bars, it's just really slow", "signal is full, speed is terrible"],
    unchanged: ["did it, still slow", "no difference, still crawling"],
    probes: { web: "it loads, just really slowly", speed: "about 2 mbps down", mms: "it sends, slowly", call: "calls are fine" },
  },
  vpn: {
    fix: /\bvpn\b/i,
    fixedText: ["oh i had a vpn on from work, disconnected it and it's fast again", "turned the vpn off, speed is back to normal"],
    looks: ["4 bars, 5G, just slow", "signal fine but everything takes ages"],
    unchanged: ["tried that, still slow", "no change"],
    probes: { web: "loads but takes ages", speed: "3 mbps, really bad", mms: "sends eventually", call: "calls fine" },
  },
  wifi_range: {
    fix: /(move|closer|extender|mesh|position|central)/i,
    fixedText: ["moved the router to the landing and upstairs is fine now", "put it higher up in the middle of the house, wifi reaches the bedroom now"],
    looks: ["all lights are green on the router", "the lights are all normal, green"],
    unchanged: ["did that, still weak upstairs", "still drops in the bedroom"],
    probes: { web: "downstairs yes, upstairs pages time out", speed: "480 next to the router, about 5 in the bedroom", call: "calls are fine" },
  },
};

const questions = new Intl.Segmenter("en", { granularity: "sentence" });

/** Whether a reply asks the customer (in a question) to look at or do something on the device. */
export function asksDeviceStep(reply: string): boolean {
  return [...questions.segment(reply)]
    .map((s) => s.segment.trim())
    .filter((q) => /\?\s*$/.test(q))
    .some((q) => LOOK.test(q) || RESTART.test(q) || PROBES.some(([, p]) => p.test(q)) || Object.values(MODELS).some((m) => m.fix.test(q)));
}

export class SimulatedDevice {
  fixed = false;
  private readonly model: FaultModel;
  constructor(
    readonly fault: DeviceFault,
    private readonly rng: Rng,
    /** What the customer wrote first: said again when the agent asks something that is not a device step. */
    private readonly complaint: string,
  ) {
    this.model = MODELS[fault];
  }

  /** The customer's answer to the agent's last reply. */
  answer(reply: string): DeviceAnswer {
    const m = this.model;
    if (m.fix.test(reply)) {
      this.fixed = true;
      return { text: this.rng.pick(m.fixedText), fixed: true };
    }
    const probe = PROBES.find(([name, pattern]) => m.probes[name] && pattern.test(reply));
    if (probe) return { text: m.probes[probe[0]]!, fixed: false };
    if (LOOK.test(reply)) return { text: this.rng.pick(m.looks), fixed: false };
    if (RESTART.test(reply) || /\b(turn|switch|make sure|check|set|disconnect|remove|reinsert|reset)\b/i.test(reply))
      return { text: this.rng.pick(m.unchanged), fixed: false };
    // Not a device step (a greeting, "what can I do for you?", a question about something else): say the problem again.
    return { text: this.rng.pick([`like i said, ${this.complaint}`, `${this.complaint}. still not working`, `i told you, ${this.complaint}`]), fixed: false };
  }
}
