"""The spelling vocabulary of "did you mean": the words of the public pages of each language,
with a deletion index for mending typos (SymSpell-style).

It reads every public page (two queries a page), so it is never built in a reader's request:
whatever changes what is public raises the wanted version and, once committed, hands the
rebuild to a background task (search/tasks.py); readers keep the previous vocabulary until
the new one is in the cache."""

from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .analysis import analyze_word, fold, tokenize
from .public import public_pages

VOCABULARY_VERSION_KEY = "search:vocabulary-version"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Readers schedule a rebuild at most once in this many seconds: if a rebuild was lost (its
# process stopped), the next reader after that schedules it again.
SCHEDULE_TIMEOUT = 600
EMPTY_VOCABULARY = {"terms": {}, "words": {}, "written": {}, "deletes": {}}
_SCHEDULED_KEY = "search:vocabulary-scheduled"


def _built_key(language):
    return f"search:vocabulary-built:{language}"


def _data_key(language, version):
    return f"search:vocabulary:{language}:{version}"


def _vocabulary_version():
    """The version readers should have: raised by every change to what is public."""
    return cache.get_or_set(VOCABULARY_VERSION_KEY, 1, None)


def invalidate_vocabulary(**_kwargs):
    """Called when pages are published, unpublished, moved or deleted and when a view
    restriction is added, changed or removed (search/apps.py): a new version is wanted, and
    its rebuild is handed to the background once the change is committed. Readers keep the
    previous vocabulary until it is built."""
    try:
        cache.incr(VOCABULARY_VERSION_KEY)
    except ValueError:  # the cache lost the number: above any built, so readers follow
        built = cache.get_many([_built_key(language) for language in LANGUAGES]).values()
        cache.set(VOCABULARY_VERSION_KEY, max(built, default=1) + 1, None)
    transaction.on_commit(_enqueue_rebuild)


def _enqueue_rebuild():
    from .tasks import rebuild_vocabulary

    cache.set(_SCHEDULED_KEY, 1, SCHEDULE_TIMEOUT)
    rebuild_vocabulary.enqueue()


def schedule_vocabulary():
    """Have the vocabulary rebuilt in the background unless a rebuild is already on its way
    (readers who find it out of date, and the site's start)."""
    if cache.add(_SCHEDULED_KEY, 1, SCHEDULE_TIMEOUT):
        from .tasks import rebuild_vocabulary

        rebuild_vocabulary.enqueue()


_memo = {}


def _deletes(word):
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _current(language):
    """(the newest built vocabulary this process can have, whether a newer one is wanted).
    Unpickling the vocabulary from the cache costs more than a search: each process keeps the
    one it has in memory and asks the shared cache only for the version numbers."""
    found = cache.get_many([VOCABULARY_VERSION_KEY, _built_key(language)])
    wanted, built = found.get(VOCABULARY_VERSION_KEY, 1), found.get(_built_key(language))
    memo = _memo.get(language)
    if built is not None and not (memo and memo[0] == built):
        data = cache.get(_data_key(language, built))
        if data is not None:
            memo = _memo[language] = (built, data)
    if memo is None:
        return None, True
    return memo[1], memo[0] != built or built < wanted


def vocabulary(language):
    """The words of the public pages of a language: terms and folded words with their document
    frequency, each word's usual spelling, and a deletion index for mending typos
    (SymSpell-style). Never built in a reader's request: the newest built one is served, and
    if a newer one is wanted, its rebuild is scheduled (the `background` task backend; the
    test settings' immediate backend builds it on the spot). Before the very first build
    (an empty cache, for a moment after the site starts) it knows no word."""
    current, stale = _current(language)
    if stale:
        schedule_vocabulary()
        current, _stale = _current(language)
    return current if current is not None else EMPTY_VOCABULARY


def build_vocabularies():
    """Build the vocabulary of every language for the wanted version (the background task
    search.tasks.rebuild_vocabulary; a no-op when it is already built)."""
    try:
        wanted = _vocabulary_version()
        for language in LANGUAGES:
            built = cache.get(_built_key(language))
            if built is not None and built >= wanted:
                continue
            cache.set(_data_key(language, wanted), _build_vocabulary(language), 24 * 3600)
            cache.set(_built_key(language), wanted, 24 * 3600)
            if built is not None:
                cache.delete(_data_key(language, built))
    finally:
        cache.delete(_SCHEDULED_KEY)


def _build_vocabulary(language):
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
    return {
        "terms": dict(counts),
        "words": dict(words),
        "written": {word: forms[word].most_common(1)[0][0] for word in words},
        "deletes": deletes,
    }


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


def correct_word(word, language, vocab, known=()):
    """The site's own word nearest to a typed word that the site does not know (nor `known`,
    the thesaurus's words), or None."""
    folded = fold(word)
    term = analyze_word(word, language)
    if not term or term in vocab["terms"] or len(folded) < 4 or folded.isdigit():
        return None
    if folded in known:
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
