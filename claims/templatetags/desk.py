from django import template

from .. import moves
from ..choices import ClaimType
from ..markup import explanation_html

register = template.Library()


@register.filter
def move_label(move: str) -> str:
    """A workflow move (or a claim edit) as a button says it: the label claims.moves declares."""
    return moves.move_label(move)


# What a job was doing when it failed at a step (``error_step`` is the step it was working towards).
FAILED_WHILE = {
    "queued": "before it started",
    "fetched": "while fetching the page",
    "cleaned": "while reading the article's text",
    "segmented": "while splitting the text into sentences",
    "scored": "while finding and scoring claims",
    "saved": "while saving the claims",
}


@register.filter
def failed_while(step: str) -> str:
    """``'fetched'`` → ``'while fetching the page'``."""
    return FAILED_WHILE.get(step, f"at the step “{step}”" if step else "")


@register.filter
def explanation(source: str):
    """A verdict explanation (the Markdown subset) as sanitized HTML."""
    return explanation_html(source or "")


@register.filter
def edit_value(value: str, field: str) -> str:
    """A value of a claim's edit as the page shows it: a claim type by its name."""
    if field == "claim_type" and value in ClaimType.values:
        return ClaimType(value).label
    return value
