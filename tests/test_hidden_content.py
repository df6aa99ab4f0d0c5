"""Nothing hidden reaches a reader: every public channel, for every kind of hidden page, as a
reader, a signed-in user and someone who knows a page's password; and a privacy change made in
the admin reaches every language, the picks, the theme filters and "did you mean" at once."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page, PageViewRestriction

from knowledge.models import GoodPracticeStory, HomePage, RoadmapStepPage, StoryIndexPage, Theme

from .factories import publish, restrict, scheduled_story, standard_page, story

pytestmark = pytest.mark.django_db

PASSWORD = "zīles-2026"
# A word of a private story's text only, and a typo of it that "did you mean" would mend.
WORD, TYPO = "kvarcbirzīte", "kvarcbrizīte"
SEARCH = {"lv": "/lv/meklet/", "en": "/en/search/"}
SUGGESTIONS = {"lv": "/lv/meklet/ieteikumi/", "en": "/en/search/suggestions/"}
QUERY = {"lv": "zīļuknis", "en": "acornling"}


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.API_RATE_LIMIT = 0


def translate(page, title):
    """The English translation of `page`, published, with its own title and slug."""
    translation = page.copy_for_translation(Locale.objects.get(language_code="en"))
    translation.title = title
    translation.slug = title.lower().replace(" ", "-")
    return publish(translation)


def set_privacy(client, page, restriction_type, **fields):
    """Set a page's privacy as an editor does, in the admin's privacy dialogue."""
    url = reverse("wagtailadmin_pages:set_privacy", args=[page.pk])
    response = client.post(url, {"restriction_type": restriction_type, **fields})
    assert response.status_code == 200
    assert json.loads(response.content)["step"] == "set_privacy_done", response.content[:300]


class Channels:
    """Pages that no public channel may show, and beside them in each language one that every
    channel shows (so that a channel which shows nothing at all cannot pass)."""

    def __init__(self, client):
        # Coordinates, so that the GeoJSON, which leaves out stories without them, could leak.
        where = {"latitude": "56.95", "longitude": "24.11"}
        self.theme = Theme.objects.create(
            slug="slepenie-ziluksni", name="Slepenie zīļukņi", name_en="Secret acornlings"
        )
        self.draft = story("lv", title="Melnraksta zīļuknis", live=False, **where)
        self.private = story(
            "lv",
            title="Privātais zīļuknis",
            intro=f"Ciemā aug {WORD}.",
            themes=[self.theme],
            **where,
        )
        self.unpublished = story("lv", title="Atsauktais zīļuknis", **where)
        self.unpublished.unpublish()
        self.scheduled = scheduled_story("lv", title="Ieplānotais zīļuknis", **where)
        self.section = restrict(
            standard_page(HomePage.objects.get(locale__language_code="lv"), title="Iekšējā")
        )
        self.in_private_section = story(
            "lv", title="Iekšējais zīļuknis", parent=self.section, **where
        )
        self.source = story("lv", title="Tulkotais zīļuknis", themes=[self.theme], **where)
        self.translation = translate(self.source, "Translated acornling")
        # "Did you mean" learns the private story's words while the story is public.
        self.word_was_known = WORD in client.get(SEARCH["lv"], {"q": TYPO}).content.decode()
        restrict(self.private, "password", password=PASSWORD)
        restrict(self.source)  # its English translation follows at once
        self.visible = {
            "lv": story("lv", title="Redzamais zīļuknis", **where),
            "en": story("en", title="Visible acornling", **where),
        }
        query = Query.get(QUERY["lv"])
        query.editors_picks.create(page=self.private, sort_order=0)
        query.editors_picks.create(page=self.visible["lv"], sort_order=1)

    @property
    def hidden(self):
        return [
            self.draft,
            self.private,
            self.unpublished,
            self.scheduled,
            self.section,
            self.in_private_section,
            self.source,
            self.translation,
        ]

    @property
    def hidden_words(self):
        """What no answer may hold: the hidden pages' titles, the words only they use and the
        labels of a theme that only they have."""
        return [page.title for page in self.hidden] + [
            WORD,
            self.theme.name,
            self.theme.name_en,
        ]


@pytest.fixture
def channels(client):
    return Channels(client)


def test_the_hidden_kinds_are_what_they_claim_to_be(channels):
    assert not channels.draft.live and channels.draft.first_published_at is None
    assert channels.unpublished.first_published_at and not channels.unpublished.live
    scheduled = channels.scheduled
    assert not scheduled.live and scheduled.go_live_at > timezone.now()
    assert scheduled.latest_revision.approved_go_live_at == scheduled.go_live_at
    assert channels.private.live and channels.in_private_section.live
    assert channels.private.view_restrictions.get().restriction_type == "password"
    private = set(Page.objects.live().not_public().values_list("pk", flat=True))
    hidden_live = {channels.private, channels.section, channels.in_private_section}
    assert {page.pk for page in hidden_live | {channels.source, channels.translation}} <= private
    assert channels.translation.live and channels.translation.locale.language_code == "en"
    assert set(channels.theme.tagged_stories.values_list("content_object", flat=True)) == {
        channels.private.pk,
        channels.source.pk,
        channels.translation.pk,
    }
    assert channels.word_was_known
    for visible in channels.visible.values():
        assert visible.live and visible.pk not in private


def _text(response):
    """What a response says, with JSON's escaped letters written out."""
    body = response.getvalue().decode()  # the open data is streamed
    if response["Content-Type"].startswith("application/json"):
        body = json.dumps(json.loads(body), ensure_ascii=False)
    return body.casefold()


