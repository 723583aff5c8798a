import type { IntentLabel } from "../../domain/support.js";

/**
 * Keyword rules for the local intent engine. A rule's weight (0..1) is how sure
 * its match alone makes us of the label; the engine combines it with the
 * nearest-neighbour similarity. Rules are tested on the original message.
 */
export interface IntentRule {
  label: IntentLabel;
  re: RegExp;
  weight: number;
}

const BB = "(?:broadband|fibre|fiber|home internet|internet at home|home wi-?fi|wi-?fi at home|router|hub|home connection|connection at home|wifi|wi-fi|internet)";
const PHONE = "(?:phone|mobile|cell|iphone|samsung|android|galaxy|pixel|handset)";
/** Home broadband words, not when they follow a phone word ("mobile internet is dead" is mobile data). */
const HOME_BB = `(?<!(?:mobile|phone|cellular|cell|4g|5g|lte) )${BB}`;

export const INTENT_RULES: IntentRule[] = [
  // conversation control
  { label: "human_request", re: /\b(speak|talk|chat|connect|transfer|put)\b[^.?!]{0,30}\b(human|person|agent|someone|somebody|representative|rep|manager|supervisor|operator|real people|staff|advisor)\b/i, weight: 1 },
  { label: "human_request", re: /\b(?:want|need|get me|give me)\s+(?:a|an|to)?\s*(?:human|person|agent|real person|manager|someone real)\b/i, weight: 1 },
  { label: "human_request", re: /\b(real person|live agent|human being|not a bot|no bots?|stop the bot|operator please|call me back|callback)\b/i, weight: 0.95 },
  { label: "human_request", re: /\b(?:(?:don'?t|do not) want (?:a |to (?:talk|speak|chat) to (?:a |the )?|this )?(?:bot|robot|machine|ai|chatbot)|get me (?:someone|somebody|anyone)|(?:make|file|lodge|raise|register) a (?:formal )?complaint|(?:i )?want to (?:complain|make a complaint))\b/i, weight: 0.95 },
  { label: "goodbye", re: /^\W*(?:ok(?:ay)?[,.!]?\s*)?(?:thanks?(?: you)?(?: (?:so|very) much)?|cheers|ta)?[,.! ]*(?:bye|goodbye|see you|see ya|that'?s (?:all|it|everything)|all sorted|nothing else|have a (?:nice|good|great) (?:day|one|evening))\b/i, weight: 1 },
  { label: "goodbye", re: /\b(bye|goodbye|that'?s all(?: i needed)?|that'?s everything|nothing else,? thanks|no,? that'?s it|all sorted,? thanks)\b/i, weight: 0.85 },
  { label: "goodbye", re: /^\W*(?:thanks?(?: you)?(?: (?:so|very) much)?|many thanks|cheers|perfect,? thanks?(?: you)?|great,? thanks?)\W*$/i, weight: 0.85 },
  { label: "greeting", re: /^\W*(hi+|hello|hey+|hiya|howdy|yo|good (?:morning|afternoon|evening)|greetings)(?:\s+(?:there|nimbus|team|all))?\W*$/i, weight: 0.95 },

  // mobile connectivity
  { label: "mobile_no_service", re: /\b(no service|emergency calls? only|sos only|no signal|zero bars|no bars|no reception|no network|searching for (?:network|service)|sim (?:card )?(?:is |isn'?t |is not )?(?:not )?(?:detected|recogni[sz]ed)|sim not detected|no sim|(?:can'?t|cannot|won'?t|wont|doesn'?t|unable to) (?:make|receive|take|place) (?:any )?calls|(?:can'?t|cannot|not|don'?t) (?:get|getting|have|having|receive) (?:any )?(?:service|signal|reception|network)|calls? (?:fail|drop|won'?t connect|don'?t connect)|(?:nobody|no ?one|no-one) can (?:reach|call|get through to) me|(?:people|they|friends|callers|family) (?:can'?t|cannot) (?:reach|call|get through to) me|(?:mobile |phone )?network (?:is |has )?gone|can'?t call anyone)\b/i, weight: 1 },
  { label: "mobile_no_service", re: /\b(lost (?:all )?signal|signal (?:is )?gone|texts? (?:won'?t|don'?t) (?:send|go)(?! .*(?:picture|photo|image|mms)))\b/i, weight: 0.8 },
  { label: "mobile_no_data", re: new RegExp(`\\b((?:mobile|cellular|4g|5g|lte) (?:data|internet)[^.?!]{0,25}(?:not|n't|stopped|dead|won'?t|doesn'?t|no longer|isn'?t)|no (?:mobile |cellular )?data|data (?:isn'?t|is not|not|stopped|won'?t|doesn'?t) (?:working|work|connect)|(?:can'?t|cannot) (?:browse|get online|go online)|nothing loads|no internet on my ${PHONE}|(?:signal|bars) but no (?:data|internet)|apps? won'?t load|won'?t load (?:on|over) (?:mobile )?data)`, "i"), weight: 0.95 },
  { label: "mobile_no_data", re: /\b(?:not|n't) (?:on|over|with) (?:my )?(?:mobile|cellular) data\b|\bonly (?:works )?on wi-?fi\b/i, weight: 1 },
  { label: "mobile_no_data", re: new RegExp(`\\b(?:(?:mobile|phone|cellular|4g|5g|lte) internet|internet on (?:my|the) ${PHONE})[^.?!]{0,25}(?:not|n't|stopped|dead|won'?t|doesn'?t|no longer|isn'?t|gone)|\\b(?:without|unless (?:i'?m |i am )?(?:on|connected to)) wi-?fi\\b|\\bnothing loads\\b`, "i"), weight: 0.95 },
  { label: "mobile_no_data", re: /\b(?:signal|bars|4g|5g|lte)\b[^.?!]{0,25}\bbut\b[^.?!]{0,15}(?:no (?:data|internet)|(?:data|internet)[^.?!]{0,15}(?:not|n't|doesnt|dont|won'?t|wont|isnt))/i, weight: 0.95 },
  { label: "mobile_slow_data", re: new RegExp(`\\b((?:mobile |cellular |4g |5g |phone |${PHONE} )(?:data|internet)[^.?!]{0,20}\\b(?:slow|crawling|sluggish|laggy)|(?<!home )data[^.?!]{0,20}\\b(?:slow|crawling|sluggish|laggy)|slow (?:mobile |cellular )?data|(?:slow|crawling|sluggish)[^.?!]{0,20}(?:on|over) (?:my )?(?:${PHONE}|4g|5g|mobile data)|buffering on my ${PHONE})`, "i"), weight: 0.9 },
  { label: "mms_issue", re: /\b(mms|picture messages?|pic(?:ture)?s? (?:won'?t|don'?t|will not) send|photo messages?|multimedia messages?|send(?:ing)? (?:photos?|pictures?|pics|images?|videos?) (?:by|in|via|over) (?:text|sms|messages?)|group texts? with pictures?|photos?[^.?!]{0,20}(?:by|via|in) text)\b/i, weight: 1 },
  { label: "roaming_abroad", re: /\b(?:heading|flying|travell?ing|visiting) (?:to|on a trip to)\b[^.?!]{0,40}\b(?:data|phone|cost|roaming|calls?|work)\b/i, weight: 0.9 },
  { label: "roaming_abroad", re: /\b(?:before (?:i|we) (?:travel|fly|leave|go abroad)|before (?:flying|travell?ing|leaving|going) (?:to|abroad|overseas)|before (?:my|our) (?:trip|travels?|holiday|vacation|flight)|(?:just )?(?:landed|arrived) (?:in|at)|(?:i'?m|i am|we'?re|we are) (?:travell?ing|flying|going abroad))\b/i, weight: 0.95 },
  { label: "roaming_abroad", re: /\b((?<!includes? |included |include )roaming(?! (?:charges?|fees?) (?:on|in) (?:my|the|this))(?! (?:is )?included)|abroad|overseas|travel ?pass|travell?ing to|out of the country|on (?:holiday|vacation)|just (?:landed|arrived) in|(?:my )?trip (?:to|abroad)|international (?:data|calls?|use))\b/i, weight: 0.95 },

  // home broadband
  { label: "broadband_drops", re: new RegExp(`\\b(${HOME_BB}[^.?!]{0,30}(?:keeps? (?:dropping|cutting|disconnecting|going (?:off|down))|drops?(?: out)?|cuts? out|disconnects?|unstable|intermittent|keeps? losing|loses? (?:the )?connection|losing (?:the )?connection|goes? (?:off and on|on and off)|(?:off and on|on and off) all)|(?:drops|disconnects|cuts out)[^.?!]{0,25}every)`, "i"), weight: 0.95 },
  { label: "broadband_slow", re: new RegExp(`\\b(${HOME_BB}[^.?!]{0,30}\\b(?:slow|crawling|sluggish|buffering|lag)|slow ${BB}|pay(?:ing)? for[^.?!]{0,15}\\d{2,4}[^.?!]{0,20}(?:get|only)|speed[^.?!]{0,20}(?:below|less than) what i pay)`, "i"), weight: 0.9 },
  { label: "broadband_outage", re: new RegExp(`\\b(outage|(?:network|internet|broadband) (?:is )?down (?:in|on|for)|(?:area|street|neighbou?rhood|postcode|zip)[^.?!]{0,30}(?:down|outage|no internet)|${HOME_BB}[^.?!]{0,25}(?:completely down|is down|dead|not working at all|totally down)|(?:red|fibre|internet) light|no internet at (?:all|home)|maintenance)`, "i"), weight: 0.9 },

  // billing and account
  { label: "bill_explain", re: /\b((?:bill|invoice|statement)[^.?!]{0,40}(?:higher|more|bigger|went up|increased|explain|understand|why)|(?:why|what)[^.?!]{0,30}(?:charges?|fees?|charged|bill)|explain[^.?!]{0,20}(?:bill|charges?|statement|invoice)|(?:charges?|fees?) on my (?:bill|statement|invoice|account)|(?:understand|recogni[sz]e) (?:the |my |this |these |a )?(?:charges?|fees?|bill)|line item|extra (?:fee|charge))\b/i, weight: 0.9 },
  { label: "bill_explain", re: /\b(?:why|how come)\b[^.?!]{0,20}\b(?:pay|paid|paying|charged|billed)\b[^.?!]{0,20}(?:more|so much|extra|\$?\d+|last month|this month)/i, weight: 0.9 },
  { label: "bill_explain", re: /\b(?:what'?s|what is|what are|why)\b[^.?!]{0,30}\b(?:charges?|fees?) (?:on|in) (?:my|the|this) (?:bill|statement|invoice)/i, weight: 1 },
  { label: "bill_dispute", re: /\b(dispute|contest|refund|overcharg|charged twice|billed twice|double charged|wrong(?:ly)? charge|(?:charge|bill|invoice) (?:is|was|looks) wrong|money back|remove (?:the|this|that)[^.?!]{0,20}(?:fee|charge)|never (?:signed up|ordered|used)|didn'?t (?:use|order|sign up)|credit (?:for|back)|not fair)\b/i, weight: 0.95 },
  { label: "bill_payment", re: /\b(pay (?:my|the|this|a|an) (?:overdue )?(?:bill|balance|invoice)|how (?:do|can) i pay|payment (?:method|link|card|didn'?t|failed|plan)|autopay|auto-pay|direct debit|(?:update|change) (?:my )?(?:card|payment)|instal(?:l)?ments?|missed (?:a )?payment|when is (?:my )?bill due|paid but)\b/i, weight: 0.9 },
  { label: "line_suspended", re: /\b(suspend(?:ed)?|suspension|unsuspend|cut (?:me |my (?:line|phone|number) )?off|barred|blocked for (?:non[- ]?payment|not paying)|reactivate|resume my (?:line|number|service)|un-?pause|reconnect (?:me|my|it)|(?:turn|switch|put) my (?:line|number|phone|mobile) back on|(?:line|account|number) (?:is |was )?on hold|deactivated)\b/i, weight: 0.95 },

  // plans
  { label: "plan_upgrade", re: /\b(upgrade|downgrade|switch (?:me )?to (?:the |a )?[^.?!]{0,20}plan|change (?:my )?(?:plan|tariff|package)|move (?:me )?to (?:a |the )?(?:bigger|smaller|cheaper|faster|unlimited|nimbus)|new phone with my contract|better deal|eligible)\b/i, weight: 0.9 },
  { label: "plan_info", re: /\b(which plan|what plan (?:has|gives|is best)|(?:does|is) [^.?!]{0,25}\binclude[ds]? roaming|roaming (?:is )?included|what (?:plans|packages|tariffs)|(?:mobile|fibre|fiber|broadband|phone|data|sim only) (?:plans|packages|tariffs)|(?:your|the|which) plans|compare[^.?!]{0,20}plans|how much data (?:is|do i get|comes)|cheapest|(?:what'?s|what is) included|does my plan include|nimbus (?:lite|plus|max|unlimited)|home fibre \d+|fair use|plan (?:cost|price|details))\b/i, weight: 0.85 },
  { label: "account_info", re: /\b(?:did i (?:use|go through|burn through) (?:all|up)|how much (?:data )?(?:do i have|have i got|is|'?s) (?:left|remaining)|(?:data|gb|gigs?|allowance)[^.?!]{0,15}(?:left|remaining) (?:on|this|for)|how much (?:data )?(?:have i|did i) use[d]?|(?:check|see|show) my (?:usage|data usage|balance|allowance)|what plan am i on|my current plan|(?:when does|when is|when will) my (?:contract|renewal|plan)[^.?!]{0,10}(?:end|up|due|finish)|am i (?:still )?(?:in|on|under) (?:a |my )?contract)\b/i, weight: 0.95 },
  { label: "data_topup", re: /\b((?:buy|get|add|want|need|purchase)(?: me)? (?:another |an extra |extra |more |some )?\d+ ?gb|allowance (?:is |has )?(?:used up|exhausted|finished|gone|run out|ran out)|data (?:has |have |just )?(?:ran|run|running) out|(?:get|buy|want|need|add|have) (?:some |a bit )?(?:more|extra) data|data add[- ]?on|add (?:some )?data|top[- ]?up|ran out of data|run out of data|out of data|more data|extra data|data add-?on|buy (?:some )?data|add \d+ ?gb|used (?:all|100%)[^.?!]{0,20}data|data (?:allowance )?(?:is )?(?:used up|exhausted|finished|gone)|refill)\b/i, weight: 0.95 },
  { label: "lost_phone", re: new RegExp(`\\b(?:(?:lost|misplaced|left) (?:my|the) ${PHONE}|${PHONE}[^.?!]{0,20}\\b(?:stolen|nicked|taken|missing|lost)(?! (?:the |its |my |all )?(?:network|signal|connection|service|reception|data|internet|bars?|wi-?fi))|(?:stole|took|grabbed|snatched|nicked) my ${PHONE}|block (?:my|the) (?:sim|phone|number)|${PHONE} (?:is|has) (?:gone missing|disappeared|gone(?=,| i think| someone))|left (?:it|my ${PHONE}) (?:in|on|at) (?:a|the) (?:cab|taxi|uber|bus|train|bar|pub|restaurant|plane))\\b`, "i"), weight: 1 },
  { label: "account_security", re: /\b(?:(?:text|message|email|sms|dm)\b[^.?!]{0,60}(?<!payment |top-?up )\blink|pretend(?:ing|ed)? to be|(?:is (?:this|it|that)|or) (?:a )?scam|(?:asking|asked|wants?|wanted|requesting)\b[^.?!]{0,25}\b(?:password|pin|passcode|one[- ]time code|verification code|security code|cvv|bank (?:details|account)|card (?:details|number)))\b/i, weight: 1 },
  { label: "account_security", re: /\b(click (?:on )?(?:a|the|this|that) link|account (?:is |was |has been |got )?(?:locked|hacked|compromised)|(?:swapped|ported) my (?:sim|number)|sim (?:was |got |has been )?swapped|(?:text|message|email|call|caller)[^.?!]{0,30}(?:asking|asked|wants?|wanted) (?:for )?my (?:password|pin|code|details|bank)|(?:is|was) (?:this|it|that) (?:text|message|email|call|link) (?:really )?(?:from|real|legit)|scam|phishing|fraud(?:ulent)?|suspicious (?:text|message|email|call|link)|hacked|sim swap(?:ped)?|one[- ]time code|(?:asked|asking) for my (?:password|pin|code)|really from (?:you|nimbus))\b/i, weight: 0.95 },
  { label: "moving_house", re: /\b(moving (?:house|home|out|to a new)|move house|new address|relocat|change of address|transfer (?:my )?(?:service|broadband|internet)|new (?:flat|house|home|place|apartment))\b/i, weight: 0.95 },

  // outside the domain
  { label: "out_of_scope", re: /\b(weather|joke|football|soccer|recipe|cook|poem|movie|film|restaurant|stock price|capital of|president|horoscope|lottery|translate)\b/i, weight: 0.85 },
];

/** Words that tie a message to the telecom domain at all. */
export const DOMAIN_TERMS =
  /\b(?:(?:phone|mobile|cell|iphone|samsung|android|galaxy|pixel|handset|allowance|sim|signal|bar|service|network|data|internet|wi-?fi|broadband|fibre|fiber|router|hub|bill|charge|payment|plan|contract|line|number|account|roaming|mms|text|sms|call|speed|upgrade|top[- ]?up|gb|gig|5g|4g|lte|nimbus|outage|connection|message|app|email|price|fee|invoice|code|password|pin)s?|pay|paying|paid|texted|called|charged|billed)\b/i;

/** Vague requests: a problem without saying what. */
export const VAGUE_PROBLEM =
  /^\W*(?:help|help me|please help|hello\W*$|it (?:doesn'?t|does not|won'?t) work|(?:it'?s|it is|its) (?:not working|broken)|not working|broken|(?:i have|got|there'?s|i'?ve got) (?:a )?(?:problem|issue)|problem|issue|something'?s wrong|something is wrong|nothing works)\b/i;
