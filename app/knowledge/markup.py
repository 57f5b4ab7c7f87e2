"""Article bodies: Markdown to HTML that is safe to show, and the plain text behind snippets.

The HTML is sanitised with nh3 (an allow-list): no script or style element, no event
attribute, no `javascript:` or `data:` URL survives, whatever the Markdown held."""

import html
import re

import markdown
import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre",
    "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}
MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]


def to_html(body_markdown: str) -> str:
    """The body as sanitised HTML (links open no window.opener)."""
    rendered = markdown.markdown(body_markdown or "", extensions=MARKDOWN_EXTENSIONS)
    return nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def to_text(body_markdown: str) -> str:
    """The body's words without markup, for the index and for snippets."""
    text = nh3.clean(to_html(body_markdown), tags=set())
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
