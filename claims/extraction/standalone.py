"""A claim's text that reads on its own, out of the article.

Beside the exact span, each claim gets a ``standalone`` text: first-person and
leading "he"/"she" resolved to the person meant, a leading "this"/"that" given
the statement it points back to (in brackets, as a desk writes an insertion),
relative dates made absolute from the article's date ("on Monday" → "on
February 14, 2022"). Words are only ever added or replaced by the thing they
stand for, never dropped: every negation and hedge of the span stays. The
claimant is not repeated as a speaker ("Smith said ..."): it is beside the
claim already.

Rules over plain strings: microseconds a claim.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_RELATIVE = re.compile(
    r"\b(?P<on>on\s+)?(?P<which>last\s+|this\s+|next\s+|this\s+past\s+|this\s+coming\s+)?"
    r"(?P<unit>today|yesterday|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"week|month|year)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"\b(?:will|shall|going to|plans? to|is due to|are due to|’ll|'ll)\b")
_FIRST_PERSON = re.compile(
    r"\b(?:I’m|I'm|I am|I’ve|I've|I have|I don’t|I don't|I do|I’d|I'd|I’ll|I'll|I|me|my|myself|mine)\b"
)
_FIRST_PERSON_FORMS = {
    "i’m": "{} is", "i'm": "{} is", "i am": "{} is", "i’ve": "{} has", "i've": "{} has", "i’d": "{} would",
    "i'd": "{} would", "i’ll": "{} will", "i'll": "{} will", "i": "{}", "me": "{}", "my": "{}’s",
    "myself": "{}", "mine": "{}’s", "i have": "{} has", "i don’t": "{} doesn’t", "i don't": "{} doesn't",
    "i do": "{} does",
}
_LEADING_PRONOUN = re.compile(r"^(?P<p>He|She|he|she)\b(?=\s+[a-z])")
_LEADING_DEMONSTRATIVE = re.compile(
    r"^(?P<d>This|That|this|that)\s+(?=(?:is|was|has|had|will|would|could|may|might|means|meant|shows|showed|"
    r"makes|made|comes|came|marks|marked|represents|represented|puts|put|brings|brought|is\s+not|was\s+not)\b)"
)
_OPEN = "‘“\"'«"
_CLOSE = "’”\"'»"
_MOST_WORDS_REFERRED = 30  # a longer antecedent is no help to a reader


def _day(value: date) -> str:
    return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"


def _month(year: int, month: int) -> str:
    while month < 1:
        year, month = year - 1, month + 12
    while month > 12:
        year, month = year + 1, month - 12
    return f"{_MONTHS[month - 1]} {year}"


def absolute_dates(text: str, published: datetime | date | None) -> str:
    """"yesterday", "on Monday", "last month" → dates, counted from the article's date."""
    if published is None or not _RELATIVE.search(text):
        return text
    today = published.date() if isinstance(published, datetime) else published

    def replace(match: re.Match) -> str:
        unit = match.group("unit").lower()
        which = (match.group("which") or "").lower().split()
        if unit in ("today", "tonight"):
            return f"on {_day(today)}"
        if unit == "yesterday":
            return f"on {_day(today - timedelta(days=1))}"
        if unit == "tomorrow":
            return f"on {_day(today + timedelta(days=1))}"
        if unit in _WEEKDAYS:
            delta = (today.weekday() - _WEEKDAYS.index(unit)) % 7
            if "next" in which or "coming" in which:
                day = today + timedelta(days=(7 - delta) % 7 or 7)
            elif "last" in which and delta == 0:
                day = today - timedelta(days=7)
            elif _FUTURE.search(text):
                day = today + timedelta(days=(7 - delta) % 7)  # "will reopen on Monday": the coming one
            else:
                day = today - timedelta(days=delta)  # news reports the past: the latest such day
            return f"on {_day(day)}"
        if not which or "past" in which or "coming" in which:
            return match.group(0)  # "a week", "every year": no point in time
        step = {"last": -1, "this": 0, "next": 1}[which[0]]
        if unit == "year":
            return f"in {today.year + step}"
        if unit == "month":
            return f"in {_month(today.year, today.month + step)}"
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
        return f"in the week of {_day(monday)}"

    return _RELATIVE.sub(replace, text)


def _unquoted(text: str) -> str:
    """The text without quotation marks left unbalanced at its ends."""
    text = text.strip()
    if text[:1] in _OPEN and not any(q in text[1:] for q in _CLOSE):
        text = text[1:].lstrip()
    if text[-1:] in _CLOSE and not any(q in text[:-1] for q in _OPEN):
        text = text[:-1].rstrip()
    return text


def standalone_text(
    parts: list[str],
    *,
    claimant: str,
    person: bool,
    attributed: bool,
    last_person: str = "",
    previous: str = "",
    published: datetime | date | None = None,
) -> str:
    """The claim readable on its own, from the pieces of its exact span in order.

    ``parts`` are the span's pieces without what lies between them (a quotation
    split by '..., she said, ...' is one claim). ``person``: the claimant is a
    person, so "I" in a quotation is them; ``last_person``: whom "he"/"she"
    opening an unattributed sentence means; ``previous``: the statement before,
    for a leading "this"/"that".
    """
    text = " ".join(_unquoted(p) for p in parts if p.strip())
    if attributed and person and claimant:
        text = _FIRST_PERSON.sub(lambda m: _FIRST_PERSON_FORMS[m.group(0).lower()].format(claimant), text)
    pronoun = _LEADING_PRONOUN.match(text)
    if pronoun:
        meant = claimant if attributed and person else last_person
        if meant:
            text = meant + text[pronoun.end():]
    demonstrative = _LEADING_DEMONSTRATIVE.match(text)
    referred = _unquoted(previous).rstrip(" .!?;:")
    if demonstrative and referred and len(referred.split()) <= _MOST_WORDS_REFERRED:
        word = demonstrative.group("d")
        text = f"{word[0].upper()}{word[1:]} [{referred}] {text[demonstrative.end():]}"
    text = absolute_dates(text, published)
    return text
