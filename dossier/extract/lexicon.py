"""Every word list the rules read, each with what it is for: topics and tone, reporting cues and
speakers (``quotes``), the words that make a country's name part of another name (``mentions``),
US states in datelines (``datelines``), institutions (``entities``), event nouns and light verbs
(``events``) and the words left out when reports are compared (``cluster``). Documented in the
README. The learned tables (cues, speakers, the relevance model) are data files in
``dossier/data``.

Lemmas in lower case, but for the case-sensitive name lists named in ``CASE_SENSITIVE``. A
topic wins by the number of its words in a sentence (ties go to the
earlier topic in ``TOPIC_WORDS``); a sentence with no topic word is ``other``.
"""

from __future__ import annotations

TOPIC_WORDS: dict[str, frozenset[str]] = {
    "military": frozenset("""army troop military soldier missile weapon defence defense navy
        warship airstrike bomb invasion invade drill nuclear arsenal militia tank artillery
        war""".split()),
    "security": frozenset("""security terrorism terrorist intelligence spy espionage border police
        riot unrest protest protester protestor insurgent extremist cyber csto lawlessness
        clash""".split()),
    "energy": frozenset("""oil gas pipeline energy uranium petroleum coal electricity renewable
        opec refinery lng barrel exxonmobil chevron gazprom""".split()),
    "economy": frozenset("""trade investment invest economy economic market tariff export import
        bank loan finance financial fund company business sanction currency debt gdp
        investor commerce""".split()),
    "diplomacy": frozenset("""diplomatic diplomacy embassy ambassador consulate minister visit
        summit talk negotiation treaty agreement bilateral relation ally alliance envoy
        ministry recognition tie""".split()),
    "politics": frozenset("""election government president parliament democracy democratic
        opposition party vote regime administration law reform""".split()),
    "culture": frozenset("""culture cultural education educational student youth language art
        university exchange scholarship value media""".split()),
    "society": frozenset("""human right people refugee migrant population community society
        ngo inquiry""".split()),
    "health": frozenset("""health vaccine pandemic covid virus hospital disease medical""".split()),
    "environment": frozenset("""climate environment environmental emission pollution water
        drought""".split()),
    "technology": frozenset("""technology internet digital satellite space telecom software
        app""".split()),
    "legal": frozenset("""court judge lawsuit extradition prosecutor ruling trial
        sentence""".split()),
}

COOPERATIVE = frozenset("""cooperation cooperate cooperative partner partnership ally alliance
    agree agreement support assist aid help invest investment strengthen promote promotion
    friendship friendly goodwill bilateral sign welcome praise deal trade tie allocate
    collaborate collaboration joint strategic""".split())
CONFLICTUAL = frozenset("""accuse accusation sanction condemn criticise criticize threaten threat
    attack war conflict dispute tension riot protest kill violence hostile expel
    provocateur instigate invade invasion clash ban blame warn brutal brutally deny
    interference interfere spy lawlessness""".split())

# Speech and cognition verbs that introduce reported content (lemmas).
SPEECH_VERBS = frozenset("""say tell state declare announce add note claim insist argue warn
    accuse deny confirm reveal report explain stress emphasise emphasize urge call suggest
    allege admit acknowledge believe think hope fear predict promise vow pledge threaten
    complain criticise criticize condemn demand ask reply respond write tweet testify assert
    maintain contend estimate expect indicate recall reiterate signal concede""".split())
# Cues whose content is an object + "of …" clause: "accused X of Y".
OBJECT_OF_CUES = frozenset({"accuse", "warn", "suspect", "convince", "inform", "remind"})
# "be of the view that …"
VIEW_NOUNS = frozenset({"view", "opinion", "belief", "impression", "position", "stance",
                        "assessment", "contention", "argument"})

