"""What the pages of one API response refer to, looked up once for all of them: translations,
linked pages and documents, snippets chosen in streams, images with their renditions; and rich
text and streams rendered from the stored values with those lookups.

A listing therefore costs the same number of queries whatever its page size."""

from collections import defaultdict

from django.conf import settings
from django.utils.functional import cached_property
from django.utils.html import escape
from wagtail import blocks
from wagtail.api.utils import get_full_url
from wagtail.api.v2.utils import get_object_detail_url
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.models import Page, TranslatableMixin
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter
from wagtail.snippets.blocks import SnippetChooserBlock

from search.public import is_public_page, public, public_pages

# The card's spec is the story cards' shape; `large` is the one the story page itself shows.
RENDITIONS = {"card": "fill-480x320", "large": "width-960"}

_LOOKED_UP_BLOCKS = (
    blocks.RichTextBlock,
    ImageBlock,
    ImageChooserBlock,
    DocumentChooserBlock,
    SnippetChooserBlock,
)


def _as_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _list_item(item):
    # A list item is stored as {"type": "item", "value": …, "id": …}, or bare in older data.
    return item["value"] if isinstance(item, dict) and {"id", "value"} <= item.keys() else item


def _walk(block, raw, leaf):
    """The API representation of a block's stored (raw) value.

    Working from the stored value, not from Wagtail's StreamValue, keeps chooser blocks from
    fetching their objects page by page: `leaf` answers for the blocks whose value needs a
    lookup (rich text, images, documents, snippets) from what was fetched for the whole
    response."""
    if isinstance(block, _LOOKED_UP_BLOCKS):
        return leaf(block, raw)
    if isinstance(block, blocks.StreamBlock):
        return [
            {
                "type": child["type"],
                "value": _walk(block.child_blocks[child["type"]], child.get("value"), leaf),
                "id": child.get("id"),
            }
            for child in raw or ()
            if isinstance(child, dict) and child.get("type") in block.child_blocks
        ]
    if isinstance(block, blocks.ListBlock):
        return [_walk(block.child_block, _list_item(item), leaf) for item in raw or ()]
    if isinstance(block, blocks.StructBlock):
        raw = raw if isinstance(raw, dict) else {}
        return {
            name: _walk(child, raw[name], leaf)
            if name in raw
            else child.get_api_representation(child.get_default())
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.ChooserBlock):
        return raw  # other choosers: the object's id, as Wagtail gives it
    return block.get_api_representation(block.to_python(raw))


def _rich_fields(page):
    """The page's stream and rich text fields, as (field, stored value) pairs; a field the
    listing left unread (not asked for: knowledge/api/views.py) is not shown, so not read."""
    deferred = page.get_deferred_fields()
    for field in type(page)._meta.concrete_fields:
        if field.attname in deferred:
            continue
        if isinstance(field, StreamField):
            yield field, getattr(page, field.attname).get_prep_value()
        elif isinstance(field, RichTextField):
            yield field, getattr(page, field.attname) or ""


def _image_fields(page):
    image_model = get_image_model()
    for field in type(page)._meta.concrete_fields:
        if field.is_relation and field.related_model is image_model:
            yield field


def _link(url):
    return f'<a href="{escape(url)}">' if url else "<a>"


def _tag(attrs):
    return "<a{}>".format("".join(f' {name}="{escape(value)}"' for name, value in attrs.items()))


class _APILinkRewriter(LinkRewriter):
    """Also finds links to this site's own paths ("/en/…"), which would lead nowhere on the
    partner's site unless they carry this site's address."""

    def get_tag_type_from_attrs(self, attrs):
        href = attrs.get("href", "")
        if "linktype" not in attrs and href.startswith("/") and not href.startswith("//"):
            return "site"
        return super().get_tag_type_from_attrs(attrs)


