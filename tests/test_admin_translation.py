"""Translating pages in the admin with wagtail-localize, as editors do it: "Translate this
page", the translation editor of an English page and its preview, publishing a translation,
and "Sync translated pages" after a Latvian change.

The loaded content is already translated (each English page is a wagtail-localize Translation
of its Latvian page), so the editor of an English page opens on the English text; new pages are
copies of a loaded page, translated here."""

import re

import pytest
from django.utils.html import escape
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, TranslationSource

from knowledge.content.schema import PAGE_MODELS
from knowledge.models import (
    Challenge,
    GoodPracticeStory,
    LocalActionGroup,
    RoadmapStepPage,
    Source,
    StoryChallenge,
    StoryIndexPage,
    StoryRoadmapStep,
)

from .admin_forms import (
    AdminCase,
    admin_edit_url,
    admin_user,
    committed,
    creation_parent,
    form_values,
    html_of,
    post_data,
    preview,
    preview_on_add_url,
    publish_edit,
    publish_translation,
    richest,
    shown,
    submit_translation,
    submit_translation_url,
    sync,
    sync_url,
    translate_string,
    translation_editor,
)

pytestmark = pytest.mark.django_db

KINDS = sorted(PAGE_MODELS)


@pytest.fixture
def editor(client, db):
    user = admin_user("admin", language="en")
    client.force_login(user)
    return user


@pytest.fixture
def english(db):
    return Locale.objects.get(language_code="en")


def english_of(page):
    return page.get_translation(Locale.objects.get(language_code="en"))


def new_latvian_page(kind):
    """A new live Latvian page of `kind`: a copy of a loaded one with all it holds, not yet
    translated."""
    sample = richest(PAGE_MODELS[kind], "lv")
    parent = creation_parent(type(sample), sample)
    return sample.copy(
        to=parent,
        update_attrs={"slug": f"jauna-{kind.replace('_', '-')}", "title": f"Jauna lapa {kind}"},
        keep_live=True,
        copy_revisions=False,
        log_action=None,
    )


def untranslated_paths(obj, language="en"):
    """The places in `obj`'s translation source whose text has no translation."""
    source = TranslationSource.objects.get_for_instance(obj)
    locale = Locale.objects.get(language_code=language)
    return sorted(
        StringSegment.objects.filter(source=source)
        .annotate_translation(locale)
        .filter(translation__isnull=True)
        .values_list("context__path", flat=True)
    )


# --- The translation editor and its preview ----------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_translation_editor_opens_on_the_english_text(client, editor, kind):
    """The edit view of an English page is wagtail-localize's translation editor, with every
    Latvian string already translated into the English the page shows."""
    page = richest(PAGE_MODELS[kind], "en")
    props = translation_editor(client, page)
    strings = [segment for segment in props["segments"] if segment["type"] == "string"]
    translated = {item["segment_id"]: item["data"] for item in props["initialStringTranslations"]}
    assert strings
    assert [s["contentPath"] for s in strings if s["id"] not in translated] == []
    [title] = [s for s in strings if s["contentPath"] == "title"]
    assert translated[title["id"]] == page.title
    assert props["object"]["isLive"] is True
    assert props["previewModes"], "no preview in the translation editor"


@pytest.mark.parametrize("kind", KINDS)
def test_preview_of_a_translation(client, editor, kind):
    """wagtail-localize's preview of an English page (the translation editor's preview):
    the English text, in an English page."""
    page = richest(PAGE_MODELS[kind], "en")
    props = translation_editor(client, page)
    response = client.get(props["previewModes"][0]["url"])
    assert response.status_code == 200
    html = html_of(response)
    assert '<html lang="en">' in html
    assert shown(page.title, html)


def test_preview_of_a_translation_shows_what_the_translator_typed_before_publishing(client, editor):
    page = richest(GoodPracticeStory, "en")
    props = translation_editor(client, page)
    translate_string(client, props, "title", "A title not yet published")
    html = html_of(client.get(props["previewModes"][0]["url"]))
    assert shown("A title not yet published", html)
    assert GoodPracticeStory.objects.get(pk=page.pk).title == page.title  # the live page waits
    assert not shown("A title not yet published", html_of(client.get(page.url)))


