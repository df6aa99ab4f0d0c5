"""Readers on a weak signal get compressed pages; nothing that may hold a secret is compressed
(BREACH)."""

import gzip

import pytest
from django.contrib.auth import get_user_model

from tests.factories import restrict, story

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.mark.parametrize("path", ["/lv/", "/en/roadmap/", "/lv/meklet/?q=ciemiem", "/sitemap.xml"])
def test_readers_pages_travel_compressed(client, path):
    plain = client.get(path)
    packed = client.get(path, **GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    if path == "/lv/":
        assert len(packed.content) < len(plain.content) / 2


def test_a_page_with_a_password_form_is_not_compressed(client):
    private = restrict(story("lv", title="Slēgts stāsts"), "password")
    private.get_view_restrictions().update(password="ciems")
    response = client.get(private.url, **GZIP)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_the_admin_and_a_signed_in_editor_get_plain_pages(client):
    assert "Content-Encoding" not in client.get("/admin/login/", **GZIP)
    editor = get_user_model().objects.create_superuser("redaktore", "r@example.lv", "x")
    client.force_login(editor)
    response = client.get("/lv/", **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
