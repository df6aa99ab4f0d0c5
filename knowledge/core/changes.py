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


def last_public_change():
    """The newest publication, unpublication, move, deletion or privacy change on the site,
    or None: a list that lost a page is modified too, so a client is never answered 304."""
    moments = [
        Page.objects.aggregate(newest=Max("last_published_at"))["newest"],
        PageLogEntry.objects.filter(action__in=LEAVING_ACTIONS).aggregate(newest=Max("timestamp"))[
            "newest"
        ],
    ]
    moments = [moment for moment in moments if moment]
    return max(moments) if moments else None


def _newest(queryset, field):
    return (
        queryset.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(newest=Max(field))
        .values_list("newest", flat=True)
    )


def last_snippet_change():
    """The newest publication, unpublication or deletion of a snippet, or None: pages show
    snippets (a story its LAG, a listing page its items) and change with them. One query."""
    models = snippet_models()
    left = ModelLogEntry.objects.filter(
        content_type__in=ContentType.objects.get_for_models(*models).values(),
        action__in=["wagtail.unpublish", "wagtail.delete"],
    )
    moments = _newest(left, "timestamp").union(
        *(_newest(model.objects.all(), "last_published_at") for model in models), all=True
    )
    moments = [moment for moment in moments if moment]
    return max(moments) if moments else None
