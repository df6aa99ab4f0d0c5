"""The admin's page forms, as editors use them: create, edit, preview and publish every page
type in both languages, through Wagtail's own views (and its WagtailPageTestCase assertions).

Latvian pages are edited with Wagtail's form; English pages are wagtail-localize translations
of them, so their edit view is the translation editor (tests/test_admin_translation.py goes
through it). The POST data comes from tests/admin_forms.py, built from the page itself."""

import re
from decimal import Decimal

import pytest
from django.forms import CheckboxInput
from django.utils import translation
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from knowledge.content.schema import PAGE_MODELS
from knowledge.models import (
    Challenge,
    CountryPracticeLAG,
    CountryPracticePage,
    CountryPracticeRoadmapStep,
    GoodPracticeStory,
    LocalActionGroup,
    RoadmapStepPage,
    StoryChallenge,
    StoryIndexPage,
    StoryRoadmapStep,
    Theme,
)

from . import factories
from .admin_forms import (
    AdminCase,
    add_url,
    admin_user,
    create_page,
    creation_parent,
    edit_form,
    edit_url,
    form_errors,
    form_values,
    html_of,
    latest_revision,
    post_data,
    preview,
    preview_on_add_url,
    preview_on_edit_url,
    publish_edit,
    richest,
    shown,
)

pytestmark = pytest.mark.django_db

KINDS = sorted(PAGE_MODELS)
LANGUAGES = ["lv", "en"]


@pytest.fixture
def editor(db):
    return admin_user("admin", language="en")


@pytest.fixture
def wagtail(client, editor):
    """Wagtail's page assertions, signed in as a superuser."""
    return AdminCase(client, editor)


# --- The form data helper ----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_form_data_helper_posts_back_what_the_page_holds(client, editor, kind):
    """Saving a Latvian page with the helper's data changes nothing: every field of the edit
    form (StreamFields with their block ids, rich text, inline links, tags, dates, decimals,
    choices) comes back equal."""
    page = richest(PAGE_MODELS[kind], "lv")
    before = form_values(page, user=editor)
    data = post_data(page, user=editor)
    for name, field in edit_form(page, user=editor).fields.items():
        if isinstance(field.widget, CheckboxInput):
            continue  # an unticked box is not posted
        assert any(key == name or key.startswith(f"{name}-") for key in data), (
            f"{name} is missing from the posted data"
        )
    client.force_login(editor)
    response = client.post(edit_url(page), data)
    assert response.status_code == 302, form_errors(response)
    saved = latest_revision(page).as_object()
    assert saved.pk == page.pk and saved.title == page.title
    assert form_values(saved, user=editor) == before


def test_form_data_helper_notices_a_change(client, editor):
    """The comparison is not blind: one changed field shows, and only that one."""
    page = richest(GoodPracticeStory, "lv")
    before = form_values(page)
    client.force_login(editor)
    data = post_data(page, place="Cits ciems")
    response = client.post(edit_url(page), data)
    assert response.status_code == 302
    after = form_values(latest_revision(page).as_object())
    assert {name for name in before if before[name] != after[name]} == {"place"}


# --- Create ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_create_every_page_type(wagtail, client, kind, language):
    """An editor creates and publishes a page of each type in each language, with everything
    a page of the loaded content holds (body, sources, inline links, …)."""
    model = PAGE_MODELS[kind]
    sample = richest(model, language)
    parent = creation_parent(model, sample)
    slug = f"admin-test-{kind.replace('_', '-')}"
    data = post_data(sample, parent=parent, as_new=True, title=f"Admin test {kind}", slug=slug)
    if parent.is_root():
        page = create_page(client, model, parent, data, language)
    else:
        wagtail.assertCanCreate(parent, model, data)
        page = model.objects.get(slug=slug, locale__language_code=language)
    assert page.live and page.locale.language_code == language
    assert page.get_parent().pk == parent.pk
    expected = form_values(sample, block_ids=False) | {"title": page.title, "slug": slug}
    assert form_values(page, block_ids=False) == expected
    if page.url:  # a page under a new home page outside the site has no address
        assert client.get(page.url).status_code == 200


# --- Edit --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_edit_every_latvian_page_type(wagtail, kind):
    """Wagtail's edit view takes a changed Latvian page and keeps it as a draft."""
    page = richest(PAGE_MODELS[kind], "lv")
    intro = f"{page.intro} Labots administrācijā."
    wagtail.assertPageIsEditable(page, post_data=post_data(page, intro=intro))
    assert latest_revision(page).as_object().intro == intro
    assert PAGE_MODELS[kind].objects.get(pk=page.pk).intro != intro  # the live page waits


