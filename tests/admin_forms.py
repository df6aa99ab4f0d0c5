"""POST data for the admin's edit forms, built from a page or snippet instance.

Wagtail renders StreamFields and rich text with JavaScript, so the edit view's HTML holds no
inputs for them and `querydict_from_html` cannot rebuild a submission (`KeyError: 'body-count'`).
This module writes what the browser would send, from the object itself:

- the field list is the edit form's own (`get_edit_handler().get_form_class()`), so a field
  added to a panel is covered without touching this file;
- each StreamField is walked through its block's form state (`Block.get_form_state`, the very
  data the JavaScript widgets are given): streams, lists and structs become Wagtail's
  `-count`/`-type`/`-value`/`-id` keys, rich text becomes the Draftail JSON (as
  `form_data.rich_text` makes it), choosers become ids; block ids are kept, so that
  wagtail-localize's segments stay where they were;
- RichTextFields become `form_data.rich_text(html)`;
- inline panels (challenge_links, roadmap_step_links, lag_links, comments) become
  `form_data.inline_formset` data, existing rows first with their ids;
- the other fields go through their own widget (`format_value`): dates as the date input
  shows them, decimals, choices, chooser ids, tags as taggit's comma-separated names.

`post_data(obj, title="…")` gives the data to post back unchanged but for the keyword
arguments (nested names such as `"body-0-value"` go in through `changes={…}`).
"""

import json
import re
from urllib.parse import urlencode

from django import forms
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.db.models import ForeignKey
from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape
from modelcluster.models import get_all_child_relations
from wagtail import blocks
from wagtail.blocks.base import BlockField
from wagtail.coreutils import get_dummy_request
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, Site, TranslatableMixin
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation, TranslationSource

from knowledge.content.richtext import as_the_editor_saves, block_in_editor_shape

__all__ = [
    "AdminCase",
    "admin_user",
    "edit_form",
    "edit_form_class",
    "form_values",
    "post_data",
    "richest",
    "stream_data",
]


def edit_form_class(model_or_instance):
    """The admin's edit form class for a page type or a snippet model."""
    model = model_or_instance if isinstance(model_or_instance, type) else type(model_or_instance)
    if issubclass(model, Page):
        return model.get_edit_handler().get_form_class()
    return model.snippet_viewset.get_edit_handler().get_form_class()


def edit_form(instance, *, user=None, parent=None):
    """The unbound edit form of `instance` (saved or not), as the admin builds it."""
    form_class = edit_form_class(instance)
    kwargs = {"instance": instance, "for_user": user}
    if isinstance(instance, Page):
        kwargs["parent_page"] = parent or (instance.get_parent() if instance.pk else None)
    return form_class(**kwargs)


# --- StreamField blocks ------------------------------------------------------------------


def _block_data(block, state, prefix, out, keep_ids=True):
    """Flatten one block's form state into POST keys under `prefix`, as Wagtail's JS does
    (without the block ids when `keep_ids` is false: a new page's blocks get new ones)."""
    if isinstance(block, blocks.StreamBlock):
        state = state or []
        out[f"{prefix}-count"] = str(len(state))
        for index, child in enumerate(state):
            out[f"{prefix}-{index}-type"] = child["type"]
            out[f"{prefix}-{index}-id"] = (keep_ids and child.get("id")) or ""
            out[f"{prefix}-{index}-deleted"] = ""
            out[f"{prefix}-{index}-order"] = str(index)
            _block_data(
                block.child_blocks[child["type"]],
                child["value"],
                f"{prefix}-{index}-value",
                out,
                keep_ids,
            )
    elif isinstance(block, blocks.ListBlock):
        state = state or []
        out[f"{prefix}-count"] = str(len(state))
        for index, child in enumerate(state):
            # ListBlock's state is [{"value", "id"}] since Wagtail 2.16; plain values before.
            if isinstance(child, dict) and set(child) == {"value", "id"}:
                value, block_id = child["value"], child["id"]
            else:
                value, block_id = child, None
            out[f"{prefix}-{index}-id"] = (keep_ids and block_id) or ""
            out[f"{prefix}-{index}-deleted"] = ""
            out[f"{prefix}-{index}-order"] = str(index)
            _block_data(block.child_block, value, f"{prefix}-{index}-value", out, keep_ids)
    elif isinstance(block, blocks.StructBlock):  # ImageBlock too: image, alt_text, decorative
        state = state or {}
        for name, child_block in block.child_blocks.items():
            _block_data(child_block, state.get(name), f"{prefix}-{name}", out, keep_ids)
    elif isinstance(block, blocks.BooleanBlock):
        if state:
            out[prefix] = "on"
    elif isinstance(block, blocks.ChooserBlock | blocks.PageChooserBlock):
        out[prefix] = "" if not state else str(state["id"])
    elif isinstance(block, blocks.MultipleChoiceBlock):
        out[prefix] = [str(item) for item in state or []]
    elif isinstance(block, blocks.StaticBlock):
        pass
    else:  # FieldBlock: its state is what its widget shows (Draftail JSON for rich text)
        out[prefix] = "" if state is None else state
    return out


