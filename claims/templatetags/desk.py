from django import template

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
}


@register.filter
def move_label(move: str) -> str:
    """A workflow move as a button says it."""
    return MOVE_LABELS.get(move, move.replace("_", " ").capitalize())


@register.filter
def explanation(source: str):
    """A verdict explanation (the Markdown subset) as sanitized HTML."""
    from ..markup import explanation_html

    return explanation_html(source or "")
