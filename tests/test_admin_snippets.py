"""The admin's snippet forms, as editors use them: every snippet (challenges, stakeholders,
criteria, glossary terms, smart activities, Local Action Groups, sources, themes) listed,
created, edited, translated and synced in both languages, through Wagtail's and
wagtail-localize's own views. Drafts, history, preview, locking and workflows are in
test_admin_snippet_drafts.py.

Latvian snippets are edited with Wagtail's form; the English ones are wagtail-localize
translations of them, so their edit view is the translation editor."""

import pytest
from django.contrib.admin.utils import quote
from django.db.models import ForeignKey
from django.urls import reverse
from django.utils import translation
from wagtail.fields import StreamField
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, TranslationSource

from knowledge.content.schema import SNIPPET_MODELS
from knowledge.models import Theme

from .admin_forms import (
    admin_user,
    edit_form,
    form_errors,
    form_values,
    html_of,
    post_data,
    publish_translation,
    submit_translation,
    submit_translation_url,
    sync,
    sync_url,
    translate_string,
    translation_editor,
)

pytestmark = pytest.mark.django_db

KINDS = sorted(SNIPPET_MODELS)
LANGUAGES = ["lv", "en"]
PUBLISH = {"action-publish": "action-publish"}  # the edit form's "Publish" (else a draft)


@pytest.fixture
def editor(client, db):
    user = admin_user("admin", language="en")
    client.force_login(user)
    return user


def url(model, action, *args):
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


def edit_url(obj):
    return url(type(obj), "edit", quote(obj.pk))


def sample(model, language="lv"):
    """A snippet of `model` in `language` that fills in as much as one does: its optional
    links set and its StreamFields not empty, where some snippet has them."""
    items = model.objects.filter(locale__language_code=language).order_by("pk")
    for field in model._meta.get_fields():
        if isinstance(field, ForeignKey) and field.null:
            narrower = items.filter(**{f"{field.name}__isnull": False})
            if narrower.exists():
                items = narrower
    streams = [f.name for f in model._meta.get_fields() if isinstance(f, StreamField)]
    candidates = list(items[:60])
    return max(
        candidates,
        key=lambda item: (sum(1 for name in streams if getattr(item, name)), -item.pk),
    )


def name_field(model):
    """The text field that names a snippet (title, name or term): the first text field of its
    form that is not the anchor."""
    form = edit_form(model())
    return next(
        name
        for name, field in form.fields.items()
        if name != "slug" and field.__class__.__name__ == "CharField" and field.required
    )


def english_of(obj):
    return obj.get_translation(Locale.objects.get(language_code="en"))


def untranslated_paths(obj):
    source = TranslationSource.objects.get_for_instance(obj)
    return sorted(
        StringSegment.objects.filter(source=source)
        .annotate_translation(Locale.objects.get(language_code="en"))
        .filter(translation__isnull=True)
        .values_list("context__path", flat=True)
    )


def create_snippet(client, model, data, language):
    """Post the snippet create form in `language`; the new snippet."""
    response = client.post(f"{url(model, 'add')}?locale={language}", data)
    assert response.status_code == 302, form_errors(response)
    name = name_field(model)
    return model.objects.get(**{name: data[name]}, locale__language_code=language)


# --- The form data helper ----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_form_data_helper_posts_back_what_the_snippet_holds(client, editor, kind):
    item = sample(SNIPPET_MODELS[kind])
    before = form_values(item)
    response = client.post(edit_url(item), post_data(item))
    assert response.status_code == 302, form_errors(response)
    assert form_values(type(item).objects.get(pk=item.pk)) == before


# --- Listing, create, edit ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS + ["themes"])
def test_snippet_listing(client, editor, kind, language):
    model = SNIPPET_MODELS.get(kind, Theme)
    response = client.get(url(model, "list"), {"locale": language})
    assert response.status_code == 200
    if kind != "themes":
        item = model.objects.filter(locale__language_code=language).first()
        assert str(item) in html_of(response) or str(item)[:40] in html_of(response)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_create_every_snippet(client, editor, kind, language):
    """An editor adds a snippet in each language with everything a loaded one holds."""
    model = SNIPPET_MODELS[kind]
    original = sample(model, language)
    name = name_field(model)
    data = post_data(original, as_new=True, **{name: f"Jauns {kind}", "slug": f"jauns-{kind}"})
    assert client.get(f"{url(model, 'add')}?locale={language}").status_code == 200
    created = create_snippet(client, model, data, language)
    assert created.locale.language_code == language
    assert not created.live, "saved, not published: a draft"
    assert created.translation_key != original.translation_key
    expected = form_values(original, block_ids=False) | {
        name: f"Jauns {kind}",
        "slug": data["slug"],
    }
    assert form_values(created, block_ids=False) == expected


