"""The API's fields as a partner site uses them: translations, images with renditions and alt
text, rich text as HTML whose links work on the partner's site, and Last-Modified for syncing."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageLogEntry

from knowledge.models import (
    GoodPracticeStory,
    HomePage,
    LocalActionGroup,
    RoadmapStepPage,
    Source,
)

from .factories import publish, restrict, standard_page, story

pytestmark = pytest.mark.django_db
STORIES = "/api/v2/pages/?type=knowledge.GoodPracticeStory"


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.API_RATE_LIMIT = 0


def detail(client, page, **params):
    response = client.get(f"/api/v2/pages/{page.pk}/", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def translate(page, language="en", *, live=True):
    translation = page.copy_for_translation(Locale.objects.get(language_code=language))
    return publish(translation) if live else translation


def a_picture(title="Ciema māja", size=(1200, 800)):
    """A real PNG, uploaded as an editor would."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (40, 120, 80)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name="ciema-maja.png")
    )


def paragraph(html):
    return [("paragraph", html)]


# Translations


def test_listing_gives_each_story_its_translation(client):
    items = client.get(f"{STORIES}&locale=lv&limit=50").json()["items"]
    assert items
    for item in items:
        english = GoodPracticeStory.objects.get(pk=item["id"]).get_translation(
            Locale.objects.get(language_code="en")
        )
        assert item["meta"]["translations"] == {
            "en": {
                "id": english.pk,
                "detail_url": f"http://testserver/api/v2/pages/{english.pk}/",
                "html_url": english.full_url,
            }
        }
        assert english.full_url.startswith("http://testserver/en/stories/")


def test_the_translation_links_back(client):
    latvian = GoodPracticeStory.objects.filter(locale__language_code="lv").first()
    english = detail(client, latvian)["meta"]["translations"]["en"]
    back = client.get(english["detail_url"]).json()
    assert back["meta"]["locale"] == "en"
    assert back["meta"]["translations"]["lv"]["id"] == latvian.pk


def test_only_live_public_translations_are_given(client):
    drafted = story("lv", title="Stāsts ar melnraksta tulkojumu")
    translate(drafted, live=False)
    restricted = story("lv", title="Stāsts ar privātu tulkojumu")
    # Privacy set on a page is its translations' too (core/privacy.py); a translation is
    # private alone only in a section of its own language that is.
    section = restrict(standard_page(HomePage.objects.get(locale__language_code="en")))
    translate(restricted).move(section, pos="last-child")
    shown = story("lv", title="Stāsts ar tulkojumu")
    english = translate(shown)

    assert detail(client, drafted)["meta"]["translations"] == {}
    assert detail(client, restricted)["meta"]["translations"] == {}
    assert detail(client, shown)["meta"]["translations"]["en"]["id"] == english.pk
    english.unpublish()
    assert detail(client, shown)["meta"]["translations"] == {}


# Images


def test_story_image_with_alt_text_and_renditions(client):
    picture = a_picture()
    page = story("lv", image=picture, image_alt="Sarkanā ciema māja pie ezera")
    image = detail(client, page)["image"]

    assert image["id"] == picture.pk and image["alt"] == "Sarkanā ciema māja pie ezera"
    assert (image["width"], image["height"]) == (1200, 800)
    card, large = image["renditions"]["card"], image["renditions"]["large"]
    assert (card["width"], card["height"]) == (480, 320)
    assert (large["width"], large["height"]) == (960, 640)
    for rendition in (card, large):
        assert rendition["url"].startswith("http://testserver/media/images/")
    stored = {r.file.name for r in picture.renditions.all()}
    assert {url.split("/media/")[1] for url in (card["url"], large["url"])} <= stored


def test_the_translation_describes_the_same_image_in_its_own_language(client):
    page = story("lv", image=a_picture(), image_alt="Ciema māja")
    english = translate(page)
    english.image_alt = "A village house"
    publish(english)
    assert detail(client, english)["image"]["alt"] == "A village house"
    assert detail(client, english)["image"]["id"] == page.image_id


