/**
 * Words that are never part of a customer's name in a support chat. A name is
 * read from words a customer wrote next to a cue ("I'm …", "… here") or in
 * answer to an identity question, so the danger is a sentence such as "I'm so
 * annoyed" or "no service" being taken for a name: these lists are what rules
 * that out. Names that are also ordinary words ("Grace", "Brown", "Will",
 * "May") are a deliberate trade-off: only the very common verbs are listed.
 */

const FUNCTION_WORDS = `
a an the and or but nor so if then than that this these those there here where when why how what which who whom whose
to of in on at by for with without from into onto about above below over under after before since until till via per
up down out off again still just only also too very really quite pretty rather such not no nope nah never none nothing
i me my mine myself you your yours we us our ours he him his she her hers they them their theirs it its itself one ones
am is are was were be been being have has had having do does did doing done can could will would shall should may might must
cant cannot dont doesnt didnt wont wouldnt isnt arent wasnt werent havent hasnt hadnt couldnt shouldnt aint im ive id ill youre
all any some every each both either neither many much more most less least few lot lots other another same own
as because cause cos coz though although while whilst unless whether yet else ever even already always often sometimes
now later soon today tonight tomorrow yesterday morning afternoon evening night week weeks weekend month months year years
day days hour hours minute minutes second seconds time times ago since past last next first earliest asap
st nd rd th jan january feb february mar march apr jul july sep sept september oct october nov november dec december
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
`;

const CHAT_WORDS = `
yes yeah yep yup ya yea ok okay okey k kk sure fine alright right cool great good bad nice lovely perfect awesome
please pls plz thanks thank thx ty tnx cheers hi hello hey hiya howdy heya yo greetings morning dear sir madam maam
mate guys folks buddy bro lol omg wtf hmm hm um umm uh erm eh ah oh ohh ugh meh idk tbh btw fyi imo
sorry excuse pardon welcome bye goodbye later anyway anyways whatever well actually basically honestly seriously literally
absolutely totally completely definitely probably maybe perhaps exactly clearly obviously apparently certainly surely
`;

const STATE_WORDS = `
annoyed angry upset frustrated furious mad livid fuming sad unhappy happy glad tired exhausted sick ill fed bored confused
worried concerned stressed desperate disappointed disgusted shocked surprised scared afraid nervous anxious stuck lost
busy late early new old young away abroad overseas home back ready sure done finished trying getting going coming waiting
travelling traveling leaving moving calling writing texting looking asking wondering hoping paying using having working
still currently gonna wanna gotta kinda sorta bit little lot much far near close
ridiculous unacceptable terrible awful horrible useless hopeless pathetic insane crazy stupid joke shambles disgrace
disgraceful outrageous appalling rubbish garbage trash slow fast broken dead down wrong weird strange odd random
urgent important serious critical emergency help helpful
chaos nightmare disaster mess absolute total complete utter shocking dreadful poor unbelievable incredible amazing
brilliant fantastic excellent wonderful sucks nonsense madness bs bullshit crap damn bloody hell god jesus christ fml smh ffs
shock shocked
`;

const VERBS = `
get got gets gotten go goes went gone want wants wanted need needs needed try tries tried know knew known think thought
call calls called pay pays paid use uses used work works worked stop stops stopped keep keeps kept turn turns turned
make makes made see sees saw seen say says said tell tells told let lets give gives gave given look looks looked
wait waits waited travel travels travelled fix fixes fixed fixing check checks checked checking change changes changed
cancel cancelled canceled charge charged charging connect connected connecting drop drops dropped dropping load loading
send sent sending receive received text texted ring rang restart restarted reset rebooted reboot switch switched
buy bought add added top topped upgrade upgraded downgrade renew renewed resume resumed suspend suspended block blocked
cut unlock unlocked lose missing find found explain understand mean meant hear heard speak talk talking chat
show shows showing says saying happen happened happening come came like love hate mind care sort sorted solve solved
speaking speaks talks
`;

