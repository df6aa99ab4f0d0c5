"""Template tags for the site chrome: home, menu, language links."""

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page

from knowledge.core.models import HomePage
from knowledge.core.translation import public_translations
from search.public import public
from search.remembered import remembered

register = template.Library()

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _homes_and_menus(request):
    """The public home page of each language and, under each, its sections shown in the menu:
    one query per change of the site for the header of every page (search/remembered.py)."""

    def compute():
        home_type = ContentType.objects.get_for_model(HomePage)
        rows = (
            public(Page.objects.filter(Q(depth=2, content_type=home_type) | Q(depth=3)))
            .filter(Q(depth=2) | Q(show_in_menus=True))
            .select_related("locale")
            .order_by("path")
        )
        homes, menus = {}, {}
        for page in rows:
            if page.depth == 2:
                homes.setdefault(page.locale.language_code, page)
                menus[page.pk] = []
        by_path = {home.path: home.pk for home in homes.values()}
        for page in rows:
            parent = by_path.get(page.path[: -Page.steplen])
            if page.depth == 3 and parent is not None:
                menus[parent].append(page)
        return homes, menus

    return remembered(request, "homes_and_menus", compute)


@register.simple_tag(takes_context=True)
def site_home(context):
    """The home page in the active language (or the default language's one)."""
    homes, _menus = _homes_and_menus(context["request"])
    return homes.get(translation.get_language()) or homes.get(settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The sections shown in the header, from the home page's children in the menu."""
    home = site_home(context)
    if home is None:
        return []
    _homes, menus = _homes_and_menus(context["request"])
    return menus[home.pk]


@register.simple_tag(takes_context=True)
def menu_state(context, item):
    """How a main-menu section relates to the page shown: "page" when it is the page, "true"
    when the page is inside it (aria-current), "" otherwise."""
    page = context.get("page")
    if not isinstance(page, Page):
        return ""
    if item.pk == page.pk:
        return "page"
    return "true" if page.path.startswith(item.path) else ""


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: where this page is in that language, or that it is not yet."""
    request = context["request"]
    page = context.get("page") if isinstance(context.get("page"), Page) else None
    current = translation.get_language()
    links = []
    if page is not None:
        translations = public_translations(page)
        # A page's sub-page (a step's workshop kit) names its address in another language.
        url_of = context.get("translated_url") or (lambda target, request: target.get_url(request))
        for code, name in settings.LANGUAGES:
            target = translations.get(code)
            links.append(
                {
                    "code": code,
                    "name": name,
                    "url": url_of(target, request) if target else None,
                    "fallback_url": f"/{code}/",
                    "current": code == current,
                }
            )
    else:
        for code, name in settings.LANGUAGES:
            links.append(
                {
                    "code": code,
                    "name": name,
                    "url": translate_url(request.get_full_path(), code),
                    "fallback_url": f"/{code}/",
                    "current": code == current,
                }
            )
    return links


@register.filter
def language_name(code):
    return LANGUAGE_NAMES.get(code, code)


@register.simple_tag
def active_locale():
    return Locale.get_active()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.simple_tag(takes_context=True)
def query_with(context, name, value):
    """The current query string with `name` set to `value` and the page number reset."""
    params = context["request"].GET.copy()
    params[name] = value
    params.pop("page", None)
    return params.urlencode()


@register.simple_tag(takes_context=True)
def query_without(context, name):
    params = context["request"].GET.copy()
    params.pop(name, None)
    params.pop("page", None)
    return params.urlencode()


@register.simple_tag(takes_context=True)
def story_json_ld(context, story):
    """schema.org JSON-LD for a story, escaped for a <script> element."""
    import json

    from django.utils.safestring import mark_safe

    request = context["request"]
    language = story.locale.language_code
    place = {
        "@type": "Place",
        "name": story.place,
        "address": {
            "@type": "PostalAddress",
            "addressRegion": story.municipality,
            "addressCountry": story.country,
        },
    }
    if story.latitude is not None and story.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(story.latitude),
            "longitude": float(story.longitude),
        }
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": story.title,
        "description": story.intro,
        "inLanguage": language,
        "url": story.get_full_url(request),
        "datePublished": story.first_published_at.isoformat() if story.first_published_at else None,
        "dateModified": story.last_published_at.isoformat() if story.last_published_at else None,
        "keywords": [theme.label_for(language) for theme in story.theme_list],
        "contentLocation": place,
        "publisher": {"@type": "Organization", "name": "Viedie ciemi"},
    }
    text = json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
