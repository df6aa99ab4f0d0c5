"""Building pages and snippets from the checked content, in one transaction."""

import hashlib
import json
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import TranslationSource

from knowledge.core.content import LANGUAGES, NAMESPACE, block_id, localised
from knowledge.guide.models import reindex_once
from knowledge.stories.themes import Theme

from .files import ContentError
from .markdown import check_links
from .models import LoadedContent
from .richtext import in_editor_shape
from .schema import PAGE_MAPPINGS, SNIPPET_MAPPINGS, read_content
from .text import PageTextBuilder
from .translations import Alignment, record_translation

LOADER_VERSION = "1"


def translation_key(kind, key):
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


def digest(value):
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{LOADER_VERSION}:{text}".encode()).hexdigest()


@contextmanager
def refused_as_content_error(item, lang, values):
    """A page the database refuses (a slug already used under the same parent by a page an
    editor made, for instance) is the content file's error: it names the file, the line of the
    field and its value, and the whole run is rolled back, instead of a raw traceback. The
    database's words are in English, like the loader's own."""
    try:
        with translation.override("en"):
            yield
    except ValidationError as error:
        problems = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        name, messages = next(iter(problems.items()))
        field_name = name if name in item.data else "key"
        value = values.get(name)
        what = f"{lang} {name} {value!r}" if name in values else f"{lang} page"
        message = f"{what}: {' '.join(text.rstrip('.') for text in messages)}"
        raise ContentError(item.path, item.line(field_name), message) from None


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    unchanged: int = 0
    alignment: Alignment = field(default_factory=Alignment)

    @property
    def changed(self):
        return bool(self.created or self.updated)


