/**
 * A small hand-written telecom concept lexicon for the local embedder.
 *
 * Each concept is a family of synonyms and near-synonyms (single words or short phrases) that a
 * customer or a knowledge-base article may use for the same thing. Terms are matched after the
 * same normalisation and stemming as the text, so list base forms; inflections are conflated.
 *
 * `seeds` are example words whose word vectors define a prototype for the concept: a token that is
 * not listed in `terms` but whose vector is close to the prototype activates the concept softly
 * (this is how "Spain" reaches the travel concept without being listed).
 *
 * A term may end in `^w` to give it a weight other than 1 (for ambiguous words: "internet^0.5").
 *
 * `implies` spreads part of a concept's activation onto a broader concept.
 *
 * Keep this a vocabulary of the domain, never a list of particular test or evaluation sentences.
 */

export interface TelecomConcept {
  readonly id: string;
  readonly terms: readonly string[];
  readonly seeds?: readonly string[];
  readonly implies?: ReadonlyArray<readonly [conceptId: string, weight: number]>;
}

export const TELECOM_CONCEPTS: readonly TelecomConcept[] = [
  {
    id: "mobile-service",
    terms: [
      "signal", "service", "reception", "coverage", "bars", "no bars", "network", "cell", "cellular", "mast", "tower",
      "no service", "emergency calls only", "sos only", "dead zone", "not registered", "searching for network",
      "carrier", "one bar",
    ],
    implies: [["calls", 0.3]],
  },
  {
    id: "calls",
    terms: [
      "call", "calls", "calling", "phone call", "dial", "dialing", "dialling", "ring", "ringing", "voicemail",
      "make calls", "receive calls", "dropped call", "hang up", "voice", "caller", "callers",
    ],
    implies: [["mobile-service", 0.4]],
  },
  {
    id: "sms",
    terms: ["text", "texts", "texting", "sms", "text message", "message", "messages", "messaging", "imessage"],
  },
  {
    id: "mms",
    terms: [
      "mms", "picture message", "photo message", "multimedia message", "picture text", "photo text", "group text",
      "group message", "picture", "pictures", "photo", "photos", "image", "images", "video message", "attachment",
    ],
    implies: [["sms", 0.5]],
  },
  {
    id: "mobile-data",
    terms: [
      "data", "mobile data", "cellular data", "4g", "5g", "3g", "lte", "internet^0.6", "browse", "browsing", "apn",
      "hotspot", "tethering", "data connection", "web", "online",
    ],
  },
  {
    id: "roaming",
    terms: [
      "roaming", "roam", "abroad", "overseas", "travel", "traveling", "travelling", "trip", "holiday", "vacation",
      "foreign", "international", "another country", "other country", "outside the country", "out of the country",
      "eu", "europe", "airport", "flight",
    ],
    // Countries reach this concept through their word vectors (any country near these examples).
    seeds: ["france", "germany", "portugal", "mexico", "japan", "canada", "greece", "thailand", "turkey", "australia"],
  },
  {
    id: "broadband",
    terms: [
      "broadband", "wifi", "wi-fi", "wireless", "fibre", "fiber", "router", "modem", "hub", "home internet",
      "ethernet", "dsl", "adsl", "landline", "home network", "hotspot box", "access point", "at home", "home^0.5",
      "internet^0.5",
    ],
  },
  {
    id: "connection-drops",
    terms: [
      "drop", "drops", "dropping", "dropped", "cut out", "cuts out", "cutting out", "disconnect", "disconnects",
      "disconnecting", "intermittent", "unstable", "unreliable", "flaky", "keeps dropping", "goes down",
      "lose connection", "losing connection", "lost connection", "on and off", "comes and goes",
    ],
  },
  {
    id: "slow-speed",
    terms: [
      "slow", "slower", "slowly", "speed", "speeds", "sluggish", "buffering", "buffer", "lag", "laggy", "latency",
      "speed test", "mbps", "throughput", "crawl", "ping", "fast", "faster",
    ],
  },
  {
    id: "outage",
    terms: [
      "outage", "outages", "area outage", "network down", "maintenance", "disruption", "service disruption",
      "in my area", "in the area", "neighbourhood", "neighborhood", "whole street", "everyone",
    ],
  },
  {
    id: "technician",
    terms: [
      "technician", "engineer", "home visit", "appointment", "book a technician", "installer", "installation",
      "site visit", "send someone",
    ],
  },
  {
    id: "billing",
    terms: [
      "bill", "bills", "billing", "invoice", "invoices", "charge", "charges", "charged", "statement", "fee", "fees",
      "cost", "costs", "amount", "line item", "price", "pricing", "expensive", "monthly", "receipt", "itemised",
      "itemized", "surcharge",
    ],
  },
  {
    id: "bill-dispute",
    terms: [
      "dispute", "overcharged", "overcharge", "wrong charge", "refund", "credit", "adjustment", "incorrect",
      "too high", "higher than", "more than usual", "unexpected", "mistake", "error on my bill", "unfair",
      "didn't authorise", "not authorised", "double charged",
    ],
    implies: [["billing", 0.6]],
  },
  {
    id: "payment",
    terms: [
      "pay", "paid", "payment", "payments", "overdue", "late", "outstanding", "arrears", "debt", "balance",
      "direct debit", "card", "credit card", "debit card", "payment request", "owe", "due", "unpaid", "settle",
    ],
    implies: [["billing", 0.4]],
  },
  {
    id: "suspension",
    terms: [
      "suspend", "suspended", "suspension", "cut off", "barred", "blocked", "deactivated",
      "turned off", "restricted", "restriction", "resume", "reactivate", "reactivation", "restore", "reconnect",
      "switched off",
    ],
  },
  {
    id: "plan",
    terms: [
      "plan", "plans", "tariff", "package", "bundle", "contract", "subscription", "allowance", "unlimited",
      "pay monthly", "sim only", "prepaid", "postpaid", "deal", "offer",
    ],
  },
  {
    id: "upgrade",
    terms: [
      "upgrade", "upgrades", "eligible", "eligibility", "new phone", "change plan", "switch plan", "better plan",
      "downgrade", "bigger plan", "more expensive plan", "cheaper plan",
    ],
    implies: [["plan", 0.6]],
  },
  {
    id: "top-up",
    terms: [
      "top-up", "top up", "topup", "refuel", "refill", "recharge", "add data", "more data", "extra data", "boost",
      "data pack", "add-on", "addon", "bolt-on", "run out", "ran out", "running out", "used up", "out of data",
      "data limit", "data cap", "cap", "gb", "gigabyte", "gigabytes",
    ],
    implies: [["mobile-data", 0.4]],
  },
  {
    id: "usage",
    terms: ["usage", "used", "how much data", "consumption", "remaining", "left", "limit", "usage limit", "meter"],
  },
  {
    id: "moving",
    terms: [
      "move", "moving", "moved", "relocate", "relocating", "relocation", "new address", "new house", "new home",
      "change address", "change of address", "house move", "new flat", "new apartment", "transfer service",
    ],
  },
  {
    id: "device",
    terms: [
      "phone", "handset", "device", "iphone", "android", "samsung", "pixel", "smartphone", "mobile", "tablet",
      "screen", "status bar",
    ],
  },
  {
    id: "sim",
    terms: ["sim", "sim card", "esim", "pin", "puk", "sim locked", "sim tray", "reseat", "insert sim", "no sim"],
  },
  {
    id: "device-settings",
    terms: [
      "settings", "network settings", "airplane mode", "flight mode", "restart", "reboot", "reset", "turn off and on",
      "switch off and on", "power cycle", "network mode", "data saver", "low data mode", "vpn", "wifi calling",
      "wi-fi calling", "permission", "permissions", "toggle",
    ],
  },
  {
    id: "account",
    terms: [
      "account", "verify", "verification", "identity", "date of birth", "password", "login", "log in", "customer id",
      "account number", "security question", "authenticate",
    ],
  },
  {
    id: "human",
    terms: [
      "human", "agent", "person", "representative", "real person", "complaint", "complain", "escalate", "manager",
      "supervisor", "speak to someone", "talk to someone", "operator",
    ],
  },
  {
    id: "cancel",
    terms: [
      "cancel", "cancellation", "terminate", "termination", "end contract", "leave", "leaving", "port out", "port my number",
      "close my account", "switch provider", "quit",
    ],
  },
  {
    id: "fault",
    terms: [
      "not working", "does not work", "stopped working", "broken", "fail", "fails", "failed", "failing", "failure",
      "error", "problem", "issue", "trouble", "unable", "can not", "won't", "will not", "nothing", "dead", "faulty",
      "won't go through", "not going through", "does not go through", "stuck",
    ],
  },
];
