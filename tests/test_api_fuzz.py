"""The API fuzzed from its own OpenAPI description (schemathesis): whatever a partner's code, a
typo or a crawler sends, the answer is never a server error, and it looks as described."""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from knowledge.api.openapi import build_spec

pytestmark = pytest.mark.django_db

# Enough to reach every parameter with valid, boundary and invalid values in well under a minute.
MAX_EXAMPLES = 150
BASE_URL = "http://localhost"  # the Host that schemathesis's WSGI client sends


@pytest.fixture
def wsgi_app(settings):
    """The site as a WSGI app, called in this thread, on the test's own database connection."""
    settings.API_RATE_LIMIT = 0
    # As Django's test client does: the transaction the test runs in must outlive each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    handler = WSGIHandler()

    def app(environ, start_response):
        # The in-process client does not decode gzip; compression has its own test.
        environ.pop("HTTP_ACCEPT_ENCODING", None)
        return handler(environ, start_response)

    yield app
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Built as the API serves it (the test below holds them equal): the pytest plugin's lazy
# loading from a fixture does not work with pytest 9, and loading at import may not use the
# database.
schema = schemathesis.openapi.from_dict(build_spec(BASE_URL))
schema.config.generation.update(
    modes=["positive", "negative"],
    max_examples=MAX_EXAMPLES,
    deterministic=True,
    allow_x00=True,
)
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_gives_a_server_error(case, wsgi_app):
    case.call_and_validate(app=wsgi_app, checks=CHECKS)


def test_the_fuzzed_description_is_the_served_one(client):
    assert client.get("/api/v2/openapi.json").json() == build_spec("http://testserver")


HUGE = "9" * 30
# What a fuzzer reaches only by luck: numbers no column holds, values a field cannot hold,
# broken encodings, dates out of range, and the parameters Wagtail adds of its own.
NASTY = [
    f"pages/?translation_of={HUGE}",
    f"pages/?roadmap_step={HUGE}",
    "pages/?roadmap_step=-1",
    f"pages/?offset={HUGE}",
    f"pages/?limit={HUGE}",
    f"pages/{HUGE}/",
    f"pages/?child_of={HUGE}",
    f"pages/?descendant_of={HUGE}",
    f"pages/?id={HUGE}",
    f"pages/?type=knowledge.GoodPracticeStory&funding_amount={HUGE}",
    "pages/?type=knowledge.GoodPracticeStory&latitude=abc",
    "pages/?type=knowledge.GoodPracticeStory&period_start=notadate",
    f"pages/?type=knowledge.GoodPracticeStory&image={HUGE}",
    "pages/?type=knowledge.GoodPracticeStory&lag=abc",
    f"pages/?type=knowledge.RoadmapStepPage&step_number={HUGE}",
    "pages/?last_published_at=yesterday",
    "pages/?first_published_at=2020-13-45",
    f"pages/?alias_of={HUGE}",
    "pages/?show_in_menus=maybe",
    "pages/?search=%00",
    "pages/?search=" + "ā" * 3000,
    "pages/?search=%ED%A0%80%FF",
    "pages/?title=%00",
    "pages/?order=-",
    "pages/?order=nonexistent",
    "pages/?fields=(((",
    "pages/?type=knowledge.GoodPracticeStory&fields=lag(name)",
    "pages/?type=auth.User",
    "pages/?updated_since=9999-99-99",
    "pages/?updated_since=2020-01-01T25:00",
    "pages/?updated_since=0001-01-01",
    "pages/?updated_since=9999-12-31T23:59:59-23:59",
    "pages/?country=%C3%84",
    "pages/?locale=%00",
    "pages/?locale=AAA",
    "pages/?rich_text_format=db_html",
    "pages/?site=localhost:99999999999999",
    "pages/find/?html_path=/%00/",
    "pages/find/?id=abc",
    f"pages/find/?id={HUGE}",
    "pages/4/?fields=(((",
    "pages/null,null/",
    "pages/j%C2%BD/",
    "nowhere/",
    "images/?limit=abc",
    f"images/{HUGE}/",
    f"images/?offset={HUGE}",
    "images/find/?id=abc",
    "documents/?title=%00",
    f"documents/?offset={HUGE}",
    f"documents/?id={HUGE}",
]


@pytest.mark.parametrize("query", NASTY)
def test_hand_picked_bad_input_is_a_4xx_that_says_why(client, settings, query):
    settings.API_RATE_LIMIT = 0
    client.raise_request_exception = False
    response = client.get(f"/api/v2/{query}")
    assert response.status_code < 500, response.status_code
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/json", response["Content-Type"]
        assert response.json()["message"]
    else:
        assert response.status_code == 200


def test_a_missing_api_address_is_a_json_404_not_a_web_page(client):
    for path in ["/api/v2/pages/999999/", "/api/v2/pages/abc/", "/api/v2/nowhere/"]:
        response = client.get(path)
        assert response.status_code == 404, (path, response.status_code)
        assert response.json()["message"]