@pytest.mark.parametrize("kind", KINDS)
def test_edit_every_latvian_snippet(client, editor, kind):
    item = sample(SNIPPET_MODELS[kind])
    name = name_field(type(item))
    assert client.get(edit_url(item)).status_code == 200
    data = post_data(item, **{name: "Labots nosaukums"}) | PUBLISH
    response = client.post(edit_url(item), data)
    assert response.status_code == 302, form_errors(response)
    assert getattr(type(item).objects.get(pk=item.pk), name) == "Labots nosaukums"
    assert getattr(english_of(item), name) != "Labots nosaukums"  # the English waits for sync


@pytest.mark.parametrize("kind", KINDS)
def test_english_snippet_opens_in_the_translation_editor(client, editor, kind):
    item = sample(SNIPPET_MODELS[kind], "en")
    props = translation_editor(client, item)
    translated = {t["segment_id"]: t["data"] for t in props["initialStringTranslations"]}
    strings = [s for s in props["segments"] if s["type"] == "string"]
    assert strings and all(s["id"] in translated for s in strings)
    [name] = [s for s in strings if s["contentPath"] == name_field(type(item))]
    assert translated[name["id"]] == getattr(item, name_field(type(item)))


@pytest.mark.parametrize("kind", KINDS)
def test_translator_publishes_every_english_snippet(client, editor, kind):
    item = sample(SNIPPET_MODELS[kind], "en")
    name = name_field(type(item))
    latvian = item.get_translation(Locale.objects.get(language_code="lv"))
    props = translation_editor(client, item)
    translate_string(client, props, name, "Written in the translation editor")
    assert getattr(publish_translation(client, item), name) == "Written in the translation editor"
    assert getattr(type(item).objects.get(pk=latvian.pk), name) == getattr(latvian, name)


# --- Translate and sync ------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_translate_every_new_snippet(client, editor, kind):
    """A snippet added in Latvian, then "Translate": its English version, in the Latvian
    text until translated, editable in the translation editor."""
    model = SNIPPET_MODELS[kind]
    name = name_field(model)
    data = post_data(sample(model), as_new=True, **{name: f"Jauns {kind}", "slug": f"j-{kind}"})
    created = create_snippet(client, model, data, "lv")
    assert client.get(submit_translation_url(created)).status_code == 200
    translated = submit_translation(client, created)
    assert getattr(translated, name) == f"Jauns {kind}"
    assert translated.slug == created.slug
    translation_editor(client, translated)


@pytest.mark.parametrize("kind", KINDS)
def test_sync_every_snippet(client, editor, kind):
    """The Latvian name changes; "Sync" (publishing) brings it to the English snippet, in
    Latvian until translated, and keeps the English of everything else."""
    item = sample(SNIPPET_MODELS[kind])
    name = name_field(type(item))
    translated = english_of(item)
    before = form_values(translated)
    data = post_data(item, **{name: "Jauns nosaukums"}) | PUBLISH
    response = client.post(edit_url(item), data)
    assert response.status_code == 302, form_errors(response)
    assert client.get(sync_url(item)).status_code == 200
    sync(client, item)
    after = form_values(type(translated).objects.get(pk=translated.pk))
    assert after[name] == "Jauns nosaukums"
    assert {field for field in before if before[field] != after[field]} == {name}
    assert untranslated_paths(item) == [name]


# --- Themes: one tag for both languages --------------------------------------------------


def test_themes_create_and_edit(client, editor):
    data = {"name": "Jauna tēma", "name_en": "A new theme", "slug": "jauna-tema"}
    response = client.post(url(Theme, "add"), data)
    assert response.status_code == 302, form_errors(response)
    theme = Theme.objects.get(slug="jauna-tema")
    assert theme.label_for("en") == "A new theme" and theme.label_for("lv") == "Jauna tēma"
    before = form_values(theme)
    response = client.post(edit_url(theme), post_data(theme, name_en="A renamed theme"))
    assert response.status_code == 302, form_errors(response)
    after = form_values(Theme.objects.get(pk=theme.pk))
    assert after == before | {"name_en": "A renamed theme"}


def test_theme_without_english_label_is_rejected(client):
    """Refused in the editor's language, and the form is shown again with what was typed."""
    messages = {}
    for language in LANGUAGES:
        client.force_login(admin_user(f"theme-{language}", language=language))
        data = {"name": "Tēma bez tulkojuma", "name_en": "", "slug": "tema-bez-tulkojuma"}
        response = client.post(url(Theme, "add"), data)
        assert response.status_code == 200, "accepted"
        form = response.context["form"]
        assert form.errors.get("name_en"), form_errors(response)
        assert form["name"].value() == "Tēma bez tulkojuma"
        assert 'value="Tēma bez tulkojuma"' in html_of(response)
        with translation.override(language):  # lazy messages, read in the editor's language
            messages[language] = " ".join(str(message) for message in form.errors["name_en"])
        assert messages[language] in html_of(response)
    assert messages["lv"] != messages["en"]
    assert not Theme.objects.filter(slug="tema-bez-tulkojuma").exists()