def test_preview_of_a_story_translation_shows_its_english_related_items(client, editor):
    """The English preview of a story shows its challenges, steps and LAG in English, though
    the inline links point at the Latvian ones."""
    page = richest(GoodPracticeStory, "en")
    props = translation_editor(client, page)
    html = html_of(client.get(props["previewModes"][0]["url"]))
    for challenge in page.linked_challenges():
        assert shown(challenge.title, html)
    for step in page.linked_steps():
        assert shown(step.title, html)
    assert page.localized_lag.locale == page.locale
    assert shown(page.localized_lag.name, html)


# --- Publishing a translation ------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_translator_publishes_every_english_page_type(client, editor, kind):
    """Type an English intro in the translation editor and publish: the English page shows it,
    the Latvian page is untouched."""
    page = richest(PAGE_MODELS[kind], "en")
    latvian_intro = page.get_translation(Locale.objects.get(language_code="lv")).intro
    props = translation_editor(client, page)
    intro = "Written by the translator in the translation editor."
    translate_string(client, props, "intro", intro)
    published = publish_translation(client, page)
    assert published.live and published.intro == intro
    assert published.title == page.title
    assert page.get_translation(Locale.objects.get(language_code="lv")).intro == latvian_intro
    if kind != "home":
        assert shown(intro, html_of(client.get(published.url)))


# --- Translate this page -----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_translate_every_page_type(client, editor, english, kind):
    """ "Translate this page" on a new Latvian page makes its English page, under the English
    parent, editable in the translation editor."""
    page = new_latvian_page(kind)
    response = client.get(submit_translation_url(page))
    assert response.status_code == 200
    assert [locale.pk for locale in response.context["form"].fields["locales"].queryset] == [
        english.pk
    ]
    translated = submit_translation(client, page)
    assert translated.locale == english
    assert translated.get_parent().translation_key == page.get_parent().translation_key
    assert translated.get_parent().locale == english or translated.get_parent().is_root()
    assert translated.title == page.title  # nothing translated yet: the Latvian text
    props = translation_editor(client, translated)
    assert any(segment["contentPath"] == "intro" for segment in props["segments"])


@pytest.mark.parametrize("kind", KINDS)
def test_translating_a_page_makes_an_english_draft(client, editor, kind):
    page = new_latvian_page(kind)
    assert page.live
    translated = submit_translation(client, page)
    assert not translated.live
    assert translated.latest_revision is not None  # a draft to open in the editor
    if translated.url:
        assert client.get(translated.url).status_code == 404


def story_with_related_items(language="lv"):
    """A new live Latvian story linking a LAG, a source (in its sources) and a challenge that
    all have English translations."""
    locale = Locale.objects.get(language_code=language)
    lag = LocalActionGroup.objects.filter(locale=locale).first()
    source = Source.objects.filter(locale=locale).first()
    challenge = Challenge.objects.filter(locale=locale).first()
    step = RoadmapStepPage.objects.live().filter(locale=locale).first()
    index = StoryIndexPage.objects.get(locale=locale)
    story = GoodPracticeStory(
        title="Stāsts ar saitēm",
        slug="stasts-ar-saitem",
        intro="Kopiena un tās partneri.",
        place="Ciems",
        country="LV",
        innovation_type="social",
        status="in_transition",
        lag=lag,
        sources=[("source", {"source": source, "locator": "1. lpp."})],
    )
    story.challenge_links = [StoryChallenge(challenge=challenge)]
    story.roadmap_step_links = [StoryRoadmapStep(step=step)]
    index.add_child(instance=story)
    story.save_revision().publish()
    return story, lag, source, challenge


def related_english(lag, source, challenge):
    return {
        "lag": english_of(lag).name,
        "lag region": english_of(lag).region,
        "source": english_of(source).title,
        "source publisher": english_of(source).publisher,
        "challenge": english_of(challenge).title,
    }


def test_translating_a_story_keeps_the_english_of_its_lag_source_and_challenge(client, editor):
    story, lag, source, challenge = story_with_related_items()
    before = related_english(lag, source, challenge)
    assert before["lag"] != lag.name
    translated = submit_translation(client, story)
    assert related_english(lag, source, challenge) == before
    assert translated.localized_lag.name == before["lag"]
    html = html_of(client.get(translation_editor(client, translated)["previewModes"][0]["url"]))
    assert shown(before["lag"], html) and shown(before["challenge"], html)


def test_translating_a_story_never_overwrites_an_english_lag(client, editor):
    """The Latvian LAG is renamed and its translations synced (the source now holds the new
    name, not yet translated); translating a story that names it must leave the English LAG
    alone."""
    story, lag, source, challenge = story_with_related_items()
    response = client.post(admin_edit_url(lag), post_data(lag, name=f"{lag.name} (jauns)"))
    assert response.status_code == 302
    sync(client, lag, publish=False)
    before = related_english(lag, source, challenge)
    submit_translation(client, story)
    assert related_english(lag, source, challenge) == before


