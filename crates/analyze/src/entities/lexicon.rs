//! Closed word lists the entity and quote rules rely on: titles, honorifics, organization and
//! institution nouns, demonyms, group nouns, calendar words and media words. These are facts of
//! English news prose, not of any one event.

/// Words that make a preceding or following name a title-bearing person ("President", "envoy").
pub(crate) const ROLE_WORDS: &[&str] = &[
    "adviser",
    "amb",
    "ceo",
    "gov",
    "pres",
    "rep",
    "sen",
    "advisor",
    "ambassador",
    "attorney",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "colonel",
    "commander",
    "coordinator",
    "counterpart",
    "deputy",
    "diplomat",
    "director",
    "emir",
    "envoy",
    "general",
    "governor",
    "head",
    "judge",
    "king",
    "leader",
    "mayor",
    "minister",
    "premier",
    "president",
    "prince",
    "prosecutor",
    "queen",
    "rapporteur",
    "secretary",
    "senator",
    "sheikh",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "sultan",
];

/// Words that modify a role inside a title ("Foreign", "Interior", "Prime", "of State").
pub(crate) const ROLE_MODIFIERS: &[&str] = &[
    "acting", "army", "defence", "defense", "deputy", "finance", "first", "foreign", "former",
    "health", "home", "interior", "justice", "prime", "special", "state", "top", "un", "vice",
];

/// Honorifics: they mark a person but are not roles.
pub(crate) const HONORIFICS: &[&str] = &[
    "dr", "gen", "lt", "col", "maj", "mr", "mrs", "ms", "sgt", "sir", "capt", "adm",
];

/// Capitalized words that make a name an organization.
pub(crate) const ORG_WORDS: &[&str] = &[
    "administration",
    "agency",
    "army",
    "bureau",
    "assembly",
    "association",
    "authority",
    "bank",
    "brigade",
    "brigades",
    "channel",
    "commission",
    "committee",
    "company",
    "congress",
    "corporation",
    "council",
    "court",
    "daily",
    "department",
    "directorate",
    "express",
    "federation",
    "forces",
    "front",
    "fund",
    "gazette",
    "group",
    "guard",
    "guardian",
    "herald",
    "independent",
    "institute",
    "journal",
    "league",
    "ledger",
    "mail",
    "ministry",
    "movement",
    "nations",
    "news",
    "observatory",
    "observer",
    "office",
    "organisation",
    "organization",
    "parliament",
    "party",
    "police",
    "post",
    "press",
    "radio",
    "relief",
    "senate",
    "service",
    "telegraph",
    "times",
    "today",
    "tribune",
    "tv",
    "union",
    "university",
    "wire",
];

/// Words of a media outlet's name: "according to X" with such an X is provenance, not a quote.
pub(crate) const MEDIA_WORDS: &[&str] = &[
    "afp",
    "ap",
    "bbc",
    "bloomberg",
    "channel",
    "cnn",
    "daily",
    "express",
    "gazette",
    "guardian",
    "herald",
    "independent",
    "interfax",
    "journal",
    "ledger",
    "mail",
    "news",
    "newspaper",
    "observer",
    "post",
    "press",
    "radio",
    "reuters",
    "sputnik",
    "tass",
    "telegraph",
    "times",
    "today",
    "tribune",
    "tv",
    "wire",
    "xinhua",
];

/// Lowercase nouns that, after a demonym or a place, name an institution of that country; the
/// second item is the class under which variants merge ("Syrian regime" = "Syrian government").
pub(crate) const INSTITUTIONS: &[(&str, &str)] = &[
    ("administration", "government"),
    ("army", "army"),
    ("authorities", "government"),
    ("diplomats", "diplomats"),
    ("engineers", "engineers"),
    ("forces", "army"),
    ("government", "government"),
    ("military", "army"),
    ("officials", "officials"),
    ("regime", "government"),
    ("side", "government"),
];

/// Plural nouns that can head an unnamed group speaker ("Russian officials said").
pub(crate) const GROUP_NOUNS: &[&str] = &[
    "activists",
    "analysts",
    "authorities",
    "commanders",
    "diplomats",
    "doctors",
    "engineers",
    "experts",
    "lawmakers",
    "leaders",
    "locals",
    "medics",
    "monitors",
    "observers",
    "officials",
    "soldiers",
    "troops",
    "demonstrators",
    "organisers",
    "organizers",
    "police",
    "protesters",
    "rescuers",
    "residents",
    "sources",
    "survivors",
    "volunteers",
    "witnesses",
    "workers",
];

/// Demonyms that cannot be derived from a place named in the text, and the place each names.
pub(crate) const DEMONYMS: &[(&str, &str)] = &[
    ("afghan", "afghanistan"),
    ("american", "united states"),
    ("arab", "arab"),
    ("british", "united kingdom"),
    ("chinese", "china"),
    ("dutch", "netherlands"),
    ("egyptian", "egypt"),
    ("european", "europe"),
    ("french", "france"),
    ("german", "germany"),
    ("greek", "greece"),
    ("iranian", "iran"),
    ("iraqi", "iraq"),
    ("israeli", "israel"),
    ("italian", "italy"),
    ("japanese", "japan"),
    ("jordanian", "jordan"),
    ("kurdish", "kurdistan"),
    ("lebanese", "lebanon"),
    ("pakistani", "pakistan"),
    ("palestinian", "palestine"),
    ("polish", "poland"),
    ("saudi", "saudi arabia"),
    ("spanish", "spain"),
    ("swiss", "switzerland"),
    ("turkish", "turkey"),
    ("western", "west"),
    ("yemeni", "yemen"),
];

/// Well-known alternative names that no rule can derive from the text.
pub(crate) const SYNONYMS: &[(&str, &str)] = &[
    ("britain", "united kingdom"),
    ("daesh", "islamic state"),
    ("great britain", "united kingdom"),
    ("hezbollah", "hizbollah"),
    ("isil", "islamic state"),
    ("isis", "islamic state"),
];

/// Days, months and other capitalized calendar words that are never entities.
pub(crate) const CALENDAR: &[&str] = &[
    "april",
    "august",
    "christmas",
    "december",
    "february",
    "friday",
    "january",
    "july",
    "june",
    "march",
    "may",
    "monday",
    "november",
    "october",
    "saturday",
    "sept",
    "september",
    "sunday",
    "thursday",
    "tuesday",
    "wednesday",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
];

/// Name particles that may be lowercase inside a name ("Staffan de Mistura").
pub(crate) const PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "der", "di", "du", "el", "ibn", "la", "van", "von",
];

/// Whether `word` (any case) is in `list` (lowercase).
pub(crate) fn contains(list: &[&str], word: &str) -> bool {
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches('.');
    list.contains(&lower)
}

/// The institution class of a lowercase noun.
pub(crate) fn institution_class(word: &str) -> Option<&'static str> {
    INSTITUTIONS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, c)| *c)
}

/// Last words that make a name of several words a named event or agreement rather than a place:
/// "Oster Basin Treaty", "Paris Agreement", "World Cup", "Cold War".
pub(crate) const EVENT_HEADS: &[&str] = &[
    "accord",
    "accords",
    "agreement",
    "championship",
    "championships",
    "cup",
    "festival",
    "games",
    "olympics",
    "pact",
    "protocol",
    "summit",
    "treaty",
    "war",
];
