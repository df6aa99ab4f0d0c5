"""The widget a webmaster pastes: an iframe page and a one-line script."""

import pytest

pytestmark = pytest.mark.django_db


def policy(response):
    """The response's Content-Security-Policy as {directive: sources}."""
    directives = (
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return {name: (rest[0] if rest else "") for name, *rest in directives}


def test_iframe_widget_in_the_partners_language(client):
    response = client.get("/embed/stories/", {"lang": "en", "country": "AT", "limit": 2})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Stanz" in html and 'href="http://testserver/en/stories/stanz-energy-community/"' in html
    assert html.count('class="story-card"') <= 2
    assert policy(response)["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in response
    assert not response.cookies


def test_nothing_else_may_be_framed_by_other_sites(client):
    for path in ("/en/", "/admin/login/", "/api/v2/pages/"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert policy(response)["frame-ancestors"] == "'self'"


def test_readers_pages_load_only_the_sites_own_files(client):
    """The policy a browser enforces (tests/test_security_policy.py shows nothing breaks)."""
    reader = policy(client.get("/lv/"))
    assert reader["default-src"] == reader["script-src"] == reader["style-src"] == "'self'"
    assert reader["object-src"] == "'none'"
    widget = policy(client.get("/embed/stories/", {"lang": "lv"}))
    assert widget["script-src"] == "'self'"
    assert widget["style-src"] == "'self' 'unsafe-inline'"
    # The admin runs Wagtail's own inline scripts, the API's browsable pages Django REST
    # framework's inline styles: only their framing is limited.
    assert set(policy(client.get("/admin/login/"))) == {"frame-ancestors"}
    browsable = client.get("/api/v2/pages/", {"locale": "lv"}, HTTP_ACCEPT="text/html")
    assert browsable["Content-Type"].startswith("text/html")
    assert set(policy(browsable)) == {"frame-ancestors"}


def test_browsers_asking_for_favicon_ico_get_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"lang": "de"}, "lang"),
        ({"country": "ZZ"}, "country"),
        ({"theme": "nav"}, "theme"),
        ({"limit": "daudz"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "500"}, "limit"),
    ],
)
def test_widget_refuses_nonsense_with_a_message(client, query, named):
    response = client.get("/embed/stories/", query)
    assert response.status_code == 400
    assert named in response.content.decode()


@pytest.mark.parametrize(
    ("query", "language", "sentence"),
    [
        ({"lang": "en", "country": "ZZ"}, "en", "cannot be shown"),
        ({"country": "ZZ"}, "lv", "nevar parādīt"),
        ({"lang": "de"}, "lv", "nevar parādīt"),
    ],
)
def test_a_widget_with_a_mistake_in_its_address_still_fits_its_frame(
    client, query, language, sentence
):
    """The partner's readers see a sentence in the page's language, not raw text; the
    partner's developer sees which parameter to mend."""
    response = client.get("/embed/stories/", query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert sentence in html
    assert "<code>" in html and ("country" in html or "lang" in html)
    assert "X-Frame-Options" not in response


def test_the_script_is_served_for_partners(client):
    from django.contrib.staticfiles import finders

    path = finders.find("embed/stories.js")
    assert path
    script = open(path, encoding="utf-8").read()
    assert "/api/v2/pages/?" in script and "viedie-ciemi-fallback" in script
    assert 'credentials: "omit"' in script
