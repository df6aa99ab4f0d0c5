"""When what the public can see last changed, for Last-Modified on lists (API, sitemap)."""

from django.db.models import Max
from wagtail.models import Page, PageLogEntry

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
