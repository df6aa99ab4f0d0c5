"""The real content: complete in both languages, linked as translations, reloadable, and
written to the style sheet in knowledge/content/README.md."""

import re
import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import Page

from knowledge.content.schema import PAGE_MODELS, SNIPPET_MODELS
from knowledge.models import (
    Challenge,
    CountryPracticePage,
    Criterion,
    GlossaryTerm,
    GoodPracticeStory,
    LoadedContent,
    RoadmapStepPage,
    Stakeholder,
    StoryIndexPage,
)

from .factories import standard_page

pytestmark = pytest.mark.django_db

CONTENT = Path(__file__).resolve().parent.parent / "knowledge" / "content"
LATVIAN_WORDS = {
    "un",
    "ir",
    "kas",
    "ar",
    "lai",
    "uz",
    "par",
    "vai",
    "arī",
    "kā",
    "tās",
    "viņu",
    "savu",
    "ciems",
    "kopiena",
    "jeb",
    "tiek",
}
ENGLISH_WORDS = {"the", "and", "is", "of", "with", "for", "which", "this", "that", "are"}
LATVIAN_LETTERS = re.compile(r"[āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ]")


def words(text):
    """The words of a text, without markup and without quoted names and titles («…», "…")."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|&quot;.*?&quot;", " ", text)
    return re.findall(r"[^\W\d_]+", text.lower())


def page_text(page):
    return " ".join([page.title, page.intro, str(page.body)])


def test_every_page_exists_in_both_locales_as_a_translation():
    for model in PAGE_MODELS.values():
        latvian = model.objects.filter(locale__language_code="lv")
        assert latvian.exists(), model.__name__
        for page in latvian:
            english = page.get_translations().get()
            assert english.locale.language_code == "en"
            assert english.live and page.live
            assert english.specific_class is model


def test_every_snippet_exists_in_both_locales_as_a_translation():
    for model in SNIPPET_MODELS.values():
        latvian = model.objects.filter(locale__language_code="lv")
        assert latvian.exists(), model.__name__
        english_keys = set(
            model.objects.filter(locale__language_code="en").values_list(
                "translation_key", flat=True
            )
        )
        assert set(latvian.values_list("translation_key", flat=True)) == english_keys


def test_coverage_that_the_issue_asks_for():
    for language in ("lv", "en"):

        def count(model, language=language):
            return model.objects.live().filter(locale__language_code=language).count()

        assert count(CountryPracticePage) >= 9
        assert count(GoodPracticeStory) >= 6
        assert count(RoadmapStepPage) >= 9
        assert Criterion.objects.filter(locale__language_code=language).count() == 6
        assert Challenge.objects.filter(locale__language_code=language).count() >= 25
        assert Stakeholder.objects.filter(locale__language_code=language).count() >= 30
        assert GlossaryTerm.objects.filter(locale__language_code=language).count() >= 20
    countries = set(CountryPracticePage.objects.values_list("country", flat=True))
    assert {"AT", "EE", "LT", "HU", "PL", "IT", "HR", "GR", "SE"} <= countries


def test_facts_from_the_seeds_are_on_the_site():
    def site_text(language):
        return " ".join(
            page_text(p.specific)
            for p in Page.objects.live().filter(locale__language_code=language, depth__gt=1)
        )

    for language in ("lv", "en"):
        text = site_text(language)
        assert "18" in text and "60" in text  # recognition marks awarded / candidates
        assert "27" in text and "40" in text  # Swedish LAGs
        assert any(form in text for form in ("50 000", "50\u00a0000", "50,000"))
        assert "Alsung" in text and "Torup" in text and "Stanz" in text and "Vahikkala" in text


def test_no_page_is_empty():
    for page in Page.objects.live().filter(depth__gt=1).specific():
        assert page.intro.strip(), page.url
        if not page.body and page.specific_class.__name__ in (
            "ConceptTopicPage",
            "GoodPracticeStory",
            "CountryPracticePage",
            "StandardPage",
        ):
            pytest.fail(f"{page.url} has no body")


def test_english_pages_carry_no_latvian_and_latvian_pages_no_english():
    for page in Page.objects.live().filter(depth__gt=1).specific():
        tokens = words(page_text(page))
        if page.locale.language_code == "en":
            latvian = [w for w in tokens if w in LATVIAN_WORDS]
            assert len(latvian) <= max(2, len(tokens) // 200), (page.url, latvian[:10])
            letters = LATVIAN_LETTERS.findall(page.intro + page.title)
            assert len(letters) <= 6, (page.url, page.title, page.intro)
        else:
            english = [w for w in tokens if w in ENGLISH_WORDS]
            assert len(english) <= max(2, len(tokens) // 200), (page.url, english[:10])
            assert LATVIAN_LETTERS.search(page_text(page)), page.url


@pytest.mark.parametrize("language", ["lv", "en"])
def test_a_reader_reaches_every_page_from_home_and_every_link_resolves(language):
    """Follow every link from the home page: each resolves (anchors too), and every live
    page of the language is reached."""
    client = Client()
    seen, queue, anchors = set(), [f"/{language}/"], set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, f"{url} answers {response.status_code}"
        html = response.content.decode()
        for target, anchor in re.findall(r'href="(/(?:lv|en)/[^"#?]*)(?:#([^"]*))?"', html):
            if target.startswith(f"/{language}/") and target not in seen:
                queue.append(target)
            if anchor:
                anchors.add((target, anchor))
    for target, anchor in anchors:
        assert f'id="{anchor}"' in client.get(target).content.decode(), f"{target}#{anchor}"
    pages = {
        p.url
        for p in Page.objects.live().public().filter(locale__language_code=language, depth__gt=1)
    }
    assert pages - seen == set()
    assert len(anchors) > 10


def test_second_run_changes_nothing():
    revisions = {p.pk: p.latest_revision_id for p in Page.objects.all()}
    states = list(LoadedContent.objects.values_list("source_digest", flat=True))
    out = _run()
    assert "0 created, 0 updated" in out
    assert {p.pk: p.latest_revision_id for p in Page.objects.all()} == revisions
    assert list(LoadedContent.objects.values_list("source_digest", flat=True)) == states


def _run(*args):
    from io import StringIO

    buffer = StringIO()
    call_command("load_content", *args, stdout=buffer)
    return buffer.getvalue()


def test_an_editors_change_is_kept_unless_overwrite_is_asked():
    story = GoodPracticeStory.objects.filter(locale__language_code="lv").first()
    original_intro = story.intro
    story.intro = "Redaktora labots ievads."
    story.save_revision().publish()
    out = _run()
    assert "kept" in out
    story.refresh_from_db()
    assert story.intro == "Redaktora labots ievads."
    _run("--overwrite")
    story.refresh_from_db()
    assert story.intro == original_intro
    assert story.revisions.filter(content__intro="Redaktora labots ievads.").exists()


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        ("pages/stories.yaml", lambda t: t.replace("title:", "title: [", 1), "YAML syntax"),
        (
            "pages/stories.yaml",
            lambda t: t.replace("type: story_index", "type: nonsense"),
            "unknown page type",
        ),
        ("home.yaml", lambda t: re.sub(r"\n  en:.*", "", t, count=1), "no en text"),
    ],
)
def test_a_broken_file_is_refused_and_nothing_is_half_loaded(tmp_path, file, change, message):
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    target = copy / file
    target.write_text(change(target.read_text(encoding="utf-8")), encoding="utf-8")
    # A valid change elsewhere must not land either: one transaction.
    story_file = next((copy / "pages").glob("story-*.yaml"))
    story_file.write_text(
        story_file.read_text(encoding="utf-8").replace("intro:", "intro:\n  # changed", 1),
        encoding="utf-8",
    )
    revisions = {p.pk: p.latest_revision_id for p in Page.objects.all()}
    with pytest.raises(CommandError) as error:
        call_command("load_content", "--path", str(copy))
    assert file in str(error.value) and "line" in str(error.value)
    assert message in str(error.value)
    assert {p.pk: p.latest_revision_id for p in Page.objects.all()} == revisions


def test_a_link_to_an_unknown_page_names_file_and_line(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    about = copy / "pages" / "about.yaml"
    text = about.read_text(encoding="utf-8")
    about.write_text(
        text.replace("  lv: |\n", "  lv: |\n    [nekur](page:nav-tadas)\n", 1), encoding="utf-8"
    )
    with pytest.raises(CommandError, match=r"about.yaml, line \d+: link to unknown page"):
        call_command("load_content", "--path", str(copy))


def _new_story_file(copy, slug):
    """A new story file in the copied content, a twin of story-pape.yaml with its own key and
    this Latvian slug; its line of the slug."""
    text = (copy / "pages" / "story-pape.yaml").read_text(encoding="utf-8")
    text = text.replace("key: story-pape", "key: story-twin").replace(
        "{lv: pape-piekrastes-viedais-ciems, en: pape-coastal-smart-village}",
        f"{{lv: {slug}, en: pape-twin}}",
    )
    (copy / "pages" / "story-twin.yaml").write_text(text, encoding="utf-8")
    lines = text.splitlines()
    return 1 + next(number for number, line in enumerate(lines) if line.startswith("slug:"))


def test_two_files_with_one_slug_under_one_parent_are_refused_naming_both(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    line = _new_story_file(copy, "pape-piekrastes-viedais-ciems")
    revisions = {p.pk: p.latest_revision_id for p in Page.objects.all()}
    with pytest.raises(CommandError) as error:
        call_command("load_content", "--path", str(copy))
    message = str(error.value)
    assert f"story-twin.yaml, line {line}:" in message
    assert "lv slug 'pape-piekrastes-viedais-ciems'" in message and "story-pape.yaml" in message
    assert "Traceback" not in message
    assert {p.pk: p.latest_revision_id for p in Page.objects.all()} == revisions


def test_a_slug_an_editor_took_in_the_admin_is_refused_when_written_naming_file_and_line(
    tmp_path,
):
    """The files cannot know an editor's page; the database refuses the slug while the pages
    are written, and the error still names the file, the line and the slug, and the run
    leaves the database as it was."""
    index = StoryIndexPage.objects.get(locale__language_code="lv")
    editors = standard_page(index, title="Redaktora lapa", slug="redaktora-lapa")
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    line = _new_story_file(copy, "redaktora-lapa")
    revisions = {p.pk: p.latest_revision_id for p in Page.objects.all()}
    count = Page.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("load_content", "--path", str(copy))
    message = str(error.value)
    assert f"story-twin.yaml, line {line}: lv slug 'redaktora-lapa':" in message
    assert "already in use" in message and "Nothing was loaded" in message
    assert Page.objects.count() == count
    assert {p.pk: p.latest_revision_id for p in Page.objects.all()} == revisions
    assert Page.objects.get(pk=editors.pk).title == "Redaktora lapa"


# The content files themselves ---------------------------------------------------------------
# Rules a reader can check line by line in knowledge/content/ (the style sheet in its
# README.md). Each test reads the files, not the database, and names the file that breaks it.


def _yaml(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


NOT_TEXT = {"key", "slug", "file", "url"}  # addresses and names of files, not prose


def _texts_of(value, language=None):
    """Every (language, text) in a loaded YAML value: the strings under `lv` and `en` keys."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in NOT_TEXT:
                yield from _texts_of(inner, key if key in ("lv", "en") else language)
    elif isinstance(value, list):
        for inner in value:
            yield from _texts_of(inner, language)
    elif isinstance(value, str) and language:
        yield language, value