# --- Sync translated pages ---------------------------------------------------------------


# Sync publishes the English page from its translation source: the English text recorded for
# each Latvian string, and, for what wagtail-localize copies rather than translates (link
# addresses in rich text, documents, a chosen page), the Latvian value unless an override was
# recorded. The loader records the English ones as overrides, so nothing changes here.
@pytest.mark.parametrize("kind", KINDS)
def test_sync_with_nothing_changed_keeps_every_english_page(client, editor, kind):
    """What the editor's form holds and where the public English page's links go are the
    same after a sync as before it."""
    page = richest(PAGE_MODELS[kind], "lv")
    translated = english_of(page)
    before = form_values(translated, links_by_key=True)
    links = addresses(html_of(client.get(translated.url)))
    assert any(link.startswith("/en/") for link in links)
    response = client.get(sync_url(page))
    assert response.status_code == 200
    assert response.context["translations"][0]["locale"].language_code == "en"
    sync(client, page)
    after = form_values(type(translated).objects.get(pk=translated.pk), links_by_key=True)
    assert {name for name in before if before[name] != after[name]} == set()
    assert addresses(html_of(client.get(translated.url))) == links


def addresses(html):
    """Every link address in a page, in order."""
    return re.findall(r'<a [^>]*href="([^"]*)"', html)


# Draftail saves rich text in its own shape (`<b><a>…</a> …</b>` becomes
# `<a><b>…</b></a><b> …</b>`, a space leaves a `<b>`); the loader stores it in that shape, so
# the first admin save of a loaded Latvian page changes no string whose English is recorded.
@pytest.mark.parametrize("kind", KINDS)
def test_sync_after_a_latvian_change_brings_only_that_change(client, editor, kind):
    """An editor changes the intro of a Latvian page and publishes; "Sync translated pages"
    (publishing) brings the new intro to the English page, in Latvian until translated, and
    keeps the English of everything else."""
    page = richest(PAGE_MODELS[kind], "lv")
    translated = english_of(page)
    intro = f"{page.intro} Jauns teikums."
    publish_edit(client, page, intro=intro)
    sync(client, page)
    synced = type(translated).objects.get(pk=translated.pk)
    assert synced.live and synced.intro == intro
    assert synced.title == translated.title
    assert untranslated_paths(page) == ["intro"]


def test_sync_without_publishing_leaves_the_english_page_for_the_translator(client, editor):
    """Sync without "Publish immediately": the English page stays as it was, the translation
    editor asks for the new intro; the translator types it and publishes."""
    page = richest(GoodPracticeStory, "lv")
    translated = english_of(page)
    publish_edit(client, page, intro="Pilnīgi jauns ievads.", latitude="57.5")
    sync(client, page, publish=False)
    assert GoodPracticeStory.objects.get(pk=translated.pk).intro == translated.intro
    props = translation_editor(client, translated)
    [intro] = [s for s in props["segments"] if s["contentPath"] == "intro"]
    assert intro["source"] == "Pilnīgi jauns ievads."
    assert intro["id"] not in {t["segment_id"] for t in props["initialStringTranslations"]}
    translate_string(client, props, "intro", "A wholly new introduction.")
    published = publish_translation(client, translated)
    assert published.intro == "A wholly new introduction."
    assert str(published.latitude) == "57.50000"  # a synchronised field follows the Latvian


def test_sync_brings_synchronised_fields_of_a_story(client, editor):
    """Coordinates, country, dates, themes and the story's challenge and step links follow the
    Latvian story on sync."""
    page = richest(GoodPracticeStory, "lv")
    translated = english_of(page)
    challenge = Challenge.objects.filter(locale=page.locale).exclude(
        pk__in=page.challenge_links.values("challenge")
    )[0]
    data_fields = {"latitude": "56.1", "longitude": "24.2", "period_start": "2018-03-01"}
    publish_edit(client, page, **data_fields)
    data = post_data(GoodPracticeStory.objects.get(pk=page.pk))
    total = int(data["challenge_links-TOTAL_FORMS"])
    data.update(
        {
            f"challenge_links-{total}-challenge": str(challenge.pk),
            f"challenge_links-{total}-id": "",
            f"challenge_links-{total}-ORDER": str(total),
            f"challenge_links-{total}-DELETE": "",
            "challenge_links-TOTAL_FORMS": str(total + 1),
            "action-publish": "action-publish",
        }
    )
    with committed():
        assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    sync(client, page)
    synced = GoodPracticeStory.objects.get(pk=translated.pk)
    assert (str(synced.latitude), str(synced.longitude)) == ("56.10000", "24.20000")
    assert str(synced.period_start) == "2018-03-01"
    assert english_of(challenge) in list(synced.linked_challenges())
    assert shown(english_of(challenge).title, html_of(client.get(synced.url)))