def _channels(channels, language):
    """(address, parameters, what it must show or None) for every public channel."""
    visible = channels.visible[language].title
    index = StoryIndexPage.objects.get(locale__language_code=language).url
    secret = {"theme": channels.theme.slug}
    api = "/api/v2/pages/"
    stories = {"type": "knowledge.GoodPracticeStory", "locale": language, "limit": 50}
    feeds = f"/{language}/feeds/stories"
    data = f"/{language}/data/stories"
    return [
        (f"/{language}/", {}, visible),
        (index, {}, visible),
        (index, secret, None),
        (SEARCH[language], {"q": QUERY[language]}, visible),
        (SEARCH[language], {"q": TYPO}, None),
        (SUGGESTIONS[language], {"q": QUERY[language][:5]}, visible),
        (api, stories, visible),
        (api, {"locale": language, "limit": 50, "search": QUERY[language]}, visible),
        (api, {**stories, **secret}, None),
        (f"{feeds}.rss", {}, visible),
        (f"{feeds}.atom", {}, visible),
        (f"{feeds}.rss", secret, None),
        (f"{data}.csv", {}, visible),
        (f"{data}.geojson", {}, visible),
        (f"{data}.csv", secret, None),
        ("/embed/stories/", {"lang": language}, visible),
        ("/embed/stories/", {"lang": language, **secret}, None),
        ("/sitemap.xml", {}, channels.visible[language].url),
    ]


def _reader(kind, client, channels, django_user_model):
    if kind == "signed in":
        client.force_login(django_user_model.objects.create_user("lasitajs", password="x"))
    elif kind == "knows the password":
        response = client.post(
            reverse(
                "wagtailcore_authenticate_with_password",
                args=[channels.private.view_restrictions.get().pk, channels.private.pk],
            ),
            {"password": PASSWORD, "return_url": channels.private.url},
        )
        assert response.status_code == 302
        assert channels.private.title in client.get(channels.private.url).content.decode()
    return client


