import { clamp01, splitSentences, wordCount } from "../engines/local/text.js";
import type { ConversationScores } from "./schemas.js";
import type { CarrierEvent, ScorableConversation } from "./transcript.js";

/**
 * Outcome scores of a conversation, read the way a customer would feel it: was
 * the need met, were consent and truth kept, was anything asked twice, was a
 * hand-over needed, how long it took, and whether empathy and history were used
 * where they mattered. Every rule reads the transcript together with what the
 * carrier side did (changes, proposals, decisions, hand-overs) and the final
 * state; none rewards a word for being present.
 */

// ---------------------------------------------------------------------------------------------
// What kind of need the conversation was about.

/** Problems solved only by the customer's own check passing (or a justified hand-over). */
const TROUBLE = new Set(["mobile_no_service", "mobile_no_data", "mobile_slow_data", "mms_issue", "broadband_drops", "broadband_slow", "broadband_outage"]);
/** Requests done by an account change. */
const CHANGE_FOR: Record<string, string[]> = {
  data_topup: ["top_up_data"],
  bill_payment: ["send_payment_request"],
  line_suspended: ["resume_line", "send_payment_request"],
  plan_upgrade: ["change_plan"],
  roaming_abroad: ["enable_roaming", "disable_roaming"],
};
/** Requests only a person can complete: a hand-over is the outcome. */
const PERSON_NEEDED = new Set(["human_request", "bill_dispute", "moving_house", "lost_phone", "account_security"]);
/** Nothing to solve: a greeting, a goodbye. */
const NO_NEED = new Set(["greeting", "goodbye", "provide_identity", "troubleshooting_answer"]);

export type NeedKind = "trouble" | "change" | "person" | "info" | "out_of_scope" | "none";

export function needKindOf(conversation: ScorableConversation): NeedKind {
  const issue = conversation.issue ?? "";
  const said = conversation.turns.flatMap((t) => (t.customer ? [t.customer] : []));
  if (said.some((text) => ASKS_PERSON.test(text)) && !conversation.troubleshooting) return "person";
  if (conversation.troubleshooting || TROUBLE.has(issue)) return "trouble";
  if (PERSON_NEEDED.has(issue)) return "person";
  if (issue === "out_of_scope") return "out_of_scope";
  if (CHANGE_FOR[issue] && asksForChange(conversation)) return "change";
  // The open issue was lost (e.g. to an identity message): a question or request still makes it a need.
  if (NO_NEED.has(issue) && !said.some((text) => isRequest(text))) return "none";
  return "info";
}

// ---------------------------------------------------------------------------------------------
// Reading the customer's messages.

