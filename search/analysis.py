"""Text analysis for Latvian and English, done in Python so that every backend sees the same
terms: tokenise, lowercase, drop stop words, stem, fold diacritics.

Latvian uses Lucene's Latvian light stemmer (the algorithm behind Elasticsearch's `latvian`
stemmer) through its faithful Python port, `LatvianStemmer`; English uses the Porter stemmer
(Elasticsearch's `english` analyzer uses Porter too). Folding comes last, after stemming: the
stemmer needs the long vowels to find the endings, and folding lets "strategija" meet
"stratēģija"."""

import re
import unicodedata
from functools import lru_cache

import LatvianStemmer
import snowballstemmer

TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
MAX_TOKEN_LENGTH = 40

# Lucene's Latvian stop words (analysis/common/.../lv/stopwords.txt).
LATVIAN_STOP_WORDS = frozenset(
    """
aiz ap ar apakš ārpus augšpus bez caur dēļ gar iekš iz kopš labad lejpus līdz no otrpus pa par
pār pēc pie pirms pret priekš starp šaipus uz viņpus virs virspus zem apakšpus un bet jo ja ka
lai tomēr tikko turpretī arī kaut gan tādēļ tā ne tikvien vien kā ir te vai kamēr diezin droši
diemžēl nebūt ik it taču nu pat tiklab iekšpus nedz tik nevis turpretim jeb iekam iekām iekāms
kolīdz līdzko tiklīdz jebšu tālab tāpēc nekā itin jā jau jel nē nezin tad tikai vis tak iekams
būt biju biji bija bijām bijāt esmu esi esam esat būšu būsi būs būsim būsiet tikt tiku tiki
tika tikām tikāt tieku tiec tiek tiekam tiekat tikšu tiks tiksim tiksiet tapt tapi tapāt topat
tapšu tapsi taps tapsim tapsiet kļūt kļuvu kļuvi kļuva kļuvām kļuvāt kļūstu kļūsti kļūst
kļūstam kļūstat kļūšu kļūsi kļūs kļūsim kļūsiet varēt varēju varējām varēšu varēsim var
varēji varējāt varēsi varēsiet varat varēja varēs
""".split()
)

# Lucene's English stop words (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET).
ENGLISH_STOP_WORDS = frozenset(
    """
a an and are as at be but by for if in into is it no not of on or such that the their then
there these they this to was will with
""".split()
)

_porter = snowballstemmer.stemmer("porter")
LANGUAGES = ("lv", "en")


def fold(text):
    """Lower-case text without diacritics: "Rīgā" → "riga"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_FOLDED_LATVIAN_STOP_WORDS = frozenset(fold(word) for word in LATVIAN_STOP_WORDS)


def tokenize(text):
    """Words of a text, as they are written (letters and digits)."""
    return TOKEN_RE.findall(text or "")


@lru_cache(maxsize=50_000)
def analyze_word(word, language):
    """The search term of one word in `language`, or "" for a stop word."""
    lowered = word.lower()[:MAX_TOKEN_LENGTH]
    if language == "lv":
        if lowered in LATVIAN_STOP_WORDS:
            return ""
        # A stop word typed without its diacritics ("pec") is still a stop word, but a word
        # written with them is what it is: "tāpat" is not the stop word "tapāt".
        folded = fold(lowered)
        if folded == lowered and folded in _FOLDED_LATVIAN_STOP_WORDS:
            return ""
        if lowered.isdigit():
            return lowered
        return fold(LatvianStemmer.stem(lowered))
    if lowered in ENGLISH_STOP_WORDS:
        return ""
    if lowered.isdigit():
        return lowered
    if lowered.endswith("'s"):
        lowered = lowered[:-2]
    return fold(_porter.stemWord(fold(lowered)))


def analyze(text, language):
    """The search terms of a text in `language` ("lv" or "en"), in order."""
    if language not in LANGUAGES:
        language = "lv"
    terms = (analyze_word(word, language) for word in tokenize(text))
    return [term for term in terms if term]


def autocomplete_terms(text):
    """Words for prefix matching: folded, not stemmed, so "zviedr" finds "Zviedrija"."""
    return [fold(word) for word in tokenize(text)]
