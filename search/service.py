"""The site's search: the reader's words analysed like the pages, spelling mended against the
site's own vocabulary, one query shape for every backend, and the database backend as the
fallback when the search cluster does not answer."""

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .analysis import analyze, analyze_word, autocomplete_terms, tokenize
from .breaker import ClusterUnavailable
from .public import locales, public_pages
from .thesaurus import alternative_forms, expand, thesaurus
from .vocabulary import (  # noqa: F401 (the areas and tests name them here)
    correct_word,
    invalidate_vocabulary,
    schedule_vocabulary,
    vocabulary,
)

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_MATCHES = 1000
RERANK_DEPTH = 100
# A page found only through a synonym scores as if it stood this much lower in the list of
# the reader's own words (reciprocal rank fusion): a little below, not after all of them.
FUSION_K = 60
SYNONYM_WEIGHT = 0.8
# Characters that are query syntax in some backend (a lone `"` breaks SQLite's FTS5 parser).
_SYNTAX = re.compile(r"[\"*~:\\()\[\]{}^!+\-/<>=&|?]")


def clean_query(raw):
    """The reader's words without control characters, engine syntax or excess length."""
    text = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " " for ch in (raw or "")[: 10 * 1024]
    )
    text = _SYNTAX.sub(" ", text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


# Searching --------------------------------------------------------------------------------


@dataclass
class SearchOutcome:
    query: str
    language: str
    terms: list
    corrected_terms: list
    alternatives: list = field(default_factory=list)  # term lists with synonyms put in
    suggestion: str = ""
    matches: list = field(default_factory=list)  # page ids in relevance order
    ranked: list = field(default_factory=list)  # the backend's order for each list of terms
    degraded: bool = False

    @property
    def total(self):
        return len(self.matches)

    @property
    def highlight_terms(self):
        """The reader's terms and their synonyms: the words marked in the snippets."""
        return {term for terms in [self.corrected_terms, *self.alternatives] for term in terms}


def _backend_search(queryset, terms, operator):
    """Run one query on the configured backend; on failure, the database backend answers."""
    query = " ".join(terms)

    def ids(results):
        if hasattr(results, "object_ids"):  # search.backends: ids without model instances
            return results.object_ids(MAX_MATCHES), False
        results = results[:MAX_MATCHES]
        # A cluster behind its breaker (search/cluster.py) lets the database answer by itself.
        return [page.pk for page in results], getattr(results, "answered_by_database", False)

    try:
        return ids(get_search_backend().search(query, queryset, operator=operator))
    except Exception as exc:  # the cluster is down, slow or refuses: the reader still gets answers
        _fell_back(exc)
        fallback = get_search_backend("fallback")
        return ids(fallback.search(query, queryset, operator=operator))[0], True


def _fell_back(exc):
    """Re-raise unless a fallback is configured. The cluster's breaker has already said in one
    line (at most once per cool-down) why the cluster was left; anything else is one line too,
    never a traceback per search."""
    if "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
        raise exc
    if not isinstance(exc, ClusterUnavailable):
        logger.warning(
            "search backend failed (%s: %s); answering from the database",
            type(exc).__name__,
            str(exc).splitlines()[0][:200] if str(exc) else "",
        )


def search_pages(raw_query, language):
    """Public pages of `language` that match the query, best first."""
    query = clean_query(raw_query)
    terms = analyze(query, language)
    outcome = SearchOutcome(query=query, language=language, terms=terms, corrected_terms=terms)
    if not terms:
        return outcome
    vocab = vocabulary(language)
    known = thesaurus(language)["words"]
    mended, changed = [], False
    for word in tokenize(query):
        replacement = correct_word(word, language, vocab, known)
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
    # Before the first vocabulary is built, no synonym is left out for want of a page.
    outcome.alternatives = expand(corrected, language, known=vocab["terms"] or None)
    queryset = public_pages(locale=locales()[language], for_search_backend=True)
    ranked, degraded = [], False
    for terms in [corrected, *outcome.alternatives]:
        matches, failed = _backend_search(queryset, terms, "and")
        ranked.append(matches)
        degraded = degraded or failed
    if not any(ranked) and len(corrected) > 1:
        matches, failed = _backend_search(queryset, corrected, "or")
        ranked[0] = matches
        degraded = degraded or failed
    fused = fuse(ranked[0], ranked[1:])
    outcome.matches = rerank(fused, corrected, language, outcome.alternatives)
    outcome.ranked, outcome.degraded = ranked, degraded
    return outcome


def fuse(own, by_synonyms):
    """One list from the matches of the reader's words and those of each synonym: a page
    scores 1/(FUSION_K + its place) in each list, a synonym's list weighing SYNONYM_WEIGHT.
    A page found by both ranks higher; one found only by a synonym ranks a little below the
    page at the same place among the reader's own matches."""
    if not by_synonyms:
        return own
    scores = Counter()
    for weight, matches in [(1.0, own), *((SYNONYM_WEIGHT, m) for m in by_synonyms)]:
        for place, pk in enumerate(matches):
            scores[pk] += weight / (FUSION_K + place)
    return sorted(scores, key=lambda pk: -scores[pk])[:MAX_MATCHES]


def rerank(matches, terms, language, alternatives=()):
    """The backend's order, with pages whose title holds more of the query first, among the
    best RERANK_DEPTH matches. A title that holds a synonym instead of the reader's word
    counts a little less than one that holds the reader's word.

    A title is the strongest sign of what a page is about; doing this here, not in the
    backend, keeps the ranking the same on every backend. Below the first few pages of
    results the backend's order stands: reranking a thousand titles cost more than the
    search itself."""
    head, tail = matches[:RERANK_DEPTH], matches[RERANK_DEPTH:]
    titles = dict(Page.objects.filter(pk__in=head).values_list("pk", "title"))

    def key(item):
        position, pk = item
        hits, coverage = title_weight(titles.get(pk, ""), terms, language, alternatives)
        return (-hits, -coverage, position)

    return [pk for _position, pk in sorted(enumerate(head), key=key)] + tail


def title_weight(title, terms, language, alternatives=()):
    """How much of the query a title holds: (terms held, the share of the title they are).
    A synonym counts only when the title holds all its words ("Taking action" does not hold
    "local action group"), and then half a term less than the reader's own word."""
    title_terms = analyze(title, language)
    held, own = set(title_terms), set(terms)
    hits = len(own & held)
    for other in map(set, alternatives):
        if other - own and other - own <= held:
            hits = max(hits, len(other & held) - 0.5)
    return hits, round(hits / len(title_terms), 1) if title_terms else 0


def suggest(raw_query, language, limit=8):
    """Titles that start with what the reader is typing, for the header search box."""
    query = clean_query(raw_query)
    words = autocomplete_terms(query)
    if not words or len(query) < 2:
        return []
    queryset = public_pages(locale=locales()[language], for_search_backend=True)
    results = _autocomplete(words, queryset, limit)
    # A typed abbreviation or synonym ("vrg") also offers the titles of what it stands for.
    for form in alternative_forms(query, language):
        if len(results) >= limit:
            break
        for page in _autocomplete(autocomplete_terms(form), queryset, limit):
            if page not in results and len(results) < limit:
                results.append(page)
    return results


def _autocomplete(words, queryset, limit):
    try:
        return list(get_search_backend().autocomplete(" ".join(words), queryset)[:limit])
    except Exception as exc:
        _fell_back(exc)
        return list(get_search_backend("fallback").autocomplete(" ".join(words), queryset)[:limit])


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