const TELECOM_WORDS = `
phone phones mobile mobiles cell cellphone smartphone handset device devices number numbers no num nr line lines sim sims
esim card cards data internet wifi wi-fi broadband fibre fiber router routers modem hub box signal signals bars reception
service services network networks coverage mast tower 3g 4g 5g lte volte roaming roam travelpass pass passes
bill bills billing invoice invoices charge charges fee fees cost costs price prices payment payments refund refunds
credit debit balance account accounts plan plans contract contracts tariff bundle bundles package allowance
topup top-up refill gb mb gigs minutes mins texts sms mms calls voicemail outage outages engineer technician appointment
speed speeds connection connections app apps email emails password pin puk code codes otp login
unlimited basic plus max premium nimbus iphone ipad android samsung galaxy pixel motorola moto xiaomi huawei nokia oneplus
verizon att t-mobile tmobile sprint vodafone comcast xfinity spectrum cricket boost metro google apple amazon netflix
youtube whatsapp facebook instagram tiktok spotify uber
settings apn bluetooth hotspot tethering port porting transfer customer support agent human person someone somebody
anyone anybody everyone everything something anything nothing thing things stuff problem problems issue issues
question questions complaint complaints ticket tickets order orders delivery address street city
dob birth birthday birthdate born date name names surname firstname lastname full details detail info information id
`;

const PLACES = `
spain france italy germany portugal greece mexico canada japan china india brazil argentina australia zealand thailand
vietnam indonesia philippines turkey egypt morocco africa kenya nigeria ireland kingdom uk england scotland wales
netherlands holland belgium switzerland austria poland czech croatia sweden norway denmark finland iceland dominican
jamaica bahamas cuba colombia peru chile costa rica israel dubai emirates uae singapore korea hong kong taiwan europe
asia caribbean america usa us states paris london rome madrid barcelona tokyo cancun toronto berlin lisbon amsterdam
airport hotel abroad overseas holiday holidays vacation trip work office school
whole entire neighbourhood neighborhood area areas street building house flat apartment town village downstairs upstairs
kitchen bedroom garden basement floor room rooms inside outside indoors outdoors everywhere nowhere somewhere
`;

/** Common words of the other languages customers fall back on ("hablo español", "por favor"). */
const OTHER_LANGUAGE_WORDS = `
hola gracias por favor ayuda necesito tengo hablo habla espanol español ingles inglés english spanish french german
bonjour merci oui non si sí bitte danke ja nein hallo ciao grazie obrigado obrigada olá ola não nao mi mio mis
telefono teléfono movil móvil internet senal señal factura cuenta problema funciona funciono
`;

function words(...lists: string[]): ReadonlySet<string> {
  return new Set(lists.join(" ").split(/\s+/).filter(Boolean));
}

/** Lower-case words (apostrophes removed) that cannot be a name token. */
export const NOT_NAME_WORDS: ReadonlySet<string> = words(FUNCTION_WORDS, CHAT_WORDS, STATE_WORDS, VERBS, TELECOM_WORDS, PLACES, OTHER_LANGUAGE_WORDS);

/** Words that may start the rest of a message right after a bare name ("david okafor my phone is dead"). */
export const CLAUSE_START_WORDS: ReadonlySet<string> = words(`
my i im ive and but also the our it its this that phone number mobile line sim dob born birth date from
here speaking calling please pls
`);

/** Greetings and acknowledgements a customer puts before the details ("hi, sure, it's …"). */
export const LEADING_FILLER_WORDS: ReadonlySet<string> = words(`
hi hello hey hiya heya yo morning evening afternoon good sure ok okay okey yes yeah yep yup ya alright right fine
so well um umm erm uh oh and also then thanks thank you cheers please pls name full its it's im i am is this me
`);

/**
 * Listed words that are also common first names or surnames ("Bill", "May",
 * "Neil Young", "Wei He", "Min-ji Oh"). Written with a capital, next to a word
 * that can only be a name, they count as part of it.
 */
export const WORDS_ALSO_NAMES: ReadonlySet<string> = words(`
bill will may max young price love day little early good he an oh do so ma sun sat long
`);
