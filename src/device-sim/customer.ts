import type { SimulatedTelecomBackend } from "../backend/simulated.js";
import { SeededRandom } from "./rng.js";
import { finalCheckPasses, type PhoneActionId, type SimulatedPhone, type Symptom } from "./phone.js";

/**
 * A customer who talks like people, over a simulated phone. It reads the agent's
 * latest reply (keywords are fine here: this is the test customer, not the agent),
 * does on the phone what was asked, and says what the phone shows, in a form
 * chosen by a seeded generator: terse, chatty, a pasted settings readout, several
 * observations at once, typos, "how do I do that?", "I can't find that", doing
 * only part, asking why, or a bare value without saying whether it is good.
 */

export interface CustomerProfile {
  fullName: string;
  /** The account's number as the dataset stores it (+15550100002). */
  phoneNumber: string;
  customerId: string;
  symptom: Symptom;
  /** Most the customer agreed (before the chat) to spend on a top-up, in dollars. */
  budget: number;
}

export type ReplyStyle =
  | "plain"
  | "terse"
  | "chatty"
  | "readout"
  | "multi"
  | "typos"
  | "how_to"
  | "cant_find"
  | "partial"
  | "why"
  | "value_only";

export type DeviceRequest = PhoneActionId | "check_status_bar" | "speed_test" | "send_mms";

export interface CustomerReply {
  text: string;
  style: ReplyStyle;
  /** What the customer understood the agent to ask. */
  understood: string[];
}

/** Device requests and the words that name them in an agent's instruction. Checks last: they are done after the fixes. */
const REQUEST_CUES: readonly (readonly [DeviceRequest, RegExp])[] = [
  ["airplane_off", /\b(air ?plane|aeroplane|flight) mode\b/i],
  ["reseat_sim", /\b(re-?seat|take (?:the |your )?sim|remove (?:the |your )?sim|sim (?:card )?tray|re-?insert)/i],
  ["enter_sim_pin", /\bsim pin\b|\benter (?:your |the )?(?:sim )?pin\b|\bpin code\b/i],
  ["reset_network_settings", /\breset network settings\b/i],
  ["reset_apn", /\b(apn|access point)/i],
  ["mobile_data_on", /\b(mobile|cellular) data\b(?! roaming)/i],
  ["data_roaming_on", /\bdata roaming\b|\broaming (?:toggle|switch|setting) (?:on|in) (?:your|the) phone\b/i],
  ["data_saver_off", /\b(data saver|low data mode)\b/i],
  ["vpn_off", /\bvpn\b/i],
  ["wifi_calling_off", /\bwi-?fi calling\b|\bmms over wi-?fi\b/i],
  ["grant_messaging_permissions", /\bpermissions?\b/i],
  // "which network type does it show" is a question about the status bar, not the setting.
  ["network_mode_best", /\b(network mode|preferred network|voice (?:&|and) data)\b/i],
  ["restart", /\b(restart|reboot|turn (?:it|your phone|the phone) off and (?:back )?on)\b/i],
  ["check_status_bar", /\b(top of (?:your|the) screen|status bar|signal bars|how many bars|any (?:signal )?bars|bars come back|what (?:do you see|does it (?:say|show)) at the top)\b/i],
  ["speed_test", /\b(speed ?test|fast\.com|test (?:your|the) speed)\b/i],
  ["send_mms", /\b(?:send|try)\b[^.?!]*\b(mms|picture|photo)\b|\btest mms\b/i],
];

/** A setting is asked about only in an instruction or a question about it, not in a finding. */
const INSTRUCTION = /\b(turn|switch|make sure|check|enable|disable|set|toggle|is it|is your|are you|look at|find|go to|open|tap|change|select|choose|pick|reset|restart|reboot|grant|allow|disconnect|enter|type|put|take|remove|re-?seat|run|send|try|tell me)\b/i;

const SETTING_ACTIONS = new Set<DeviceRequest>([
  "airplane_off", "mobile_data_on", "data_roaming_on", "data_saver_off", "vpn_off", "wifi_calling_off", "grant_messaging_permissions", "network_mode_best", "reset_apn",
]);

