"""A query budget for every reader page (#15 item 1): each page type in both languages, the
search, the listings for partners and the API list of 20 stories render in a fixed number of
SQL queries, on the real content and after 50 more stories, so a regression names its page.

READER_BUDGET is the issue's target; the page types above it say why in OWN_QUERIES."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.fields import StreamField

from knowledge.content.schema import PAGE_MODELS
from knowledge.models import GoodPracticeStory

from . import factories

pytestmark = pytest.mark.django_db

READER_BUDGET = 12
API_BUDGET = 15
# Every Latvian page pays 10 queries for what Wagtail and the site's frame need: the site, the
# active locale, the home page as its own type (Wagtail routes from there), the route (every
# page on the path at once, knowledge/core/routing.py), the page as its own type with its
# locale, its view restrictions, the header (homes and menus), the language switcher, and the
# footer's story form page and its privacy notice. An English page pays ENGLISH_EXTRA more:
# the home page's translation (the site's root is the Latvian one) and the "behind" notice.
# What a page type shows on top of that is counted here; above READER_BUDGET, it says what.
OWN_QUERIES = {
    # its challenges, steps and themes; the similar stories (ranked, then what they share:
    # challenges, steps, themes); its sources; one query per rich text with page links (4)
    "GoodPracticeStory": 22,
    # the sections' intros (one UNION), the latest stories and their themes, sources, links
    "HomePage": 19,
    # the steps, the stories and country practices of each, the capacity phases, links
    "RoadmapPage": 18,
    # the page of stories, their number, their themes, the countries, the theme filter
    "StoryIndexPage": 18,
    # the stories it illustrates, the countries that took it, the other steps, links
    "RoadmapStepPage": 17,
    # the challenges with their solutions, the stories that met each, links
    "ChallengeBankPage": 17,
    # the criteria and what illustrates each, links
    "CriteriaPage": 16,
    # the countries present and their intros, links
    "CountryIndexPage": 16,
    # its country's LAGs, stories and steps
    "CountryPracticePage": 15,
    # the criteria and their points
    "SelfCheckPage": 15,
    # the topics and their intros (one UNION), links
    "ConceptGuidePage": 15,
    # their snippets, their sources
    "GlossaryPage": 13,
    "SmartActivitiesPage": 13,
    "StakeholdersPage": 13,
    # sources and rich-text links
    "StandardPage": 13,
    # the privacy notice for the form
    "StorySubmissionPage": 13,
}
ENGLISH_EXTRA = 1
# The search page: 16, and one for each page type among its results (each result is read as
# its type, since its snippet is cut from its own body): 4 of them are Wagtail's editors'
# picks (the query, its picks, the day's hit counter read and raised).
SEARCH_FIXED = 16
SEARCH = "/lv/meklet/?q=strategija"
LISTINGS = {
    "rss": ("/lv/feeds/stories.rss", 4),
    "atom": ("/en/feeds/stories.atom", 4),
    "csv": ("/lv/data/stories.csv", 2),
    "geojson": ("/en/data/stories.geojson", 2),
    "widget": ("/embed/stories/?lang=lv", 3),
    "api": ("/api/v2/pages/?type=knowledge.GoodPracticeStory&limit=20&fields=*", API_BUDGET),
}
MODELS = sorted(PAGE_MODELS.values(), key=lambda model: model.__name__)


def budget(model, language):
    allowed = OWN_QUERIES.get(model.__name__, READER_BUDGET)
    return allowed + (ENGLISH_EXTRA if language != "lv" else 0)


def count_queries(client, url):
    """The queries of one anonymous visit to `url`, after a first visit filled the caches a
    running site keeps (content types, the sites' root paths)."""
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:  # the open data reads its stories as it sends them
            response.getvalue()
    assert response.status_code == 200, url
    return captured


def explain(name, captured):
    lines = "\n".join(f"  {query['sql'][:200]}" for query in captured.captured_queries)
    return f"{name}: {len(captured)} queries\n{lines}"


def reader_pages():
    urls = {}
    for model in MODELS:
        for language in ("lv", "en"):
            page = (
                model.objects.live().filter(locale__language_code=language).order_by("path").first()
            )
            assert page is not None, f"no live {model.__name__} in {language}"
            urls[model, language] = page.url
    return urls


@pytest.mark.parametrize("language", ["lv", "en"])
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_each_page_type_renders_within_its_budget(client, model, language):
    url = reader_pages()[model, language]
    captured = count_queries(client, url)
    assert len(captured) <= budget(model, language), explain(f"{model.__name__} {url}", captured)


@pytest.mark.parametrize("name", LISTINGS)
def test_listings_and_api_render_within_their_budget(client, name):
    url, allowed = LISTINGS[name]
    captured = count_queries(client, url)
    assert len(captured) <= allowed, explain(f"{name} {url}", captured)


def test_search_page_renders_within_its_budget(client):
    captured = count_queries(client, SEARCH)
    html = client.get(SEARCH).content.decode()
    types = set(re.findall(r'<p class="meta">([^<]+)</p>', html))
    assert len(types) > 1, "the query finds pages of several types"
    assert len(captured) <= SEARCH_FIXED + len(types), explain(f"search {types}", captured)


def test_fifty_more_stories_cost_no_query_on_any_page(client):
    urls = {
        **{
            f"{model.__name__} {language}": url for (model, language), url in reader_pages().items()
        },
        **{name: url for name, (url, _allowed) in LISTINGS.items()},
        "search": SEARCH,
    }
    before = {name: len(count_queries(client, url)) for name, url in urls.items()}
    themes = factories.some_themes()
    for language in ("lv", "en"):
        steps = factories.some_steps(language)
        challenges = factories.some_challenges(language)
        for n in range(25):
            factories.story(
                language,
                steps=steps[: 1 + n % 3],
                challenges=challenges[: 1 + n % 2],
                themes=themes,
                country=("SE", "LV", "EE")[n % 3],
                latitude=Decimal(f"56.{n:02d}"),
                longitude=Decimal("24.1"),
            )
        factories.country_practice(language, country="SE", steps=steps)
    after = {name: len(count_queries(client, url)) for name, url in urls.items()}
    grew = {name: (before[name], after[name]) for name in urls if after[name] > before[name]}
    assert not grew, f"more queries with 50 more stories (before, after): {grew}"


@pytest.mark.parametrize(
    "url",
    [
        "/lv/",
        "/en/stories/",
        "/lv/feeds/stories.rss",
        "/en/feeds/stories.atom",
        "/lv/data/stories.csv",
        "/en/data/stories.geojson",
        "/embed/stories/?lang=lv",
    ],
)
def test_listings_do_not_load_the_stories_stream_fields(client, url):
    """A story's body and sources are its largest columns; a listing shows neither."""
    table = GoodPracticeStory._meta.db_table
    streams = [
        f'"{table}"."{field.column}"'
        for field in GoodPracticeStory._meta.concrete_fields
        if isinstance(field, StreamField)
    ]
    assert streams
    captured = count_queries(client, url)
    stories_read = [q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"]]
    assert stories_read, f"{url} read no stories"
    loaded = [column for sql in stories_read for column in streams if column in sql]
    assert not loaded, f"{url} loaded {loaded}"