# --- Publish -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_publish_every_latvian_page_type(client, editor, kind):
    page = richest(PAGE_MODELS[kind], "lv")
    intro = f"{page.intro} Publicēts no administrācijas."
    client.force_login(editor)
    saved = publish_edit(client, page, intro=intro)
    assert saved.live and saved.intro == intro and not saved.has_unpublished_changes
    response = client.get(saved.url)
    assert response.status_code == 200
    if kind != "home":  # the home page shows no intro of its own
        assert shown("Publicēts no administrācijas.", html_of(response))


# --- Preview -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_preview_saved_latvian_page(wagtail, client, kind):
    """The edit view's preview of every Latvian page type, unchanged and with a change the
    editor has not saved."""
    page = richest(PAGE_MODELS[kind], "lv")
    wagtail.assertPageIsPreviewable(page, post_data=post_data(page))
    url = preview_on_edit_url(page)
    title = f"{page.title} (nesaglabāts)"
    html = preview(client, url, post_data(page, title=title))
    assert shown(title, html)
    assert PAGE_MODELS[kind].objects.get(pk=page.pk).title == page.title


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_preview_new_page(client, editor, kind, language):
    """The create view's preview, before anything is saved, for every type in both languages."""
    model = PAGE_MODELS[kind]
    sample = richest(model, language)
    parent = creation_parent(model, sample)
    title = f"Jauna lapa {kind}"
    data = post_data(sample, parent=parent, as_new=True, title=title, slug=f"jauna-{kind}")
    client.force_login(editor)
    html = preview(client, preview_on_add_url(model, parent), data)
    assert shown(title, html)
    assert not model.objects.filter(title=title).exists()


def new_story(language, *, challenges=(), steps=(), lag=None, **fields):
    """An unsaved story with its links in memory, as the create form holds it."""
    locale = Locale.objects.get(language_code=language)
    story = GoodPracticeStory(
        title=fields.pop("title", "Jauns stāsts no administrācijas"),
        slug=fields.pop("slug", "jauns-stasts-no-administracijas"),
        intro="Kopiena pati veido savu nākotni.",
        place="Ciems",
        country="LV",
        innovation_type="social",
        status="in_transition",
        locale=locale,
        lag=lag,
        **fields,
    )
    story.challenge_links = [StoryChallenge(challenge=challenge) for challenge in challenges]
    story.roadmap_step_links = [StoryRoadmapStep(step=step) for step in steps]
    return story


@pytest.mark.parametrize("language", LANGUAGES)
def test_preview_new_story_with_a_challenge_a_step_and_a_lag(client, editor, language):
    """The create view's preview of a story that links a challenge, a roadmap step and a LAG:
    the links exist only in the form, and the preview shows them."""
    challenge = Challenge.objects.filter(locale__language_code=language).first()
    step = RoadmapStepPage.objects.live().filter(locale__language_code=language).first()
    lag = LocalActionGroup.objects.filter(locale__language_code=language).first()
    index = StoryIndexPage.objects.get(locale__language_code=language)
    story = new_story(language, challenges=[challenge], steps=[step], lag=lag)
    client.force_login(editor)
    html = preview(
        client, preview_on_add_url(GoodPracticeStory, index), post_data(story, parent=index)
    )
    for text in (story.title, challenge.title, step.title, lag.name):
        assert shown(text, html), text


@pytest.mark.parametrize("language", LANGUAGES)
def test_preview_new_story_without_related_items(client, editor, language):
    index = StoryIndexPage.objects.get(locale__language_code=language)
    story = new_story(language)
    client.force_login(editor)
    html = preview(
        client, preview_on_add_url(GoodPracticeStory, index), post_data(story, parent=index)
    )
    assert shown(story.title, html)


def test_preview_saved_story_shows_its_related_items(client, editor):
    story = richest(GoodPracticeStory, "lv")
    assert story.lag and story.challenge_links.exists() and story.roadmap_step_links.exists()
    client.force_login(editor)
    html = preview(client, preview_on_edit_url(story), post_data(story))
    for challenge in story.linked_challenges():
        assert shown(challenge.title, html)
    for step in story.linked_steps():
        assert shown(step.title, html)
    assert shown(story.lag.name, html)


