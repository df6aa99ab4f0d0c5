"""Values read from what is public (pages, their view restrictions, sites, locales), remembered
in Django's cache until it changes: the frame of every reader page (knowledge/core/frame.py),
where rich-text links go, the restrictions the search leaves out.

Each value is remembered under a generation that every change a reader could see replaces: a
page saved (published, unpublished, edited, copied), moved or deleted, a view restriction or its
groups, a site or a locale. Until such a change is committed the generation is *pending*:
nothing is remembered and every request reads the database, so no process keeps what a
transaction rolled back, and the first request after the commit reads the new state. Within one
request each value is taken from the cache once.

Like Wagtail's own cache of the sites' root paths, this needs the cache shared by every worker
process that serves the site (Redis, as in production): an in-process cache hears only the
changes made in its own process. Entries expire after REMEMBER_SECONDS whatever happens, which
bounds how long a second process (`manage.py load_content` beside `runserver`) goes unheard."""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_unpublished, post_page_move

REMEMBER_SECONDS = 300
GENERATION_KEY = "remembered:generation"
PENDING = "pending"
# A change whose transaction never commits (an error after the save) leaves the generation
# pending for this long at most; then remembering starts again from what is committed.
PENDING_SECONDS = 60
_MISSING = object()
# Saves and deletions of these change what is public or where it is.
WATCHED = (Page, PageViewRestriction, Site, Locale)


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def remembered(request, name, compute):
    """`compute()`, read from the cache of the current generation (computed and remembered
    there on a miss), once per request."""
    memo = request.__dict__.setdefault("_remembered", {}) if request is not None else {}
    if name in memo:
        return memo[name]
    generation = memo.get(GENERATION_KEY) or _generation()
    memo[GENERATION_KEY] = generation
    value = _MISSING
    if generation not in (None, PENDING):
        key = f"remembered:{generation}:{name}"
        value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if generation not in (None, PENDING):
            cache.set(key, value, REMEMBER_SECONDS)
    memo[name] = value
    return value


def renew():
    """Start a new generation: what was remembered is read again from the database."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def changed():
    """Something public changed: nothing is remembered until it is committed, and a
    new generation starts then."""
    cache.set(GENERATION_KEY, PENDING, PENDING_SECONDS)
    transaction.on_commit(renew)


_also_watched = ()


def _saved_or_deleted(sender, instance, **kwargs):
    if isinstance(instance, WATCHED + _also_watched):
        changed()


def _signalled(sender, **kwargs):
    changed()


def listen(also=()):
    """Forget what is remembered on every change of what readers see: pages, restrictions,
    sites, locales, and the models `also` names (the site's snippets and themes, which label
    what pages remember, e.g. the story index's facets)."""
    global _also_watched
    _also_watched = tuple(also)
    for signal in (post_save, post_delete):
        signal.connect(_saved_or_deleted, dispatch_uid=f"remembered-{signal}")
    m2m_changed.connect(
        _signalled, sender=PageViewRestriction.groups.through, dispatch_uid="remembered-groups"
    )
    # A move rewrites the tree with plain updates, an unpublication of many pages too.
    post_page_move.connect(_signalled, dispatch_uid="remembered-move")
    page_unpublished.connect(_signalled, dispatch_uid="remembered-unpublished")