class ContentLoader(PageTextBuilder):
    """`load_content`: reads the files, then writes everything or nothing."""

    def __init__(self, root, *, overwrite=False):
        self.root = Path(root)
        self.overwrite = overwrite
        self.report = Report()
        # (kind, key) of the items written in this run, in either language.
        self.written = set()

    def run(self):
        self.pages, self.snippets, self.themes = read_content(self.root)
        terms = self.snippets.get("glossary", {})
        for item in self.pages.values():
            for name, value in item.checked.items():
                if name in ("body", "what_to_do", "who_to_involve"):
                    for lang in LANGUAGES:
                        check_links(item, name, value[lang], self.pages, terms)
        with reindex_once(), transaction.atomic():
            self.locales = {
                lang: Locale.objects.get_or_create(language_code=lang)[0] for lang in LANGUAGES
            }
            self.states = {
                (s.object_type, s.translation_key, s.language_code): s
                for s in LoadedContent.objects.all()
            }
            self.load_themes()
            self.objects = {}
            for kind in SNIPPET_MAPPINGS:
                for item in self.snippets.get(kind, {}).values():
                    self.load_snippet(item)
            self.load_pages()
            self.record_translations()
        return self.report

    # Themes and snippets -----------------------------------------------------------------

    def load_themes(self):
        self.theme_objects = {}
        for key, entry in self.themes.items():
            theme, created = Theme.objects.get_or_create(
                slug=key, defaults={"name": entry["lv"], "name_en": entry["en"]}
            )
            if created:
                self.report.created.append(f"theme {key}")
            elif (theme.name, theme.name_en) != (entry["lv"], entry["en"]):
                theme.name, theme.name_en = entry["lv"], entry["en"]
                theme.save()
                self.report.updated.append(f"theme {key}")
            self.theme_objects[key] = theme

    @staticmethod
    def snippet_state(obj, values):
        state = {}
        for name in values:
            value = getattr(obj, name)
            if hasattr(value, "raw_data"):
                value = list(value.raw_data)
            state[name] = value
        return digest(state)

    def load_snippet(self, item):
        mapping = SNIPPET_MAPPINGS[item.kind]
        model = mapping.model
        tkey = translation_key(item.kind, item.key)
        for lang in LANGUAGES:
            values = in_editor_shape(model, mapping.values(self, item, lang))
            values["slug"] = item.key
            locale = self.locales[lang]
            obj = model.objects.filter(translation_key=tkey, locale=locale).first()
            state_key = (item.kind, tkey, lang)
            state = self.states.get(state_key)
            source_digest = digest(values)
            label = f"{item.path} [{lang}]"
            if obj is None:
                obj = model(translation_key=tkey, locale=locale, **values)
                obj.save()
                self.publish_snippet(obj)
                self.report.created.append(label)
                self.written.add((item.kind, item.key))
            else:
                # An editor's change: published (the row differs from what was loaded), a
                # draft waiting (has_unpublished_changes), or the snippet taken offline.
                edited = (
                    state is None
                    or self.snippet_state(obj, values) != state.state_digest
                    or obj.has_unpublished_changes
                    or not obj.live
                )
                if state and not edited and state.source_digest == source_digest:
                    self.report.unchanged += 1
                    self.objects[(item.kind, item.key, lang)] = obj
                    continue
                if edited and not self.overwrite:
                    self.report.kept.append(label)
                    self.objects[(item.kind, item.key, lang)] = obj
                    continue
                for name, value in values.items():
                    setattr(obj, name, value)
                self.publish_snippet(obj)
                self.report.updated.append(label)
                self.written.add((item.kind, item.key))
            obj.refresh_from_db()
            LoadedContent.objects.update_or_create(
                object_type=item.kind,
                translation_key=tkey,
                language_code=lang,
                defaults={
                    "source_digest": source_digest,
                    "state_digest": self.snippet_state(obj, values),
                },
            )
            self.objects[(item.kind, item.key, lang)] = obj

    @staticmethod
    def publish_snippet(obj):
        """Publish what `obj` holds now as a new revision, as an editor's "Publish" does (the
        editor's draft, if any, stays in the history)."""
        obj.save_revision(clean=False, log_action=True).publish()

    # Pages -------------------------------------------------------------------------------

    def page_order(self):
        children = {}
        for item in self.pages.values():
            children.setdefault(item.checked.get("parent"), []).append(item)
        ordered = []

        def visit(parent_key):
            kids = sorted(
                children.get(parent_key, []),
                key=lambda i: (PAGE_MAPPINGS[i.kind].priority, i.order),
            )
            for kid in kids:
                ordered.append(kid)
            for kid in kids:
                visit(kid.key)

        visit(None)
        return ordered

    def load_pages(self):
        order = self.page_order()
        self.page_objects = {}
        self.remove_welcome_page()
        # Pass 1: every page exists (a draft if new), so that links can name its id.
        for item in order:
            for lang in LANGUAGES:
                self.ensure_page(item, lang)
        self.ensure_site()
        # Pass 2: full content, relations and links; a revision only where something changed.
        for item in sorted(order, key=lambda i: (i.kind == "home",)):
            for lang in LANGUAGES:
                self.write_page(item, lang)

    def remove_welcome_page(self):
        root = Page.get_first_root_node()
        for page in root.get_children():
            if page.specific_class is Page and page.numchild == 0:
                Site.objects.filter(root_page=page).delete()
                page.delete()

    def ensure_page(self, item, lang):
        model = PAGE_MAPPINGS[item.kind].model
        tkey = translation_key("page", item.key)
        locale = self.locales[lang]
        page = model.objects.filter(translation_key=tkey, locale=locale).first()
        if page is None:
            parent_key = item.checked.get("parent")
            parent = (
                self.page_objects[(parent_key, lang)] if parent_key else Page.get_first_root_node()
            )
            values = self.page_values(item, lang, draft=True)
            page = model(translation_key=tkey, locale=locale, live=False, **values)
            with refused_as_content_error(item, lang, values):
                parent.add_child(instance=page)
            self.report.created.append(f"{item.path} [{lang}]")
            page.just_created = True
        self.page_objects[(item.key, lang)] = page

    def ensure_site(self):
        home = self.page_objects.get(("home", "lv"))
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            # The public address (absolute links in the API and feeds) comes from settings.
            address = urlsplit(settings.WAGTAILAPI_BASE_URL)
            Site.objects.create(
                hostname=address.hostname or "localhost",
                port=address.port or (443 if address.scheme == "https" else 80),
                root_page=home,
                is_default_site=True,
                site_name="Viedie ciemi",
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        Site.clear_site_root_paths_cache()

    def page_values(self, item, lang, draft=False):
        data = item.checked
        one = localised(data, lang)
        values = {
            "title": one["title"],
            "slug": one["slug"],
            "intro": one["intro"],
            # The sections (the home page's children) make the main menu.
            "show_in_menus": data.get("parent") == "home" and item.kind != "standard",
            "body": self.body_blocks(item, lang, "body", draft),
            "sources": []
            if draft
            else [
                {
                    "type": "source",
                    "id": block_id(item.key, "src", i),
                    "value": {
                        "source": self.objects[("sources", entry["source"], lang)].pk,
                        "locator": entry["locator"][lang] if entry["locator"] else "",
                    },
                }
                for i, entry in enumerate(data.get("sources", []))
            ],
        }
        values.update(PAGE_MAPPINGS[item.kind].values(self, item, lang, draft))
        return values

    def write_page(self, item, lang):
        page = self.page_objects[(item.key, lang)]
        tkey = page.translation_key
        state_key = ("page", tkey, lang)
        state = self.states.get(state_key)
        values = self.page_values(item, lang)
        mapping = PAGE_MAPPINGS[item.kind]
        relations = mapping.relations(self, item, lang)
        themes = sorted(item.checked.get("themes", [])) if "themes" in mapping.fields else None
        source_digest = digest(
            {
                "values": values,
                "relations": {
                    name: [
                        str(obj)
                        + repr(
                            sorted(
                                (k, v)
                                for k, v in vars(obj).items()
                                if k.endswith("_id") and k != "page_id"
                            )
                        )
                        for obj in objs
                    ]
                    for name, objs in relations.items()
                },
                "themes": themes,
                # Written with its rich text as the admin's editor saves it (below): pages
                # loaded before that are rewritten once, unless an editor changed them.
                "rich_text": "as the editor saves it",
            }
        )
        label = f"{item.path} [{lang}]"
        just_created = getattr(page, "just_created", False)
        if not just_created:
            edited = state is None or page.latest_revision_id != state.revision_id or not page.live
            if not edited and state.source_digest == source_digest:
                self.report.unchanged += 1
                return
            if edited and not self.overwrite:
                self.report.kept.append(label)
                return
            self.report.updated.append(label)
        # Rich text as the admin's editor saves it, so that an editor's first save changes no
        # string whose English is recorded (made only for what is written: it reads the pages
        # the text links to).
        for name, value in in_editor_shape(mapping.model, values).items():
            setattr(page, name, value)
        for name, objs in relations.items():
            setattr(page, name, objs)
        if themes is not None:
            page.themes.set([self.theme_objects[key] for key in themes])
        with refused_as_content_error(item, lang, values):
            revision = page.save_revision(log_action=True)
            revision.publish()
        self.written.add(("page", item.key))
        LoadedContent.objects.update_or_create(
            object_type="page",
            translation_key=tkey,
            language_code=lang,
            defaults={"source_digest": source_digest, "revision_id": revision.pk},
        )

    # Translations ------------------------------------------------------------------------

    def record_translations(self):
        """Each English item as the wagtail-localize translation of its Latvian one, where
        either was written now or none is recorded yet (a second run changes nothing)."""
        pairs = [
            ((kind, key), self.objects[(kind, key, "lv")], self.objects[(kind, key, "en")])
            for kind, items in self.snippets.items()
            for key in items
        ] + [
            (("page", key), self.page_objects[(key, "lv")], self.page_objects[(key, "en")])
            for key in self.pages
        ]
        recorded = set(
            TranslationSource.objects.filter(locale=self.locales["lv"]).values_list(
                "object_id", flat=True
            )
        )
        for identity, latvian, english in pairs:
            if identity in self.written or latvian.translation_key not in recorded:
                if isinstance(latvian, Page):
                    latvian, english = latvian.specific, english.specific
                record_translation(latvian, english, self.report.alignment)
