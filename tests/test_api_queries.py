"""A partner asking the API for a bigger page costs no more SQL queries than a small page: what the
API fields read is fetched for the whole page of results, never once per item."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devtools.management.commands.bench_api import per_item_queries

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 10
# Routing, the site, the locale filter, the count, the page of items and one batch per relation
# stay below this; a query per item for even three relations would not.
CEILING = 30

LISTINGS = {
    "stories lv": "/api/v2/pages/?type=knowledge.GoodPracticeStory&locale=lv&fields=*",
    "stories en": "/api/v2/pages/?type=knowledge.GoodPracticeStory&locale=en&fields=*",
    "all types lv": "/api/v2/pages/?locale=lv&fields=*",
    "all types en": "/api/v2/pages/?locale=en&fields=*",
    "search lv": "/api/v2/pages/?search=kopiena&locale=lv&fields=*",
    "search en": "/api/v2/pages/?search=community&locale=en&fields=*",
}


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.API_RATE_LIMIT = 0


def queries_for(client, url):
    client.get(url)  # content types and site roots are cached per process after one request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json(), [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("listing", LISTINGS)
def test_a_bigger_page_runs_no_query_per_item(client, listing):
    url = LISTINGS[listing]
    small_page, small = queries_for(client, f"{url}&limit={SMALL}")
    large_page, large = queries_for(client, f"{url}&limit={LARGE}")

    assert len(small_page["items"]) == SMALL
    assert len(large_page["items"]) == LARGE, "the real content has enough for a full page"
    per_item = per_item_queries(small, large)
    assert not per_item, (
        f"{listing}: {len(small)} queries for {SMALL} items, {len(large)} for {LARGE}; "
        "run more often for the larger page:\n"
        + "\n".join(f"{a} → {b} × {sql}" for sql, (a, b) in per_item.items())
    )
    assert len(large) <= CEILING, "\n".join(large)


@pytest.mark.parametrize("language", ["lv", "en"])
def test_stories_keep_their_relations_when_listed(client, language):
    """The listing must not save queries by leaving out what a story links to."""
    items = client.get(LISTINGS[f"stories {language}"] + f"&limit={LARGE}").json()["items"]
    assert all(item["theme_labels"] for item in items)
    assert all(item["challenges"] for item in items)
    assert all(item["roadmap_steps"] for item in items)
    assert any(item["lag"] for item in items)
