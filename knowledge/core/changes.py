"""When what the public can see last changed, for Last-Modified on lists (API, sitemap)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Value
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from .snippets import snippet_models

# Log actions after which a page may have left or joined a list without a newer publication
# date.
LEAVING_ACTIONS = [
    "wagtail.unpublish",
    "wagtail.unpublish.scheduled",
    "wagtail.delete",
    "wagtail.move",
    "wagtail.view_restriction.create",
    "wagtail.view_restriction.edit",
    "wagtail.view_restriction.delete",
]


def _newest(queryset, field):
    return (
        queryset.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(newest=Max(field))
        .values_list("newest", flat=True)
    )


def _public_moments():
    """The newest page publication, and the newest unpublication, move, deletion or privacy
    change (a list that lost a page is modified too, so a client is never answered 304)."""
    return [
        _newest(Page.objects.all(), "last_published_at"),
        _newest(PageLogEntry.objects.filter(action__in=LEAVING_ACTIONS), "timestamp"),
    ]


def _snippet_moments():
    """The newest publication, unpublication or deletion of a snippet: pages show snippets
    (a story its LAG, a listing page its items) and change with them."""
    models = snippet_models()
    left = ModelLogEntry.objects.filter(
        content_type__in=ContentType.objects.get_for_models(*models).values(),
        action__in=["wagtail.unpublish", "wagtail.delete"],
    )
    return [
        _newest(left, "timestamp"),
        *(_newest(model.objects.all(), "last_published_at") for model in models),
    ]


def _latest(moments):
    """The latest of `moments` (querysets of one value each), in one query; or None."""
    first, *others = moments
    found = [moment for moment in first.union(*others, all=True) if moment]
    return max(found) if found else None


def last_public_change():
    """When a page last joined or left what the public can see, or None. One query."""
    return _latest(_public_moments())


def last_snippet_change():
    """When a snippet was last published, unpublished or deleted, or None. One query."""
    return _latest(_snippet_moments())


def last_change():
    """The later of `last_public_change` and `last_snippet_change`, in one query."""
    return _latest(_public_moments() + _snippet_moments())