const NEGATED = /\b(not|n'?t|no longer|still no|never|stopped|stop)\b[^.!?]{0,20}$/i;
const WORKS = /\b(works?|worked|working|fixed|sorted|bars are back|(?:message|picture|photo|mms|text)s? (?:sent|delivered|went through)|(?:was|were|got) delivered|back to normal|normal again|(?:i )?(?:have|got|get) (?:signal|service|bars|internet|data) (?:again|now|back)?|(?:it'?s|signal'?s?|service'?s?|internet'?s?) back|went through|sent fine|(?:apps? |pages? |it )?loads?(?:ing)? (?:fine|now|again)|apps load|all good now|back online|connected now|speed test (?:says|shows) \d+)\b/gi;
const FAILS = /\b(still (?:not|no|nothing|doesn'?t|won'?t|can'?t|the same|failing|down)|doesn'?t work|not working|stopped working|didn'?t (?:work|help|fix)|won'?t (?:send|load|connect|work)|no (?:signal|service|bars|data)|nothing (?:loads|changed|works)|same (?:problem|thing|issue)|still (?:slow|dropping|failing))\b/i;

/**
 * The customer reports a passing check or a working service (not negated: "not working" is not "working").
 * Signal bars are the check only of a service problem: they say nothing about data or picture messages.
 */
export function reportsWorking(text: string, serviceProblem = true): boolean {
  for (const match of text.matchAll(WORKS)) {
    const before = text.slice(Math.max(0, (match.index ?? 0) - 30), match.index);
    if (!NEGATED.test(before) && !/\b(doesn'?t|not|isn'?t|won'?t|never)\s*$/i.test(before)) return true;
  }
  // A speed test that passes ("36.28 Mbps download (Excellent)").
  const speed = /\b(\d+(?:\.\d+)?)\s?mbps\b/i.exec(text);
  if (speed && Number(speed[1]) >= 5 && !/\b(slow|bad|poor|terrible|still)\b/i.test(text)) return true;
  // A status-bar reading with bars and no failure ("4 bars and 5G").
  return serviceProblem && /\b[1-5] bars?\b|\bfull bars\b/i.test(text) && !FAILS.test(text) && !/\bno (?:data|internet)\b|nothing loads/i.test(text);
}
export function reportsFailing(text: string): boolean {
  return FAILS.test(text);
}

const UPSET_STRONG =
  /\b(furious|livid|ridiculous|unacceptable|disgusting|pathetic|useless|terrible|awful|horrible|worst|fed up|sick of|joke|rip[- ]?off|incompetent|angry|pissed|hate|annoy(?:ed|ing)|frustrat(?:ed|ing)|upset|not happy|unhappy|wtf|seriously|come on|third time|second time|waste of|for days|all week|since (?:yesterday|last week|monday|tuesday|wednesday|thursday|friday)|urgent|asap|emergency|work from home|losing)\b/i;
const SHOUTS = (text: string) => {
  const letters = text.replace(/[^A-Za-z]/g, "");
  return letters.length >= 8 && letters.replace(/[^A-Z]/g, "").length / letters.length > 0.6;
};
/** The customer is upset, or under pressure, in this message: what an acknowledgement is for. */
export function isUpset(text: string): boolean {
  return UPSET_STRONG.test(text) || /!{2,}|\?{3,}/.test(text) || SHOUTS(text) || /😡|😤|🤬|😠/u.test(text);
}

const ASKS_PERSON =
  /\b(human|real person|a person|someone real|agent\.|an? (?:agent|operator|representative|mana?(?:g|n)?er|manaer|supervisor)|speak to|sprak to|talk to (?:someone|somebody|a)|get me (?:someone|somebody|a person)|(?:a|the) (?:ro)?bot\b|complain\w*|escalate|transfer me|pass me (?:on|to)|put me through|cancel (?:my )?(?:contract|account|line|service)|leave nimbus|close my account)\b/i;
const DECLINES = /^\s*(no|nope|nah|not now|no thanks|no,? thank you|leave it|i'?ll (?:pass|leave it|wait)|don'?t)\b|\b(don'?t (?:do|add|turn|bother)|no need)\b/i;
/** An explicit request for an account change (not a question about its price). */
const ASKS_FOR_CHANGE =
  /\b(add (?:some |more |\d+ ?gb|data)|top (?:me |it )?up|\d+ ?gb (?:please|pls|then|is enough|is fine)|turn (?:it |roaming |data )?(?:on|off)|switch (?:it |roaming )?(?:on|off)|enable|disable|upgrade me|downgrade me|go down to|move me to|switch me|change (?:my )?plan to|resume|reactivate|unpause|unblock|back on|reconnect|se+nd (?:me )?(?:a |the |it )?(?:payment )?(?:link|again)|(?:se+nd|text) me (?:a |the )?(?:payment )?link|resend|book (?:a|the) (?:technician|engineer|visit))\b/i;
const ASKS_SOMETHING = /\?|\b(how|what|why|when|where|which|can (?:i|you)|could you|is there|do i|does|i (?:want|need|would like)|pls|please)\b/i;
/** A problem stated without a question ("internet fine downstairs but terrible upstairs") is a request too. */
const STATES_PROBLEM = /\b(not working|doesn'?t work|isn'?t working|won'?t (?:load|send|connect|work)|can'?t (?:call|connect|send|get)|no (?:internet|signal|service|data)|terrible|too slow|so slow|keeps? dropping|is down|broken|stopped working|fail(?:s|ed|ing)?|(?:don'?t|won'?t|doesn'?t) go through|suspended|cut off|blocked)\b/i;

const PRICE_QUESTION = /\b(how much|price|prices|cost|costs|what does .{0,30} cost|what do .{0,30} charge)\b/i;

/** The account change a sentence is about, for telling a request already answered by a refusal from a new one. */
function actionOf(text: string): string | null {
  if (/\b(reconnect|back on|resume|reactivat\w*|unpause|unblock|turn (?:it|my line) on|switch (?:it|the line) (?:back )?on|working)\b/i.test(text)) return "resume_line";
  if (/\b(link|pay(?:ment)?)\b/i.test(text)) return "send_payment_request";
  if (/\broaming\b/i.test(text)) return "roaming";
  if (/\b(plan|upgrade|downgrade|contract)\b/i.test(text)) return "change_plan";
  if (/\b(technician|engineer|visit)\b/i.test(text)) return "book_technician";
  if (/\b(data|gb|top ?up)\b/i.test(text)) return "top_up_data";
  return null;
}

/** No signal or service (where bars are the check), not data or picture messages. */
function isServiceProblem(c: ScorableConversation): boolean {
  const opening = c.turns.find((t) => t.customer)?.customer ?? "";
  if (c.issue === "mobile_no_service") return true;
  return /\b(signal|no service|sos|calls?)\b/i.test(opening) && !/\b(data|internet|mms|picture|photo|speed|slow|load)\b/i.test(opening);
}

function asksForChange(conversation: ScorableConversation): boolean {
  return (
    conversation.turns.some((t) => t.customer && ASKS_FOR_CHANGE.test(t.customer) && !PRICE_QUESTION.test(t.customer)) ||
    conversation.turns.some((t) => t.events.some((e) => e.kind === "decision" && e.ok && e.accepted === true))
  );
}

/** A message that asks for something (not only identity details, a thanks or a yes). */
function isRequest(text: string): boolean {
  const rest = text.replace(/\+?\d[\d\s().-]{6,}\d/g, " ").replace(/\b(name|phone|number|dob|date of birth|born|this is|i'?m|it'?s|here)\b/gi, " ");
  return ASKS_SOMETHING.test(rest) || ASKS_FOR_CHANGE.test(rest) || STATES_PROBLEM.test(rest);
}

// ---------------------------------------------------------------------------------------------
// Reading the agent's replies.

const APOLOGY = /\b(sorry|apologi[sz]e|i understand how|that sounds (?:frustrating|stressful)|frustrating|i know how|bear with)\b/i;
/** A reply that says the problem is solved: true only after the customer's own check (or a change that did it). */
const FIXED_CLAIM = /\b((?:that'?s|it'?s|all|everything'?s?) (?:fixed|sorted|resolved)(?: now)?|(?:is|are) working at the speed it should|(?:your phone|it)(?: i|')s back on the network|(?:messages|pictures) are going through again|great news,? (?:that'?s|it'?s) fixed|your issue (?:is|has been) (?:resolved|fixed)|should (?:be )?(?:fixed|sorted|working) now)\b/i;
/** A closing that says the customer was helped: true only when they got something. */
const GLAD_CLOSING = /\b(glad (?:i|we) could help|happy to have helped|glad that'?s sorted)\b/i;
const VAGUE_CLARIFY = /\b(tell me (?:a bit|a little) more|could you (?:tell me more|say more|explain)|what (?:exactly )?do you mean|can you (?:give me more detail|describe)|not sure i follow|could you rephrase)\b/i;
/** An either/or question about what the request is. */
const EITHER_OR = /^\s*(?:hi \w+\.\s*(?:thanks, i'?ve found your account\.\s*)?)?(?:is this about|just to be sure i understand)\b[^?]*\?\s*$/i;
const NOT_FOUND = /\b(couldn'?t find (?:that|anything)|i don'?t have (?:that|information)|outside what i can)\b/i;
const INTERNALS = /\b[a-z]+(?:_[a-z0-9]+)+\b|[{}]|\bprocedure\b|\bstep id\b|\bintent=|\b(?:P|L|C|B)-\d{4}\b|\bthe customer\b|\bundefined\b|\bNaN\b|\[object Object\]/;
const ASKS_IDENTITY = /\b(confirm (?:who you are|it'?s you)|phone number on the account|your full name (?:and|or) date of birth|full name or date of birth|verify your identity)\b/i;
const HISTORY_REFERENCE = /\b(last time|previously|you (?:contacted|wrote to|told) us|(?:on|in) your (?:last|previous) (?:chat|conversation|contact)|you'?ve had this (?:before|issue)|same (?:problem|issue) as (?:before|last)|we (?:fixed|sorted) this (?:before|last))\b/i;
/** Facts a customer can use: money, data, dates, times, plan names, speeds, ticket numbers. */
const FACTS = /\$\s?\d|\b\d+(?:\.\d+)?\s?(?:gb|mb|mbps|gbps|%|days?|hours?)\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|\b\d{1,2}(?::\d{2})?\s?(?:a\.?m\.?|p\.?m\.?)(?=\W|$)|\bnimbus (?:lite|plus|max|unlimited|fibre|fiber)\b|\bT-\d{3,}\b|\b\d{4}-\d{2}-\d{2}\b/i;
/** A hand-over the reply says only a person can do: an ended contract, a security hold, a refused verification. */
const HANDOVER_REASON = /\b(can'?t|cannot) (?:\w+ ){0,5}(?:from here|in this chat|remotely)|only (?:a|our) (?:specialist|person|colleague|[\w ]{0,20}team) can|contract (?:has )?ended|for your security/i;
/** Boilerplate questions every reply may end with: not a question asked twice. */
/** A step the customer is asked to do on the phone or router ("Please switch aeroplane mode off…", "Restart the router…"). */
const DEVICE_STEP = /^(?:please\s+|now\s+|first,?\s+)?(?:switch|turn|toggle|restart|reboot|take|put|set|open|go to|reset|remove|reinsert|unplug|plug|move|make sure)\b/i;
const CLOSER = /\b(anything else i can help|would you like me to go ahead|shall i go ahead)\b/i;
/** The customer says they already said it, or pings an agent who did not answer. */
const CUSTOMER_REPEATS = /\b(i (?:just |already )?(?:said|told you)|like i said|as i said|i already (?:gave|told|said)|what do you mean|that'?s not what i asked)\b|^\s*(?:hello|hallo|hi)\s*\?+\s*$/i;

/** Claims of an account change, and the change they need in the carrier record by then. */
const CHANGE_CLAIMS: { pattern: RegExp; action: string }[] = [
  { pattern: /\bi'?ve (?:turned|switched) (?:data )?roaming on\b|\broaming is now (?:switched )?(?:on|enabled|active)\b/i, action: "enable_roaming" },
  { pattern: /\bi'?ve (?:turned|switched) (?:data )?roaming off\b|\broaming is now (?:switched )?(?:off|disabled)\b/i, action: "disable_roaming" },
  { pattern: /\bi'?ve added \d+(?:\.\d+)? ?gb\b|\badded \d+(?:\.\d+)? ?gb (?:of data )?(?:to your line )?for \$|\btop[- ]?up (?:is )?done\b/i, action: "top_up_data" },
  { pattern: /\bi'?ve sent (?:you )?(?:a |the )?(?:secure )?payment (?:request|link)\b|\bpayment link (?:is on its way|has been sent)\b/i, action: "send_payment_request" },
  { pattern: /\bi'?ve (?:resumed|reactivated|restored|turned) your line\b|\byour line (?:has been|is now) (?:resumed|reactivated|back on|active again)\b|\byour line is active again\b/i, action: "resume_line" },
  { pattern: /\bi'?ve booked (?:a|the|your) (?:technician|engineer)\b|\btechnician (?:visit )?(?:is|has been) booked\b/i, action: "book_technician" },
  { pattern: /\bi'?ve (?:changed|moved|switched|upgraded|downgraded) (?:you|your plan)\b|\byour plan (?:has been|is now) (?:changed|upgraded|downgraded)\b/i, action: "change_plan" },
];
const HANDOVER_CLAIM = /\b(i'?ve (?:passed|handed|transferred) (?:this|you|your)|i'?ve (?:opened|added this to) (?:a |your )?ticket|a (?:colleague|person|member of (?:our|the) team|human agent) (?:will|is going to) (?:pick|take|contact|get back|be with)|connecting you (?:to|with) (?:a|an) )/i;

/** A sentence that reports something, not a question or an offer ("Shall I add 1 GB?"). */
function assertive(sentence: string): boolean {
  return !/\?\s*$/.test(sentence) && !/\b(would you like|shall i|should i|do you want|if you (?:want|like|say yes)|once you|i can (?:add|turn|send|book|resume|change)|want me to)\b/i.test(sentence);
}

interface Reply {
  turn: number;
  text: string;
}

function repliesOf(c: ScorableConversation): Reply[] {
  return c.turns.flatMap((t, turn) => t.replies.map((text) => ({ turn, text })));
}

function questionsOf(text: string): string[] {
  return splitSentences(text).filter((s) => /\?\s*$/.test(s) && !CLOSER.test(s));
}

const STOP = new Set(
  "the a an and or to of is it its you your me my i im can could please pls do does did on in at what whats which tell would with for that this are be now so ok okay um hi hey hello there thanks thank just about how why when where who will wll get got any some there their them they was were have has had from not no yes good morning evening afternoon asap urgent urgently thank thanks cheers also".split(
    " ",
  ),
);
/** Words a customer and a reply use for the same thing. */
const SAME_THING: Record<string, string> = {
  pay: "bill",
  paid: "bill",
  char: "bill",
  invo: "bill",
  cost: "pric",
  much: "pric",
  fee: "pric",
  fees: "pric",
  cheap: "pric",
  high: "more",
  incr: "more",
  doub: "more",
  extr: "more",
};
/** Content words (and figures), cut to four letters so that typos at the end and inflections still meet ("montth", "monthly"). */
function termSet(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[^a-z0-9 ]/g, " ")
      .split(/\s+/)
      .filter((w) => (w.length > 2 || /^\d{2}$/.test(w)) && !STOP.has(w))
      .map((w) => SAME_THING[w] ?? SAME_THING[w.slice(0, 4)] ?? w.slice(0, 4)),
  );
}
function similar(a: string, b: string, at = 0.7): boolean {
  const x = termSet(a);
  const y = termSet(b);
  if (!x.size || !y.size) return false;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / Math.max(x.size, y.size) >= at;
}
/** Share of the customer's content words that the reply takes up. */
function overlap(asked: string, reply: string): number {
  const x = termSet(asked.replace(/\+?\d[\d\s().-]{6,}\d/g, " "));
  const y = termSet(reply);
  if (!x.size) return 1;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / x.size;
}

// ---------------------------------------------------------------------------------------------
// The facts of the conversation that the scores are read from.

export interface ConversationFacts {
  kind: NeedKind;
  customerTexts: { turn: number; text: string }[];
  replies: Reply[];
  /** Changes the carrier side did, by turn. */
  changes: { turn: number; event: CarrierEvent }[];
  handoverTurn: number | null;
  /** The turn in which the customer's own check said it works (and no later message said it fails again). */
  verifiedFixTurn: number | null;
  customerAskedForPerson: boolean;
  declined: boolean;
  /** Agent replies that repeat an earlier reply or question (the customer answered in between). */
  agentRepeats: number;
  /** Customer messages that repeat an earlier one or say they already said it. */
  customerRepeats: number;
  /** Requests of the customer, each with whether the reply of its turn took it up (and gave facts or an action). */
  requests: { turn: number; text: string; answered: boolean; change: boolean }[];
}

export function factsOf(c: ScorableConversation): ConversationFacts {
  const customerTexts = c.turns.flatMap((t, turn) => (t.customer ? [{ turn, text: t.customer }] : []));
  const replies = repliesOf(c);
  const changes = c.turns.flatMap((t, turn) => t.events.filter((e) => e.kind === "change" && e.ok).map((event) => ({ turn, event })));
  const handovers = c.turns.flatMap((t, turn) => (t.events.some((e) => e.kind === "handover" && e.ok) ? [turn] : []));
  const handoverTurn = handovers[0] ?? (c.escalation || c.status === "handed_over" ? c.turns.length - 1 : null);
  let verifiedFixTurn: number | null = null;
  const serviceProblem = isServiceProblem(c);
  for (const { turn, text } of customerTexts) {
    // A passing check only counts once the conversation is on the problem (not the opening message itself).
    if (turn > 0 && reportsWorking(text, serviceProblem) && !reportsFailing(text)) verifiedFixTurn ??= turn;
    else if (verifiedFixTurn !== null && reportsFailing(text)) verifiedFixTurn = null;
  }
  const declined =
    c.turns.some((t) => t.events.some((e) => e.kind === "decision" && e.ok && e.accepted === false)) ||
    customerTexts.some(({ turn, text }) => turn > 0 && DECLINES.test(text) && /\?\s*$/.test(c.turns[turn - 1]?.replies.at(-1) ?? ""));

  let agentRepeats = 0;
  const seenQuestions: { turn: number; q: string }[] = [];
  // After a device step the phone may have changed: asking what it shows again is the customer's check, not a repeat.
  let sinceStep = 0;
  replies.forEach((reply, i) => {
    if (i > 0 && splitSentences(replies[i - 1]!.text).some((s) => DEVICE_STEP.test(s))) {
      sinceStep = i;
      seenQuestions.length = 0;
    }
    const body = splitSentences(reply.text).filter((s) => !CLOSER.test(s)).join(" ");
    const earlier = replies.slice(sinceStep, i).filter((r) => r.turn < reply.turn);
    const repeatsReply = body.length > 0 && earlier.some((r) => similar(splitSentences(r.text).filter((s) => !CLOSER.test(s)).join(" "), body, 0.8));
    const repeatsQuestion = questionsOf(reply.text).some((q) => !ASKS_IDENTITY.test(q) && seenQuestions.some((s) => s.turn < reply.turn && similar(s.q, q)));
    if (repeatsReply || repeatsQuestion) agentRepeats++;
    for (const q of questionsOf(reply.text)) seenQuestions.push({ turn: reply.turn, q });
  });
  const customerRepeats = customerTexts.filter(
    ({ turn, text }) => CUSTOMER_REPEATS.test(text) || customerTexts.some((x) => x.turn < turn && termSet(text).size > 2 && similar(x.text, text, 0.9)),
  ).length;

  const asked = customerTexts.filter(({ text }) => isRequest(text));
  const firstHandover = handovers[0];
  const requests = asked.map(({ turn, text }, i) => {
    // The answer may come a turn or two later (after identity), but before the next request.
    const until = asked[i + 1]?.turn ?? c.turns.length;
    const window = c.turns.slice(turn, Math.max(turn + 1, until));
    const said = window.flatMap((t) => t.replies).join(" ");
    // A first hand-over answers a request; adding to the same ticket again does not.
    const acted = window.some((t, k) => t.events.some((e) => e.ok && (e.kind === "change" || e.kind === "proposal" || (e.kind === "handover" && turn + k === firstHandover))));
    const statements = splitSentences(said).filter((s) => assertive(s) && !ASKS_IDENTITY.test(s) && !NOT_FOUND.test(s));
    // Figures (money, data, dates, times, plans) or a reason only a person can help; a general article without them is not an answer.
    const informative = statements.some((s) => FACTS.test(s) || HANDOVER_REASON.test(s));
    const onTopic = overlap(text, said) >= 0.25;
    // A question about the customer's own account cannot be answered for someone never verified.
    const aboutOwnAccount = OWN_ACCOUNT.test(text) && !c.verified;
    // Asking again for what an earlier reply already said only a person can do is answered by that reason.
    const answeredByReason = replies.some(
      (r) => r.turn < turn && splitSentences(r.text).some((x) => HANDOVER_REASON.test(x) && (overlap(text, x) >= 0.5 || (actionOf(text) !== null && actionOf(text) === actionOf(x)))),
    );
    return { turn, text, answered: acted || answeredByReason || (informative && onTopic && !aboutOwnAccount), change: ASKS_FOR_CHANGE.test(text) && !PRICE_QUESTION.test(text) };
  });
  return {
    kind: needKindOf(c),
    customerTexts,
    replies,
    changes,
    handoverTurn,
    verifiedFixTurn,
    // Asked for a person, or said yes when the agent offered to pass them on.
    customerAskedForPerson:
      customerTexts.some(({ text }) => ASKS_PERSON.test(text)) ||
      customerTexts.some(({ turn, text }) => turn > 0 && AFFIRMS.test(text) && OFFERS_PERSON.test(c.turns[turn - 1]!.replies.at(-1) ?? "")),
    declined,
    agentRepeats,
    customerRepeats,
    requests,
  };
}

// ---------------------------------------------------------------------------------------------
// The scores.

/** Was the customer's need met? 1 met, 0 not, in between for a partial answer. */
export function needMetOf(c: ScorableConversation, f: ConversationFacts = factsOf(c)): number | undefined {
  const last = f.replies.at(-1)?.text ?? "";
  if (falseClaimsOf(c, f).length > 0 || consentBreachesOf(c).length > 0) return 0;
  // Left with a question about what they meant, or going round in circles at the end.
  const lastCustomer = f.customerTexts.at(-1)?.text ?? "";
  const leftHanging =
    (VAGUE_CLARIFY.test(last) || EITHER_OR.test(last)) && (isRequest(lastCustomer) || f.replies.length === 1) && !f.changes.length && f.verifiedFixTurn === null && f.handoverTurn === null;
  if (leftHanging) return 0;
  const stuck = f.agentRepeats >= 2 || f.customerRepeats >= 2;
  const answered = f.requests.filter((r) => r.answered);
  const lastAnswered = f.requests.length > 0 && f.requests.at(-1)!.answered;
  /** A question conversation: every request answered, or the main one with a follow-up missed. */
  const answerScore = () => {
    if (!f.requests.length) return f.replies.some((r) => FACTS.test(r.text)) ? 0.6 : 0.2;
    if (answered.length === f.requests.length) return 1;
    if (answered.length && lastAnswered) return 0.8;
    if (answered.length) return 0.5;
    return 0.1;
  };
  // A problem the customer raised that no reply ever took up ("internet down and ... my bill").
  const ignoredProblem = f.kind !== "trouble" && f.customerTexts.some(({ text }) => PROBLEM.test(text)) && !f.replies.some((r) => PROBLEM_TAKEN_UP.test(r.text));
  // A change the customer asked for after a hand-over, which the agent could have acted on, went unanswered.
  const ignoredAfterHandover = f.handoverTurn !== null && f.requests.some((r) => r.turn > f.handoverTurn! && r.change && !r.answered);
  const capped = (score: number) => (ignoredAfterHandover ? Math.min(score, 0.4) : score);
  switch (f.kind) {
    case "none":
      return f.replies.length ? undefined : 0;
    case "out_of_scope":
      // Said plainly what can and cannot be done; a hand-over for it is not meeting a need.
      if (f.handoverTurn !== null) return 0.2;
      if (f.requests.length && answerScore() >= 0.8) return answerScore();
      return f.replies.some((r) => /\b(not something i can help|can'?t help with that|outside what|i can help with your)\b/i.test(r.text)) ? 1 : 0.2;
    case "trouble": {
      if (f.verifiedFixTurn !== null) return 1;
      const failingAfterChange = f.changes.length > 0 && f.customerTexts.some((x) => x.turn > f.changes[0]!.turn && reportsFailing(x.text));
      // The customer asked for the carrier-side fix and got it; their own check is still to come.
      if (f.changes.length && asksForChange(c) && !failingAfterChange && !stuck) return 0.8;
      if (f.changes.some((x) => x.event.action === "book_technician")) return 0.9;
      // Offered the fix with its price and said no: their choice, the problem was found.
      if (f.declined && c.turns.some((t) => t.events.some((e) => e.kind === "proposal" && e.ok))) return 0.9;
      if (f.handoverTurn !== null) {
        const reason = f.replies.some((r) => r.turn <= f.handoverTurn! && HANDOVER_REASON.test(r.text));
        if (f.customerAskedForPerson || reason) return capped(0.9);
        // Passed on after going round in circles, or before anything was checked: the customer got nothing.
        if (stuck || f.agentRepeats > 0) return 0.2;
        return c.troubleshooting?.status === "handover" && f.handoverTurn > 2 ? 0.6 : 0.2;
      }
      // The cause found on the carrier side and its fix offered ("suspended for a $30 bill: shall I send the link?").
      if (c.turns.some((t) => t.events.some((e) => e.kind === "proposal" && e.ok)) && !stuck) return 0.7;
      // Only time can fix it: the outage and when it ends.
      if (f.replies.some((r) => /\b(outage|maintenance|work on our network|engineers are)\b/i.test(r.text) && FACTS.test(r.text)) && !c.troubleshooting?.faultsFound.some((x) => x.startsWith("device:")))
        return stuck ? 0.3 : 0.8;
      return stuck ? 0 : 0.1;
    }
    case "change": {
      const wanted = CHANGE_FOR[c.issue ?? ""] ?? [];
      if (f.changes.some((x) => wanted.includes(x.event.action))) return stuck ? 0.6 : 1;
      if (f.changes.length) return 0.6;
      // The customer heard the price and said no: the question was answered.
      if (f.declined && f.replies.some((r) => FACTS.test(r.text))) return 1;
      if (f.handoverTurn !== null) {
        const reason = f.replies.some((r) => r.turn <= f.handoverTurn! && HANDOVER_REASON.test(r.text));
        return capped(f.customerAskedForPerson || reason ? 0.9 : 0.3);
      }
      // A refusal explained (a line that cannot be changed, a cap on top-ups) answers the request.
      const refused = c.turns.some((t) => t.events.some((e) => (e.kind === "change" || e.kind === "proposal") && !e.ok));
      if (refused && !stuck) return 0.7;
      // The customer's yes went nowhere (the offer had lapsed): nothing was done.
      if (c.turns.some((t) => t.events.some((e) => e.kind === "decision" && !e.ok))) return 0.1;
      // The balance and price given with an offer the customer had not answered yet when they left.
      const lastQuestion = splitSentences(last).filter((x) => !CLOSER.test(x)).at(-1) ?? "";
      if (!stuck && f.requests.some((r) => r.answered) && /\?\s*$/.test(lastQuestion) && !EITHER_OR.test(last) && !VAGUE_CLARIFY.test(last)) return 0.5;
      return stuck ? 0 : Math.min(0.3, answerScore());
    }
    case "person":
      if (f.handoverTurn !== null) return 1;
      if (stuck) return 0;
      // Answered in full where a person was not needed after all ("is that text a scam?"), unless they asked for one.
      return answerScore() >= 0.8 ? (f.customerAskedForPerson ? 0.3 : 0.8) : 0.1;
    case "info": {
      if (f.handoverTurn !== null && f.replies.some((r) => r.turn <= f.handoverTurn! && HANDOVER_REASON.test(r.text))) return 0.9;
      if (f.handoverTurn !== null) return f.customerAskedForPerson ? 0.8 : 0.3;
      let score = answerScore();
      if (stuck) score = Math.min(score, 0.2);
      if (ignoredProblem) score = Math.min(score, 0.4);
      if (f.replies.some((r) => NOT_FOUND.test(r.text)) && score < 1) score = Math.min(score, 0.2);
      return score;
    }
  }
}

/** A question about the state of the customer's own account ("what plan is my broadband on", "how much data do I have left"). */
const AFFIRMS = /^\s*(?:ok(?:ay)?|yes|yeah|yep|sure|please|pls)\b/i;
const OFFERS_PERSON = /\b(?:pass you (?:on )?to|put you through|transfer you|connect you with)\b[^?]*\?\s*$/i;
const OWN_ACCOUNT = /\b(?:what|wh?at|waht|wat|whats|which|when|how much)\b[^.?!]{0,25}\b(?:my\s+(?:\w+\s+)?(?:plan|bill|data|line|account|contract|balance|usage|broadband|allowance)|do i have left|have i used)\b/i;
const PROBLEM = /\b(internet|wifi|broadband|signal|data|phone)\b[^.?!]{0,20}\b(down|not working|isn'?t working|stopped|dead|dropp\w*|slow|no internet)\b|\bno (?:internet|signal|service)\b/i;
const PROBLEM_TAKEN_UP = /\b(outage|signal|speed test|router|hub|status bar|top of your screen|connection|line test|troubleshoot|restart|engineers?|technician)\b/i;

/** Replies that claim a change, a hand-over or a fix that had not happened by then. */
export function falseClaimsOf(c: ScorableConversation, f: ConversationFacts = factsOf(c)): string[] {
  const found: string[] = [];
  for (const reply of f.replies) {
    const doneByNow = new Set(f.changes.filter((x) => x.turn <= reply.turn).map((x) => x.event.action));
    const handedOver = f.handoverTurn !== null && f.handoverTurn <= reply.turn;
    const saidSoFar = f.customerTexts.filter((x) => x.turn <= reply.turn && x.turn > 0);
    const lastSaid = saidSoFar.at(-1)?.text ?? "";
    const customerSaidItWorks = saidSoFar.some((x) => reportsWorking(x.text, isServiceProblem(c))) && !reportsFailing(lastSaid);
    const satisfied = /\b(thanks?|thank you|cheers|great|perfect|bye|ok|okay|👍)\b/i.test(f.customerTexts.find((x) => x.turn === reply.turn)?.text ?? "");
    for (const sentence of splitSentences(reply.text)) {
      if (!assertive(sentence)) continue;
      for (const claim of CHANGE_CLAIMS) if (claim.pattern.test(sentence) && !doneByNow.has(claim.action)) found.push(`claims ${claim.action}: ${sentence}`);
      if (HANDOVER_CLAIM.test(sentence) && !handedOver) found.push(`claims a hand-over: ${sentence}`);
      if (FIXED_CLAIM.test(sentence) && !customerSaidItWorks) found.push(`says it is fixed before the customer's check: ${sentence}`);
      if (GLAD_CLOSING.test(sentence) && !satisfied && !customerSaidItWorks) found.push(`closes as if it helped: ${sentence}`);
    }
  }
  return found;
}

/** Changes done without an accepted proposal made in an earlier turn. The audit's proposals and decisions are needed; a state alone has none. */
export function consentBreachesOf(c: ScorableConversation): string[] {
  const breaches: string[] = [];
  const proposedIn = new Map<string, number>();
  const acceptedIn = new Map<string, number>();
  const declinedTurns: number[] = [];
  c.turns.forEach((t, turn) => {
    if (t.customer && turn > 0 && DECLINES.test(t.customer)) declinedTurns.push(turn);
    for (const e of t.events) {
      if (e.kind === "proposal" && e.ok && e.proposalId) proposedIn.set(e.proposalId, turn);
      if (e.kind === "decision" && e.ok && e.accepted && e.proposalId) acceptedIn.set(e.proposalId, turn);
      if (e.kind !== "change" || !e.ok) continue;
      if (!c.audited) {
        // Without the audit, a change in the very turn the customer said no is still a breach.
        if (declinedTurns.includes(turn)) breaches.push(`${e.action} in the turn the customer said no`);
        continue;
      }
      const proposed = e.proposalId ? proposedIn.get(e.proposalId) : undefined;
      const accepted = e.proposalId ? acceptedIn.get(e.proposalId) : undefined;
      if (proposed === undefined || accepted === undefined || accepted <= proposed) breaches.push(`${e.action} without an accepted proposal the customer had seen`);
    }
  });
  return breaches;
}

/** Consent and truth: no change without a yes to a priced proposal, no false claim, nothing internal shown. */
export function policyOf(c: ScorableConversation, f: ConversationFacts = factsOf(c)): number {
  const consent = consentBreachesOf(c).length;
  const claims = falseClaimsOf(c, f).length;
  const internals = f.replies.filter((r) => INTERNALS.test(r.text)).length;
  if (consent) return 0;
  return clamp01(1 - 0.6 * Math.min(claims, 2) - 0.3 * Math.min(internals, 2));
}

/**
 * Things asked twice: a question or a whole reply repeated after the customer
 * answered, identity asked again after it was given (unless the details did not
 * match), and the customer having to say the same thing again.
 */
export function noRepeatedQuestionOf(f: ConversationFacts): number | undefined {
  let repeats = f.agentRepeats + f.customerRepeats;
  let identityAsks = 0;
  for (const reply of f.replies) {
    if (!ASKS_IDENTITY.test(reply.text)) continue;
    identityAsks++;
    // Asking again is fair only when the last details did not match or could not be read.
    const previous = f.replies.filter((r) => r.turn < reply.turn).at(-1)?.text ?? "";
    if (identityAsks > 1 && !/\b(couldn'?t (?:find|match|pick out)|didn'?t match|don'?t match|doesn'?t match|no account|check the spelling)\b/i.test(previous + " " + reply.text)) repeats++;
  }
  const asked = f.replies.some((r) => questionsOf(r.text).length > 0);
  if (!asked && repeats === 0) return undefined;
  return clamp01(1 - 0.35 * repeats);
}

/** 1 when no hand-over was needed and none happened, or one was justified; low for one that was not needed. */
export function handoverNeededOf(c: ScorableConversation, f: ConversationFacts): number {
  if (f.handoverTurn === null) {
    // Asked for a person (twice) and never passed on.
    const asks = f.customerTexts.filter(({ text }) => ASKS_PERSON.test(text)).length;
    return asks >= 2 ? 0.3 : 1;
  }
  const handoverTurn = f.handoverTurn;
  if (f.customerAskedForPerson && f.customerTexts.some(({ turn, text }) => turn <= handoverTurn && ASKS_PERSON.test(text))) return 1;
  if (f.replies.some((r) => r.turn <= handoverTurn && HANDOVER_REASON.test(r.text))) return 1;
  if (f.kind === "person") return 1;
  if (f.kind === "out_of_scope") return 0.1;
  // The customer turned a fix down: nothing for a person to do.
  if (f.declined) return 0.2;
  if (f.kind === "trouble") {
    // A diagnosis that ran its checks and stopped where only a person can go on.
    if (c.troubleshooting?.status === "handover" && f.agentRepeats === 0 && handoverTurn > 2) return 0.9;
    // A fixable problem passed on before the customer was asked to check anything, or after going in circles.
    return handoverTurn <= 1 ? 0.2 : 0.4;
  }
  return 0.3;
}

/** Customer turns to the outcome (the change, the verified fix, the hand-over or the answer); absent when none was reached. */
export function turnsToOutcomeOf(c: ScorableConversation, f: ConversationFacts, needMet: number | undefined): number | undefined {
  if (needMet === undefined || needMet < 0.5) return undefined;
  const answerTurn = f.requests.find((r) => r.answered)?.turn ?? f.replies.find((r) => splitSentences(r.text).some((s) => assertive(s) && FACTS.test(s) && !ASKS_IDENTITY.test(s)))?.turn;
  const outcomeTurn =
    f.kind === "trouble"
      ? (f.verifiedFixTurn ?? f.changes[0]?.turn ?? f.handoverTurn ?? answerTurn)
      : f.kind === "change"
        ? (f.changes[0]?.turn ?? answerTurn ?? f.handoverTurn)
        : (f.handoverTurn ?? answerTurn ?? f.replies[0]?.turn);
  if (outcomeTurn === undefined || outcomeTurn === null) return undefined;
  const customerTurns = f.customerTexts.filter((x) => x.turn <= outcomeTurn).length;
  // Identity and a consent round trip are part of the job: what is expected is allowed without cost.
  const expected = (f.kind === "trouble" ? 5 : f.kind === "change" ? 3 : 1) + (c.verified ? 1 : 0);
  return clamp01(1 - Math.max(0, customerTurns - expected) / 6);
}

/**
 * Empathy where it matters: an upset customer acknowledged (once is enough),
 * and no canned apology where there is nothing to be sorry for (a price
 * question, good news). Absent when neither happens.
 */
export function empathyOf(f: ConversationFacts): number | undefined {
  const upsetTurns = f.customerTexts.filter(({ text }) => isUpset(text)).map((x) => x.turn);
  let canned = 0;
  let apologies = 0;
  for (const reply of f.replies) {
    if (!APOLOGY.test(reply.text)) continue;
    apologies++;
    const said = f.customerTexts.find((x) => x.turn === reply.turn)?.text ?? "";
    const problem = reportsFailing(said) || isUpset(said) || (reply.turn === 0 && (f.kind === "trouble" || f.kind === "person")) || /\b(wrong|overcharged|charged twice|stolen|lost|cut off|suspended|can'?t|cannot|won'?t|no (?:signal|service|data|internet))\b/i.test(said);
    // An apology for a refusal or a dead end is fair; on good news or a plain question it is filler.
    const badNews = /\b(can'?t|cannot|unable|not able|won'?t be able|isn'?t possible|couldn'?t)\b/i.test(reply.text);
    if (!problem && !badNews) canned++;
  }
  if (!upsetTurns.length && canned === 0) return undefined;
  let score = 1;
  if (upsetTurns.length) {
    const first = upsetTurns[0]!;
    const acknowledged = f.replies.some((r) => (r.turn === first || r.turn === first + 1) && APOLOGY.test(r.text));
    score = acknowledged ? 1 : 0.2;
    // The same apology in every reply reads as a script.
    if (apologies >= 3 && apologies >= f.replies.length - 1) score -= 0.2;
  }
  score -= 0.3 * canned;
  return clamp01(score);
}

/**
 * Context use: the customer's earlier contacts about the same issue referred
 * to when memory offered them; history brought up when it was not about this
 * issue costs. Absent when memory offered nothing relevant and none was cited.
 */
export function contextUseOf(c: ScorableConversation, f: ConversationFacts): number | undefined {
  const issue = c.issue;
  const relevant = c.memory.history.some((h) => h.intent === issue) || c.memory.similarCases.some((s) => s.intent === issue && s.outcome === "resolved");
  const referred = f.replies.some((r) => HISTORY_REFERENCE.test(r.text));
  if (relevant) return referred ? 1 : 0.4;
  if (referred) return c.memory.history.length ? 0.5 : 0;
  return undefined;
}

/** Reply length: up to 100 words is fully concise; falls by 1/200 per word beyond (0.5 at 200 words). */
export const CONCISE_WORDS = 100;
export function concisenessFor(words: number): number {
  return clamp01(1 - Math.max(0, words - CONCISE_WORDS) / 200);
}

/** Short sentences, at most one question per reply, no internals. */
export function clarityOfReply(reply: string): number {
  const sentences = splitSentences(reply);
  if (sentences.length === 0) return 0;
  const meanWords = sentences.reduce((sum, s) => sum + wordCount(s), 0) / sentences.length;
  const questions = (reply.match(/\?/g) ?? []).length;
  let score = 1;
  if (meanWords > 22) score -= Math.min(0.4, (meanWords - 22) / 40);
  if (questions > 1) score -= 0.2 * (questions - 1);
  if (INTERNALS.test(reply)) score -= 0.4;
  // A bare command ("Number and name.") leaves the customer to guess what is going on.
  if (wordCount(reply) < 6 && !/\b(thanks|thank you|welcome|bye|hi|hello)\b/i.test(reply)) score -= 0.5;
  return clamp01(score);
}

/**
 * Troubleshooting: did the procedure reach a fix the customer confirmed (all
 * faults found fixed) or a hand-over with its reason? Absent without troubleshooting.
 */
export function diagnosticCompletenessOf(c: ScorableConversation, f: ConversationFacts): number | undefined {
  const t = c.troubleshooting;
  if (!t) return undefined;
  if (f.verifiedFixTurn !== null) {
    const found = new Set(t.faultsFound);
    return found.size === 0 ? 1 : Math.max(0.6, t.faultsFixed.filter((x) => found.has(x)).length / found.size);
  }
  if (t.status === "handover") return t.note || c.escalation?.reason ? 0.8 : 0.5;
  if (t.status === "resolved") return 0.3; // declared fixed without the customer's check
  return 0.3;
}

/** The outcome scores. `overall` is computed separately (overallOf). */
export function scoreOutcomes(c: ScorableConversation): ConversationScores {
  const f = factsOf(c);
  const scores: ConversationScores = {};
  const set = (name: keyof ConversationScores, value: number | undefined) => {
    if (value !== undefined) scores[name] = clamp01(value);
  };
  const needMet = needMetOf(c, f);
  set("needMet", needMet);
  set("policy", policyOf(c, f));
  set("noRepeatedQuestion", noRepeatedQuestionOf(f));
  set("handoverNeeded", handoverNeededOf(c, f));
  set("turnsToOutcome", turnsToOutcomeOf(c, f, needMet));
  set("empathy", empathyOf(f));
  set("contextUse", contextUseOf(c, f));
  set("diagnosticCompleteness", diagnosticCompletenessOf(c, f));
  if (f.replies.length) {
    set("conciseness", f.replies.reduce((s, r) => s + concisenessFor(wordCount(r.text)), 0) / f.replies.length);
    set("clarity", f.replies.reduce((s, r) => s + clarityOfReply(r.text), 0) / f.replies.length);
  }
  return scores;
}

/**
 * The single figure: whether the need was met, scaled by how it went. Each
 * other score takes off in proportion to its shortfall and its weight (a
 * question asked twice costs more than a long reply), and a broken policy (a
 * false claim, a change without consent) undoes most of a good outcome.
 */
const HOW_WEIGHTS: Partial<Record<keyof ConversationScores, number>> = {
  noRepeatedQuestion: 0.5,
  handoverNeeded: 0.5,
  turnsToOutcome: 0.3,
  empathy: 0.35,
  contextUse: 0.25,
  diagnosticCompleteness: 0.2,
  conciseness: 0.3,
  clarity: 0.5,
  feedback: 0.4,
};
export function overallOf(scores: ConversationScores): number {
  let how = 1;
  for (const [name, weight] of Object.entries(HOW_WEIGHTS) as [keyof ConversationScores, number][]) {
    const value = scores[name];
    if (value !== undefined) how *= 1 - weight * (1 - value);
  }
  const need = scores.needMet ?? 0.8;
  const policy = scores.policy ?? 1;
  return clamp01((0.15 + 0.85 * need) * how * (0.3 + 0.7 * policy));
}