# Words that mark an article as sport, entertainment or a market report: a pair named in such an
# article is rarely a relation ("Wales beat France"), so their share of the article's words is
# a relevance feature (``relevance.article_features``).
ARTICLE_KINDS: dict[str, frozenset[str]] = {
    "sport": frozenset("""match cup goal coach team player win beat champion championship
        tournament league season squad score final striker club medal race olympic rugby
        football cricket tennis golf seed title victory defeat draw game fixture
        captain""".split()),
    "entertainment": frozenset("""film album chart award oscar singer band actor actress star
        show music song festival movie series director novel book prize""".split()),
    "market": frozenset("""share stock index price market dollar yen currency trading trader bond
        futures rate pct cent""".split()),
}

# Speakers and attributions (``quotes``).
# Nouns for people and bodies that speak, besides names and pronouns.
SPEAKER_NOUNS = frozenset("""official spokesman spokeswoman spokesperson critic analyst expert
    leader president minister secretary government administration ministry department agency
    voter supporter opponent people source report media press aide adviser advisor lawmaker
    senator candidate campaign party committee group member economist observer diplomat
    ambassador envoy officer commander military army police court judge poll survey study
    strategist activist resident citizen worker company firm bank investor executive chief
    director manager authority authorities country nation state republican democrat""".split())
# Messages that speak for whoever sent them ("released a video that said …").
MESSAGE_NOUNS = frozenset("""statement email e-mail memo letter release ad advertisement video tweet
    post message note resolution cover editorial op-ed mailer flyer""".split())
# Shares of a group, plural whatever their grammar ("Forty percent were sure they …").
GROUP_WORDS = frozenset({"percent", "%", "majority", "half", "third", "quarter", "plurality"})
POLL_NOUNS = frozenset({"poll", "survey", "study", "analysis"})
# Words for some of a group that speak as a subject ("Many talked about how they hoped …").
QUANTIFIERS = frozenset({"many", "most", "some", "several", "others", "both", "all"})
# Verbs whose object does what follows ("led some to wonder", "forcing candidates to address").
OBJECT_CONTROL_VERBS = frozenset("""lead leave prompt cause force ask urge push encourage get allow
    invite persuade convince drive spur""".split())

# Pronouns a quote's speaker may be: resolved to the person named before ("he said"); "I", "we"
# and "it" are kept only where a name stands beside them.
SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it"})
# Relative pronouns: a speaker only through their antecedent ("officials who said …").
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
# The "'s" of "let's": a speaker nobody can be shown as.
CONTRACTED_US = frozenset({"'s", "’s", "s"})
# Small words a title may keep in lower case ("Meet the Press", "A Farmer's Son"): a quote whose
# words are all capitalised but for these is a title, not a quotation.
TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "in", "on", "for", "to", "with",
                               "at", "by", "or"})

# Country mentions (``mentions``): words that make a country's name part of another name or
# give it another sense. The capitalised ones are compared as written.
CASE_SENSITIVE = ("EVENT_HEADS", "ORG_HEADS", "STATE_CUES", "THING_CUES", "US_STATES")
NOT_A_NAME_PART = frozenset("""january february march april may june july august september
    october november december monday tuesday wednesday thursday friday saturday sunday
    north south east west central northern southern eastern western greater""".split())
# A country's name or demonym that opens the name of an event or company: "U.S. Open",
# "American League", "Australian Open", "British Airways".
EVENT_HEADS = frozenset({"Open", "Airlines", "Airways"})
# Last words of an organisation's name: "U.S. Federal District Court", "British Heart Foundation".
ORG_HEADS = frozenset("""Court Foundation Exchange Corp Corporation Company Co Bank Association
    Council Agency Party Authority Commission Board Institute University Group Federation Union
    Committee Service Office Ministry Department Embassy Consulate Holdings Airlines Airways
    Trust Fund Society Organisation Organization League Network Press Times Post""".split())