def content_texts(root=CONTENT):
    """(file, language, text) for every Latvian and English text of the content: the lv/en
    values of the YAML files and the Markdown templates (`name.lv.md`, `name.en.md`)."""
    for path in sorted(root.rglob("*.yaml")):
        for language, text in _texts_of(_yaml(path)):
            yield path.relative_to(root), language, text
    for path in sorted((root / "files").glob("*.md")):
        yield path.relative_to(root), path.name.split(".")[-2], path.read_text(encoding="utf-8")


def _around(text, match):
    return repr(text[max(0, match.start() - 40) : match.end() + 40])


def stories(root=CONTENT):
    return {path.name: _yaml(path) for path in sorted((root / "pages").glob("story-*.yaml"))}


PROJECT_NUMBER = re.compile(r"\b\d{2}-\d{2}-[A-Z]\d{3}\.\d{4}-\d{6}\b")


def test_a_joint_projects_budget_is_on_one_story_only(root=CONTENT):
    """One project told in several stories (Engure and Pape) keeps its amount on one story,
    the lead partner's, so that every sum (API, CSV, map) counts it once."""
    funded = {}
    for name, data in stories(root).items():
        if data.get("funding_amount") is None:
            continue
        key = (data.get("period_start"), data.get("period_end"), data["funding_amount"])
        assert key not in funded, f"{name} repeats the budget of {funded[key]}"
        funded[key] = name
        for number in set(PROJECT_NUMBER.findall(str(data.get("body")))):
            assert number not in funded, f"{name} repeats the budget of {funded[number]}"
            funded[number] = name
    assert funded, "no story carries a budget"


