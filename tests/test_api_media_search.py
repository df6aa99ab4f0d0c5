"""Searching images and documents through the API: odd input is a clear answer, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("endpoint", ["images", "documents"])
@pytest.mark.parametrize("query", ['"', 'plāns "kopiena', '""" a "'])
def test_quotation_marks_are_taken_as_spaces(client, endpoint, query):
    response = client.get(f"/api/v2/{endpoint}/", {"search": query})
    assert response.status_code == 200, response.content[:200]
    assert "items" in response.json()


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_a_very_long_query_is_a_400_naming_the_parameter(client, endpoint):
    response = client.get(f"/api/v2/{endpoint}/", {"search": " ".join(["vārds"] * 150)})
    assert response.status_code == 400
    assert response.json()["message"].startswith("search:")


def test_documents_are_still_found_by_their_words(client):
    found = client.get("/api/v2/documents/", {"search": '"plāns'}).json()["items"]
    assert found, "the loaded templates include plans"
