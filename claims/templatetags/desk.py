from django import template

from ..choices import ClaimType

register = template.Library()

MOVE_LABELS = {
    "triage": "Triage",
    "dismiss": "Dismiss",
    "reopen": "Reopen",
    "assign": "Assign",
    "submit": "Submit for approval",
    "approve": "Approve",
    "request_changes": "Request changes",
    "publish": "Publish",
    "reopen_for_correction": "Reopen for correction",
    "correct": "Correct",
    # Corrections of the claim itself (services.editing), named in the stale-version notice.
    "edit": "Edit the claim",
    "split": "Split the claim",
    "merge": "Merge into another claim",
}


@register.filter
def move_label(move: str) -> str:
    """A workflow move as a button says it."""
    return MOVE_LABELS.get(move, move.replace("_", " ").capitalize())


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
    from ..markup import explanation_html

    return explanation_html(source or "")


@register.filter
def edit_value(value: str, field: str) -> str:
    """A value of a claim's edit as the page shows it: a claim type by its name."""
    if field == "claim_type" and value in ClaimType.values:
        return ClaimType(value).label
    return value
