"""An editor whose admin language is Latvian sees a Latvian admin, in headless Chromium: the
dashboard, the page explorer of the Latvian stories index, a story's edit form and history,
wagtail-localize's "Translate this page" screen and translation editor of the English story,
the listing of the challenge snippets and their Add form carry no English interface words.

Only interface elements are read (buttons, labels, headings, table headers, navigation, tabs,
menus, placeholders), and the content shown in them (page titles, the user's name) is taken
out first: the check is about the catalogues, not about what editors wrote.

Without a browser (Django's test client), the rendered HTML of the challenge listing, the Add
challenge form and a few other views has none of the upstream Latvian strings we replaced and
has the Latvian button labels."""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from knowledge.models import Challenge, GoodPracticeStory, StoryIndexPage
from tests.browser import in_browser, needs_chromium

pytestmark = pytest.mark.django_db

# A folder for screenshots of the four views, to look at them (unset: none are taken).
SCREENSHOTS = os.environ.get("ADMIN_SCREENSHOTS", "")
USERNAME = "redaktore"
PASSWORD = "latviesu-saskarne-42"

# Common words of Wagtail's and wagtail-localize's English interface: none may be left.
ENGLISH_UI_WORDS = {
    "account", "actions", "add", "ago", "all", "cancel", "choose", "collapse", "comments",
    "content", "copy", "create", "dashboard", "delete", "documents", "draft", "edit", "edited",
    "editing", "expand", "filter", "help", "history", "images", "live", "lock", "locked",
    "more", "move", "never", "owner", "page", "pages", "preview", "privacy", "private",
    "promote", "public", "publish", "published", "recent", "reports", "revisions", "save",
    "search", "settings", "snippets", "sort", "status", "submit", "sync", "title", "translate",
    "translation", "translations", "type", "unlock", "unpublish", "updated", "upload", "users",
    "view", "your", "you",
    # English sentences in help texts give themselves away by their small words.
    "the", "of", "and", "or", "with", "this", "is", "are", "for", "from", "by", "in", "new",
    "list", "tags", "items",
}  # fmt: skip

# Text that may stand in the interface as it is (names, not words to translate).
NAMES = ["Wagtail", "Viedie ciemi", "English", "Latviešu", "PO", "URL", "ID"]

# English that no catalogue can reach: written into a template or a bundle without gettext.
# {view: [(pattern, reason)]}; to be reported upstream.
HARD_CODED = {
    "dashboard": [
        (
            r"^Search$",
            "Wagtail 8.0's wagtailadmin/home.html: the search box's screen-reader-only "
            '<input type="submit" value="Search"> has no {% trans %}',
        ),
    ],
    "translation editor": [
        (
            r"\w+ to \w+ translation",
            "tab heading `${source} to ${target} translation` (TranslationEditor, no gettext)",
        ),
        (r"More actions", "screen-reader label of the footer's dropdown toggle (no gettext)"),
    ],
}

# What counts as interface text: innerText of these elements, and placeholders of inputs.
UI_SELECTORS = ", ".join(
    [
        "button",
        "label",
        "legend",
        "h1",
        "h2",
        "h3",
        "h4",
        "th",
        "nav",
        "summary",
        "[role=tab]",
        "[role=menuitem]",
        "a.button",
        ".w-dropdown__content a",
        ".w-help-text",
        ".help",
    ]
)

COLLECT = """(selector) => {
  // Only what is on screen: hidden dialogs, menus and templates are not read (innerText of a
  // hidden element would be its whole textContent).
  const shown = (el) => el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const seen = [];
  for (const el of document.querySelectorAll(selector)) {
    const text = shown(el) && el.innerText.trim();
    const cls = typeof el.className === "string" ? el.className.trim().split(/\\s+/)[0] : "";
    if (text) seen.push([el.tagName.toLowerCase() + (cls ? "." + cls : ""), text]);
  }
  for (const el of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
    if (shown(el)) seen.push(["placeholder", el.placeholder]);
  }
  // Buttons written as <input type=submit value=…> (wagtail-localize's "Submit").
  for (const el of document.querySelectorAll("input[type=submit], input[type=button]")) {
    if (shown(el) && el.value.trim()) seen.push(["input." + el.type, el.value.trim()]);
  }
  return seen;
}"""