@pytest.mark.parametrize("kind", ["anonymous", "signed in", "knows the password"])
def test_no_public_channel_shows_anything_hidden(client, channels, django_user_model, kind):
    reader = _reader(kind, client, channels, django_user_model)
    for language in ("lv", "en"):
        for url, params, shown in _channels(channels, language):
            response = reader.get(url, params)
            text = _text(response)
            where = f"{kind}: {url} {params}"
            assert response.status_code in (200, 400), where
            if shown is not None:
                assert response.status_code == 200 and shown.casefold() in text, where
            for word in channels.hidden_words:
                assert word.casefold() not in text, f"{where} shows {word!r}"
            for page in channels.hidden:
                assert f"{page.url}<".casefold() not in text, f"{where} lists {page.url}"
        for page in channels.hidden:
            detail = reader.get(f"/api/v2/pages/{page.pk}/", follow=True)
            assert detail.status_code == 404 and page.title not in detail.content.decode()


def test_a_theme_only_hidden_stories_have_is_as_unknown_as_a_theme_that_does_not_exist(
    client, channels
):
    """Every channel answers the secret theme exactly as it answers a slug that names
    nothing; once a public story has it, it is a theme like any other."""
    unknown = "nav-tadas-temas"
    api = "/api/v2/pages/?type=knowledge.GoodPracticeStory&theme="
    addresses = [api, "/lv/feeds/stories.rss?theme=", "/lv/data/stories.csv?theme="]
    addresses.append("/embed/stories/?lang=lv&theme=")
    for address in addresses:
        secret = client.get(address + channels.theme.slug)
        nothing = client.get(address + unknown)
        assert secret.status_code == nothing.status_code == 400, address
        assert _text(secret).replace(channels.theme.slug, unknown) == _text(nothing), address
    # The story index ignores a theme it does not know and lists every story.
    index = StoryIndexPage.objects.get(locale__language_code="lv").url
    for theme in ("", unknown, channels.theme.slug):
        answer = client.get(index, {"theme": theme}).content.decode()
        assert f'value="{channels.theme.slug}"' not in answer
        assert channels.visible["lv"].title in answer

    story("lv", title="Publiskais zīļuknis", themes=[channels.theme])
    assert client.get(api + channels.theme.slug).status_code == 200
    options = client.get(index).content.decode()
    assert f'value="{channels.theme.slug}"' in options and channels.theme.name in options


def test_an_editors_pick_shows_only_while_its_page_is_public(admin_client):
    pick = story("lv", title="Izceltais zīļuknis")
    Query.get("izceltais").editors_picks.create(page=pick, sort_order=0)
    assert pick.title in admin_client.get(SEARCH["lv"], {"q": "izceltais"}).content.decode()
    set_privacy(admin_client, pick, "login")
    assert pick.title not in admin_client.get(SEARCH["lv"], {"q": "izceltais"}).content.decode()


def test_did_you_mean_forgets_the_words_of_a_page_made_private_and_learns_them_again(
    admin_client, client
):
    page = story("lv", title="Vārdu zīļuknis", intro=f"Ciemā aug {WORD}.")
    assert WORD in client.get(SEARCH["lv"], {"q": TYPO}).content.decode()
    set_privacy(admin_client, page, "password", password=PASSWORD)
    assert WORD not in client.get(SEARCH["lv"], {"q": TYPO}).content.decode()
    set_privacy(admin_client, page, "none")
    assert WORD in client.get(SEARCH["lv"], {"q": TYPO}).content.decode()


# A privacy change reaches every language at once --------------------------------------------


def _as_reader(client, page):
    """What a reader gets at the page's address: its text, a password form or a login."""
    response = client.get(page.url)
    if response.status_code == 302:
        return "login"
    html = response.content.decode()
    if 'name="password"' in html:
        return "password"
    assert response.status_code == 200 and page.title in html
    return "page"


