"""The thesaurus as readers and editors meet it: an abbreviation finds what is written out and
back, a multi-word expansion needs all its words, a synonym's page ranks a little below the
reader's own word, every form of a country's name finds its page, the suggestions and "did you
mean" know the synonyms, and a form an editor adds in the admin works as soon as it is
published (the relevance set itself is in test_search.py)."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from knowledge.core.countries import COUNTRY_CODES, COUNTRY_NAME_FORMS
from knowledge.models import CountryPracticePage, GlossaryTerm, GoodPracticeStory
from search.service import search_pages

from .admin_forms import html_of
from .factories import story
from .test_admin_snippet_drafts import edit, editor  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def found(query, language="lv", n=None):
    matches = search_pages(query, language).matches
    return matches[:n] if n else matches


def test_an_abbreviation_finds_its_expansion_only_with_all_its_words(db):
    """ "VRG" finds a page that writes out "vietējā rīcības grupa", not one that has only
    "grupa" or "rīcības"; the page that says "VRG" itself comes first."""
    written_out = story(intro="Kvazarciemā vietējā rīcības grupa sāka jaunu projektu.")
    abbreviated = story(intro="Kvazarciemā VRG sāka jaunu projektu.")
    one_word = story(intro="Kvazarciemā darba grupa un rīcības plāns sāka jaunu projektu.")
    matches = found("Kvazarciems VRG")
    assert written_out.pk in matches and abbreviated.pk in matches
    assert one_word.pk not in matches
    assert matches.index(abbreviated.pk) < matches.index(written_out.pk)
    # And back: the written-out words find the abbreviation.
    assert abbreviated.pk in found("Kvazarciema vietējās rīcības grupas")


def test_a_synonym_ranks_a_little_below_the_readers_own_word_not_after_all_of_them(db):
    """Twenty pages say the reader's word and one says only its synonym: the synonym's page
    comes below the best of the reader's own, but not after all twenty."""
    own = [story(intro=f"Pelaškalnā anketa nr. {n} ir vienkārša.") for n in range(20)]
    synonym = story(intro="Pelaškalnā pašpārbaude ir vienkārša.")
    matches = found("Pelaškalns anketa")
    assert set(matches) == {*(page.pk for page in own), synonym.pk}
    assert 5 <= matches.index(synonym.pk) < 20


def test_the_country_table_names_every_country_the_site_knows():
    assert set(COUNTRY_NAME_FORMS) == COUNTRY_CODES
    for latvian, english in COUNTRY_NAME_FORMS.values():
        assert len(latvian.split(";")) >= 3 and len(english.split(";")) >= 2


@pytest.mark.parametrize("language", ["lv", "en"])
def test_every_form_of_a_countrys_name_finds_its_page_in_either_language(language):
    pages = CountryPracticePage.objects.live().filter(locale__language_code=language)
    assert pages.count() >= 8
    misses = []
    for page in pages:
        latvian, english = COUNTRY_NAME_FORMS[page.country]
        for form in f"{latvian};{english}".split(";"):
            if page.pk not in found(form.strip(), language, n=5):
                misses.append(f"{form.strip()!r} → {page.url}")
    assert not misses, misses


def test_an_abbreviation_suggests_the_pages_of_what_it_stands_for(client):
    english = json.loads(client.get("/en/search/suggestions/", {"q": "vrg"}).content)
    assert "/en/lag-practice-in-europe/" in [s["url"] for s in english["suggestions"]]
    latvian = json.loads(client.get("/lv/meklet/ieteikumi/", {"q": "LAG"}).content)
    assert "/lv/vrg-prakse-eiropa/" in [s["url"] for s in latvian["suggestions"]]


def test_a_misspelt_abbreviation_is_mended_and_a_country_form_is_not(client):
    html = client.get("/lv/meklet/", {"q": "LLKS"}).content.decode()
    assert "Vai domājāt" in html and "llkc" in html.lower()
    # "ungāru" is not a typo of a word on the site: it is a form of Ungārija.
    html = client.get("/lv/meklet/", {"q": "ungāru"}).content.decode()
    assert "Vai domājāt" not in html
    assert "/lv/vrg-prakse-eiropa/ungarija/" in html


def test_the_snippet_marks_the_synonym_the_page_uses(client):
    html = client.get("/en/search/", {"q": "Hungarians"}).content.decode()
    assert "<mark>Hungary</mark>" in html


def _result_urls(query, language="lv"):
    html = html_of(Client().get("/lv/meklet/" if language == "lv" else "/en/search/", {"q": query}))
    return re.findall(r'<h2><a href="([^"]+)">', html)


def test_a_form_an_editor_adds_in_the_admin_finds_the_terms_pages_once_published(
    client,
    editor,  # noqa: F811 - the fixture
):
    """No one runs update_index: the stories that speak of an ideathon are found by the
    editor's new word for it, which none of them contains, as soon as it is published."""
    term = GlossaryTerm.objects.get(locale__language_code="lv", term="Ideatons")
    pages = {
        page.url
        for page in GoodPracticeStory.objects.live().filter(locale__language_code="lv")
        if "ideaton" in page.search_terms()
    }
    assert pages
    assert not pages & set(_result_urls("hakatonā"))
    edit(client, term, variants="hakatons")  # a draft: readers see no change yet
    assert not pages & set(_result_urls("hakatonā"))
    edit(client, term, publish=True, variants="hakatons")
    assert pages & set(_result_urls("hakatonā"))
    glossary = html_of(Client().get("/lv/kas-ir-viedais-ciems/vardnica/"))
    assert "Rakstīts arī: hakatons" in glossary


def test_explain_search_shows_the_analysis_the_synonyms_and_why_each_result_ranks():
    out = StringIO()
    call_command("explain_search", "Hungarians", locale="en", top=3, stdout=out)
    text = out.getvalue()
    assert "Hungarians → hungarian" in text
    assert "Synonyms of «hungarian»:" in text and "Hungary" in text
    assert "also searched: hungari" in text
    first = text.split("  1. ", 1)[1].split("\n  2. ", 1)[0]
    assert "/en/lag-practice-in-europe/hungary/" in first
    assert "found by synonym hungari: place" in first and "title holds 0.5" in first
    with pytest.raises(CommandError):
        call_command("explain_search", "x", locale="en", top=0, stdout=StringIO())
