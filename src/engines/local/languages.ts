/**
 * Spanish and French basics for the local intent engine: which language a
 * message is in (by hits on small lists of words that only that language
 * uses), and a phrase lexicon that puts common telecom requests into English
 * before classification ("no tengo señal" -> "i have no signal", "ma facture
 * est trop élevée" -> "my bill is too high"). Not a translator: enough for the
 * classifier to see the request; the original text is kept for entities and
 * for the reply. Accents are optional (customers drop them).
 *
 * No language detector is installed in this project; `tinyld` or `franc-min`
 * would replace detectLanguage for longer messages, though on the two- to
 * six-word messages of a chat the lexicon hits are the surer signal.
 */

export type Language = "en" | "es" | "fr";

/** Lower case, accents off, typographic apostrophes straightened, elisions and hyphens split ("n'ai" -> "n ai", "mois-ci" -> "mois ci"). */
export function foldForMatching(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’`´]/g, "'")
    .replace(/(?<=\p{L})['-](?=\p{L})/gu, " ");
}

// Words that are frequent in one language and (as whole words) rare in the others. "no", "me", "la",
// "de", "en", "internet" are left out: they are shared with English or between Spanish and French.
const MARKERS: Record<Exclude<Language, "en">, ReadonlySet<string>> = {
  es: new Set((
    "mi mis tengo tiene tienen estoy esta estan funciona funcionan puedo quiero necesito hola gracias por favor " +
    "senal telefono movil celular datos factura cuanto cuesta itinerancia llamadas mensajes el los las una muy desde ayer hoy " +
    "que como porque pero tambien cuando donde casa mas robaron robado perdi perdido acabaron acabado hablar persona planes " +
    "enviar recibir fotos llamar si vale claro hazlo adelante aqui estoy " +
    "tarifa tarifas linea cobro cobraron viaje extranjero lento lenta corta pagar ayuda buenas dias"
  ).split(" ")),
  fr: new Set((
    "je j ai suis mon ma mes pas ne n plus est sont marche fonctionne bonjour merci reseau telephone portable donnees " +
    "facture combien coute cout forfait forfaits appels vole perdu trop elevee eleve depuis matin avec sur pour parler " +
    "conseiller quelqu voudrais veux recharger proposez vous quels quelle aide etranger vacances lent box deconnecte temps " +
    "tout toujours aussi mais quand ou ca cette ce oui accord non allez pourquoi beaucoup mois"
  ).split(" ")),
};
const ENGLISH_MARKERS: ReadonlySet<string> = new Set(
  "the my is are i have has not and to it can you your was this what how why with from on of for do does dont im cant wont".split(" "),
);
/** One of these alone is enough: nobody writes them in an English sentence. */
const STRONG: Record<Exclude<Language, "en">, ReadonlySet<string>> = {
  es: new Set((
    "tengo tiene estoy funciona funcionan senal telefono movil celular factura cuanto itinerancia llamadas llamar robaron perdi datos " +
    "quiero necesito puedo enviar recibir fotos mensajes hola gracias hazlo vale"
  ).split(" ")),
  fr: new Set((
    "je suis reseau telephone portable facture combien coute forfait forfaits vole perdu donnees bonjour merci voudrais conseiller " +
    "marche peux veux appeler envoyer recharger oui pourquoi accord"
  ).split(" ")),
};

/** The language of a message: Spanish or French when their words clearly outnumber English ones, else English. */
export function detectLanguage(text: string): Language {
  const words = foldForMatching(text).match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return "en";
  let english = 0;
  const hits = { es: 0, fr: 0 };
  const strong = { es: 0, fr: 0 };
  for (const w of words) {
    if (ENGLISH_MARKERS.has(w)) english++;
    for (const lang of ["es", "fr"] as const) {
      if (MARKERS[lang].has(w)) hits[lang]++;
      if (STRONG[lang].has(w)) strong[lang]++;
    }
  }
  const lang: "es" | "fr" = hits.es + strong.es >= hits.fr + strong.fr ? "es" : "fr";
  const other = lang === "es" ? "fr" : "es";
  if (hits[lang] === hits[other] && strong[lang] === strong[other]) return "en";
  if (strong[lang] >= 1 && hits[lang] > english) return lang;
  if (hits[lang] >= 2 && hits[lang] > english * 1.5) return lang;
  return "en";
}

type Lexicon = ReadonlyArray<readonly [RegExp, string]>;

/** Builds the ordered lexicon: longer phrases first, each matched on whole words of the folded text. */
function lexicon(entries: Record<string, string>): Lexicon {
  return Object.entries(entries)
    .sort((a, b) => b[0].length - a[0].length)
    .map(([from, to]) => [new RegExp(`(?<![\\p{L}])${from.replace(/ /g, "\\s+")}(?![\\p{L}])`, "gu"), to] as const);
}

const SPANISH = lexicon({
  // requests and problems
  "no tengo senal": "i have no signal",
  "no tiene senal": "has no signal",
  "sin senal": "no signal",
  "no hay senal": "there is no signal",
  "no tengo cobertura": "i have no signal",
  "sin cobertura": "no signal",
  "no tengo datos": "i have no data",
  "no tengo internet": "i have no internet",
  "no tengo red": "i have no network",
  // Negations on their own too, for when a longer phrase took the noun ("no tengo | internet en el movil").
  "no tengo": "i have no",
  "no tiene": "has no",
  "no hay": "there is no",
  "no puedo": "i can't",
  "no puedo hacer llamadas": "i can't make calls",
  "no puedo llamar": "i can't make calls",
  "no puedo recibir llamadas": "i can't receive calls",
  "no puedo enviar fotos": "i can't send photos by text",
  "mensajes con fotos": "picture messages",
  "no funciona": "is not working",
  "no funcionan": "are not working",
  "no va": "is not working",
  "no carga": "nothing loads",
  "datos moviles": "mobile data",
  "internet en el movil": "internet on my phone",
  "en el movil": "on my phone",
  "en mi movil": "on my phone",
  "en mi telefono": "on my phone",
  "se me acabaron los datos": "i ran out of data",
  "se me acabaron": "i ran out of",
  "me quede sin datos": "i ran out of data",
  "quiero mas datos": "i want more data",
  "mas datos": "more data",
  "recargar datos": "top up data",
  "recarga": "top up",
  "se corta": "keeps dropping",
  "se desconecta": "keeps disconnecting",
  "todo el rato": "all the time",
  "todo el tiempo": "all the time",
  "el wifi de casa": "the home wifi",
  "de casa": "at home",
  "muy lento": "very slow",
  "muy lenta": "very slow",
  "me robaron": "someone stole",
  "me han robado": "someone stole",
  "he perdido": "i lost",
  "perdi": "i lost",
  "es muy alta": "is too high",
  "muy alta": "too high",
  "mas alta": "higher",
  "me cobraron de mas": "i was overcharged",
  "cobro": "charge",
  "cargo": "charge",
  "pagar mi factura": "pay my bill",
  "hablar con una persona": "speak to a person",
  "hablar con alguien": "speak to someone",
  "hablar con un agente": "speak to an agent",
  "que planes tienen": "what plans do you have",
  "que planes": "what plans",
  "cuanto cuesta": "how much does it cost",
  "cuanto vale": "how much does it cost",
  "cuanto es": "how much is",
  "en el extranjero": "abroad",
  "de viaje": "travelling",
  "de vacaciones": "on holiday",
  "voy a": "going to",
  "estoy en": "i am in",
  "me mudo": "i am moving house",
  "mudanza": "moving house",
  "linea suspendida": "line suspended",
  "cortaron la linea": "cut off my line",
  "contrasena": "password",
  "estafa": "scam",
  "hackeado": "hacked",
  "por favor": "please",
  // answers to a question or a proposal
  "si": "yes", "vale": "ok", "claro": "sure", "hazlo": "do it", "adelante": "go ahead", "no gracias": "no thanks",
  "por que": "why", "porque": "because", "aqui": "here", "estoy": "i am", "senal de datos": "mobile data",
  // words
  "mi": "my", "mis": "my", "el": "the", "la": "the", "los": "the", "las": "the", "una": "a", "un": "a",
  "telefono": "phone", "movil": "mobile phone", "celular": "mobile phone", "senal": "signal", "cobertura": "signal",
  "datos": "data", "factura": "bill", "facturas": "bills", "itinerancia": "roaming", "llamadas": "calls", "mensajes": "messages",
  "fotos": "photos", "planes": "plans", "tarifa": "plan", "tarifas": "plans", "linea": "line", "red": "network",
  "es": "is", "muy": "very", "alta": "high", "lento": "slow", "lenta": "slow", "desde": "since", "ayer": "yesterday", "hoy": "today",
  "casa": "home", "tengo": "i have", "tiene": "has", "quiero": "i want", "necesito": "i need", "puedo": "i can", "hola": "hello",
  "gracias": "thanks", "ayuda": "help", "robado": "stolen", "perdido": "lost", "sin": "without", "y": "and", "con": "with",
  "de": "of", "en": "in", "este mes": "this month", "mes": "month", "pagar": "pay", "reembolso": "refund",
  // places
  "espana": "spain", "francia": "france", "italia": "italy", "alemania": "germany", "grecia": "greece", "japon": "japan",
  "mexico": "mexico", "inglaterra": "england", "reino unido": "uk", "suiza": "switzerland", "estados unidos": "united states",
  "marruecos": "morocco", "belgica": "belgium", "paises bajos": "netherlands", "londres": "london", "paris": "paris", "roma": "rome",
});

const FRENCH = lexicon({
  "je n ai pas de reseau": "i have no signal",
  "je n ai plus de reseau": "i have no signal",
  "pas de reseau": "no signal",
  "aucun reseau": "no signal",
  "je n ai pas de donnees": "i have no data",
  "je n ai pas de data": "i have no data",
  "je n ai pas d internet": "i have no internet",
  "je n ai plus de donnees": "i ran out of data",
  "je n ai plus de data": "i ran out of data",
  "plus de data": "out of data",
  "plus de donnees": "out of data",
  "je n ai pas de": "i have no",
  "je n ai plus de": "i have no more",
  "je ne peux pas appeler": "i can't make calls",
  "je ne peux pas passer d appels": "i can't make calls",
  "ne marche pas": "is not working",
  "ne marche plus": "stopped working",
  "ne fonctionne pas": "is not working",
  "ne fonctionne plus": "stopped working",
  "marche pas": "not working",
  "internet mobile": "mobile data",
  "donnees mobiles": "mobile data",
  "sur mon telephone": "on my phone",
  "sur mon portable": "on my phone",
  "je suis en": "i am in",
  "je suis au": "i am in",
  "je suis a": "i am in",
  "a l etranger": "abroad",
  "en vacances": "on holiday",
  "je pars en": "travelling to",
  "je pars au": "travelling to",
  "combien coute": "how much does it cost",
  "combien ca coute": "how much does it cost",
  "combien": "how much",
  "est trop elevee": "is too high",
  "trop elevee": "too high",
  "plus elevee": "higher",
  "on m a vole": "someone stole",
  "j ai perdu": "i lost",
  "ma box internet": "my home internet",
  "ma box": "my router",
  "se deconnecte": "keeps disconnecting",
  "se coupe": "keeps dropping",
  "tout le temps": "all the time",
  "parler a un conseiller": "speak to an agent",
  "parler a quelqu un": "speak to someone",
  "parler a une personne": "speak to a person",
  "je voudrais": "i would like to",
  "je veux": "i want to",
  "recharger": "top up data",
  "quels forfaits proposez vous": "what plans do you offer",
  "quels forfaits": "what plans",
  "proposez vous": "do you offer",
  "depuis ce matin": "since this morning",
  "mot de passe": "password",
  "s il vous plait": "please",
  // answers to a question or a proposal
  "oui": "yes", "d accord": "ok", "allez y": "go ahead", "non merci": "no thanks", "non": "no",
  "pourquoi": "why", "beaucoup": "much", "ce mois ci": "this month", "ce mois": "this month", "mois": "month",
  "demenagement": "moving house",
  "je demenage": "i am moving house",
  // words
  "mon": "my", "ma": "my", "mes": "my", "le": "the", "la": "the", "les": "the", "un": "a", "une": "a",
  "telephone": "phone", "portable": "mobile phone", "reseau": "signal", "donnees": "data", "data": "data", "facture": "bill",
  "forfait": "plan", "forfaits": "plans", "appels": "calls", "vole": "stolen", "perdu": "lost", "lent": "slow", "lente": "slow",
  "arnaque": "scam", "pirate": "hacked", "suspendue": "suspended", "suspendu": "suspended", "rembourser": "refund",
  "remboursement": "refund", "payer": "pay", "bonjour": "hello", "merci": "thanks", "aide": "help", "depuis": "since",
  "est": "is", "trop": "too", "et": "and", "avec": "with", "sur": "on", "pour": "for", "de": "of", "en": "in",
  // places
  "espagne": "spain", "italie": "italy", "allemagne": "germany", "angleterre": "england", "grece": "greece", "japon": "japan",
  "mexique": "mexico", "suisse": "switzerland", "royaume uni": "uk", "etats unis": "united states", "maroc": "morocco",
  "belgique": "belgium", "pays bas": "netherlands", "londres": "london", "rome": "rome", "portugal": "portugal",
});

const LEXICONS: Record<Exclude<Language, "en">, Lexicon> = { es: SPANISH, fr: FRENCH };

/** Every English word the lexicons produce (places included): words the typo corrector may correct towards. */
export const LEXICON_ENGLISH_WORDS: readonly string[] = [...new Set([...SPANISH, ...FRENCH].flatMap(([, english]) => english.match(/\p{L}+/gu) ?? []))];

/**
 * The message in English when it is in Spanish or French, else as written:
 * for reading a short answer ("sí, por favor", "oui d'accord") the same way
 * as its English form.
 */
export function readInEnglish(message: string): { language: Language; text: string } {
  const language = detectLanguage(message);
  return { language, text: toEnglish(message, language) };
}

/**
 * Puts the telecom phrases of a Spanish or French message into English, on the
 * folded text (lower case, no accents). Words the lexicon does not know stay
 * as they are. English text is returned unchanged.
 */
export function toEnglish(text: string, language: Language): string {
  if (language === "en") return text;
  let out = foldForMatching(text);
  // Each phrase is replaced by a placeholder first, so a shorter entry never rewrites a longer one's English.
  const replaced: string[] = [];
  for (const [re, english] of LEXICONS[language]) {
    out = out.replace(re, () => {
      replaced.push(english);
      return `\u0000${replaced.length - 1}\u0000`;
    });
  }
  return out.replace(/\u0000(\d+)\u0000/g, (_, i: string) => replaced[Number(i)]!).replace(/\s+/g, " ").trim();
}