class ResponsePages:
    """The pages of one API response, and what their fields need, each looked up once and only
    when a field asks for it."""

    def __init__(self, pages, request, router):
        self.pages = list(pages)
        self.request = request
        self.router = router

    # Translations

    @cached_property
    def _translations(self):
        found = defaultdict(list)
        pages = (
            public_pages()
            .filter(translation_key__in={page.translation_key for page in self.pages})
            .select_related("locale")
            .order_by("locale__language_code")
        )
        for page in pages:
            found[page.translation_key].append(page)
        return found

    def translations_of(self, page):
        """{language code: {id, detail_url, html_url}} of the page's live, public translations."""
        return {
            other.locale.language_code: {
                "id": other.pk,
                "detail_url": get_object_detail_url(self.router, self.request, Page, other.pk),
                "html_url": other.get_full_url(self.request),
            }
            for other in self._translations.get(page.translation_key, ())
            if other.pk != page.pk
        }

    def translation_outdated(self, page):
        if page.locale.language_code == settings.LANGUAGE_CODE or not page.last_published_at:
            return False
        return any(
            other.locale.language_code == settings.LANGUAGE_CODE
            and other.last_published_at
            and other.last_published_at > page.last_published_at
            for other in self._translations.get(page.translation_key, ())
        )

    def translations_published_at(self, page):
        return [
            other.last_published_at
            for other in self._translations.get(page.translation_key, ())
            if other.last_published_at
        ]

    # What the stored content refers to

    @cached_property
    def _references(self):
        found = {"page": set(), "document": set(), "image": set()}
        snippets = defaultdict(set)

        def note(block, raw):
            if isinstance(block, blocks.RichTextBlock):
                self._note_links(raw or "", found)
            elif isinstance(block, DocumentChooserBlock):
                found["document"].add(_as_id(raw))
            elif isinstance(block, SnippetChooserBlock):
                snippets[block.target_model].add(_as_id(raw))
            else:
                found["image"].add(self._image_of(block, raw)[0])

        for page in self.pages:
            for field, stored in _rich_fields(page):
                if isinstance(field, StreamField):
                    _walk(field.stream_block, stored, note)
                else:
                    self._note_links(stored, found)
            for field in _image_fields(page):
                found["image"].add(getattr(page, field.attname))
        found = {kind: ids - {None} for kind, ids in found.items()}
        found["snippet"] = {model: ids - {None} for model, ids in snippets.items()}
        return found

    @staticmethod
    def _note_links(html, found):
        for linktype, tags in LinkRewriter().extract_tags(html).items():
            if linktype in ("page", "document"):
                found[linktype].update(_as_id(tag.attrs.get("id")) for tag in tags)

    @staticmethod
    def _image_of(block, raw):
        """(image id, alt text or None for the image's own) of an image block's stored value."""
        if isinstance(block, ImageBlock) and isinstance(raw, dict):
            alt = "" if raw.get("decorative") else raw.get("alt_text") or None
            return _as_id(raw.get("image")), alt
        return _as_id(raw), None

    # Pages and documents that rich text links to

    @cached_property
    def _linked_pages(self):
        """Absolute addresses of linked pages: by (translation key, locale), and by id."""
        ids = self._references["page"]
        if not ids:
            return {}, {}, {}
        # One query: every page sharing a translation key with a linked page, marked public
        # or not (the linked page's key is needed even when only a translation is public).
        linked = Page.objects.filter(pk__in=ids).values("translation_key")
        pages = Page.objects.filter(translation_key__in=linked).annotate(readable=is_public_page())
        keys, by_key, by_id = {}, {}, {}
        for page in pages.select_related("locale"):
            keys[page.pk] = page.translation_key
            if not page.readable:
                continue
            url = page.get_full_url(self.request)
            by_key[page.translation_key, page.locale_id] = url
            if page.pk in ids:
                by_id[page.pk] = url
        return keys, by_key, by_id

    def page_url(self, page_id, locale_id):
        """The linked page in the language of `locale_id` when it has a live, public translation
        there, else the linked page itself if it is live and public, else None."""
        keys, by_key, by_id = self._linked_pages
        return by_key.get((keys.get(page_id), locale_id)) or by_id.get(page_id)

    @cached_property
    def _documents(self):
        ids = self._references["document"]
        if not ids:
            return {}
        return {doc.pk: doc for doc in get_document_model().objects.filter(pk__in=ids)}

    def document(self, document_id):
        document = self._documents.get(_as_id(document_id))
        if document is None:
            return None
        return {
            "id": document.pk,
            "title": document.title,
            "url": get_full_url(self.request, document.url),
        }

    def html(self, source, locale_id):
        """Stored rich text as HTML: page and document links resolved to absolute addresses
        (a page in the language of `locale_id` where it has one), links to this site's paths
        made absolute, links to anything not public left without an address, embeds dropped."""

        def pages(attrs_list):
            return [_link(self.page_url(_as_id(a.get("id")), locale_id)) for a in attrs_list]

        def documents(attrs_list):
            found = [self.document(a.get("id")) for a in attrs_list]
            return [_link(doc and doc["url"]) for doc in found]

        def site(attrs_list):
            return [_tag({**a, "href": get_full_url(self.request, a["href"])}) for a in attrs_list]

        rules = {"page": pages, "document": documents, "site": site}
        return MultiRuleRewriter([_APILinkRewriter(bulk_rules=rules), EmbedRewriter()])(source)

    # Snippets chosen in streams (a page's sources)

    @cached_property
    def _snippets(self):
        """By model: the chosen snippets by id, and their translations by (key, locale)."""
        found = {}
        locales = {page.locale_id for page in self.pages}
        for model, ids in self._references["snippet"].items():
            chosen = {item.pk: item for item in model.objects.filter(pk__in=ids)}
            translated = {}
            if issubclass(model, TranslatableMixin):
                keys = {item.translation_key for item in chosen.values()}
                translations = public(
                    model.objects.filter(translation_key__in=keys, locale_id__in=locales)
                )
                translated = {(item.translation_key, item.locale_id): item for item in translations}
            found[model] = chosen, translated
        return found

    def snippet(self, model, snippet_id, locale_id):
        """The chosen snippet in the page's language where it has a translation, as the
        snippet's listing page shows it; None when it no longer exists or was never published."""
        chosen, translated = self._snippets.get(model, ({}, {}))
        item = chosen.get(_as_id(snippet_id))
        if item is None:
            return None
        item = translated.get((getattr(item, "translation_key", None), locale_id), item)
        if getattr(item, "live", True) is False:  # a snippet never published
            return None
        data = item.as_api_dict() if hasattr(item, "as_api_dict") else {"title": str(item)}
        return {"id": item.pk, **data}

    # Images

    @cached_property
    def _images(self):
        ids = self._references["image"]
        if not ids:
            return {}
        images = (
            get_image_model().objects.filter(pk__in=ids).prefetch_renditions(*RENDITIONS.values())
        )
        return {image.pk: image for image in images}

    def image(self, image_id, alt=None):
        """The image with its alt text and renditions, or None when there is none."""
        image = self._images.get(image_id)
        if image is None:
            return None
        try:
            renditions = image.get_renditions(*RENDITIONS.values())
        except OSError:  # the original file is missing: the image is still described
            renditions = {}
        return {
            "id": image.pk,
            "alt": image.default_alt_text if alt is None else alt,
            "width": image.width,
            "height": image.height,
            "renditions": {
                name: self._rendition(renditions.get(spec)) for name, spec in RENDITIONS.items()
            },
        }

    def _rendition(self, rendition):
        if rendition is None:
            return None
        return {
            "url": get_full_url(self.request, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        }

    # Streams

    def stream(self, block, stored, locale_id):
        def leaf(child, raw):
            if isinstance(child, blocks.RichTextBlock):
                return self.html(raw or "", locale_id)
            if isinstance(child, DocumentChooserBlock):
                return self.document(raw)
            if isinstance(child, SnippetChooserBlock):
                return self.snippet(child.target_model, raw, locale_id)
            return self.image(*self._image_of(child, raw))

        return _walk(block, stored, leaf)
