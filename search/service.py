"""The site's search: the reader's words analysed like the pages, spelling mended against the
site's own vocabulary, one query shape for every backend, and the database backend as the
fallback when the search cluster does not answer."""

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from .analysis import analyze, analyze_word, autocomplete_terms, fold, tokenize
from .public import public_pages

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_MATCHES = 1000
RERANK_DEPTH = 100
VOCABULARY_VERSION_KEY = "search:vocabulary-version"
# Characters that are query syntax in some backend (a lone `"` breaks SQLite's FTS5 parser).
_SYNTAX = re.compile(r"[\"*~:\\()\[\]{}^!+\-/<>=&|?]")


def clean_query(raw):
    """The reader's words without control characters, engine syntax or excess length."""
    text = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " " for ch in (raw or "")[: 10 * 1024]
    )
    text = _SYNTAX.sub(" ", text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


# Vocabulary -------------------------------------------------------------------------------


def _vocabulary_version():
    return cache.get_or_set(VOCABULARY_VERSION_KEY, 1, None)


def invalidate_vocabulary(**_kwargs):
    """Called when pages are published, unpublished, moved or deleted and when a view
    restriction is added, changed or removed (search/apps.py)."""
    try:
        cache.incr(VOCABULARY_VERSION_KEY)
    except ValueError:
        cache.set(VOCABULARY_VERSION_KEY, 1, None)


_memo = {}


def _deletes(word):
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def vocabulary(language):
    """The words of the public pages of a language: terms and folded words with their document
    frequency, each word's usual spelling, and a deletion index for mending typos
    (SymSpell-style)."""
    version = _vocabulary_version()
    key = f"search:vocabulary:{language}:{version}"
    # Unpickling the vocabulary from the cache costs more than a search: each process keeps
    # the current version in memory and asks the shared cache only for the version number.
    memo = _memo.get(language)
    if memo and memo[0] == version:
        return memo[1]
    cached = cache.get(key)
    if cached is not None:
        _memo[language] = (version, cached)
        return cached
    counts, forms, words = Counter(), {}, Counter()
    pages = public_pages(language)
    for page in pages.specific().iterator(chunk_size=200):
        if not hasattr(page, "search_text_parts"):
            continue
        seen_terms, seen_words = set(), set()
        for text, _weight in page.search_text_parts():
            for word in tokenize(text):
                term = analyze_word(word, language)
                if not term:
                    continue
                seen_terms.add(term)
                seen_words.add(fold(word))
                forms.setdefault(fold(word), Counter())[word.lower()] += 1
        counts.update(seen_terms)
        words.update(seen_words)
    deletes = {}
    for word in words:
        if len(word) >= 4 and not word.isdigit():
            for variant in _deletes(word):
                deletes.setdefault(variant, []).append(word)
    result = {
        "terms": dict(counts),
        "words": dict(words),
        "written": {word: forms[word].most_common(1)[0][0] for word in words},
        "deletes": deletes,
    }
    cache.set(key, result, 24 * 3600)
    _memo[language] = (version, result)
    return result


def _distance(a, b):
    """Damerau–Levenshtein distance (optimal string alignment)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def correct_word(word, language, vocab):
    """The site's own word nearest to a typed word that the site does not know, or None."""
    folded = fold(word)
    term = analyze_word(word, language)
    if not term or term in vocab["terms"] or len(folded) < 4 or folded.isdigit():
        return None
    limit = 1 if len(folded) <= 5 else 2
    candidates = set()
    for variant in {folded} | _deletes(folded):
        if variant in vocab["words"]:
            candidates.add(variant)
        candidates.update(vocab["deletes"].get(variant, ()))
    scored = [(_distance(folded, c), -vocab["words"][c], c) for c in candidates]
    scored = [item for item in scored if item[0] <= limit]
    return min(scored)[2] if scored else None


# Searching --------------------------------------------------------------------------------


@dataclass
class SearchOutcome:
    query: str
    language: str
    terms: list
    corrected_terms: list
    suggestion: str = ""
    matches: list = field(default_factory=list)  # page ids in relevance order
    degraded: bool = False

    @property
    def total(self):
        return len(self.matches)


def _backend_search(queryset, terms, operator):
    """Run one query on the configured backend; on failure, the database backend answers."""
    query = " ".join(terms)

    def ids(results):
        if hasattr(results, "object_ids"):  # search.backends: ids without model instances
            return results.object_ids(MAX_MATCHES)
        return [page.pk for page in results[:MAX_MATCHES]]

    try:
        return ids(get_search_backend().search(query, queryset, operator=operator)), False
    except Exception:  # the cluster is down, slow or refuses: the reader still gets answers
        if "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.warning("search backend failed; answering from the database", exc_info=True)
        fallback = get_search_backend("fallback")
        return ids(fallback.search(query, queryset, operator=operator)), True


def search_pages(raw_query, language):
    """Public pages of `language` that match the query, best first."""
    query = clean_query(raw_query)
    terms = analyze(query, language)
    outcome = SearchOutcome(query=query, language=language, terms=terms, corrected_terms=terms)
    if not terms:
        return outcome
    vocab = vocabulary(language)
    mended, changed = [], False
    for word in tokenize(query):
        replacement = correct_word(word, language, vocab)
        if replacement:
            # Show the word as the site writes it (with its diacritics).
            mended.append(vocab["written"][replacement])
            changed = True
        else:
            mended.append(word)
    corrected = analyze(" ".join(mended), language)
    outcome.corrected_terms = corrected
    if changed:
        outcome.suggestion = " ".join(mended)
    locale = Locale.objects.get(language_code=language)
    queryset = public_pages(locale=locale, for_search_backend=True)
    matches, degraded = _backend_search(queryset, corrected, "and")
    if not matches and len(corrected) > 1:
        matches, degraded_or = _backend_search(queryset, corrected, "or")
        degraded = degraded or degraded_or
    outcome.matches, outcome.degraded = rerank(matches, corrected, language), degraded
    return outcome


def rerank(matches, terms, language):
    """The backend's order, with pages whose title holds more of the query first, among the
    best RERANK_DEPTH matches.

    A title is the strongest sign of what a page is about; doing this here, not in the
    backend, keeps the ranking the same on every backend. Below the first few pages of
    results the backend's order stands: reranking a thousand titles cost more than the
    search itself."""
    head, tail = matches[:RERANK_DEPTH], matches[RERANK_DEPTH:]
    wanted = set(terms)
    titles = dict(Page.objects.filter(pk__in=head).values_list("pk", "title"))

    def key(item):
        position, pk = item
        title_terms = analyze(titles.get(pk, ""), language)
        hits = len(wanted.intersection(title_terms))
        coverage = hits / len(title_terms) if title_terms else 0
        return (-hits, -round(coverage, 1), position)

    return [pk for _position, pk in sorted(enumerate(head), key=key)] + tail


def suggest(raw_query, language, limit=8):
    """Titles that start with what the reader is typing, for the header search box."""
    query = clean_query(raw_query)
    words = autocomplete_terms(query)
    if not words or len(query) < 2:
        return []
    locale = Locale.objects.get(language_code=language)
    queryset = public_pages(locale=locale, for_search_backend=True)
    try:
        results = list(get_search_backend().autocomplete(" ".join(words), queryset)[:limit])
    except Exception:
        if "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        results = list(
            get_search_backend("fallback").autocomplete(" ".join(words), queryset)[:limit]
        )
    return results


# Snippets ---------------------------------------------------------------------------------


def highlight(text, terms, language, length=260):
    """A short extract of `text` around the first matched word, matches in <mark>; inflected
    and diacritic-less forms count as matches because words are compared as analysed terms."""
    terms = set(terms)
    words = list(re.finditer(r"[^\W_]+", text))
    first = next((w for w in words if analyze_word(w.group(0), language) in terms), None)
    start = 0
    if first is not None and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 4) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    extract = text[start:end]
    out, last = [], 0
    for match in re.finditer(r"[^\W_]+", extract):
        if analyze_word(match.group(0), language) in terms:
            out.append(escape(extract[last : match.start()]))
            out.append(f"<mark>{escape(match.group(0))}</mark>")
            last = match.end()
    out.append(escape(extract[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)