# Organisational mailboxes a page may give (a LAG's or an agency's general address, taken
# from a source). None of the five sources gives one, so the list is empty: a person's work
# address (name@organisation.lv) is personal data and never belongs on the site.
ORGANISATION_MAILBOXES: set[str] = set()
E_MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+371[\s-]?)?\b[26]\d{7}\b")


def test_no_personal_e_mail_address_or_phone_number(root=CONTENT):
    for file, language, text in content_texts(root):
        for address in E_MAIL.findall(text):
            assert address.lower() in ORGANISATION_MAILBOXES, f"{file} ({language}): {address}"
        assert "mailto:" not in text, f"{file} ({language}) links to a mailbox"
        assert not PHONE.search(text), f"{file} ({language}): {PHONE.search(text).group()}"


EDITORS_NOTE = {
    "lv": (
        "## Redakcijas piezīme",
        {
            "place": "**vieta**",
            "map": "**kartes punkts**",
            "status": "**statuss**",
            "municipality": "**novads**",
        },
    ),
    "en": (
        "## Editors' note",
        {
            "place": "**place**",
            "map": "**map point**",
            "status": "**status**",
            "municipality": "**municipality**",
        },
    ),
}


def test_every_story_names_what_the_editors_added(root=CONTENT):
    """A story's municipality, map point and status are the editors' own (no source gives
    them): each story ends with a note that says so, in both languages."""
    for name, data in stories(root).items():
        for language, (heading, words) in EDITORS_NOTE.items():
            body = data["body"][language]
            assert heading in body, f"{name} ({language}) has no '{heading}'"
            note = body.split(heading, 1)[1]
            assert words["status"] in note, f"{name} ({language}): status not marked"
            if data.get("latitude") is not None:
                assert words["map"] in note, f"{name} ({language}): map point not marked"
            if data.get("municipality"):
                assert words["municipality"] in note or words["place"] in note, (
                    f"{name} ({language}): municipality not marked"
                )