def stream_data(block, value, prefix, keep_ids=True):
    """POST keys for a StreamField (or any block) value under the field name `prefix`."""
    return _block_data(block, block.get_form_state(value), prefix, {}, keep_ids)


# --- Plain form fields -------------------------------------------------------------------


def _field_data(form, name, keep_ids=True):
    field = form.fields[name]
    value = form[name].value()
    widget = field.widget
    if isinstance(field, BlockField):
        return stream_data(field.block, value, name, keep_ids)
    model_field = _model_field(form, name)
    if isinstance(model_field, RichTextField):
        return {name: rich_text(value or "", features=model_field.features)}
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on"} if value else {}
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.SelectMultiple):
        return {name: [str(item) for item in field.prepare_value(value) or []]}
    if isinstance(widget, forms.Select | forms.RadioSelect):
        return {name: "" if value is None else str(field.prepare_value(value))}
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        return {
            f"{name}{suffix}": "" if part is None else str(part)
            for suffix, part in zip(widget.widgets_names, parts, strict=True)
        }
    formatted = widget.format_value(field.prepare_value(value))
    return {name: "" if formatted is None else str(formatted)}


def _model_field(form, name):
    try:
        return form._meta.model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a form-only field
        return None


def _form_data(form, keep_ids=True):
    """The flat POST data of a (model) form and its child formsets, from its initial values."""
    data = {}
    for name in form.fields:
        if name == "id" and not keep_ids:
            data[name] = ""
            continue
        data.update(_field_data(form, name, keep_ids))
    for name, formset in getattr(form, "formsets", {}).items():
        data.update(_formset_data(formset, name, keep_ids))
    return data


def _formset_data(formset, prefix, keep_ids=True):
    existing = [child for child in formset.forms if keep_ids and child.instance.pk is not None]
    new = [child for child in formset.forms if child not in existing]
    items = []
    for child in existing + new:
        row = {
            key: value
            for key, value in _form_data(child, keep_ids).items()
            if key not in ("ORDER", "DELETE")
        }
        items.append(row)
    return nested_form_data({prefix: inline_formset(items, initial=len(existing))})


def post_data(instance, *, user=None, parent=None, as_new=False, changes=None, **fields):
    """What the admin's edit form posts for `instance`, changed by `fields` (form field names:
    values as a browser sends them) and `changes` (any POST keys).

    With `as_new`, what the create form posts for a copy of it: no ids of inline rows or
    blocks (`parent` is the page it goes under)."""
    data = _form_data(edit_form(instance, user=user, parent=parent), keep_ids=not as_new)
    data.update({name: _posted(value) for name, value in fields.items()})
    data.update(changes or {})
    return data


def _posted(value):
    return value if isinstance(value, str | list | dict) else str(value)


def _without_ids(value):
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items() if key != "id"}
    return value


def form_values(instance, *, user=None, block_ids=True, links_by_key=False):
    """Every edit-form field of `instance` as comparable data: StreamFields as their stored
    data (with block ids unless `block_ids` is false), rich text as the editor saves it,
    relations as ids, inline panels as lists of their rows' values (the linked objects'
    translation keys with `links_by_key`)."""
    form = edit_form(instance, user=user)
    values = {}
    for name, field in form.fields.items():
        if name in ("comment_notifications",):
            continue
        value = form[name].value()
        if isinstance(field, BlockField):
            prep = field.block.get_prep_value(value) if value is not None else []
            value = block_in_editor_shape(field.block, list(prep))
            if not block_ids:
                value = _without_ids(value)
        elif isinstance(_model_field(form, name), RichTextField):
            value = as_the_editor_saves(value, field.widget.converter)
        elif isinstance(value, list | tuple):
            value = sorted(str(getattr(item, "pk", item)) for item in value)
        values[name] = value
    for name, formset in getattr(form, "formsets", {}).items():
        if name == "comments":
            continue
        values[name] = [
            {
                key: _link(child.fields[key], child[key].value(), links_by_key)
                for key in child.fields
                if key not in ("id", "ORDER", "DELETE")
            }
            for child in formset.forms
        ]
    if links_by_key:
        values = _page_links_by_key(values, dict(Page.objects.values_list("pk", "translation_key")))
    return values


PAGE_LINK = re.compile(r'(<a [^>]*linktype="page" [^>]*id=")(\d+)(")')


