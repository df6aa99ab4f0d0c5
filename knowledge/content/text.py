"""What the loader makes of a file's Markdown: rich text with the site's links resolved in the
page's language, a body split into blocks at its headings, and the documents named by tools."""

import hashlib

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from knowledge.core.content import block_id
from knowledge.guide.models import GlossaryPage

from .files import ContentError
from .markdown import markdown_to_html, split_body, to_wagtail_html


class PageTextBuilder:
    """The text-making part of the loader (`page_objects` and `root` are the loader's)."""

    def resolve_link(self, lang):
        def resolve(kind, key, anchor):
            if kind == "page":
                page = self.page_objects[(key, lang)]
                if anchor:
                    return f'<a href="{self.page_path(page)}{anchor}"'
                return f'<a linktype="page" id="{page.pk}"'
            glossary = next(
                p
                for (k, lg), p in self.page_objects.items()
                if lg == lang and isinstance(p, GlossaryPage)
            )
            return f'<a href="{self.page_path(glossary)}#{key}"'

        return resolve

    def page_path(self, page):
        home = self.page_objects[("home", page.locale.language_code)]
        relative = page.url_path[len(home.url_path) :]
        return f"/{page.locale.language_code}/{relative}"

    def rich_text(self, text, lang, draft):
        if draft:
            return "<p>…</p>"
        return to_wagtail_html(markdown_to_html(text), self.resolve_link(lang))

    def body_blocks(self, item, lang, field_name, draft):
        text = item.checked.get(field_name, {}).get(lang, "")
        if draft or not text:
            return []
        blocks = []
        for index, (kind, chunk) in enumerate(split_body(text)):
            bid = block_id(item.key, field_name, index)
            if kind == "heading":
                blocks.append({"type": "heading", "value": chunk, "id": bid})
            elif kind == "quote":
                lines = chunk.splitlines()
                attribution = ""
                if len(lines) > 1 and lines[-1].lstrip().startswith(("—", "--")):
                    attribution = lines.pop().lstrip("—- ").strip()
                html = markdown_to_html("\n".join(lines))
                plain = html.replace("<p>", "").replace("</p>", "\n").strip()
                plain = plain.replace("<strong>", "").replace("</strong>", "")
                plain = plain.replace("<em>", "").replace("</em>", "")
                blocks.append(
                    {
                        "type": "quote",
                        "id": bid,
                        "value": {"text": plain, "attribution": attribution},
                    }
                )
            else:
                html = to_wagtail_html(markdown_to_html(chunk), self.resolve_link(lang))
                blocks.append({"type": "paragraph", "value": html, "id": bid})
        return blocks

    def document_for(self, path_text, title):
        path = self.root / path_text
        if not path.is_file():
            raise ContentError(path_text, 1, f"the file {path_text} named by a tool is missing")
        data = path.read_bytes()
        file_hash = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's own file_hash
        Document = get_document_model()
        document = Document.objects.filter(title=title, file_hash=file_hash).first()
        if document is None:
            document = Document(title=title, file_hash=file_hash, file_size=len(data))
            document.file.save(path.name, ContentFile(data), save=False)
            document.save()
        return document
