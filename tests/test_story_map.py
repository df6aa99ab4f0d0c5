"""The map of stories on the story index and the locator on a story page (#13 item 2), as a
reader gets them: a marker per public story with a point, in the page's language, following the
list's filters, each a link named by the story's title, place and country; Latvia on its own
enlarged map; the whole map within its size budget and one query whatever the number of stories."""

import gzip
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import GoodPracticeStory, StoryIndexPage
from knowledge.stories.map import MAX_MARKERS, story_map
from search import remembered
from search.public import public

from . import factories
from .browser import in_browser, needs_chromium

pytestmark = pytest.mark.django_db

MARKER = re.compile(r'<a href="([^"]+)" aria-label="([^"]+)">')
SIZE_BUDGET = 30_000  # bytes, gzipped


def index_url(language):
    return StoryIndexPage.objects.get(locale__language_code=language).url


def map_section(client, url):
    """The map's HTML on the page at `url` ("" when the page shows no map)."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    start = html.find('<section class="story-map"')
    if start < 0:
        return ""
    return html[start : html.index("</section>", start) + len("</section>")]


def figure(section, name):
    start = section.find(f'<figure class="map map-{name}">')
    if start < 0:
        return ""
    return section[start : section.index("</figure>", start)]


def markers(html):
    """{address: accessible name} of the story markers (not the crowds)."""
    return {
        url: unescape(name) for url, name in MARKER.findall(html) if "#after-story-map" not in url
    }


def expected(language, **filters):
    """The public stories in `language` with a point on the map, as their addresses."""
    stories = public(GoodPracticeStory.objects.all(), language=language).filter(
        latitude__isnull=False, longitude__isnull=False, **filters
    )
    return {story.url for story in stories}


@pytest.mark.parametrize("language", ["lv", "en"])
def test_one_marker_per_public_story_with_a_point(client, language):
    section = map_section(client, index_url(language))
    shown = markers(section)
    want = expected(language)
    assert len(want) >= 8  # the real content: Latvia, Austria, Denmark, Finland
    assert set(shown) == want
    assert len(MARKER.findall(section)) == len(want), "one marker each, none twice"
    # The stories without a point (a whole LAG area) are said to be in the list.
    without = (
        public(GoodPracticeStory.objects.all(), language=language)
        .filter(latitude__isnull=True)
        .count()
    )
    assert without
    note = {"lv": f"{without} stāst", "en": f"{without} stor"}[language]
    assert note in section


@pytest.mark.parametrize("language", ["lv", "en"])
def test_no_marker_for_a_draft_a_private_story_or_another_language(client, language):
    other = "en" if language == "lv" else "lv"
    before = markers(map_section(client, index_url(language)))
    point = {"latitude": Decimal("56.5"), "longitude": Decimal("25.5")}
    draft = factories.story(language, title="Melnraksts kartē", live=False, **point)
    private = factories.restrict(factories.story(language, title="Privāts kartē", **point))
    elsewhere = factories.story(other, title="Citā valodā kartē", **point)
    public_one = factories.story(language, title="Publisks kartē", **point)
    section = map_section(client, index_url(language))
    after = markers(section)
    assert set(after) - set(before) == {public_one.url}
    for hidden in (draft, private, elsewhere):
        assert hidden.title not in section
        assert f"/{hidden.slug}/" not in section


@pytest.mark.parametrize("language", ["lv", "en"])
def test_markers_follow_the_filters(client, language):
    url = index_url(language)
    austria = markers(map_section(client, url + "?country=AT"))
    assert set(austria) == expected(language, country="AT") and austria
    section = map_section(client, url + "?country=LV")
    assert set(markers(section)) == expected(language, country="LV")
    assert figure(section, "latvia") and not figure(section, "europe")
    themed = markers(map_section(client, url + "?theme=coast-fisheries"))
    assert set(themed) == expected(language, tagged_themes__tag__slug="coast-fisheries")
    assert 0 < len(themed) < len(expected(language))
    # A bad value is ignored, as by the list: the map shows every story.
    assert set(markers(map_section(client, url + "?country=XX"))) == expected(language)


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("lv", "Stanz im Mürztal — Stanz im Mürztal, Austrija (sociālā inovācija)"),
        ("en", "Stanz im Mürztal — Stanz im Mürztal, Austria (social innovation)"),
    ],
)
def test_each_marker_links_to_its_story_and_is_named_by_title_place_and_country(
    client, language, name
):
    section = map_section(client, index_url(language))
    stanz = GoodPracticeStory.objects.get(locale__language_code=language, country="AT")
    shown = markers(section)
    assert shown[stanz.url] == name.replace("Stanz im Mürztal —", f"{stanz.title} —", 1)
    for url, label in shown.items():
        story = client.get(url)
        assert story.status_code == 200
        assert label.split(" — ")[0] in unescape(story.content.decode())
    # The shape and colour say the kind of innovation, and the legend says which is which.
    assert 'class="marker marker-social"' in figure(section, "europe")
    legend = {"lv": "Sociālā inovācija", "en": "Social innovation"}[language]
    assert legend in section


@pytest.mark.parametrize("language", ["lv", "en"])
def test_latvia_has_its_own_enlarged_map_with_the_latvian_stories(client, language):
    section = map_section(client, index_url(language))
    latvia = figure(section, "latvia")
    assert 'class="map-highlight"' in latvia
    assert set(markers(latvia)) == expected(language, country="LV")
    europe = figure(section, "europe")
    assert not set(markers(europe)) & expected(language, country="LV")
    assert 'class="map-inset"' in europe
    # Alsunga has three stories: each keeps its own marker, set around the place.
    assert latvia.count('class="map-spot"') >= 1


def test_many_stories_at_one_spot_become_one_marker_with_their_number(client):
    for n in range(12):
        factories.story(
            "lv", title=f"Ciems {n}", latitude=Decimal("57.3"), longitude=Decimal("25.3")
        )
    section = map_section(client, index_url("lv") + "?theme=")
    crowd = re.search(r'<a href="([^"]+#after-story-map)" aria-label="([^"]+)">', section)
    assert crowd, "one marker for the crowd"
    assert "country=LV" in crowd.group(1) and "theme=" in crowd.group(1)
    assert unescape(crowd.group(2)) == "Ciems, Latvija: 12 stāsti — rādīt sarakstu"
    assert ">12</text>" in section
    assert "Ciems 3" not in section


def test_a_story_outside_the_maps_is_said_to_be_in_the_list(client):
    factories.story("en", title="Far away", latitude=Decimal("28.1"), longitude=Decimal("-15.4"))
    section = map_section(client, index_url("en"))
    assert "Far away" not in section
    assert "1 story lies outside these maps" in section


@pytest.mark.parametrize("language", ["lv", "en"])
def test_a_story_page_shows_where_the_story_is(client, language):
    pape = GoodPracticeStory.objects.get(locale__language_code=language, slug__startswith="pape")
    html = unescape(client.get(pape.url).content.decode())
    assert '<figure class="map locator">' in html
    locator = html[html.index('<figure class="map locator">') :]
    locator = locator[: locator.index("</figure>")]
    caption = {"lv": "Kur tas ir: ", "en": "Where it is: "}[language]
    assert f"{caption}{pape.place}, {pape.get_country_display()}." in locator
    assert 'class="map-highlight"' in locator  # Latvia's map, Latvia picked out
    assert 'class="marker marker-social"' in locator
    assert "<a " not in locator  # the story itself, not a link to it
    stanz = GoodPracticeStory.objects.get(locale__language_code=language, country="AT")
    html = client.get(stanz.url).content.decode()
    view = re.search(r'<figure class="map locator">\s*<svg viewBox="([^"]+)"', html)
    assert view and not view.group(1).startswith("0 0 ")  # a piece of Europe's map
    lielupe = GoodPracticeStory.objects.filter(
        locale__language_code=language, latitude__isnull=True
    ).first()
    assert "map locator" not in client.get(lielupe.url).content.decode()


def test_the_map_stays_within_its_size_budget(client):
    themes = factories.some_themes()
    for n in range(120):  # more than one map shows one by one
        factories.story(
            "lv",
            themes=themes,
            country=("SE", "LV", "DE")[n % 3],
            latitude=Decimal(f"{40 + (n * 7) % 30}.{n:02d}"),
            longitude=Decimal(f"{(n * 13) % 40 - 5}.5"),
        )
    for language in ("lv", "en"):
        url = index_url(language)
        html = client.get(url).content
        section = map_section(client, url).encode()
        assert section and len(MARKER.findall(section.decode())) >= 9
        without = html.replace(section, b"")
        added = len(gzip.compress(html)) - len(gzip.compress(without))
        assert len(gzip.compress(section)) <= SIZE_BUDGET
        assert added <= SIZE_BUDGET, added
    story = GoodPracticeStory.objects.get(locale__language_code="lv", country="AT")
    html = client.get(story.url).content.decode()
    start = html.index('<figure class="map locator">')
    locator = html[start : html.index("</figure>", start)].encode()
    assert len(gzip.compress(locator)) <= SIZE_BUDGET // 3


def test_ten_thousand_stories_make_a_bounded_number_of_markers_and_lose_none():
    rows = [
        {
            "title": f"Stāsts {n}",
            "slug": f"stasts-{n}",
            "place": "Ciems",
            "country": "LV",
            "latitude": Decimal(f"{36 + (n * 37) % 34}.{n % 97:02d}"),
            "longitude": Decimal(f"{(n * 53) % 60 - 20}.{n % 89:02d}"),
            "innovation_type": ("social", "business", "technological")[n % 3],
        }
        for n in range(10_000)
    ]
    drawn = story_map(rows, "/lv/stasti/")
    markers_drawn = sum(len(m["markers"]) + len(m["crowds"]) for m in drawn["maps"])
    assert markers_drawn <= 2 * MAX_MARKERS
    in_crowds = sum(crowd["count"] for m in drawn["maps"] for crowd in m["crowds"])
    singles = sum(len(m["markers"]) for m in drawn["maps"])
    assert singles + in_crowds + drawn["outside"] == len(rows)
    assert drawn["shown"] == singles + in_crowds


def _index_queries(client, url):
    client.get(url)
    # What the index remembers (its facets, its map) is read again after a change of content
    # (search/remembered.py): count that request, the dearest after the first.
    remembered.renew()
    client.get("/lv/")  # the frame of every page, read again on its own
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return captured


def test_the_map_is_one_query_whatever_the_number_of_stories(
    client, django_capture_on_commit_callbacks
):
    url = index_url("lv")
    before = _index_queries(client, url)
    table = GoodPracticeStory._meta.db_table
    # The map's query reads the points and not the cards' intros (the list's query does).
    map_reads = [
        q["sql"]
        for q in before.captured_queries
        if f'"{table}"."latitude"' in q["sql"] and '"intro"' not in q["sql"]
    ]
    assert len(map_reads) == 1, map_reads
    assert '"body"' not in map_reads[0] and '"sources"' not in map_reads[0]  # no stream field
    # Committed, as an editor's publishing is: the site's frame is read again after it.
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(50):
            factories.story("lv", latitude=Decimal(f"56.{n:02d}"), longitude=Decimal(f"2{n % 8}.1"))
    after = _index_queries(client, url)
    assert len(after) == len(before), (len(before), len(after))
    assert len(markers(map_section(client, url))) >= 50


def _click_a_marker(browser, site, index, story_url, scripts, width):
    from tests.test_selfcheck_browser import _axe

    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=scripts, bypass_csp=True
    )
    page = context.new_page()
    page.goto(site + index)
    seen = {
        "maps": page.locator(".story-map svg[role=group]").count(),
        "width": page.locator(".map-latvia svg").bounding_box()["width"],
        "axe_index": _axe(page) if scripts else None,
    }
    page.emulate_media(media="print")
    seen["printed"] = page.locator(".map-latvia svg").is_visible()
    page.emulate_media(media="screen")
    page.click(f'.map-europe a[href="{story_url}"]')
    page.wait_for_url(site + story_url)
    seen["heading"] = page.locator("h1").inner_text()
    seen["locator"] = page.locator(".locator svg").is_visible()
    seen["axe_story"] = _axe(page) if scripts else None
    context.close()
    return seen


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("scripts", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [360, 1280])
def test_a_reader_finds_a_story_on_the_map_and_opens_it(site_url, scripts, width):
    stanz = GoodPracticeStory.objects.get(locale__language_code="lv", country="AT")
    seen = in_browser(
        _click_a_marker, site_url, index_url("lv"), stanz.url, scripts, width, timeout=180
    )
    assert seen["maps"] == 2
    assert seen["width"] > 300  # readable: the whole width on a phone, 3/5 on a wide screen
    assert seen["printed"]
    assert seen["heading"] == stanz.title
    assert seen["locator"]
    if scripts:  # axe is a script: it audits where scripts run
        assert seen["axe_index"] == [] and seen["axe_story"] == [], seen
