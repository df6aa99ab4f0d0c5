"""Uploaded images reach readers with production's settings (DEBUG off), with caching a phone
can use; documents' files and anything else under MEDIA_ROOT do not bypass Wagtail's checks."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.http import http_date
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from .factories import story

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture(db):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), (40, 120, 80)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title="Ciema laukums", file=ImageFile(buffer, name="ciema-laukums.png")
    )


def test_a_storys_image_is_served_to_a_reader(client, settings, picture):
    assert settings.DEBUG is False
    page = story(image=picture, image_alt="Ciema laukums ar soliem")
    html = client.get(page.url).content.decode()
    src = re.search(r'<img[^>]+src="(/media/images/[^"]+)"', html).group(1)
    response = client.get(src)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    # A rendition never changes under its name: a phone keeps it.
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Encoding" not in response  # not compressed again: PNG already is
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_an_original_is_revalidated_and_answers_304_when_unchanged(client, picture):
    url = picture.file.url
    first = client.get(url)
    assert first.status_code == 200 and first["Cache-Control"] == "public, max-age=86400"
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    stale = client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(0))
    assert stale.status_code == 200


@pytest.fixture
def private_document(db):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Tikai redaktoriem")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    return get_document_model().objects.create(
        title="Iekšējs protokols",
        collection=private,
        file=ContentFile(b"slepeni", name="protokols.txt"),
    )


def test_a_private_documents_file_is_not_served_past_its_restriction(client, private_document):
    assert client.get(private_document.url).status_code in (302, 403)  # Wagtail's view: sign in
    direct = client.get(private_document.file.url)
    assert private_document.file.url.startswith("/media/documents/")
    assert direct.status_code == 404
    assert b"slepeni" not in direct.content


@pytest.mark.parametrize(
    "path",
    [
        "/media/images/",
        "/media/images/../documents/protokols.txt",
        "/media/images/%2e%2e/%2e%2e/config/settings/base.py",
        "/media//etc/passwd",
        "/media/original_images/nav-tada.png",
        "/media/viedie-ciemi-backup.tar.gz",
    ],
)
def test_nothing_else_under_media_is_reachable(client, private_document, path):
    response = client.get(path)
    assert response.status_code == 404


def test_images_are_only_read(client, picture):
    assert client.post(picture.file.url).status_code == 405
    head = client.head(picture.file.url)
    assert head.status_code == 200 and head["Content-Type"] == "image/png"