const OPENINGS: Record<Symptom, { home: string[]; abroad: string[] }> = {
  no_service: {
    home: ["my phone has no signal since this morning, cant call anyone", "Hi, my mobile says no service and nobody can reach me", "phone wont connect to the network at all, no calls no texts"],
    abroad: ["I'm in Spain on holiday and my phone has no signal at all", "just landed in lisbon and my phone says no service", "abroad for work and my mobile won't connect to any network"],
  },
  no_data: {
    home: ["my mobile data stopped working, nothing loads unless im on wifi", "hi, internet on my phone doesn't work anymore, apps just spin", "mobile data is dead since yesterday, whatsapp won't send anything without wifi"],
    abroad: ["I'm in Spain and my phone has no internet", "travelling in France, calls work but no mobile data at all", "im abroad and my data isnt working, maps wont load"],
  },
  slow_data: {
    home: ["my mobile internet is really slow, videos keep buffering", "data on my phone is crawling, pages take forever", "why is my 4g so slow lately? everything buffers"],
    abroad: ["I'm in Italy and the mobile data is painfully slow", "on holiday in spain and my data is super slow, barely loads", "abroad and internet on my phone is so slow it's useless"],
  },
  mms_failing: {
    home: ["picture messages won't send from my phone", "i cant send photos by text, it just says failed", "MMS not working, my mum can't get the pictures I send"],
    abroad: ["I'm abroad and picture messages won't send", "in Spain and I can't send photos by text message", "travelling and my MMS keeps failing"],
  },
};

const CHATTER = [
  "sorry im on the bus so typing fast. ",
  "ok so my son had the phone earlier, not sure if he touched anything. ",
  "I was in the middle of ordering groceries when this all started. ",
  "this phone is only a year old btw. ",
  "honestly this is the third time this month something is off. ",
];
const CHATTER_AFTER = [" anyway the weather here is awful today.", " my coffee is getting cold lol.", " I have a meeting in 20 mins so hoping we can sort this.", " the battery is at 40% if that matters."];

export class SimulatedCustomer {
  private readonly rng: SeededRandom;
  private identityGiven = 0;
  private readonly askedHow = new Map<DeviceRequest, number>();
  private cantFindUsed = false;
  private whyUsed = false;
  private partialUsed = 0;
  private paid = new Set<string>();

  constructor(
    readonly phone: SimulatedPhone,
    private readonly backend: SimulatedTelecomBackend,
    readonly profile: CustomerProfile,
    seed: number,
  ) {
    this.rng = new SeededRandom(seed);
  }

  opening(): string {
    return this.rng.pick(OPENINGS[this.profile.symptom][this.phone.settings.location]);
  }

