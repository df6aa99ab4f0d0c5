"""The partner page's copy-paste examples, run as a partner would run them."""

import html as html_lib
import re
from urllib.parse import urlsplit

import pytest

from knowledge.models import PartnerPage

pytestmark = pytest.mark.django_db


def _examples(client, language):
    page = PartnerPage.objects.get(locale__language_code=language)
    response = client.get(page.url)
    assert response.status_code == 200
    found = re.findall(r'<code data-example="(\w+)">(.*?)</code>', response.content.decode(), re.S)
    return {name: html_lib.unescape(code) for name, code in found}


def _local(url):
    parts = urlsplit(url)
    assert parts.netloc == "testserver", url
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.parametrize("language", ["lv", "en"])
def test_every_example_on_the_partner_page_works(client, language):
    examples = _examples(client, language)
    assert set(examples) == {"api", "iframe", "script", "rss", "atom", "csv", "geojson"}

    api_url = re.search(r"curl '([^']+)'", examples["api"]).group(1)
    data = client.get(_local(api_url)).json()
    assert data["items"] and all(item["country"] == "AT" for item in data["items"])
    assert {item["meta"]["locale"] for item in data["items"]} == {language}

    iframe_src = re.search(r'<iframe src="([^"]+)"', examples["iframe"]).group(1)
    widget = client.get(_local(iframe_src))
    assert widget.status_code == 200 and f'<html lang="{language}">' in widget.content.decode()
    assert 'class="story-card"' in widget.content.decode()

    script_src = re.search(r'<script src="([^"]+)"', examples["script"]).group(1)
    fallback = re.search(
        r'<a class="viedie-ciemi-fallback" href="([^"]+)"', examples["script"]
    ).group(1)
    script = client.get(_local(script_src))
    assert script.status_code == 200
    assert b"viedie-ciemi-fallback" in b"".join(
        script.streaming_content if script.streaming else [script.content]
    )
    assert client.get(_local(fallback)).status_code == 200

    for name in ("rss", "atom", "csv", "geojson"):
        response = client.get(_local(examples[name].strip()))
        assert response.status_code == 200, name
