"""Editors publish in Latvian and English: through wagtail-localize's own admin views, a new
translation starts as a draft, related snippets keep their English, loaded content is managed by
wagtail-localize, and a translation that falls behind says so until it catches up."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from knowledge.models import GoodPracticeStory, LocalActionGroup, StandardPage, StoryIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("redaktore", "r@example.org", "x")
    client.force_login(user)
    return user


def _loaded_story(language):
    return (
        GoodPracticeStory.objects.live()
        .filter(locale__language_code=language, lag__isnull=False)
        .order_by("path")
        .first()
    )


def test_loaded_pages_and_snippets_are_wagtail_localize_translations(client, editor):
    story = _loaded_story("lv")
    english = story.get_translation(Locale.objects.get(language_code="en"))
    source = TranslationSource.objects.get(object_id=story.translation_key)
    assert Translation.objects.filter(source=source, target_locale=english.locale).exists()
    assert StringTranslation.objects.filter(
        locale=english.locale, data=english.title, context__object_id=story.translation_key
    ).exists()
    lag = LocalActionGroup.objects.filter(locale=story.locale).first()
    assert TranslationSource.objects.filter(object_id=lag.translation_key).exists()
    # The English page opens in wagtail-localize's editor, with the English of the files.
    response = client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert response.status_code == 200
    assert "wagtail_localize" in response.templates[0].name or b"translation-editor" in (
        response.content
    )
    assert english.title.encode() in response.content


def test_a_new_story_submitted_for_translation_starts_as_an_english_draft(client, editor):
    index = StoryIndexPage.objects.get(locale__language_code="lv")
    lag = LocalActionGroup.objects.filter(locale=index.locale).first()
    english_lag = lag.get_translation(Locale.objects.get(language_code="en"))
    english_name = english_lag.name
    story = GoodPracticeStory(
        title="Jauns stāsts",
        slug="jauns-stasts",
        intro="Īss ievads.",
        place="Ērgļi",
        country="LV",
        innovation_type="social",
        status="in_transition",
        lag=lag,
    )
    index.add_child(instance=story)
    story.save_revision().publish()
    en = Locale.objects.get(language_code="en")
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[story.pk]),
        {"locales": [en.pk]},
    )
    assert response.status_code == 302
    translation = story.get_translation(en)
    assert not translation.live, "a new English page is a draft until a translator publishes it"
    assert not client.get("/en/").content.count(b"Jauns st")
    english_lag.refresh_from_db()
    assert english_lag.name == english_name, "the English LAG keeps its English name"


def test_a_translation_behind_its_source_says_so_until_it_catches_up(
    client, editor, django_capture_on_commit_callbacks
):
    story = _loaded_story("lv")
    en = Locale.objects.get(language_code="en")
    english = story.get_translation(en)
    assert b'class="notice"' not in client.get(english.url).content
    story.intro = story.intro + " Papildināts."
    story.save_revision().publish()

    client.logout()
    page = client.get(english.url).content.decode()
    assert 'class="notice"' in page
    assert story.url in page
    api = client.get(f"/api/v2/pages/{english.pk}/").json()
    assert api["meta"]["translation_outdated"] is True
    assert client.get(f"/api/v2/pages/{story.pk}/").json()["meta"]["translation_outdated"] is False

    client.force_login(editor)
    report = client.get(reverse("outdated_translations")).content.decode()
    assert english.title in report

    source = TranslationSource.objects.get(object_id=story.translation_key)
    # wagtail-localize publishes when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]),
            {"publish_translations": "on"},
        )
    assert response.status_code == 302
    client.logout()
    assert b'class="notice"' not in client.get(english.url).content
    api = client.get(f"/api/v2/pages/{english.pk}/").json()
    assert api["meta"]["translation_outdated"] is False
    english.refresh_from_db()
    # Synced: the title stays English (its segment is translated), the new sentence waits.
    assert english.title != story.title


def test_an_english_page_looks_its_translations_up_once(client):
    """The language switcher and the "behind" notice share one lookup of the page's
    translations: rendering a page asks for them once, behind or not."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    story = StandardPage.objects.live().filter(locale__language_code="lv").order_by("path")[0]
    english = story.get_translation(Locale.objects.get(language_code="en"))

    def lookups(page):
        key = page.translation_key
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert response.status_code == 200
        return response, [q["sql"] for q in queries if key.hex in q["sql"] or str(key) in q["sql"]]

    for page in (english, story):
        response, found = lookups(page)
        assert len(found) == 1, found
        assert b'class="notice"' not in response.content
    story.intro += " Papildināts."
    story.save_revision().publish()
    response, found = lookups(english)
    assert b'class="notice"' in response.content and story.url.encode() in response.content
    assert len(found) == 1, found


def test_the_edit_screen_of_a_translation_behind_leads_to_the_sync(client, editor):
    """A translator cannot open the Latvian page, where wagtail-localize offers "Sync
    translated pages": the notice on the English edit screen links to it, and back."""
    from urllib.parse import urlencode

    from django.utils.html import escape

    story = _loaded_story("lv")
    english = story.get_translation(Locale.objects.get(language_code="en"))
    edit = reverse("wagtailadmin_pages:edit", args=[english.pk])
    source = TranslationSource.objects.get(object_id=story.translation_key)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    link = escape(f"{sync}?{urlencode({'next': edit})}")
    assert link not in client.get(edit).content.decode()
    story.intro += " Papildināts."
    story.save_revision().publish()
    page = client.get(edit).content.decode()
    assert "Šis tulkojums atpaliek" in page and link in page  # the admin speaks Latvian
    response = client.get(f"{sync}?{urlencode({'next': edit})}")
    assert response.status_code == 200
