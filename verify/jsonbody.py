"""Reading JSON from outside with a nesting limit: API bodies (verify.api.BoundedJSONParser) and imported files.

``json.loads`` of ``[`` × 100,000 raises RecursionError, which is not a
ValueError: DRF's parser let it through as a 500. Here any document nested
deeper than MAX_DEPTH is refused with JSONTooDeep (a ValueError), before or
after decoding, so every caller handles one kind of error.
"""

from __future__ import annotations

import json

# Deeper than any document we read (ClaimReview, DataFeed and API bodies are a few levels deep).
MAX_DEPTH = 64


class JSONTooDeep(ValueError):
    """The document nests arrays and objects deeper than MAX_DEPTH."""

    def __init__(self) -> None:
        super().__init__(f"nested deeper than {MAX_DEPTH} levels of arrays and objects")


def depth(value) -> int:
    """How deeply arrays and objects nest in a decoded value (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def loads(text: str | bytes, **kwargs):
    """``json.loads(text, **kwargs)``; raises ValueError for bad JSON and JSONTooDeep for deep nesting."""
    opening = text.count(b"[") + text.count(b"{") if isinstance(text, bytes) else text.count("[") + text.count("{")
    try:
        value = json.loads(text, **kwargs)
    except RecursionError:
        raise JSONTooDeep() from None
    # Only a document with more opening brackets than the limit can be too deep: most are not walked.
    if opening > MAX_DEPTH and depth(value) > MAX_DEPTH:
        raise JSONTooDeep()
    return value