# Words around a name that give it its other sense: the US state of Georgia, a guinea pig,
# roast turkey, fine china.
STATE_CUES = frozenset({"Atlanta", "Savannah", "Ga.", "Gov.", "Governor", "Sen.", "Senator",
                        "Alabama", "Florida", "Tennessee", "Carolina", "Texas", "Ohio", "county",
                        "County", "Bulldogs", "Tech"})
THING_CUES = frozenset({"pig", "pigs", "fowl", "dinner", "sandwich", "plate", "plates", "cup",
                        "cups", "roast", "wild", "fine"})

# Datelines (``datelines``): the AP's abbreviations of US states and the names it writes whole, as
# in "PORTLAND, Ore." and "AUSTIN, Texas": a dateline region among them places the city in the US.
US_STATES = frozenset("""Ala. Alaska Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Hawaii Idaho Ill.
    Ind. Iowa Kan. Kans. Ky. La. Maine Md. Mass. Mich. Minn. Miss. Mo. Mont. Neb. Nev. N.H. N.J.
    N.M. N.Y. N.C. N.D. Ohio Okla. Ore. Pa. R.I. S.C. S.D. Tenn. Texas Utah Vt. Va. Wash. W.Va.
    Wis. Wyo. D.C.""".split())

# People and organisations (``entities``): words that make a "person" the small model found an
# institution instead.
INSTITUTION_WORDS = frozenset({"embassy", "consulate", "ministry", "department", "government",
                               "council", "committee", "parliament", "agency", "office",
                               "administration"})

# Events (``events``).
# Event nouns that carry the relation when no verb does ("talks between A and B"): the CAMEO
# code each most often stands for in news.
NOUN_EVENTS = {
    "talk": "046", "negotiation": "046", "dialogue": "040", "meeting": "040", "summit": "040",
    "visit": "042", "trip": "042", "consultation": "040",
    "agreement": "057", "treaty": "057", "accord": "057", "pact": "057", "deal": "057",
    "memorandum": "057", "alliance": "050", "partnership": "050", "cooperation": "050",
    "relation": "050", "tie": "050", "friendship": "051", "support": "051",
    "trade": "061", "export": "061", "import": "061", "investment": "061", "contract": "061",
    "venture": "061", "merger": "061", "takeover": "061", "bid": "061", "purchase": "061",
    "sale": "061", "loan": "071", "credit": "071",
    "aid": "070", "assistance": "070", "donation": "070", "relief": "073",
    "dispute": "110", "row": "110", "tension": "110", "criticism": "111", "accusation": "112",
    "protest": "140", "demand": "100", "claim": "100", "ultimatum": "139", "threat": "130",
    "sanction": "163", "embargo": "163", "boycott": "163", "tariff": "163", "ban": "163",
    "expulsion": "174", "arrest": "173", "seizure": "171",
    "attack": "190", "strike": "190", "raid": "190", "invasion": "192", "occupation": "192",
    "war": "190", "conflict": "190", "fighting": "190", "bombing": "195", "blockade": "191",
    "ceasefire": "0871", "truce": "0871", "withdrawal": "0874",
}
# Words around the two countries that carry no event of their own.
LIGHT_VERBS = {"be", "have", "tell", "do", "make", "take", "give", "get", "hold", "reach"}

# Near-duplicate reports (``cluster``): words left out of the shingles that compare two reports of
# one event: function words, days and months, and attributions, which differ between reports of
# the same event and match between reports of different ones.
SHINGLE_STOPWORDS = frozenset("""
a an the and or but nor of to in on at by for with from into onto over under after before about
as than then that this these those which who whom whose what when where while there their theirs
they them it its he him his she her hers we us our you your i me my is are was were be been being
am has have had do does did not no also would will could should might can shall must so if
just very more most some any such other both each all only own same up out off again further
monday tuesday wednesday thursday friday saturday sunday yesterday today tonight tomorrow week
weekend month year january february march april may june july august september october november
december said says say saying told tells tell added adds according reported reports reporting
stated statement
""".split())
