"""Word lists the extractors use: topics, tone, reporting cues, speakers, and the words that
make a country's name part of another name. Documented in the README. The learned tables (cues,
speakers, the relevance model) are data files in ``dossier/data``; numeric thresholds stay beside
the rule that reads them, with the data they were tuned on.

Lemmas in lower case, but for the case-sensitive name lists at the end (``CASE_SENSITIVE``). A
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

# Country mentions (``mentions``): words that make a country's name part of another name or
# give it another sense. The capitalised ones are compared as written.
CASE_SENSITIVE = ("EVENT_HEADS", "ORG_HEADS", "STATE_CUES", "THING_CUES")
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
