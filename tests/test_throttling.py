"""Limits on how fast one client may ask (knowledge/core/throttling.py): the API's through DRF's
throttling, and the readers' channels. Counted by the real client behind proxies (a forged
X-Forwarded-For changes nothing), in a window that slides, in a cache the workers share."""

import os
import uuid

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory

from config.settings import base as production_defaults
from knowledge.core.clients import client_address
from knowledge.core.throttling import APIThrottle, WindowThrottle

pytestmark = pytest.mark.django_db

API = "/api/v2/pages/?limit=1"
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_limit(settings):
    settings.API_RATE_LIMIT, settings.API_RATE_WINDOW = 3, 60
    return settings


@pytest.fixture
def clock(monkeypatch):
    """The throttles' clock, moved by hand."""
    now = [6_000_055.0]  # 55 s into a minute: a fixed one-minute window ends in 5 s
    monkeypatch.setattr(WindowThrottle, "timer", staticmethod(lambda: now[0]))
    return now


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy: the header is anyone's to write
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the client wrote the left one
        (2, "198.51.100.1, 203.0.113.9, 192.0.2.7", "203.0.113.9"),  # CDN, then our proxy
        (2, "203.0.113.9", "203.0.113.9"),  # came in past the outer proxy
        (1, "", "10.0.0.2"),
        # Not an address (a broken proxy, or a forged header past a proxy that appends
        # nothing): the peer. The lock-outs keep the address in an IP column.
        (1, "198.51.100.1, <script>", "10.0.0.2"),
        (1, "unknown", "10.0.0.2"),
        (2, "2001:db8::1, 192.0.2.7", "2001:db8::1"),
    ],
)
def test_the_client_is_counted_from_the_right_of_x_forwarded_for(
    settings, proxies, forwarded, expected
):
    settings.NUM_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_a_request_with_no_valid_address_has_none():
    """A request made inside the program (Django's test client's login, a management
    command) has no peer: None, never a made-up string."""
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR")
    assert client_address(request) is None
    request.META["REMOTE_ADDR"] = "not-an-address"
    assert client_address(request) is None


def test_the_older_trust_setting_means_one_proxy():
    from tests.test_settings import _settings_in_subprocess

    code = "from django.conf import settings; print(settings.NUM_PROXIES)"
    on = _settings_in_subprocess("config.settings.test", code, TRUST_X_FORWARDED_FOR="1")
    off = _settings_in_subprocess("config.settings.test", code)
    two = _settings_in_subprocess("config.settings.test", code, NUM_PROXIES="2")
    assert (on.stdout.strip(), off.stdout.strip(), two.stdout.strip()) == ("1", "0", "2")