def test_the_definitions_quoted_parts_are_its_own_words(root=CONTENT):
    """The concept page takes the EU definition apart under quoted headings: each quotation
    is the definition's wording (an omission marked […]), in the same language."""
    concept = _yaml(root / "pages" / "concept.yaml")
    for language in ("lv", "en"):
        definition = concept["definition"][language].casefold()
        quotes = re.findall(r"^### [«“\"](.+?)[»”\"]\s*$", concept["body"][language], re.M)
        assert len(quotes) >= 5, language
        for quote in quotes:
            position = 0
            for part in quote.casefold().split("[…]"):
                found = definition.find(part.strip(), position)
                assert found >= 0, f"concept.yaml ({language}): «{quote}» is not the definition's"
                position = found + len(part.strip())


# Glossary terms that no text needs to link, each with its reason. Empty: every term is used.
UNLINKED_TERMS: dict[str, str] = {}


def test_every_glossary_term_is_linked_from_a_text(root=CONTENT):
    """A term is explained once, in the glossary, and the texts that use it link there."""
    linked = {
        key
        for _file, _language, text in content_texts(root)
        for key in re.findall(r"\]\(term:([a-z0-9-]+)", text)
    }
    terms = {path.stem for path in (root / "snippets" / "glossary").glob("*.yaml")}
    assert terms - linked - set(UNLINKED_TERMS) == set()
    assert set(UNLINKED_TERMS) <= terms