  /** The customer's next message, given the agent's latest reply. */
  async reply(agentText: string): Promise<CustomerReply> {
    const sentences = splitSentences(agentText);
    const understood: string[] = [];

    // Identity first: the graph asks for it before it looks at the account.
    if (/\b(phone number on the account|confirm it'?s you|verify (?:your|who)|your full name|date of birth)\b/i.test(agentText)) {
      understood.push("identity");
      return { text: this.identity(), style: "plain", understood };
    }

    // A payment link the customer owes: pay it, as people do through the link.
    const parts: string[] = [];
    if (/\bpayment (?:request|link)\b/i.test(agentText) && /\b(sent|texted|emailed|i'?ve sent|on its way)\b/i.test(agentText)) {
      const paid = await this.payPendingRequest();
      if (paid) {
        understood.push("pay");
        parts.push(this.rng.pick([`ok just paid the $${paid.toFixed(2)} through the link`, "done, paid it", `paid it now ($${paid.toFixed(2)})`, "ok I've paid that"]));
      }
    }

    // Offered more data while data is left: the problem is elsewhere, as the customer knows.
    const left = /\byou (?:still )?have ([\d.]+) ?GB (?:of data )?left\b/i.exec(agentText);
    if (left && Number(left[1]) >= 1 && /\bhow much would you like\b/i.test(agentText) && parts.length === 0) {
      understood.push("decline_top_up");
      return { text: this.rng.pick(["no thanks, I don't need more data, it just doesn't work", "I have data left, that's not the problem. it still doesn't work"]), style: "plain", understood };
    }

    // Asked how much data to add: the most the budget allows.
    if (/\bhow much (?:would you like|data)\b|\bhow many (?:gb|gigabytes)\b/i.test(agentText) && parts.length === 0) {
      understood.push("amount");
      const options = [...agentText.matchAll(/(\d+(?:\.\d+)?)\s?GB (?:is|for|costs?) \$(\d+(?:\.\d{1,2})?)/gi)].map((m) => ({ gb: Number(m[1]), price: Number(m[2]) }));
      const affordable = options.filter((o) => o.price <= this.profile.budget).sort((a, b) => b.gb - a.gb)[0];
      if (!affordable) return { text: "that's more than I want to spend, no thanks", style: "plain", understood };
      return { text: this.rng.pick([`${affordable.gb} GB please`, `i'll take ${affordable.gb}gb`, `${affordable.gb} gb is fine`]), style: "plain", understood };
    }

    // Proposals about the account: a yes within what the customer accepts, a no to a plan change.
    const proposal = sentences.find((s) => /\?/.test(s) && /\b(shall i|should i|would you like|do you want|want me to|can i|may i|ok(?:ay)? (?:to|if)|go ahead)\b/i.test(s));
    if (proposal && parts.length === 0) {
      understood.push("proposal");
      return { text: this.answerProposal(proposal), style: "plain", understood };
    }

    // A clarifying question about the topic: say which problem it is.
    if (/\b(is this about|do you mean|are you asking about|which (?:one|problem))\b/i.test(agentText) && parts.length === 0) {
      understood.push("clarify");
      const topic: Record<Symptom, string> = {
        no_service: "no signal, the phone won't connect at all",
        no_data: "my mobile data, it doesn't work",
        slow_data: "my mobile data, it's really slow",
        mms_failing: "picture messages, they won't send",
      };
      return { text: `it's about ${topic[this.profile.symptom]}`, style: "plain", understood };
    }

    // Told it's fixed: the customer checks for themselves and says what they see.
    if (/\b(fixed now|that's fixed|is working at|working again|back on the network|going through again)\b/i.test(agentText) && parts.length === 0) {
      understood.push("own_check");
      if (finalCheckPasses(this.phone, this.profile.symptom)) return { text: this.rng.pick(["great, thanks!", "yes works now, thank you", "perfect, thanks for the help"]), style: "plain", understood };
      const check: DeviceRequest = this.profile.symptom === "no_service" ? "check_status_bar" : this.profile.symptom === "mms_failing" ? "send_mms" : "speed_test";
      return { text: `hmm no, ${this.doCheck(check, "plain")}`, style: "plain", understood };
    }

    const requests = this.requestsIn(sentences);
    understood.push(...requests);
    if (requests.length === 0) {
      if (parts.length > 0) return { text: parts.join(". "), style: "plain", understood };
      return { text: this.restate(), style: "plain", understood };
    }

    const style = this.chooseStyle(requests, agentText);
    const howTo = requests.find((r) => SETTING_ACTIONS.has(r) || r === "reseat_sim" || r === "enter_sim_pin");
    if (style === "how_to" && howTo) {
      this.askedHow.set(howTo, (this.askedHow.get(howTo) ?? 0) + 1);
      const device = this.phone.settings.os === "ios" ? "iphone" : "android";
      return { text: this.rng.pick(["how do I do that?", `where do i find that on my ${device}?`, "how do i do that sorry", "um how? where is that setting"]), style, understood };
    }
    if (style === "cant_find" && howTo) {
      this.cantFindUsed = true;
      return { text: this.rng.pick(["I can't find that setting", "i looked in settings but i cant find it anywhere", "there's no such option on my phone??"]), style, understood };
    }
    if (style === "why") {
      this.whyUsed = true;
      return { text: this.rng.pick(["why? I never touched any of that", "why would that matter?", "why do i need to do that"]), style, understood };
    }

    // Do what was asked (only the first part when the customer does part of it), then say what the phone shows.
    const fixes = requests.filter((r) => r !== "check_status_bar" && r !== "speed_test" && r !== "send_mms");
    const checks = requests.filter((r) => r === "check_status_bar" || r === "speed_test" || r === "send_mms");
    const doing = style === "partial" && fixes.length > 1 ? fixes.slice(0, 1) : style === "partial" && fixes.includes("restart") ? fixes.filter((f) => f !== "restart") : fixes;
    if (style === "partial") this.partialUsed += 1;
    for (const fix of doing) parts.push(this.doFix(fix as PhoneActionId, style));
    if (style === "partial" && doing.length < fixes.length) parts.push(this.rng.pick(["did the first bit", "haven't done the rest yet", "i only did that part"]));
    for (const check of checks) parts.push(this.doCheck(check, style));
    if (checks.length === 0 && (style === "multi" || style === "readout")) parts.push(this.doCheck("check_status_bar", style));
    if (style === "readout") parts.push(this.pastedReadout());
    return { text: this.dress(parts, style), style, understood };
  }

  private identity(): string {
    this.identityGiven += 1;
    const digits = this.profile.phoneNumber.replace(/\D/g, "").slice(-10);
    const dashed = `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
    const spaced = `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
    // Forms the current identity reading understands ("555-010-0002, James Carter").
    return this.rng.pick([`${dashed}, ${this.profile.fullName}`, `${spaced}, ${this.profile.fullName}`, `it's ${dashed}, ${this.profile.fullName}`]);
  }

  private async payPendingRequest(): Promise<number | undefined> {
    const snapshot = this.backend.snapshot();
    const pending = snapshot.paymentRequests.find((p) => p.customerId === this.profile.customerId && p.status === "pending" && !this.paid.has(p.id));
    if (!pending) return undefined;
    const result = await this.backend.recordCustomerPayment(pending.billId);
    if (!result.ok) return undefined;
    this.paid.add(pending.id);
    return pending.amount;
  }

  private answerProposal(sentence: string): string {
    if (/\b(plan|upgrade|switch (?:you )?to)\b/i.test(sentence) && !/\btop.?up\b/i.test(sentence))
      return this.rng.pick(["no thanks, I don't want to change my plan", "no, keep my plan as it is", "nah not changing plans"]);
    if (/\btop.?up|\badd\b[^?]*\bgb\b|more data/i.test(sentence)) {
      const prices = [...sentence.matchAll(/\$\s?(\d+(?:\.\d{1,2})?)/g)].map((m) => Number(m[1]));
      const price = prices.length ? Math.max(...prices) : undefined;
      if (price !== undefined && price > this.profile.budget) return `no, that's more than I want to spend (I can do $${this.profile.budget})`;
      return this.rng.pick(["yes please go ahead", "yes, do it", "ok yes add it", "yep fine"]);
    }
    return this.rng.pick(["yes please", "yes go ahead", "ok yes", "yeah do that"]);
  }

  private requestsIn(sentences: string[]): DeviceRequest[] {
    const found: DeviceRequest[] = [];
    for (const sentence of sentences) {
      if (!INSTRUCTION.test(sentence) && !/\?\s*$/.test(sentence)) continue;
      for (const [request, cue] of REQUEST_CUES) if (cue.test(sentence) && !found.includes(request)) found.push(request);
    }
    // The network mode sentence often says "4G or 5G"; the Wi-Fi in "Wi-Fi calling" is not Wi-Fi itself.
    const order = (r: DeviceRequest) => (r === "check_status_bar" || r === "speed_test" || r === "send_mms" ? 2 : r === "restart" ? 1 : 0);
    return found.sort((a, b) => order(a) - order(b));
  }

  private chooseStyle(requests: DeviceRequest[], agentText: string): ReplyStyle {
    const setting = requests.find((r) => SETTING_ACTIONS.has(r) || r === "reseat_sim" || r === "enter_sim_pin");
    // Guidance for this phone ("Settings > ...") answers "how do I do that?"; without it the customer may ask again, twice at most.
    const guided = /settings\s*(?:>|›|→)|\btap\b|\bswipe\b|control cent(?:re|er)|quick settings/i.test(agentText);
    const asked = setting ? (this.askedHow.get(setting) ?? 0) : 2;
    const options: [ReplyStyle, number][] = [
      ["plain", 30],
      ["terse", 14],
      ["chatty", 12],
      ["readout", 8],
      ["multi", 10],
      ["typos", 10],
      ["value_only", 6],
    ];
    if (setting && asked === 0 && !guided) options.push(["how_to", 8]);
    if (setting && !this.cantFindUsed && asked === 0) options.push(["cant_find", 3]);
    if (!this.whyUsed) options.push(["why", 3]);
    if (this.partialUsed < 2 && (requests.filter((r) => SETTING_ACTIONS.has(r) || r === "restart").length > 1 || requests.includes("restart"))) options.push(["partial", 6]);
    return this.rng.weighted(options);
  }

  private doFix(action: PhoneActionId, style: ReplyStyle): string {
    const s = this.phone.settings;
    const terse = style === "terse";
    const before = JSON.stringify(s);
    const readBefore = this.phone.readout();
    this.phone.act(action);
    const changed = JSON.stringify(this.phone.settings) !== before;
    const say = (didIt: string[], already: string[]) => this.rng.pick(changed ? didIt : already);
    switch (action) {
      case "airplane_off":
        return terse ? (changed ? "was on, off now" : "already off") : say(["airplane mode was on! turned it off", "oh it was in airplane mode, switched it off", "turned airplane mode off"], ["airplane mode is already off", "it's not on airplane mode, that's off", "airplane mode was already off"]);
      case "reseat_sim":
        return say(["took the sim out, cleaned it and put it back, phone restarted", "reseated the sim and restarted"], ["took the sim out and put it back in, restarted", "did the sim thing, it was in properly though"]);
      case "enter_sim_pin":
        return changed ? this.rng.pick(["entered my PIN, it accepted it", "put in the sim pin"]) : s.sim === "puk_locked" ? "it won't take a PIN, it's asking for a PUK code now" : "it doesn't ask me for a PIN";
      case "restart":
        return this.rng.pick(["restarted it", "ok rebooted", "turned it off and on again"]);
      case "reset_apn":
        return this.rng.pick(["reset the APN to default", "hit reset to default on the APNs", `APN was ${readBefore.APN}, reset it`]);
      case "reset_network_settings":
        return "reset network settings, it restarted";
      case "mobile_data_on":
        return terse ? (changed ? "was off, on now" : "its on") : say(["mobile data was off, turned it on", "oh data was switched off, its on now"], ["mobile data is already on", "mobile data is on, it always is", "data was already on"]);
      case "data_roaming_on":
        return say(["data roaming was off, switched it on", "turned data roaming on"], ["data roaming is already on", "roaming is on already on my phone"]);
      case "data_saver_off":
        return say([s.os === "ios" ? "low data mode was on, turned it off" : "data saver was on, turned it off"], [s.os === "ios" ? "low data mode is off" : "data saver is already off"]);
      case "vpn_off":
        return say(["yeah I had a VPN on, disconnected it", "turned the vpn off"], ["no VPN running", "I don't have a vpn on"]);
      case "wifi_off":
        return say(["wifi off now"], ["wifi was already off"]);
      case "wifi_calling_off":
        return say(["wifi calling was on, switched it off", "turned off wi-fi calling"], ["wifi calling is already off", "wifi calling was off"]);
      case "grant_messaging_permissions":
        return say(["the messages app didn't have storage permission, allowed it", "granted the permissions it was missing"], ["permissions are all allowed already", "it already has all the permissions"]);
      case "network_mode_best":
        return say([`it was on ${readBefore[s.os === "ios" ? "Voice & Data" : "Preferred network type"]}, changed it to ${s.os === "ios" ? "5G Auto" : "the top option"}`, "changed the network mode to the auto 4G/5G one"], ["network mode is already on the top auto setting", `it's already set to ${readBefore[s.os === "ios" ? "Voice & Data" : "Preferred network type"]}`]);
      default:
        return "done";
    }
  }

  private doCheck(check: DeviceRequest, style: ReplyStyle): string {
    if (check === "check_status_bar") return this.describeStatusBar(style);
    if (check === "speed_test") return this.describeSpeed(style);
    return this.describeMms(style);
  }

  private describeStatusBar(style: ReplyStyle): string {
    const bar = this.phone.statusBar();
    const reg = bar.registration;
    const terse = style === "terse";
    let text: string;
    switch (reg.kind) {
      case "airplane":
        text = terse ? "plane icon, no bars" : this.rng.pick(["there's a little airplane icon at the top and no bars", "no bars, just a plane symbol", "top says airplane mode icon, nothing else"]);
        break;
      case "no_sim":
        text = this.rng.pick([`it says ${bar.carrierText}`, `${bar.carrierText} at the top`, `the top left says "${bar.carrierText}"`]);
        break;
      case "sim_pin":
        text = this.rng.pick([`it says ${bar.carrierText}`, "it says the SIM is locked and wants a PIN"]);
        break;
      case "sim_puk":
        text = this.rng.pick([`it says ${bar.carrierText}`, "it says sim locked and asks for a PUK code"]);
        break;
      case "emergency_only":
        text = this.rng.pick([`it says ${bar.carrierText}`, `just "${bar.carrierText}" at the top`, `${bar.carrierText}, no proper bars`]);
        break;
      case "no_service":
        text = this.rng.pick(["it says No service", "No service at the top", "no service, no network name"]);
        break;
      case "registered":
        text = terse
          ? `${reg.bars} bars ${reg.network}`
          : this.rng.pick([`${reg.bars} bars and ${reg.network}`, `I see ${reg.bars} bars, ${reg.network}`, `${bar.carrierText} ${reg.network} with ${reg.bars} bars`]);
        break;
    }
    const icons = bar.icons.filter((i) => i !== "airplane" && i !== "wifi");
    if (icons.length && style !== "terse") text += `, there's also a ${icons.join(" and a ")} icon`;
    return text;
  }

  private describeSpeed(style: ReplyStyle): string {
    const test = this.phone.speedTest();
    if (!test.ok) return this.rng.pick(["Speed test failed: No Connection", "the speed test won't run, says no connection", "speedtest just errors out, no internet", "it can't connect to run the test"]);
    const figure = `${test.mbps} Mbps`;
    if (style === "value_only" || style === "terse") return this.rng.pick([`${figure}`, `it says ${figure}`, `download ${figure}`]);
    return this.rng.pick([`speed test: ${figure} download (${test.label}), on ${test.network}`, `got ${figure} on ${test.network}, app says ${test.label}`, `${figure}, it rates it ${test.label}`]);
  }

  private describeMms(style: ReplyStyle): string {
    const block = this.phone.mmsBlock();
    if (block === null) return this.rng.pick(["the picture went through this time!", "sent a photo to my wife and it was delivered", "MMS sent fine"]);
    if (style === "terse") return this.rng.pick(["failed", "not sent", "still fails"]);
    return this.rng.pick(["tried sending a photo again, it says Message not sent", "the picture message failed again", "it says Not Delivered with a red exclamation mark", "MMS still fails to send"]);
  }

  private pastedReadout(): string {
    const entries = Object.entries(this.phone.readout());
    const count = 3 + Math.floor(this.rng.next() * 3);
    const chosen: [string, string][] = [];
    while (chosen.length < count) {
      const entry = this.rng.pick(entries);
      if (!chosen.includes(entry)) chosen.push(entry);
    }
    return `here's what my settings say: ${chosen.map(([k, v]) => `${k}: ${v}`).join(" … ")}`;
  }

  private restate(): string {
    const bar = this.phone.statusBar();
    const status = bar.registration.kind === "registered" ? `${bar.bars} bars ${bar.network}` : bar.carrierText;
    const what: Record<Symptom, string> = {
      no_service: "my phone still has no service",
      no_data: "the data still doesn't work",
      slow_data: "data is still slow",
      mms_failing: "picture messages still won't send",
    };
    return this.rng.pick([`what should I do? ${what[this.profile.symptom]}`, `${what[this.profile.symptom]}, the top says ${status}`, "ok so what now?"]);
  }

  private dress(parts: string[], style: ReplyStyle): string {
    let text = parts.filter(Boolean).join(style === "terse" ? ", " : ". ");
    if (style === "chatty") text = `${this.rng.pick(CHATTER)}${text}.${this.rng.pick(CHATTER_AFTER)}`;
    if (style === "typos") text = this.typos(text.toLowerCase());
    return text;
  }

  /** One or two slips of the thumb in longer lower-case words; numbers and status texts stay intact. */
  private typos(text: string): string {
    const words = text.split(" ");
    const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^[a-z]{5,}$/.test(w));
    for (let n = 0; n < 2 && candidates.length; n++) {
      const [word, index] = candidates.splice(Math.floor(this.rng.next() * candidates.length), 1)[0]!;
      const at = 1 + Math.floor(this.rng.next() * (word.length - 2));
      words[index] = this.rng.chance(0.5) ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) : word.slice(0, at) + word.slice(at + 1);
    }
    return words.join(" ");
  }
}

function splitSentences(text: string): string[] {
  return text.split(/(?<=[.?!])\s+|\n+/).map((s) => s.trim()).filter(Boolean);
}