def test_a_privacy_change_in_the_admin_reaches_the_translation_at_once(admin_client, client):
    source = story("lv", title="Mainīgais zīļuknis")
    translation = translate(source, "Changing acornling")
    assert _as_reader(client, translation) == "page"

    set_privacy(admin_client, source, "password", password=PASSWORD)
    assert _as_reader(client, translation) == "password"
    assert translation.view_restrictions.get().password == PASSWORD
    set_privacy(admin_client, source, "login")
    assert _as_reader(client, translation) == "login"
    assert _as_reader(client, source) == "login"

    # Either language may change it: the last change holds for both.
    set_privacy(admin_client, translation, "none")
    assert _as_reader(client, source) == "page" and _as_reader(client, translation) == "page"
    set_privacy(admin_client, translation, "password", password=PASSWORD)
    assert _as_reader(client, source) == "password"
    # One restriction a page, however often it changes.
    assert PageViewRestriction.objects.filter(page__in=[source, translation]).count() == 2


def test_groups_follow_too_and_deleting_a_translation_keeps_the_source_private(admin_client):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Zīļu lasītāji")
    source = story("lv", title="Grupas zīļuknis")
    translation = translate(source, "Group acornling")
    set_privacy(admin_client, source, "groups", groups=[group.pk])
    restriction = translation.view_restrictions.get()
    assert restriction.restriction_type == "groups"
    assert list(restriction.groups.all()) == [group]
    assert list(source.view_restrictions.get().groups.all()) == [group]

    Page.objects.get(pk=translation.pk).delete()
    assert source.view_restrictions.get().restriction_type == "groups"
    assert not GoodPracticeStory.objects.filter(pk=source.pk).public().exists()


def test_restrictions_set_before_they_were_kept_in_step_are_brought_into_step(client):
    source = story("lv", title="Vecais zīļuknis")
    translation = translate(source, "Old acornling")
    # As a restriction was written before privacy followed translations: no signal.
    old = PageViewRestriction(page=source, restriction_type="login")
    PageViewRestriction.objects.bulk_create([old])
    assert _as_reader(client, translation) == "page"
    for changed in (1, 0):
        out = io.StringIO()
        call_command("privacy_in_step", stdout=out)
        said = out.getvalue().strip()
        assert said == f"Privacy: pages given their translation's restriction: {changed}."
    assert _as_reader(client, translation) == "login" and _as_reader(client, source) == "login"


def test_links_in_a_pages_text_lead_only_to_public_pages_in_the_readers_language(client):
    hidden = restrict(story("lv", title="Slēptais mērķis"))
    shown = story("lv", title="Redzamais mērķis")
    twin = story("lv", title="Divvalodu mērķis")
    english_twin = translate(twin, "Bilingual target")
    text = (
        f'<p><a linktype="page" id="{hidden.pk}">uz slēpto</a>, '
        f'<a linktype="page" id="{shown.pk}">uz redzamo</a>, '
        f'<a linktype="page" id="{twin.pk}">uz divvalodu</a></p>'
    )
    latvian = client.get(story("lv", body=[("paragraph", text)]).url).content.decode()
    english = client.get(story("en", body=[("paragraph", text)]).url).content.decode()
    for html in (latvian, english):
        assert "<a>uz slēpto</a>" in html and hidden.url not in html
        assert f'<a href="{shown.url}">uz redzamo</a>' in html  # no English: the page itself
    assert f'<a href="{twin.url}">uz divvalodu</a>' in latvian
    assert f'<a href="{english_twin.url}">uz divvalodu</a>' in english


def test_a_roadmap_step_that_is_not_public_is_as_unknown_to_the_api_as_one_that_does_not_exist(
    client,
):
    step = RoadmapStepPage.objects.filter(locale__language_code="lv").first()
    api = "/api/v2/pages/?type=knowledge.GoodPracticeStory&roadmap_step="
    assert client.get(f"{api}{step.pk}").status_code == 200
    restrict(step)
    missing = Page.objects.order_by("-pk").first().pk + 1000
    secret, nothing = client.get(f"{api}{step.pk}"), client.get(f"{api}{missing}")
    assert secret.status_code == nothing.status_code == 400
    assert secret.json()["message"].replace(str(step.pk), str(missing)) == nothing.json()["message"]