@pytest.fixture(scope="module")
def editor(django_db_setup, django_db_blocker):
    """A superuser whose preferred admin language is Latvian, made outside the test's
    transaction so that the server thread sees it (on PostgreSQL it has its own connection),
    removed afterwards."""
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_superuser(
            USERNAME, email="redaktore@example.org", password=PASSWORD
        )
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "lv"
        profile.save()
        yield user
        user.delete()


@pytest.fixture
def pages(db, editor):
    """The Latvian stories index, one of its stories and the story's English page, with a
    wagtail-localize translation (TranslationSource + Translation) so that the English page
    opens in wagtail-localize's translation editor (wagtail-localize's TranslationCreator, as
    "Translate this page" does, when the loaded content has none). All in the test's
    transaction."""
    from wagtail_localize.models import Translation
    from wagtail_localize.operations import TranslationCreator

    lv, en = Locale.objects.get(language_code="lv"), Locale.objects.get(language_code="en")
    index = StoryIndexPage.objects.filter(locale=lv).first()
    story = GoodPracticeStory.objects.child_of(index).filter(locale=lv).order_by("path").first()
    assert index is not None and story is not None, "the content has no Latvian stories"
    has_translation = Translation.objects.filter(
        source__object_id=story.translation_key, target_locale=en, enabled=True
    ).exists()
    if not has_translation:
        # Not published (a draft revision of the English page): publishing would reach past
        # the test's transaction (a search cluster's index, caches emptied on publish).
        with override_settings(WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE=False):
            creator = TranslationCreator(editor, [en])
            creator.create_translations(story, include_related_objects=False)
    english = story.get_translation(en)
    titles = {p.title for p in (index, story, english)} | {
        p.get_admin_display_title() for p in (index, story, english)
    }
    challenges = Challenge.snippet_viewset
    return {
        "dashboard": "/admin/",
        "explorer": f"/admin/pages/{index.pk}/",
        "edit form": f"/admin/pages/{story.pk}/edit/",
        "history": reverse("wagtailadmin_pages:history", args=[story.pk]),
        # The index, not the story: a page with child pages also shows "Include subtree".
        "translate this page": reverse("wagtail_localize:submit_page_translation", args=[index.pk]),
        "translation editor": f"/admin/pages/{english.pk}/edit/",
        "challenges": reverse(challenges.get_url_name("list")) + "?locale=lv",
        "add challenge": reverse(challenges.get_url_name("add")) + "?locale=lv",
    }, titles | set(Challenge.objects.values_list("title", flat=True))


def _look(browser, site, urls):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="lv-LV")
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    seen = {}
    for name, url in urls.items():
        response = page.goto(site + url)
        assert response.status == 200, (name, url, response.status)
        page.wait_for_load_state("networkidle")
        if name == "translation editor":
            # wagtail-localize's React editor draws itself after loading; its footer carries
            # the strings of wagtail-localize's own JavaScript catalogue.
            page.wait_for_selector(".js-translation-editor footer", timeout=15_000)
            page.wait_for_timeout(300)
            if SCREENSHOTS:
                page.screenshot(path=f"{SCREENSHOTS}/translation-editor.png", full_page=True)
        elif SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/{name.replace(' ', '-')}.png")
        seen[name] = {
            "lang": page.evaluate("document.documentElement.lang"),
            "title": page.title(),
            "text": page.evaluate(COLLECT, UI_SELECTORS),
            "editor footer": " ".join(
                page.locator(".js-translation-editor footer").all_inner_texts()
            ),
        }
    return seen


def english_words(text, content, hard_coded=()):
    for pattern, _reason in hard_coded:
        text = re.sub(pattern, " ", text)
    for known in sorted(content | set(NAMES), key=len, reverse=True):
        if known:
            text = text.replace(known, " ")
    return sorted({w for w in re.findall(r"\w+", text) if w.lower() in ENGLISH_UI_WORDS})


