"""A page's privacy is the same in every language.

wagtail-localize copies a page's view restriction to its translations only when a translation
is synced, so a Latvian story made private stayed public in English (in the API, the search,
the feeds, the open data, the widget, the English home and index) until someone synced it.
Here a view restriction added, changed or removed on any page is, at once, the restriction of
every translation of that page: privacy belongs to the page in all its languages, whichever
language the editor set it in (the last change wins). wagtail-localize's own sync, from the
source page, then finds nothing to do.

Only what differs is written, and the signals that these writes send are not followed again
(they are the copies, not an editor's change): no loop, and running it twice changes nothing.
A restriction deleted because its page is being deleted is not a privacy change and is not
followed."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db.models import Case, QuerySet, When
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction

_copying = ContextVar("privacy_copying", default=False)


@contextmanager
def _writing_copies():
    token = _copying.set(True)
    try:
        yield
    finally:
        _copying.reset(token)


def _state(restriction):
    if restriction is None:
        return None
    groups = sorted(restriction.groups.values_list("pk", flat=True))
    return restriction.restriction_type, restriction.password, groups


def follow(page):
    """Give every translation of `page` the view restriction that `page` itself has (or none);
    how many translations changed."""
    wanted = _state(page.view_restrictions.order_by("pk").first())
    translations = Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk)
    with _writing_copies():
        return sum(_copy_to(other, wanted) for other in translations)


def bring_into_step():
    """Restrictions set before they were kept in step (or written around the signals): each
    page with a restriction gives it to its translations that have none or another, the
    source-language page first, so a page private in one language is private in all. How many
    pages changed."""
    changed, done = 0, set()
    restricted = (
        Page.objects.filter(view_restrictions__isnull=False)
        .annotate(
            source=Case(When(locale__language_code=settings.LANGUAGE_CODE, then=0), default=1)
        )
        .order_by("source", "path")
        .distinct()
    )
    for page in restricted:
        if page.translation_key not in done:
            done.add(page.translation_key)
            changed += follow(page)
    return changed


def _copy_to(page, wanted):
    """Give `page` the restriction `wanted` (or none); whether anything changed."""
    theirs = list(page.view_restrictions.order_by("pk"))
    keep = theirs[:1] if wanted else []
    for restriction in theirs[len(keep) :]:
        restriction.delete()
    if wanted is None or keep and _state(keep[0]) == wanted:
        return len(theirs) > len(keep)
    restriction = keep[0] if keep else PageViewRestriction(page=page)
    kind, password, groups = wanted
    if not restriction.pk or (restriction.restriction_type, restriction.password) != wanted[:2]:
        restriction.restriction_type, restriction.password = kind, password
        restriction.save()
    restriction.groups.set(groups)
    return True


def _saved(sender, instance, raw=False, **kwargs):
    if not raw and not _copying.get():
        follow(instance.page)


def _deleted(sender, instance, origin=None, **kwargs):
    from_restrictions = isinstance(origin, PageViewRestriction) or (
        isinstance(origin, QuerySet) and origin.model is PageViewRestriction
    )
    if from_restrictions and not _copying.get():
        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            follow(page)


def _groups_changed(sender, instance, action, reverse, **kwargs):
    if action.startswith("post_") and not reverse and not _copying.get():
        follow(instance.page)


def install():
    post_save.connect(_saved, sender=PageViewRestriction, dispatch_uid="privacy-in-step-saved")
    post_delete.connect(
        _deleted, sender=PageViewRestriction, dispatch_uid="privacy-in-step-deleted"
    )
    m2m_changed.connect(
        _groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="privacy-in-step-groups",
    )