def _page_links_by_key(value, keys):
    """Rich text links to pages by the linked page's translation key: Wagtail shows the reader
    the page in the reader's language whichever translation the link names."""
    if isinstance(value, list):
        return [_page_links_by_key(item, keys) for item in value]
    if isinstance(value, dict):
        return {name: _page_links_by_key(item, keys) for name, item in value.items()}
    if isinstance(value, str) and "linktype" in value:
        return PAGE_LINK.sub(lambda m: f"{m[1]}{keys.get(int(m[2]), m[2])}{m[3]}", value)
    return value


def _link(field, value, by_key):
    """A chosen object's id, or, `by_key`, its translation key: an inline link may point at the
    Latvian object from an English page (wagtail-localize copies synchronised links as they
    are) and the reader is shown the object of the page's language."""
    model = getattr(getattr(field, "queryset", None), "model", None)
    if by_key and value and model is not None and issubclass(model, TranslatableMixin):
        return str(model.objects.get(pk=value).translation_key)
    return value


# --- Signing in, and the pages to work on ------------------------------------------------


def admin_user(username="admin", *, language="en"):
    """A superuser whose admin speaks `language` (their profile's preferred language)."""
    user = get_user_model().objects.create_superuser(username, f"{username}@example.com", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def committed():
    """Run what a request leaves for after its transaction commits, as a real request's
    commit does: the tests run inside one transaction, where it would never come, and
    wagtail-localize publishes translated pages that way."""
    return TestCase.captureOnCommitCallbacks(execute=True)


class AdminCase(WagtailPageTestCase):
    """Wagtail's page assertions (`assertCanCreate`, `assertPageIsEditable`,
    `assertPageIsPreviewable`, …) for pytest tests: bound to pytest-django's client and
    signed in as `user` again after each assertion (Wagtail's sign the client out)."""

    __test__ = False  # a tool, not a test case of its own

    def __init__(self, client, user):
        super().__init__("runTest")
        self.client = client
        self.user = user
        self.dummy_request = get_dummy_request()
        client.force_login(user)

    def runTest(self):  # noqa: N802 - unittest's name
        pass

    def assertCanCreate(self, parent, child_model, data, msg=None, publish=True):  # noqa: N802
        with committed():
            super().assertCanCreate(parent, child_model, data, msg, publish)

    def assertPageIsEditable(self, page, post_data=None, user=None, msg=None):  # noqa: N802
        try:
            with committed():
                super().assertPageIsEditable(page, post_data, user or self.user, msg)
        finally:
            self.client.force_login(self.user)

    def assertPageIsPreviewable(self, page, mode="", post_data=None, user=None, msg=None):  # noqa: N802
        try:
            super().assertPageIsPreviewable(page, mode, post_data, user or self.user, msg)
        finally:
            self.client.force_login(self.user)


def _link_names(model):
    """The page type's own relations an editor fills in: inline panels and optional links."""
    names = [
        relation.get_accessor_name()
        for relation in get_all_child_relations(model)
        if relation.related_model._meta.app_label == model._meta.app_label
    ]
    names += [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, ForeignKey)
        and field.null
        and field.model is model
        and field.related_model._meta.app_label == model._meta.app_label
    ]
    return names


def richest(model, language):
    """A live page of `model` in `language` with as many kinds of related items (inline links,
    LAG, …) as one page of the loaded content has; the first by tree order among those."""
    pages = model.objects.live().filter(locale__language_code=language).order_by("path")
    for name in _link_names(model):
        narrower = pages.filter(**{f"{name}__isnull": False}).distinct()
        if narrower.exists():
            pages = narrower
    return pages.first()


# --- The admin's page views --------------------------------------------------------------


def latest_revision(page):
    """The page's newest revision, read afresh (a page object in memory keeps the old one)."""
    return page.revisions.order_by("-created_at", "-pk").first()


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(model, parent, language=None):
    url = reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )
    return f"{url}?locale={language}" if language else url


def preview_on_add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:preview_on_add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


def preview_on_edit_url(page):
    return reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])


def html_of(response):
    return response.content.decode()


def shown(text, html):
    """Whether `text` is in the HTML as a template prints it (escaped or not)."""
    return escape(text) in html or text in html


def form_errors(response):
    """The errors of the form a view re-showed (none when it redirected)."""
    if response.context is None or "form" not in response.context:
        return {}
    form = response.context["form"]
    errors = {name: [str(error) for error in found] for name, found in form.errors.items()}
    for name, formset in getattr(form, "formsets", {}).items():
        if formset.total_error_count():
            errors[name] = [str(formset.errors), str(formset.non_form_errors())]
    return errors


def preview(client, url, data):
    """The admin's preview: post the form, then read the page the preview panel shows."""
    response = client.post(url, data)
    assert response.status_code == 200
    assert json.loads(response.content) == {"is_valid": True, "is_available": True}, (
        response.content
    )
    response = client.get(url)
    assert response.status_code == 200
    return html_of(response)


