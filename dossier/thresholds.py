"""Every number an extraction or grouping rule compares against, with what it was set on.

Word lists are in ``extract/lexicon.py``; learned tables (cues, speakers, the relevance model,
whose own threshold is stored with its weights) in ``dossier/data``. Limits that only shape a
page (chart sizes, page budgets) stay beside the code that draws it.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------- quotes
# Set on PolNeAR ``train`` (``scripts/eval_quotes.py --split train``); ``dev`` is for measuring
# only. Counts of words are tokens.
MIN_CUE_PRECISION = 0.1          # a word rarer as a cue than this is never one (data/cues.tsv)
MIN_CUE_COUNT = 5                 # cues seen fewer times than this say too little
SURE_CUE_PRECISION = 0.3          # below it, a cue needs a subject that can speak or think
MIN_SPEAKER_SHARE = 0.05          # of a noun's occurrences that are a source (data/speakers.tsv)
MERGE_WORDS = 8                   # at most this many words between two parts of one quote
SCARE_WORDS = 8                   # a quoted fragment this short inside a sentence is no quotation
HEADLINE_LEAD_WORDS = 6           # "Lopez Rival Ana Ortiz: …"; longer, a headline's own words
LEAD_WORDS = 10                   # "Stated Ortiz:" on the line before a quote
APPOSED_TAG_WORDS = 16            # "“…,” Ruiz, a top Lopez ally, said"
TAG_WORDS = 4                     # "“…,” the former senator continued": a tag after a quote
LONG_TAG_WORDS = 8                # "“…,” Lopez campaign chief Ana Ortiz said": a name only
# A rare cue whose reported speech mostly matched nothing in annotated news is left out
# (data/cue_hits.tsv): it keeps F1 and lifts speaker accuracy.
FALSE_ALARM_PRECISION = 0.2       # a cue at least this often an attribution always stays
FALSE_ALARM_MIN_REPORTED = 10     # fewer reports than this say too little to judge
FALSE_ALARM_MAX_MATCHED = 0.45    # share of its reports that matched, below which it goes

# ---------------------------------------------------------------------------- people
# Fuzzy surname scores (rapidfuzz, 0-100) this close to the best are told apart by the countries
# the article names ("Takayev" near both a Kazakh and a Kyrgyz office-holder).
SURNAME_NEAR = 10

# The numbers above decide what the extraction records, so they are part of its cache key
# (``build._extractor_digest``); those below only group the records, on every build, and
# changing them must not send every article through spaCy again. A test checks that every name
# the extractors import is listed here.
EXTRACTION = ("MIN_CUE_PRECISION", "MIN_CUE_COUNT", "SURE_CUE_PRECISION", "MIN_SPEAKER_SHARE",
              "MERGE_WORDS", "SCARE_WORDS", "HEADLINE_LEAD_WORDS", "LEAD_WORDS",
              "APPOSED_TAG_WORDS", "TAG_WORDS", "LONG_TAG_WORDS", "FALSE_ALARM_PRECISION",
              "FALSE_ALARM_MIN_REPORTED", "FALSE_ALARM_MAX_MATCHED", "SURNAME_NEAR")

# ---------------------------------------------------------------------------- pairs
# A statement naming more countries than this goes only to its speaker's pairs, not to every
# pair of the countries it lists (a summit communiqué).
MAX_QUOTE_COUNTRIES = 4

# ---------------------------------------------------------------------------- one event, several reports
# Set on invented wire stories (tests/test_cluster.py holds them): a story and its update (a new
# toll, a moved "on Tuesday", an added "the ministry said on Friday", an added clause) scored
# 0.50-1.0 on 3-shingles of content words, while different events worded alike ("the ministry
# said on Monday that it would expel two diplomats" / "...that it had summoned the ambassador",
# "Russia accused Ukraine of shelling the plant" / "Ukraine accused Russia...") scored 0.33 at
# most. Rewordings score lower still ("protested to" / "lodged a protest with" 0.35, "the US" /
# "the United States" 0.22) and stay apart: that is the safe side. Leaving out function words and
# attributions (lexicon.SHINGLE_STOPWORDS) makes every shingle specific, hence a threshold under
# the 0.5-0.6 usual for shingles of all words; with 2-word shingles the two sides overlapped (a
# visit to Poland and one to France scored 0.5).
CLUSTER_JACCARD = 0.45
SHINGLE = 3
# A wire story, its updates and the articles that follow it up fall within a week.
WINDOW_DAYS = 7
# The LSH filter: bands of 2 MinHash values each, as many bands as it takes to propose 95 % of the
# pairs right at the threshold (14 bands, 28 permutations at 0.45; more above it). Each band costs a
# dictionary insert and lookup per text, the bulk of the time; 2 rows rather than 3 need 14 bands
# instead of 32, and still keep out 87 % of the pairs that share only a phrase (Jaccard 0.1).
LSH_ROWS = 2
LSH_RECALL = 0.95
LSH_SEED = 1
