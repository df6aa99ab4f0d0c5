"""The thesaurus: the other ways readers write what the site writes — an abbreviation for its
expansion and back ("VRG" ⇄ "vietējā rīcības grupa" ⇄ "LAG"), a country's name, adjective and
people ("ungāru", "Hungary", "Hungarians"), a reader's word for a concept of the site.

The site keeps the synonyms as content: any model may declare a `search_thesaurus(language)`
classmethod yielding groups of forms that mean the same (the glossary terms with their "also
written as" forms, the table of country names), so the search names no model of the site.

Every form is analysed like the pages (search/analysis.py), so inflected forms and forms
without diacritics meet, and the expansion is a list of terms the same query shape runs on,
on every backend. A form of several words stays whole: its terms replace the reader's words
together and are all required, never any one of them alone."""

from itertools import product

from django.apps import apps
from django.core.cache import cache

from .analysis import analyze, fold, tokenize

VERSION_KEY = "search:thesaurus-version"
MAX_ALTERNATIVES = 6
_memo = {}


def sources():
    return [model for model in apps.get_models() if hasattr(model, "search_thesaurus")]


def _version():
    return cache.get_or_set(VERSION_KEY, 1, None)


def invalidate(**_kwargs):
    """A model that declares synonyms was published, unpublished or deleted (search/apps.py)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def _build(language):
    groups, index, words = [], {}, {}
    for model in sources():
        for forms in model.search_thesaurus(language):
            analysed = {}
            for form in filter(None, forms):
                terms = tuple(analyze(form, language))
                if terms:
                    analysed.setdefault(terms, form.strip())
            if len(analysed) < 2:
                continue
            for terms in analysed:
                index.setdefault(terms, []).append(len(groups))
            for word in tokenize(" ".join(filter(None, forms))):
                words.setdefault(fold(word), word.lower())
            groups.append(analysed)
    return {
        "groups": groups,
        "index": index,
        "longest": max((len(terms) for terms in index), default=0),
        "words": words,
    }


def thesaurus(language):
    """The synonym groups of a language: {"groups": [{terms: form}], "index": {terms: [group
    numbers]}, "longest": the most terms of a form, "words": {folded word: written word}}."""
    version = _version()
    memo = _memo.get(language)
    if memo and memo[0] == version:
        return memo[1]
    key = f"search:thesaurus:{language}:{version}"
    built = cache.get(key)
    if built is None:
        built = _build(language)
        cache.set(key, built, 24 * 3600)
    _memo[language] = (version, built)
    return built


def spans(terms, language):
    """The reader's terms that are a form in the thesaurus: [(start, end, [other forms' terms,
    …])], longest match first, left to right."""
    found, book, i = [], thesaurus(language), 0
    while i < len(terms):
        for length in range(min(book["longest"], len(terms) - i), 0, -1):
            own = tuple(terms[i : i + length])
            if own in book["index"]:
                others = []
                for number in book["index"][own]:
                    others += [t for t in book["groups"][number] if t != own and t not in others]
                found.append((i, i + length, others))
                i += length
                break
        else:
            i += 1
    return found


def expand(terms, language, known=None, limit=MAX_ALTERNATIVES):
    """Alternative term lists for the reader's terms, with one or more of their thesaurus
    forms replaced by a synonym, fewest replacements first; a synonym with a term outside
    `known` (the terms of the public pages) is left out, since no page could match it."""
    choices = []
    for start, end, others in spans(terms, language):
        usable = [o for o in others if known is None or all(t in known for t in o)]
        if usable:
            choices.append((start, end, [None, *usable]))
    if not choices:
        return []
    combinations = sorted(
        (c for c in product(*(options for _s, _e, options in choices)) if any(c)),
        key=lambda c: sum(o is not None for o in c),
    )
    alternatives = []
    for combination in combinations:
        replaced, last = [], 0
        for (start, end, _options), other in zip(choices, combination, strict=True):
            replaced += terms[last:start] + list(other or terms[start:end])
            last = end
        replaced += terms[last:]
        if replaced not in alternatives:
            alternatives.append(replaced)
        if len(alternatives) >= limit:
            break
    return alternatives


def alternative_forms(text, language):
    """The written synonyms of a whole typed text ("vrg" → ["Vietējā rīcības grupa", "LAG"]),
    for the as-you-type suggestions."""
    terms = tuple(analyze(text, language))
    book = thesaurus(language)
    forms = []
    for number in book["index"].get(terms, ()):
        forms += [f for t, f in book["groups"][number].items() if t != terms and f not in forms]
    return forms
