"""Outside markup to plain text: feed titles and other fragments we did not write.

We never render outside HTML as HTML: it becomes plain text here (nh3 drops
every tag, and the content of script and style elements), then templates
escape it like any other text.
"""

from __future__ import annotations

import html
import re

import nh3

_SPACE = re.compile(r"\s+")


def plain_text(fragment: str, *, limit: int | None = None) -> str:
    """``'<b>Big</b> &amp; news<script>x</script>'`` → ``'Big & news'``."""
    if "<" not in fragment and "&" not in fragment:
        text = fragment
    else:
        text = html.unescape(nh3.clean(fragment, tags=set()))
    text = _SPACE.sub(" ", text).strip()
    return text[:limit] if limit is not None else text