# --- A translation falls behind ----------------------------------------------------------


def links_to(html, url):
    """How many links in `html` go to `url` (relative or absolute)."""
    return len(re.findall(rf'href="(?:https?://[^/"]+)?{re.escape(url)}"', html))


def outdated(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    return response.json()["meta"].get("translation_outdated")


def test_english_page_behind_its_latvian_page_says_so_until_synced(client, editor):
    """An editor publishes a change to a Latvian story: the English story is behind. Its
    public page says so with a link to the Latvian page, and the API's
    meta.translation_outdated is true, until the English is synced and published."""
    page = richest(GoodPracticeStory, "lv")
    translated = english_of(page)
    latvian_url = page.url

    def as_reader():
        client.logout()
        html = html_of(client.get(translated.url))
        state = outdated(client, translated), outdated(client, page)
        client.force_login(editor)
        return links_to(html, latvian_url), state

    up_to_date, state = as_reader()
    assert state == (False, False)

    publish_edit(client, page, intro=f"{page.intro} Jauns teikums.")
    behind, state = as_reader()
    assert behind > up_to_date, "no notice linking to the Latvian page"
    assert state == (True, False)  # the Latvian page is the source, never behind

    sync(client, page)
    after, state = as_reader()
    assert after == up_to_date
    assert state == (False, False)


# --- The whole way, for a Latvian administrator ------------------------------------------


def test_latvian_administrator_creates_translates_and_syncs_a_story(client):
    """An administrator whose admin is in Latvian creates a story (with a challenge, a step and
    a LAG), translates it, writes the English title in the translation editor, publishes the
    English page, then changes the Latvian story and syncs."""
    user = admin_user("administrators", language="lv")
    assert user.wagtail_userprofile.preferred_language == "lv"
    case = AdminCase(client, user)
    index = StoryIndexPage.objects.get(locale__language_code="lv")
    lag = LocalActionGroup.objects.filter(locale=index.locale).first()
    challenge = Challenge.objects.filter(locale=index.locale).first()
    step = RoadmapStepPage.objects.live().filter(locale=index.locale).first()
    draft = GoodPracticeStory(
        title="Jauns latvisks stāsts",
        slug="jauns-latvisks-stasts",
        intro="Kopiena atjaunoja skolu.",
        place="Ciems",
        country="LV",
        innovation_type="social",
        status="lighthouse",
        locale=index.locale,
        lag=lag,
    )
    draft.challenge_links = [StoryChallenge(challenge=challenge)]
    draft.roadmap_step_links = [StoryRoadmapStep(step=step)]
    data = post_data(draft, parent=index)
    preview(client, preview_on_add_url(GoodPracticeStory, index), data)
    case.assertCanCreate(index, GoodPracticeStory, data)
    story = GoodPracticeStory.objects.get(slug="jauns-latvisks-stasts", locale=index.locale)

    response = client.get(submit_translation_url(story))
    assert '<html lang="lv"' in html_of(response)
    translated = submit_translation(client, story)
    props = translation_editor(client, translated)
    translate_string(client, props, "title", "A new Latvian story")
    translate_string(client, props, "intro", "The community renovated its school.")
    translate_string(client, props, "place", "Village")
    published = publish_translation(client, translated)
    assert published.live and published.title == "A new Latvian story"
    html = html_of(client.get(published.url))
    assert shown("A new Latvian story", html)
    assert shown(english_of(challenge).title, html) and shown(english_of(lag).name, html)

    publish_edit(client, story, intro="Kopiena atjaunoja skolu un bibliotēku.")
    response = client.get(sync_url(story))
    assert response.status_code == 200 and '<html lang="lv"' in html_of(response)
    sync(client, story)
    synced = GoodPracticeStory.objects.get(pk=translated.pk)
    assert synced.title == "A new Latvian story"
    assert synced.intro == "Kopiena atjaunoja skolu un bibliotēku."
    assert escape("A new Latvian story") in html_of(client.get(synced.url))
