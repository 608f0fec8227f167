"""Markup in and out: outside HTML to plain text, and verdict explanations to safe HTML.

We never render outside HTML as HTML: it becomes plain text here (nh3 drops
every tag, and the content of script and style elements), then templates
escape it like any other text. A verdict's explanation is a small Markdown
subset, rendered by markdown-it-py and sanitized by nh3.
"""

from __future__ import annotations

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_SPACE = re.compile(r"\s+")


def plain_text(fragment: str, *, limit: int | None = None) -> str:
    """``'<b>Big</b> &amp; news<script>x</script>'`` → ``'Big & news'``."""
    text = fragment if "<" not in fragment and "&" not in fragment else html.unescape(nh3.clean(fragment, tags=set()))
    text = _SPACE.sub(" ", text).strip()
    return text[:limit] if limit is not None else text


# The verdict explanation's Markdown: paragraphs and line breaks, emphasis, links, lists and
# quotes. Nothing else is parsed (no raw HTML, images, headings, tables or code), so what a
# checker types is what readers see; nh3 then keeps only the tags this subset produces.
_MARKDOWN = MarkdownIt("zero", {"html": False, "breaks": True}).enable(
    ["emphasis", "link", "list", "blockquote", "newline", "escape"]
)
_EXPLANATION_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote"}
_EXPLANATION_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def explanation_html(source: str) -> SafeString:
    """A verdict explanation (our Markdown subset) as sanitized HTML, safe to put in a page or a feed.

    ``'**Sources:** [ONS](https://ons.gov.uk)'`` →
    ``'<p><strong>Sources:</strong> <a href="https://ons.gov.uk" rel="noopener noreferrer nofollow">ONS</a></p>'``.
    Links keep only http(s) and mailto addresses; anything else a checker typed as HTML shows as text.
    """
    if not source.strip():
        return mark_safe("")  # noqa: S308 - empty
    rendered = _MARKDOWN.render(source)
    cleaned = nh3.clean(
        rendered,
        tags=_EXPLANATION_TAGS,
        attributes=_EXPLANATION_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned.strip())  # noqa: S308 - nh3 keeps only the tags and attributes above
