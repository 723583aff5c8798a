/**
 * Evaluation fixtures for the local embedder. Written independently of the lexicon: the lexicon
 * lists synonym families, never these sentences. Triplets marked `vectorsOnly` use words that the
 * telecom lexicon does not contain (a test checks this), so their meaning must come from the word
 * vectors.
 */
export interface Triplet {
  anchor: string;
  paraphrase: string;
  unrelated: string;
  vectorsOnly?: boolean;
}

export const TRIPLETS: Triplet[] = [
  // Required by the brief.
  { anchor: "no signal", paraphrase: "no service", unrelated: "why is my bill so high" },
  { anchor: "no signal", paraphrase: "can't make calls", unrelated: "why is my bill so high" },
  { anchor: "bill", paraphrase: "charge", unrelated: "restart the router" },
  { anchor: "bill", paraphrase: "invoice", unrelated: "restart the router" },
  { anchor: "I'm in Spain and my phone has no internet", paraphrase: "roaming data not working abroad", unrelated: "I want to pay my overdue invoice" },
  { anchor: "picture messages won't go through", paraphrase: "MMS fails to send", unrelated: "my home internet is slow in the evening" },
  { anchor: "my wifi keeps cutting out", paraphrase: "home broadband connection drops", unrelated: "how do I turn on roaming before my trip" },
  // Further domain paraphrases with mostly different words.
  { anchor: "there is a strange fee on my statement", paraphrase: "unexpected charge on my invoice", unrelated: "my phone shows no bars" },
  { anchor: "my line was cut off because I did not pay", paraphrase: "account suspended for an overdue bill", unrelated: "how do I send a picture message" },
  { anchor: "I've used all my data for this month", paraphrase: "I need to top up my mobile data allowance", unrelated: "book an engineer to fix my fibre" },
  { anchor: "we are relocating next month", paraphrase: "transfer my broadband to my new address", unrelated: "my texts are not delivered" },
  { anchor: "videos keep buffering on my laptop", paraphrase: "slow home internet speed", unrelated: "I was charged twice this month" },
  { anchor: "I'd like a better tariff", paraphrase: "upgrade my plan", unrelated: "my router lights are red" },
  { anchor: "is there an outage near me", paraphrase: "network problems reported in my area", unrelated: "how much is a data top-up" },
  { anchor: "let me speak to a real person", paraphrase: "transfer me to a human agent", unrelated: "my sim card is not detected" },
  // Words outside the lexicon: meaning must come from the word vectors.
  { anchor: "purchase a laptop", paraphrase: "buy a computer", unrelated: "weather forecast for tomorrow", vectorsOnly: true },
  { anchor: "the doctor examined the patient", paraphrase: "a physician treated the sick man", unrelated: "shares fell on the stock market", vectorsOnly: true },
  { anchor: "heavy rain and thunderstorms", paraphrase: "bad weather with lightning", unrelated: "football match tickets", vectorsOnly: true },
  { anchor: "angry and frustrated", paraphrase: "furious and upset", unrelated: "yellow banana", vectorsOnly: true },
  { anchor: "the kids played football in the park", paraphrase: "children kicked a ball around the field", unrelated: "the central bank raised interest rates", vectorsOnly: true },
];

/** Short topic descriptions, as a knowledge base or intent catalogue would hold them. */
export const TOPICS: Record<string, string> = {
  noService: "No mobile signal or no service: cannot make or receive calls",
  mobileData: "Mobile data not working or slow 4G/5G internet on the phone",
  mms: "MMS picture messages fail to send or receive",
  roaming: "Using your phone abroad: roaming charges and enabling roaming",
  broadbandDrops: "Home broadband or Wi-Fi connection keeps dropping",
  broadbandSlow: "Slow home broadband speed",
  billExplain: "Understanding your bill and the charges on it",
  payment: "Paying an overdue bill and payment methods",
  suspension: "Line suspended for non-payment and how to resume it",
  topUp: "Buying a data top-up when you run out of data",
  moving: "Moving house: transferring your service to a new address",
  upgrade: "Changing or upgrading your plan",
};

/** Customer questions and the topic that should rank first. */
export const RANKING: Array<{ question: string; topic: keyof typeof TOPICS }> = [
  { question: "my phone says emergency calls only since this morning", topic: "noService" },
  { question: "websites won't load on my phone unless I'm on wifi", topic: "mobileData" },
  { question: "I can't send photos to my friends by text", topic: "mms" },
  { question: "going to Italy next week, will my phone work there?", topic: "roaming" },
  { question: "the internet at home disconnects every half hour", topic: "broadbandDrops" },
  { question: "why is my bill $40 higher than last month?", topic: "billExplain" },
  { question: "how can I settle the amount I owe?", topic: "payment" },
  { question: "my number has been blocked, I think I missed a payment", topic: "suspension" },
  { question: "I ran out of gigabytes, can I get some more?", topic: "topUp" },
  { question: "we bought a new house, can I take my fibre with me?", topic: "moving" },
  { question: "am I eligible for a newer handset deal?", topic: "upgrade" },
  { question: "downloads at home are really sluggish in the evenings", topic: "broadbandSlow" },
];

/**
 * Held-out triplets, written after the lexicon and weights were tuned and never tuned on.
 * Reported as a pass rate (one known miss at the time of writing: "check my line" vs "technician visit").
 */
export const HELDOUT_TRIPLETS: Array<[anchor: string, paraphrase: string, unrelated: string]> = [
  ["my mobile shows SOS only", "phone has no network coverage", "how do I pay by card"],
  ["calls drop in the middle of a conversation", "my phone calls keep getting cut off", "I want to change my address"],
  ["I can't browse the web on 5G", "mobile internet is not loading", "my invoice is wrong"],
  ["my daughter can't receive photos in group chats", "MMS messages are not arriving", "broadband is slow upstairs"],
  ["I'm on holiday in Greece and nothing works", "my phone does not work overseas", "can I get a new router"],
  ["do I pay extra for using data in France", "roaming charges in Europe", "my wifi password"],
  ["the router's internet light is blinking orange", "home broadband is down", "send me my last invoice"],
  ["netflix keeps freezing at home", "home broadband speed is poor", "my SIM is PIN locked"],
  ["why did you take more money this month", "unexpected amount on my bill", "no coverage in my village"],
  ["I was billed for a service I cancelled", "dispute a charge on my account", "slow 4G downloads"],
  ["I forgot to pay last month", "my bill is overdue", "turn on roaming"],
  ["my service was stopped", "line suspended", "my texts are delayed"],
  ["can I buy extra gigabytes", "purchase a data add-on", "my internet drops at night"],
  ["I've hit my data cap", "out of mobile data", "the engineer didn't show up"],
  ["we're moving flat in June", "relocate my broadband service", "MMS not working"],
  ["what plans do you have with unlimited data", "compare tariffs", "my phone has no bars"],
  ["can someone come and check my line", "book a technician visit", "change my payment card"],
  ["I want to leave Nimbus", "cancel my contract", "my phone won't send picture messages"],
  ["the whole neighbourhood has no internet", "is there an outage in my area", "upgrade my handset"],
  ["my sim card isn't recognised", "phone says no SIM", "my bill is too high"],
  ["a cheerful song", "a happy melody", "a broken bone"],
  ["the car would not start", "the vehicle engine failed", "the cat slept on the sofa"],
  ["cheap flights to london", "inexpensive airfare to england", "how to bake bread"],
];