def test_a_story_without_an_image_has_null(client):
    assert detail(client, story("lv"))["image"] is None


def test_an_image_in_the_body_is_described_too(client):
    picture = a_picture("Tirgus")
    page = story(
        "lv",
        body=[("image", {"image": picture, "alt_text": "Tirgus laukumā", "decorative": False})],
    )
    block = detail(client, page)["body"][0]
    assert block["type"] == "image"
    assert block["value"]["alt"] == "Tirgus laukumā"
    assert block["value"]["renditions"]["large"]["width"] == 960


def test_an_image_whose_file_is_gone_is_still_described(client):
    picture = a_picture()
    picture.file.storage.delete(picture.file.name)
    image = detail(client, story("lv", image=picture, image_alt="Māja"))["image"]
    assert image["alt"] == "Māja"
    assert image["renditions"] == {"card": None, "large": None}


# Rich text


def test_a_link_to_another_page_gives_its_address_in_the_storys_language(client):
    latvian_step = RoadmapStepPage.objects.get(locale__language_code="lv", step_number=2)
    english_step = latvian_step.get_translation(Locale.objects.get(language_code="en"))
    # wagtail-localize copies a synchronised link as it is: the English story may point at
    # the Latvian page; the reader of the English story lands on the English one.
    text = f'<p>See <a linktype="page" id="{latvian_step.pk}">step two</a>.</p>'
    latvian = story("lv", body=paragraph(text))
    english = story("en", body=paragraph(text))

    assert detail(client, latvian)["body"][0]["value"] == (
        f'<p>See <a href="{latvian_step.full_url}">step two</a>.</p>'
    )
    assert detail(client, english)["body"][0]["value"] == (
        f'<p>See <a href="{english_step.full_url}">step two</a>.</p>'
    )
    assert english_step.full_url.startswith("http://testserver/en/")


def test_links_to_documents_and_to_pages_that_are_not_public(client):
    document = get_document_model().objects.first()
    hidden = story("lv", title="Nepublicēts", live=False)
    text = (
        f'<p><a linktype="document" id="{document.pk}">veidne</a>, '
        f'<a linktype="page" id="{hidden.pk}">melnraksts</a>, '
        f'<a linktype="page" id="999999">dzēsta</a>, '
        f'<a href="/lv/">sākums</a>, <a href="https://example.org/">ārēja</a></p>'
    )
    value = detail(client, story("lv", body=paragraph(text)))["body"][0]["value"]
    assert f'<a href="http://testserver{document.url}">veidne</a>' in value
    assert "<a>melnraksts</a>" in value and "<a>dzēsta</a>" in value
    assert '<a href="http://testserver/lv/">sākums</a>' in value
    assert '<a href="https://example.org/">ārēja</a>' in value


def test_roadmap_rich_text_fields_are_html_with_resolved_links(client):
    step = RoadmapStepPage.objects.get(locale__language_code="en", step_number=1)
    assert 'linktype="page"' in step.what_to_do, "the real content links to pages here"
    data = detail(client, step)
    assert "linktype" not in data["what_to_do"]
    assert re.search(r'href="http://testserver/en/[^"]+"', data["what_to_do"])


def test_a_tool_document_has_its_title_and_address(client):
    step = next(
        step
        for step in RoadmapStepPage.objects.filter(locale__language_code="lv")
        if any(tool.value["document"] for tool in step.tools)
    )
    documents = [tool["value"]["document"] for tool in detail(client, step)["tools"]]
    document = next(d for d in documents if d)
    assert document["url"].startswith("http://testserver/documents/")
    assert document["title"]


def test_sources_are_described_in_the_pages_language(client):
    latvian = Source.objects.filter(locale__language_code="lv").first()
    english = latvian.get_translation(Locale.objects.get(language_code="en"))
    assert latvian.title != english.title
    page = story("en", sources=[("source", {"source": latvian, "locator": "p. 3"})])
    value = detail(client, page)["sources"][0]["value"]
    assert value["locator"] == "p. 3"
    assert value["source"]["id"] == english.pk
    assert value["source"]["title"] == english.title
    assert value["source"]["slug"] == latvian.slug