def test_preview_saved_story_with_its_links_changed_in_the_form(client, editor):
    """Links removed and added in the form, not saved: the preview shows the form's links."""
    story = richest(GoodPracticeStory, "lv")
    kept, *removed = list(story.challenge_links.all())
    added = Challenge.objects.filter(locale=story.locale).exclude(
        pk__in=story.challenge_links.values("challenge")
    )[0]
    data = post_data(story)
    for index, link in enumerate(story.challenge_links.all()):
        if link.pk != kept.pk:
            data[f"challenge_links-{index}-DELETE"] = "1"
    total = int(data["challenge_links-TOTAL_FORMS"])
    data.update(
        {
            f"challenge_links-{total}-challenge": str(added.pk),
            f"challenge_links-{total}-id": "",
            f"challenge_links-{total}-ORDER": str(total),
            f"challenge_links-{total}-DELETE": "",
            "challenge_links-TOTAL_FORMS": str(total + 1),
        }
    )
    new_lag = LocalActionGroup.objects.filter(locale=story.locale).exclude(pk=story.lag_id)[0]
    data["lag"] = str(new_lag.pk)
    client.force_login(editor)
    html = preview(client, preview_on_edit_url(story), data)
    assert shown(kept.challenge.title, html)
    assert shown(added.title, html)
    for link in removed:
        assert not shown(link.challenge.title, html)
    assert shown(new_lag.name, html)
    assert story.challenge_links.count() == len(removed) + 1  # nothing saved


def test_preview_saved_story_without_related_items(client, editor):
    story = factories.story("lv")
    client.force_login(editor)
    html = preview(client, preview_on_edit_url(story), post_data(story))
    assert shown(story.title, html)


def test_preview_country_practice_with_and_without_lags_and_steps(client, editor):
    practice = richest(CountryPracticePage, "lv")
    assert practice.lag_links.exists() and practice.roadmap_step_links.exists()
    client.force_login(editor)
    html = preview(
        client,
        preview_on_edit_url(practice),
        post_data(practice),
    )
    for lag in practice.linked_lags():
        assert shown(lag.name, html)
    for step in practice.linked_steps():
        assert shown(step.title, html)

    bare = factories.country_practice("lv", country="FR")
    html = preview(client, preview_on_edit_url(bare), post_data(bare))
    assert shown(bare.title, html)

    # A new one whose links exist only in the form.
    lag = LocalActionGroup.objects.filter(locale=practice.locale).first()
    step = RoadmapStepPage.objects.live().filter(locale=practice.locale).first()
    unsaved = CountryPracticePage(
        title="Jauna valsts", slug="jauna-valsts", intro="Ievads.", country="FI"
    )
    unsaved.locale = practice.locale
    unsaved.lag_links = [CountryPracticeLAG(lag=lag)]
    unsaved.roadmap_step_links = [CountryPracticeRoadmapStep(step=step)]
    parent = practice.get_parent()
    html = preview(
        client,
        preview_on_add_url(CountryPracticePage, parent),
        post_data(unsaved, parent=parent),
    )
    assert shown(lag.name, html) and shown(step.title, html)


def test_preview_roadmap_step_lists_the_stories_that_illustrate_it(client, editor):
    story = richest(GoodPracticeStory, "lv")
    step = story.linked_steps()[0]
    client.force_login(editor)
    html = preview(client, preview_on_edit_url(step), post_data(step))
    assert shown(story.title, html)


# --- Validation --------------------------------------------------------------------------


def rejected(client, page, user, fields, context):
    """Post `fields` (with `context`, other fields as needed) into `page`'s edit form as
    `user`: the form must come back with an error for them (or for the form as a whole) and
    with what was typed."""
    client.force_login(user)
    response = client.post(edit_url(page), post_data(page, **fields, **context))
    assert response.status_code == 200, f"{fields} accepted"
    html = html_of(response)
    form = response.context["form"]
    names = [name for name in fields if name in form.errors] or (
        ["__all__"] if "__all__" in form.errors else []
    )
    assert names, f"no error for {fields}: {form_errors(response)}"
    # The messages are lazy: read them in the editor's language, and find them on the page.
    with translation.override(user.wagtail_userprofile.preferred_language):
        messages = [str(message) for name in names for message in form.errors[name]]
    for message in messages:
        assert shown(message, html), f"{message!r} is not on the page"
    for name, typed in fields.items():
        kept = form[name].value()
        assert (kept if isinstance(typed, list) else str(kept or "")) == typed, f"{name} lost"
        if isinstance(typed, str):  # shown again in its input
            assert shown(typed, html)
    return " ".join(messages)


def assert_rejected_in_each_language(client, page, fields, context=None):
    """Refused for an editor whose admin is in English and for one whose admin is in
    Latvian, each told why in their own language; nothing saved."""
    revision = page.latest_revision_id
    context = context or {}
    english = rejected(client, page, admin_user("editor-en", language="en"), fields, context)
    latvian = rejected(client, page, admin_user("editor-lv", language="lv"), fields, context)
    assert english and latvian
    assert latvian != english, f"the Latvian editor reads English: {latvian}"
    assert type(page).objects.get(pk=page.pk).latest_revision_id == revision


# A story in Latvia is checked against Latvia's borders too (knowledge/stories/forms.py); with
# the box ticked, only the range of degrees can refuse these coordinates.
ANYWHERE = {"confirm_location": "on"}