@pytest.mark.browser
@needs_chromium
def test_the_admin_speaks_latvian_to_a_latvian_editor(site_url, editor, pages):
    urls, titles = pages
    seen = in_browser(_look, site_url, urls, timeout=240)
    content = titles | {USERNAME, editor.email, editor.get_full_name()}
    found = {}
    for name, view in seen.items():
        assert view["lang"] == "lv", (name, view["lang"])
        for where, text in view["text"] + [("title", view["title"])]:
            words = english_words(text, content, HARD_CODED.get(name, ()))
            if words:
                found.setdefault(name, []).append(f"{where}: {words} in {text[:120]!r}")
    # The translation editor really is wagtail-localize's, speaking its Latvian catalogue.
    assert "Publicēt valodā: English" in seen["translation editor"]["editor footer"]
    assert not found, "English interface words left:\n" + "\n".join(
        f"{name}:\n  " + "\n  ".join(lines) for name, lines in found.items()
    )


# Upstream Latvian that the overrides replaced (locale/upstream/*/FIXES.md): none may be shown.
KNOWN_BAD = {
    "Pievienot izaicinājums": "a model name after the verb: «Pievienot: izaicinājums»",
    "Labo": "edit → «rediģēt» («Labo Labās prakses stāsts» was the edit form's heading)",
    "PIevienot": "a typo («PIevienot grupu»)",
    "Patreizējā sagatave": "current draft → «Pašreizējais melnraksts»",
    "minūšu ago": "Django's plural forms in the wrong order and «ago» not translated",
    "ago": "«%(time_period)s ago» → «%(time_period)s atpakaļ»",
}


def test_the_rendered_admin_has_latvian_labels_and_none_of_the_replaced_strings(client, editor):
    """The HTML the admin sends a Latvian editor (Django's test client, no browser): the
    challenge snippets' listing and Add form carry the Latvian button labels and the colon
    form «Pievienot: izaicinājums», and no view here shows a string in KNOWN_BAD."""
    client.force_login(editor)
    lv = Locale.objects.get(language_code="lv")
    index = StoryIndexPage.objects.filter(locale=lv).first()
    story = GoodPracticeStory.objects.child_of(index).filter(locale=lv).order_by("path").first()
    challenges = Challenge.snippet_viewset
    urls = {
        "challenges": reverse(challenges.get_url_name("list")) + "?locale=lv",
        "add challenge": reverse(challenges.get_url_name("add")) + "?locale=lv",
        "edit form": reverse("wagtailadmin_pages:edit", args=[story.pk]),
        "history": reverse("wagtailadmin_pages:history", args=[story.pk]),
        "groups": reverse("wagtailusers_groups:index"),
    }
    html = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        html[name] = response.content.decode()
        assert '<html lang="lv"' in html[name], name

    def text(name):
        """The page's text: tags, scripts and styles taken out, white space collapsed."""
        body = re.sub(r"<(script|style)\b.*?</\1>", " ", html[name], flags=re.S)
        return " ".join(re.sub(r"<[^>]+>", " ", body).split())

    # The listing's header button and the Add form: Latvian labels, the colon construction.
    assert "Pievienot: izaicinājums" in text("challenges")
    assert re.search(r"<h1[^>]*>\s*Izaicinājumi\s*</h1>", html["challenges"])
    assert "<title>Jauns ieraksts: Izaicinājums" in html["add challenge"]
    # Challenges have drafts: the Add form saves a draft or publishes.
    save = r"<button[^>]*action-save[^>]*>.*?Saglabāt melnrakstu\s*</em>"
    assert re.search(save, html["add challenge"], re.S), "the Add form's «Saglabāt melnrakstu»"
    assert re.search(r'name="action-publish"[^>]*>.*?Publicēt', html["add challenge"], re.S)
    assert "Pievienot grupu" in text("groups")
    assert "Pašreizējais melnraksts" in text("history")
    assert "Rediģēšana: Labās prakses stāsts" in text("edit form")
    for name in html:
        for bad, reason in KNOWN_BAD.items():
            found = re.search(rf"(?<!\w){re.escape(bad)}(?!\w)", text(name))
            assert not found, f"{name}: «{bad}» is shown ({reason})"
