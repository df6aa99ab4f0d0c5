"""Markdown from the content files into Wagtail's rich text and body blocks."""

import re

import markdown

from .files import ContentError

LINK_RE = re.compile(r'<a href="(page|term):([a-z0-9-]+)(#[A-Za-z0-9_-]+)?"')
_md = markdown.Markdown(extensions=["sane_lists"], output_format="html")


# A Latvian sentence may open with a year ("2019. gadā…"): that is no numbered list.
_YEAR_AT_LINE_START = re.compile(r"^(\s*)(\d{4})\. ", re.M)


def markdown_to_html(text):
    _md.reset()
    return _md.convert(_YEAR_AT_LINE_START.sub(r"\1\2\\. ", text))


def to_wagtail_html(html, resolve_link, *, top_heading="h3"):
    """Wagtail's stored rich text: <b>/<i>, headings no higher than `top_heading`, links
    to pages by id and to glossary terms by address."""
    html = html.replace("<strong>", "<b>").replace("</strong>", "</b>")
    html = html.replace("<em>", "<i>").replace("</em>", "</i>")
    html = re.sub(r"<(/?)h[1-6]>", rf"<\1{top_heading}>", html)
    html = re.sub(r"<(/?)blockquote>\s*", "", html)
    html = re.sub(r"<hr\s*/?>", "", html)

    def link(match):
        return resolve_link(match.group(1), match.group(2), match.group(3) or "")

    return LINK_RE.sub(link, html).strip()


def split_body(text):
    """The Markdown of a body as ("heading", text) and ("text"|"quote", markdown) parts,
    split at `##` headings and around `>` quotations."""
    parts, buffer, mode = [], [], "text"

    def flush():
        chunk = "\n".join(buffer).strip()
        if chunk:
            parts.append((mode, chunk))
        buffer.clear()

    for line in text.splitlines():
        if line.startswith("## "):
            flush()
            mode = "text"
            parts.append(("heading", line[3:].strip()))
            continue
        is_quote = line.startswith(">")
        if is_quote != (mode == "quote") and line.strip():
            flush()
            mode = "quote" if is_quote else "text"
        buffer.append(re.sub(r"^>\s?", "", line) if is_quote else line)
    flush()
    return parts


def check_links(item, field, text, pages, terms):
    for match in re.finditer(r"\]\((page|term):([^)#\s]*)(#[^)\s]*)?\)", text):
        kind, key = match.group(1), match.group(2)
        pool = pages if kind == "page" else terms
        if key not in pool:
            line = item.line(field) + text[: match.start()].count("\n") + 1
            what = "page" if kind == "page" else "glossary term"
            raise ContentError(item.path, line, f"link to unknown {what} '{key}'")
    for match in re.finditer(r"\]\(([a-z]+):", text):
        if match.group(1) not in ("page", "term", "https", "http", "mailto"):
            line = item.line(field) + text[: match.start()].count("\n") + 1
            raise ContentError(item.path, line, f"unknown link kind '{match.group(1)}:'")