def test_a_forged_x_forwarded_for_does_not_get_past_the_api_limit(client, api_limit):
    api_limit.NUM_PROXIES = 1
    answers = [
        client.get(
            API, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9"
        ).status_code
        for n in range(6)
    ]
    assert answers == [200, 200, 200, 429, 429, 429]
    limited = client.get(API, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert limited.json() == {
        "message": "Too many requests: at most 3 every 60 seconds. "
        f"Try again in {limited['Retry-After']} seconds."
    }
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited["Access-Control-Allow-Origin"] == "*"
    # Another reader behind the same proxy is not held up by the first one.
    other = client.get(API, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.status_code == 200


def test_without_proxies_the_header_is_not_read_at_all(client, api_limit):
    api_limit.NUM_PROXIES = 0
    answers = [
        client.get(API, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        for n in range(4)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]


def test_the_openapi_document_counts_with_the_api(client, api_limit):
    for _ in range(3):
        assert client.get(API, REMOTE_ADDR="203.0.113.9").status_code == 200
    document = client.get("/api/v2/openapi.json", REMOTE_ADDR="203.0.113.9")
    assert document.status_code == 429 and "Too many requests" in document.json()["message"]
    assert int(document["Retry-After"]) >= 1


def test_the_window_slides_so_a_boundary_lets_no_double_burst_through(client, api_limit, clock):
    answers = []
    for _ in range(3):  # at 55, 57 and 59 s into a minute
        answers.append(client.get(API).status_code)
        clock[0] += 2
    assert answers == [200, 200, 200]
    clock[0] += 4  # 5 s into the next minute: a fixed window would let three more through
    late = client.get(API)
    assert late.status_code == 429
    assert int(late["Retry-After"]) == 50  # when the first of the three leaves the window
    clock[0] += 49
    assert client.get(API).status_code == 429
    clock[0] += 1.5  # the first request is a minute old
    assert client.get(API).status_code == 200
    assert client.get(API).status_code == 429  # the other two are still in the window


def _redis_worker(url, prefix):
    worker = RedisCache(url, {"KEY_PREFIX": prefix})
    try:
        worker.set("ping", 1, 5)
    except Exception:  # no Redis server to share
        return None
    return worker


def test_two_workers_on_one_redis_share_the_count(client, api_limit, monkeypatch):
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    prefix = f"viedie-ciemi-throttle-{uuid.uuid4().hex[:8]}"
    workers = [_redis_worker(url, prefix), _redis_worker(url, prefix)]
    if None in workers:
        pytest.skip(f"no Redis at {url}")
    assert workers[0]._cache is not workers[1]._cache  # two clients, as two processes have
    answers = []
    for n in range(5):
        monkeypatch.setattr(WindowThrottle, "cache", workers[n % 2])
        answers.append(client.get(API, REMOTE_ADDR="203.0.113.9").status_code)
    assert answers == [200, 200, 200, 429, 429]
    workers[0].clear()


READER_CHANNELS = [
    "/lv/meklet/?q=ciems",
    "/en/search/suggestions/?q=vil",
    "/lv/feeds/stories.rss",
    "/en/feeds/stories.atom",
    "/lv/data/stories.csv",
    "/en/data/stories.geojson",
    "/embed/stories/?lang=lv",
]


def via_proxy(client, address, forwarded):
    return client.get(address, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.parametrize("address", READER_CHANNELS)
def test_a_script_meets_the_readers_limit_with_a_friendly_answer(client, settings, address):
    settings.READER_RATE_LIMIT, settings.READER_RATE_WINDOW = 3, 60
    settings.NUM_PROXIES = 1
    answers = [via_proxy(client, address, f"198.51.100.{n}, 192.0.2.5") for n in range(4)]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    limited = answers[3]
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited["Content-Type"] == "text/plain; charset=utf-8"
    text = limited.content.decode()
    if address.startswith("/en/"):
        assert text.startswith("Too many requests from your address")
    else:
        assert text.startswith("Pārāk daudz pieprasījumu no jūsu adreses")
    # Pages are not limited, each channel is counted apart, and other readers go on.
    assert via_proxy(client, "/lv/", "192.0.2.5").status_code == 200
    other = "/lv/data/stories.csv" if "meklet" in address else "/lv/meklet/?q=ciems"
    assert via_proxy(client, other, "192.0.2.5").status_code == 200
    assert via_proxy(client, address, "192.0.2.6").status_code == 200


def test_a_reader_never_meets_the_default_limits(client, settings):
    """A busy reader's minute, with the limits production has by default: typing two searches
    (the suggestions ask at each pause of 0.2 s, here at every letter), paging through the
    results, the feeds, the open data, the widget and a partner page's worth of API calls."""
    settings.READER_RATE_LIMIT = production_defaults.READER_RATE_LIMIT
    settings.READER_RATE_WINDOW = production_defaults.READER_RATE_WINDOW
    settings.API_RATE_LIMIT = production_defaults.API_RATE_LIMIT
    settings.API_RATE_WINDOW = production_defaults.API_RATE_WINDOW
    visits = []
    for words in ("viedais ciems lauku attīstībā", "kopienas transports un enerģija"):
        visits += [("/lv/meklet/ieteikumi/", {"q": words[:n]}) for n in range(2, len(words) + 1)]
        visits += [("/lv/meklet/", {"q": words, "page": page}) for page in (1, 2, 3)] * 3
    visits += [("/lv/feeds/stories.rss", {}), ("/en/feeds/stories.atom", {})] * 5
    visits += [("/lv/data/stories.csv", {}), ("/en/data/stories.geojson", {})] * 5
    visits += [("/embed/stories/", {"lang": "lv"})] * 5
    story_type = "knowledge.GoodPracticeStory"
    visits += [("/api/v2/pages/", {"type": story_type, "offset": n}) for n in range(60)]
    refused = [
        (address, params)
        for address, params in visits
        if client.get(address, params).status_code == 429
    ]
    assert len(visits) > 150 and refused == []


def test_many_requests_at_once_on_redis_let_exactly_the_limit_through(settings, monkeypatch):
    """Eight threads, each with its own Redis client as eight workers would have, send 160
    requests at once for one client: exactly the limit passes. DRF's own read-decide-write
    lets more through here (a lost update per race)."""
    from concurrent.futures import ThreadPoolExecutor

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    prefix = f"viedie-ciemi-throttle-{uuid.uuid4().hex[:8]}"
    workers = [_redis_worker(url, prefix) for _ in range(8)]
    if None in workers:
        pytest.skip(f"no Redis at {url}")
    settings.API_RATE_LIMIT, settings.API_RATE_WINDOW = 50, 60
    request = RequestFactory().get(API, REMOTE_ADDR="203.0.113.9")

    def send(n):
        throttle = APIThrottle()
        throttle.cache = workers[n % 8]
        return throttle.allow_request(request, None)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(send, range(160)))
    assert answers.count(True) == 50
    refused = APIThrottle()
    refused.cache = workers[0]
    assert not refused.allow_request(request, None)
    assert 55 <= refused.retry_after() <= 60
    workers[0].clear()