def fresh_home(language):
    """A new home page at the root, a copy of the site's home page in `language` without its
    children: a parent for page types that allow one page per parent."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    home = home.get_translation(Locale.objects.get(language_code=language))
    return home.copy(
        to=Page.get_first_root_node(),
        recursive=False,
        update_attrs={"slug": f"testa-sakums-{language}", "title": f"Testa sākums {language}"},
        keep_live=True,
        copy_revisions=False,
        log_action=None,
    )


def creation_parent(model, sample):
    """Where a new page like `sample` goes: beside it, or, where the type allows only one there,
    under a new home page."""
    parent = sample.get_parent().specific
    if model.can_create_at(parent):
        return parent
    home = fresh_home(sample.locale.language_code)
    if model.can_create_at(home):
        return home
    # A type that lives only under another (the story form under the story index): a copy of
    # that parent, without its children, under the new home page.
    copy = parent.copy(
        recursive=False, to=home, update_attrs={"slug": f"{parent.slug}-admin-test"}
    ).specific
    return copy


def create_page(client, model, parent, data, language):
    """Post the create form (publishing), as assertCanCreate does, with the page's locale for a
    page at the root (where Wagtail takes it from `?locale=`)."""
    data = {**data, "action-publish": "action-publish"}
    with committed():
        response = client.post(
            add_url(model, parent, language if parent.is_root() else None), data, follow=True
        )
    assert response.status_code == 200
    assert response.redirect_chain, f"not created: {form_errors(response)}"
    return model.objects.get(slug=data["slug"], locale__language_code=language)


def publish_edit(client, page, **fields):
    """Change `page` in Wagtail's edit form and publish it; the page as saved."""
    data = post_data(page, **fields)
    data["action-publish"] = "action-publish"
    with committed():
        response = client.post(edit_url(page), data)
    assert response.status_code == 302, form_errors(response)
    return type(page).objects.get(pk=page.pk)


# --- wagtail-localize's views ------------------------------------------------------------


def admin_edit_url(obj):
    """The admin's edit view of a page or a snippet (for a translation: the translation
    editor)."""
    if isinstance(obj, Page):
        return edit_url(obj)
    return reverse(obj.snippet_viewset.get_url_name("edit"), args=[quote(obj.pk)])


def submit_translation_url(obj):
    """wagtail-localize's "Translate this page" (or "Translate" for a snippet)."""
    if isinstance(obj, Page):
        return reverse("wagtail_localize:submit_page_translation", args=[obj.pk])
    meta = obj._meta
    return reverse(
        "wagtail_localize:submit_snippet_translation",
        args=[meta.app_label, meta.model_name, quote(obj.pk)],
    )


def sync_url(obj):
    """wagtail-localize's "Sync translated pages" for a source page or snippet."""
    source = TranslationSource.objects.get_for_instance(obj)
    return reverse("wagtail_localize:update_translations", args=[source.pk])


def translation_of(obj):
    """The wagtail-localize Translation whose target is `obj`."""
    return Translation.objects.get(source__object_id=obj.translation_key, target_locale=obj.locale)


def submit_translation(client, obj, language="en"):
    """Translate `obj` into `language` as an editor does; the translated object."""
    locale = Locale.objects.get(language_code=language)
    with committed():
        response = client.post(submit_translation_url(obj), {"locales": [locale.pk]})
    assert response.status_code == 302, form_errors(response)
    return type(obj).objects.get(translation_key=obj.translation_key, locale=locale)


def sync(client, obj, *, publish=True):
    """ "Sync translated pages" for `obj`, publishing the translations (or not)."""
    data = {"publish_translations": "on"} if publish else {}
    with committed():
        response = client.post(sync_url(obj), data)
    assert response.status_code == 302, form_errors(response)


def translation_editor(client, obj):
    """The translation editor of `obj` (an English translation): its props, as the React app
    reads them."""
    response = client.get(admin_edit_url(obj))
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in response.templates]
    return json.loads(response.context["props"])


def translate_string(client, props, path, text):
    """Type `text` as the translation of the string segment at `path` (say "intro" or
    "title"), as the translation editor saves it (a PUT per segment)."""
    [segment] = [
        segment
        for segment in props["segments"]
        if segment["type"] == "string" and segment["contentPath"] == path
    ]
    response = client.put(
        segment["editUrl"], urlencode({"value": text}), content_type=FORM_CONTENT_TYPE
    )
    assert response.status_code in (200, 201), response.content


FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def publish_translation(client, obj):
    """The translation editor's "Publish" button."""
    with committed():
        response = client.post(admin_edit_url(obj), {"action": "publish"})
    assert response.status_code == 302
    return type(obj).objects.get(pk=obj.pk)