def test_a_link_that_names_a_page_uses_its_title(root=CONTENT):
    """A link label written as a title (it starts with a capital letter) is the page's title
    or its short form before the colon: step 3 is «Ieinteresēto pušu iesaistīšana» /
    “Engaging stakeholders” everywhere. Labels inside a sentence start in lower case."""
    titles = {}
    for path in [root / "home.yaml", *sorted((root / "pages").glob("*.yaml"))]:
        data = _yaml(path)
        titles[data["key"]] = data["title"]
    wrong = []
    for file, language, text in content_texts(root):
        for label, key in re.findall(r"\[([^\]]+)\]\(page:([a-z0-9-]+)\)", text):
            if not label[0].isupper():
                continue
            title = titles[key][language]
            allowed = {title.rstrip("?"), title.split(": ")[0]}
            if label.rstrip("?") not in allowed:
                wrong.append(f"{file} ({language}): [{label}] is titled «{title}»")
    assert not wrong, "\n".join(wrong)


QUOTED = re.compile(r"«[^»]*»|“[^”]*”")


def test_quotation_marks_are_one_style_per_language(root=CONTENT):
    """Latvian quotes with «…», English with “…”; no straight or other curly double quotes.
    (A Latvian name kept in an English text keeps its «», e.g. Lauku partnerība «Lielupe».)"""
    wrong = {"lv": re.compile(r"[\"“”„‟]"), "en": re.compile(r"[\"„‟]")}
    for file, language, text in content_texts(root):
        found = wrong[language].search(text)
        assert not found, f"{file} ({language}): {_around(text, found)}"
        if language == "en":
            assert text.count("“") == text.count("”"), f"{file} (en): unpaired “ ”"


def test_one_dash_and_one_abbreviation_for_see(root=CONTENT):
    """The dash is the spaced en dash ( – ), never an em dash or a spaced hyphen; Latvian
    cross-references say «Sk.», not «Skat.»."""
    for file, language, text in content_texts(root):
        for pattern in (r"—", r"(?<=\S) - (?=\S)"):
            found = re.search(pattern, text)
            assert not found, f"{file} ({language}): {_around(text, found)}"
        if language == "lv":
            assert not re.search(r"\b[Ss]kat\.", text), f"{file}: «Skat.» (write «Sk.»)"


# One form for each foreign place, the same in every grammatical case (a generic noun carries
# the case: «no Lysekil pilsētas», «ciemu Torup»). The slide's spelling «Vahikkala» may only
# be quoted as the slide's word.
PLACE_FORMS = {
    "Lysekil": r"\bL[iy]sekil\w*",
    "Torup": r"\bTorup\w*",
    "Stanz": r"\b(?:Stanz|[SŠ]tanc)\w*",
    "Vähikkälä": r"\bV[aäe]hi[kc]+[aäe]l\w*",
}


def test_one_form_for_each_foreign_place(root=CONTENT):
    for file, language, text in content_texts(root):
        text = QUOTED.sub(" ", text)
        for allowed, pattern in PLACE_FORMS.items():
            for form in re.findall(pattern, text):
                assert form == allowed, f"{file} ({language}): «{form}», write «{allowed}»"


# One English name per organisation: the forms on the left are not used.
ENGLISH_NAMES = {
    r"Partnership for Countryside and Sea": "Partnership for the Countryside and the Sea",
    r"\b[Rr]esident councils?\b": "residents' council",
    r"\bmentoring programme": "mentor programme",
    r"\bsupra-local": "supralocal",
    r"\b[Nn]ational CAP network\b(?!s)|[Nn]ational Common Agricultural Policy [Nn]etwork": (
        "National CAP Network"
    ),
    r"\b[Ll]ocal action groups?\b": "Local Action Group",
    r"\bLielupe (?:rural )?partnership": "Lielupe Rural Partnership",
    r"Community to community": "Community to Community",
    r"\bregional development ministry": (
        "Ministry of Environmental Protection and Regional Development"
    ),
}


def test_one_english_name_for_each_organisation(root=CONTENT):
    for file, language, text in content_texts(root):
        if language != "en":
            continue
        for pattern, name in ENGLISH_NAMES.items():
            found = re.search(pattern, text)
            assert not found, f"{file}: «{found.group()}», write «{name}»"