@pytest.mark.parametrize("language", ["lv", "en"])
def test_no_stored_link_format_reaches_partners(client, language):
    """Every page of the real content, with all its fields: links are real, absolute ones."""
    types = {
        page.specific_class._meta.label
        for page in Page.objects.live().filter(locale__language_code=language, depth__gt=1)
    }
    seen = 0
    for page_type in sorted(types):
        offset = 0
        while True:
            response = client.get(
                f"/api/v2/pages/?type={page_type}&locale={language}&fields=*"
                f"&limit=50&offset={offset}"
            )
            assert response.status_code == 200, response.content[:300]
            content = response.content.decode()
            assert "linktype=" not in content and "embedtype=" not in content, page_type
            assert not re.search(r'href=\\"/', content), page_type
            items = response.json()["items"]
            seen += len(items)
            offset += 50
            if offset >= response.json()["meta"]["total_count"]:
                break
    assert seen >= 40


def test_rich_text_format_is_not_offered(client):
    response = client.get(f"{STORIES}&rich_text_format=db_html")
    assert response.status_code == 400
    assert "rich_text_format" in response.json()["message"]


# Queries


def count_queries(client, url):
    client.get(url)  # renditions are made and site roots cached on the first request
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        f"{STORIES}&locale=lv&fields=_,id,translations,image,body,sources",
        "/api/v2/pages/?type=knowledge.RoadmapStepPage&locale=en"
        "&fields=_,id,translations,what_to_do,who_to_involve,tools,body",
        "/api/v2/pages/?locale=en&fields=_,id,translations",
    ],
)
def test_these_fields_cost_the_same_queries_for_2_or_10_pages(client, url):
    step = RoadmapStepPage.objects.filter(locale__language_code="lv").first()
    document = get_document_model().objects.first()
    # Every story has what any batch looks up, so that both page sizes need every batch.
    lag = LocalActionGroup.objects.filter(locale__language_code="lv").first()
    for page in GoodPracticeStory.objects.filter(locale__language_code="lv"):
        page.lag = lag
        page.image = a_picture()
        page.body = [
            ("image", {"image": a_picture("Cits"), "alt_text": "Cits", "decorative": False}),
            (
                "paragraph",
                f'<p><a linktype="page" id="{step.pk}">solis</a>, '
                f'<a linktype="document" id="{document.pk}">veidne</a></p>',
            ),
        ]
        page.save()
    assert count_queries(client, f"{url}&limit=2") == count_queries(client, f"{url}&limit=10")


# Last-Modified


def test_detail_is_last_modified_when_published_and_answers_304(client):
    page = story("lv")
    first = client.get(f"/api/v2/pages/{page.pk}/")
    assert first["Last-Modified"] == http_date(page.last_published_at.timestamp())
    assert "Last-Modified" in first["Access-Control-Expose-Headers"]
    again = client.get(f"/api/v2/pages/{page.pk}/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    before = http_date(page.last_published_at.timestamp() - 60)
    assert client.get(f"/api/v2/pages/{page.pk}/", HTTP_IF_MODIFIED_SINCE=before).status_code == 200


def test_a_listing_is_modified_when_a_page_leaves_it(client):
    listed = story("lv", title="Drīz atsaukts")
    # Everything so far happened minutes ago: HTTP dates count whole seconds.
    earlier = F("last_published_at") - timedelta(minutes=5)
    Page.objects.filter(last_published_at__isnull=False).update(last_published_at=earlier)
    PageLogEntry.objects.update(timestamp=F("timestamp") - timedelta(minutes=5))
    url = f"{STORIES}&locale=lv&limit=50"
    first = client.get(url)
    assert listed.pk in [item["id"] for item in first.json()["items"]]
    since = first["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=since).status_code == 304

    listed.unpublish()
    after = client.get(url, HTTP_IF_MODIFIED_SINCE=since)
    assert after.status_code == 200
    assert listed.pk not in [item["id"] for item in after.json()["items"]]