@pytest.mark.parametrize("value", ["90.5", "-91"])
def test_latitude_out_of_range_is_rejected(client, value):
    page = richest(GoodPracticeStory, "lv")
    assert_rejected_in_each_language(client, page, {"latitude": value}, ANYWHERE)


@pytest.mark.parametrize("value", ["180.5", "-181"])
def test_longitude_out_of_range_is_rejected(client, value):
    page = richest(GoodPracticeStory, "lv")
    assert_rejected_in_each_language(client, page, {"longitude": value}, ANYWHERE)


def test_coordinates_outside_latvia_need_confirming(client):
    page = richest(GoodPracticeStory, "lv")
    assert page.country == "LV"
    assert_rejected_in_each_language(client, page, {"latitude": "59.5", "longitude": "24.1"})


def test_period_ending_before_it_starts_is_rejected(client):
    page = richest(GoodPracticeStory, "lv")
    assert_rejected_in_each_language(
        client, page, {"period_start": "2020-05-01", "period_end": "2020-04-30"}
    )


def test_negative_funding_amount_is_rejected(client):
    page = richest(GoodPracticeStory, "lv")
    assert_rejected_in_each_language(client, page, {"funding_amount": "-1.00"})


@pytest.fixture
def image(db):
    return Image.objects.create(title="Ciema laukums", file=get_test_image_file())


def test_image_without_alt_text_is_rejected(client, image):
    page = richest(GoodPracticeStory, "lv")
    assert_rejected_in_each_language(client, page, {"image_alt": ""}, {"image": str(image.pk)})


def test_a_theme_not_in_the_list_is_rejected_in_the_story_form(client):
    """Themes are chosen from the list (each has both labels); a name typed in, as the old tag
    field took it, is refused and no theme without an English label is made."""
    page = richest(GoodPracticeStory, "lv")
    assert_rejected_in_each_language(client, page, {"themes": ["Jauna tēma bez tulkojuma"]})
    assert not Theme.objects.filter(name="Jauna tēma bez tulkojuma").exists()


def test_values_at_the_limits_are_accepted(client, editor, image):
    """What the checks above must not refuse."""
    page = richest(GoodPracticeStory, "lv")
    theme = Theme.objects.exclude(name_en="").first()
    client.force_login(editor)
    saved = publish_edit(
        client,
        page,
        latitude="-90",
        longitude="180",
        confirm_location="on",
        period_start="2020-05-01",
        period_end="2020-05-01",
        funding_amount="0",
        image=str(image.pk),
        image_alt="Ciema laukums vasarā",
        themes=[str(theme.pk)],
    )
    assert (saved.latitude, saved.longitude) == (Decimal("-90"), Decimal("180"))
    assert saved.period_end == saved.period_start
    assert saved.funding_amount == 0
    assert saved.image == image
    assert list(saved.themes.all()) == [theme]


# --- Signed in as a Latvian administrator ------------------------------------------------


def test_latvian_administrator_creates_previews_and_publishes_a_story(client):
    """The whole way of a new story through the admin, for an administrator whose admin is in
    Latvian: the form, the preview and the published page."""
    user = admin_user("administrators", language="lv")
    assert user.wagtail_userprofile.preferred_language == "lv"
    case = AdminCase(client, user)
    index = StoryIndexPage.objects.get(locale__language_code="lv")
    challenge = Challenge.objects.filter(locale=index.locale).first()
    step = RoadmapStepPage.objects.live().filter(locale=index.locale).first()
    lag = LocalActionGroup.objects.filter(locale=index.locale).first()
    story = new_story("lv", challenges=[challenge], steps=[step], lag=lag, slug="latviski")
    response = client.get(add_url(GoodPracticeStory, index))
    assert response.status_code == 200
    assert '<html lang="lv"' in html_of(response)
    data = post_data(story, parent=index)
    html = preview(client, preview_on_add_url(GoodPracticeStory, index), data)
    assert shown(challenge.title, html) and shown(lag.name, html)
    case.assertCanCreate(index, GoodPracticeStory, data)
    saved = GoodPracticeStory.objects.get(slug="latviski", locale=index.locale)
    assert saved.live and list(saved.linked_challenges()) == [challenge]
    page = html_of(client.get(saved.url))
    assert shown(step.title, page) and shown(lag.name, page)


def test_admin_speaks_the_editors_language(client):
    """The same edit form in each editor's language (the fixtures above rely on it)."""
    page = richest(GoodPracticeStory, "lv")
    for language in LANGUAGES:
        user = admin_user(f"speaks-{language}", language=language)
        client.force_login(user)
        html = html_of(client.get(edit_url(page)))
        assert re.search(rf'<html[^>]* lang="{language}"', html), language
