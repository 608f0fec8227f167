"""A claim's text that reads on its own, out of the article.

Beside the exact span, each claim gets a ``standalone`` text: first-person and
leading "he"/"she" resolved to the person meant, a leading "this"/"that" given
the statement it points back to (in brackets, as a desk writes an insertion),
relative dates made absolute from the article's date ("on Monday" → "on
February 14, 2022"), a count whose noun is left out given it from the statement before ("All
but four [of the 46 close contacts] have now been released"). Words are only ever added or replaced by the thing they
stand for, never dropped: every negation and hedge of the span stays. The
claimant is not repeated as a speaker ("Smith said ..."): it is beside the
claim already.

"He"/"she" is resolved only to a person the paragraph is about (``People``):
named in it (or, when it names nobody who fits, in one of the two before), of a fitting
gender when the article shows one ("Mr.", "Ms.", "he"/"she" next to the name),
never a person introduced as someone's lawyer or spokesperson, never a place or a thing
the article writes after "the" or "in" ("in Inner Mongolia", "the Black Death"), and in a direct
quotation never its speaker. When several
people fit and no one of them is the paragraph's subject, the pronoun stays.

Rules over plain strings: microseconds a claim.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_RELATIVE = re.compile(
    r"\b(?P<on>on\s+)?(?P<which>last\s+|this\s+|next\s+|this\s+past\s+|this\s+coming\s+)?"
    r"(?P<unit>today|yesterday|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"week|month|year|(?<=last\s)night|(?<=this\s)(?:morning|afternoon|evening))\b"
    r"(?P<part>\s+(?:night|morning|afternoon|evening)\b)?",
    re.IGNORECASE,
)
_PARTS_OF_DAY = ("night", "morning", "afternoon", "evening")
_FUTURE = re.compile(r"\b(?:will|shall|going to|plans? to|is due to|are due to|’ll|'ll)\b")
_FIRST_PERSON = re.compile(
    r"\b(?:I’m|I'm|I am|I’ve|I've|I have|I don’t|I don't|I do|I’d|I'd|I’ll|I'll|I|me|my|myself|mine)\b"
)
_FIRST_PERSON_VERB = re.compile(
    r"\bI\s+(?P<verb>think|believe|know|want|hope|feel|guess|mean|say|see|like|love|need|expect|doubt|fear|ask|urge|"
    r"call|promise|support|oppose|agree|disagree|remember|understand|wish|plan|intend|accept|reject|deny|thank|"
    r"welcome|trust|worry|suspect|insist|admit|regret|refuse|stand|vote|demand|predict|warn|pledge|vow|find|consider|"
    r"recall|recognize|recognise|realize|realise|assume|argue|maintain|estimate|prefer|care|favor|favour|"
    r"appreciate|question|dispute|acknowledge|contend|propose|recommend|suggest|stress|note|hear|wonder)\b"
)


# "I" with an adverb before its verb: "I now do recall", "I really am sorry", "I still think".
_FIRST_PERSON_ADVERB = re.compile(
    r"\bI\s+(?P<adv>(?:now|also|really|still|never|always|just|only|even|certainly|actually|truly|simply|"
    r"absolutely|definitely|personally)\s+)(?P<verb>am|have|do|don’t|don't|"
    + _FIRST_PERSON_VERB.pattern.split("(?P<verb>", 1)[1]
)
_ADVERB_FORMS = {"am": "is", "have": "has", "do": "does", "don’t": "doesn’t", "don't": "doesn't"}


_COORDINATED_AM = re.compile(r"\b(?P<link>and|but|or)\s+am\b")


def _third_person(verb: str) -> str:
    """ "think" → "thinks", "worry" → "worries", "wish" → "wishes"."""
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return verb + "es"
    return verb + "s"


_FIRST_PERSON_FORMS = {
    "i’m": "{} is",
    "i'm": "{} is",
    "i am": "{} is",
    "i’ve": "{} has",
    "i've": "{} has",
    "i’d": "{} would",
    "i'd": "{} would",
    "i’ll": "{} will",
    "i'll": "{} will",
    "i": "{}",
    "me": "{}",
    "my": "{}’s",
    "myself": "{}",
    "mine": "{}’s",
    "i have": "{} has",
    "i don’t": "{} doesn’t",
    "i don't": "{} doesn't",
    "i do": "{} does",
}
# "its" opening what an institution said, or after a share of it: "its forces ...", "some of its troops ...".
_LEADING_ITS = re.compile(
    r"^(?:(?:[Ss]ome|[Aa]ll|[Mm]any|[Mm]ost|[Nn]one|[Oo]ne|[Pp]art|[Hh]alf|[Ss]everal|[Ff]ew|[Mm]ore)\s+of\s+)?"
    r"(?P<its>[Ii]ts)\s+(?=[a-z])"
)


# An institution named by its head noun takes "the" in running text: "the Russian Defence Ministry's forces".
_INSTITUTION_HEAD = re.compile(
    r"(?:Ministry|Department|Office|Agency|Council|Commission|Committee|Army|Navy|Government|Administration|"
    r"Parliament|Court|Police|Service|Bureau|Institute|Foundation|Party|Union|Association|Organi[sz]ation|Board|"
    r"Authority|Alliance|Coalition|Company|Corporation|Group|Cent(?:re|er)|Embassy|Kremlin|Pentagon|White House)$"
)


def _as_named(owner: str) -> str:
    """The claimant as running text names it: "the" before an institution's head noun."""
    if _INSTITUTION_HEAD.search(owner) and owner[:1].isupper() and not owner.startswith("The ") and "’s" not in owner:
        return "the " + owner
    return owner


def _possessive(owner: str) -> str:
    return _as_named(owner) + ("’" if owner.endswith("s") else "’s")


_LEADING_PRONOUN = re.compile(r"^(?P<p>He|She|he|she)\b(?=\s+[a-z]|,\s+\S)")
# Verbs that report a denial, and what a denial may name as denied ("the claims that ..."): attribution.py
# reads its denials with the same words.
DENIAL_VERBS = (
    "denied denies denying disputed disputes disputing rejected rejects rejecting dismissed dismisses dismissing "
    "refuted refutes refuting rebutted rebuts contested contests".split()
)
DENIED_THINGS = (
    r"claims?|reports?|allegations?|accusations?|suggestions?|charges?|assertions?|idea|notion|"
    r"speculation|rumou?rs?|stories|story|statements?"
)
# A denial keeps its verb ("denied that he ...", "disputed the notion that he ..."): what it denies is a
# clause whose subject is read as a claim's own first word.
_DENIAL_LEAD = re.compile(
    r"^(?:(?:has|had|have)\s+)?(?:" + "|".join(DENIAL_VERBS) + r")\s+"
    r"(?:(?:(?:the|any|all|these|those|such|a|an|his|her|its|their)\s+)?(?:[a-z-]+\s+)?(?:" + DENIED_THINGS + r")\s+)?"
    r"(?:that\s+)?(?=(?:he|she|it|He|She|It)\b)"
)
# "it" opening what an institution said, before a verb that is its own doing, never an expletive's
# ("it is likely that", "it would be hard to", "it takes", "it seems").
# A claimant that names several (a group, "analysts", "Senate Republicans"): never what "it" or "its" means.
_PLURAL_CLAIMANT = re.compile(
    r"(?:\b[a-z][a-z-]*[^s’'\W]s|\b(?:Republicans|Democrats|Americans|Independents|Conservatives|Liberals|"
    r"Progressives|Evangelicals|Voters|Officials|Lawmakers|Senators|Leaders|Analysts|Economists|Scientists|"
    r"Researchers|Experts|Critics|Protesters|Investigators|Prosecutors|Authorities))$"
)
_LEADING_IT = re.compile(
    r"^(?:it|It)\b(?=\s+(?:(?:is|was|remains|remained)\s+(?:committed|ready|prepared|willing|working|investigating|"
    r"cooperating|aware|not\s+aware|reviewing|looking)\b|(?:will|would|could|can|had|has|did|does|cannot|won’t|won't|"
    r"wouldn’t|wouldn't|didn’t|didn't|doesn’t|doesn't|hasn’t|hasn't|hadn’t|hadn't)(?:\s+not)?\s+(?!be\b|take\b|seem\b|"
    r"appear\b|make\s+sense\b|matter\b|help\b|happen\b|come\b|cost\b|been\b)[a-z]|(?:plans|planned|intends|intended|"
    r"wants|wanted|expects|expected|hopes|hoped|aims|aimed|supports|supported|opposes|opposed|rejects|rejected|"
    r"denies|denied|received|launched|sent|made|paid|followed|complied|acted)\b))"
)
_LEADING_DEMONSTRATIVE = re.compile(
    r"^(?P<d>This|That|this|that)\s+(?=(?:is|was|has|had|will|would|could|may|might|means|meant|shows|showed|"
    r"makes|made|comes|came|marks|marked|represents|represented|puts|put|brings|brought|is\s+not|was\s+not)\b)"
)
# "This comes as / came after / comes amid ...": the news of the day, not the statement before.
_NEWS_TIMING = re.compile(
    r"^(?:This|That|this|that)\s+(?:comes|came)\s+(?:as|after|amid|just|only|days|weeks|hours|months|a\s+(?:day|week|month))\b"
)
# A count with its noun left out ("All but four have now been released", "Most were freed"): of what, the
# statement before says ("46 of their close contacts were placed under observation").
_NUMBER = (
    r"(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds|dozens)"
)
_ELLIPTIC_COUNT = re.compile(
    r"^(?P<q>(?:All|Only|Just)\s+(?:but|except|bar|save)\s+" + _NUMBER + r"|(?:All|Most|None|Some|Many|Both|"
    r"Several|Half|Only|Just)(?:\s+" + _NUMBER + r")?|" + _NUMBER + r")"
    r"(?=\s+(?:(?:have|has|had|are|were|was|is|will|would|remain|remained|now|still|since|already)\b))",
    re.IGNORECASE,
)
_COUNTED = re.compile(
    r"\b(?P<n>"
    + _NUMBER
    + r")\s+(?:of\s+(?:the|their|its|his|her|these|those)\s+)?(?P<noun>(?:[a-z-]+\s+){0,2}[a-z-]+s)\b"
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


# After a weekday that is a date: a time of day, a function word, a pronoun, punctuation (handled apart), or
# a verb's object that starts a new phrase. Any other lower-case word makes the weekday a modifier
# ("Saturday publication", "Sunday editions").
_NEXT_WORD = re.compile(r"\s+([a-z][\w’'-]*)")
_AFTER_A_DAY = frozenset(
    "morning afternoon evening night that the a an and or but to in at on of for from with by after before as "
    "when while it he she they we i his her its their our this these those there said says told announced "
    "was were is are will would has had have did could can may might should against over into amid despite".split()
)
_PREPOSITION_END = re.compile(
    r"\b(?:of|by|until|till|since|from|before|after|through|to|between|during|for|within|as)\s+$"
)


def absolute_dates(text: str, published: datetime | date | None) -> str:
    """ "yesterday", "on Monday", "last month" → dates, counted from the article's date."""
    if published is None or not _RELATIVE.search(text):
        return text
    today = published.date() if isinstance(published, datetime) else published

    def replace(match: re.Match) -> str:
        unit = match.group("unit").lower()
        before = text[max(0, match.start() - 30) : match.start()].split()
        if (
            unit in _WEEKDAYS
            and not match.group("on")
            and not match.group("which")
            and before
            and before[-1][:1].isupper()
        ):
            return match.group(0)  # "Black Friday", "Super Tuesday": a name, no date
        which = (match.group("which") or "").lower().split()
        part = (match.group("part") or "").strip().lower()
        following = _NEXT_WORD.match(text, match.end())
        if unit in _WEEKDAYS and not part and following and following.group(1) not in _AFTER_A_DAY:
            return match.group(0)  # "to end Saturday publication": a kind of thing, no date
        after_preposition = bool(_PREPOSITION_END.search(text, max(0, match.start() - 12), match.start()))
        if unit in ("week", "month", "year") and part:
            return match.group(0)  # "this week night": no such time
        if unit in _PARTS_OF_DAY:  # "last night", "this morning"
            part, unit, which = unit, ("yesterday" if unit == "night" and "last" in which else "today"), []
        elif unit == "tonight":
            part, unit = "night", "today"
        # "on Monday night" reads "on the night of November 18, 2019", never "on November 18, 2019 night".
        on = f"on the {part} of " if part else "on "
        if unit == "today":
            return f"{on}{_day(today)}"
        if unit == "yesterday":
            return f"{on}{_day(today - timedelta(days=1))}"
        if unit == "tomorrow":
            return f"{on}{_day(today + timedelta(days=1))}"
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
            return f"{on}{_day(day)}"
        if not which or "past" in which or "coming" in which:
            return match.group(0)  # "a week", "every year": no point in time
        step = {"last": -1, "this": 0, "next": 1}[which[0]]
        # ("by the end of next year" → "by the end of 2020", not "of in 2020")
        at = "" if after_preposition else "in "
        if unit == "year":
            return f"{at}{today.year + step}"
        if unit == "month":
            return f"{at}{_month(today.year, today.month + step)}"
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
        return f"{at}the week of {_day(monday)}"

    def replace_as_written(match: re.Match) -> str:
        out = replace(match)
        if text.startswith(("’s", "'s"), match.end()) and out != match.group(0):
            # "Monday’s announcement" → "the November 18, 2019 announcement" (never "on November 18, 2019’s"); "On
            # Tuesday’s ballot" → "On the November 19, 2019 ballot"; "last week’s report" stays as written.
            core = _LEADING_ON_IN.sub("", out)
            if core.startswith("the "):
                return match.group(0)
            written_on = (match.group("on") or "").strip()
            out = (f"{written_on} " if written_on else "") + "the " + core + _DROP_POSSESSIVE
        # "Last week, prices fell" → "In the week of ...": a sentence still opens with a capital (a weekday's
        # own capital inside one does not: "were released Tuesday" → "were released on November 19, 2019").
        opens = not text[: match.start()].strip() or text[: match.start()].rstrip()[-1:] in '.!?:;"“'
        return out[:1].upper() + out[1:] if opens and out[:1].islower() else out

    out = _RELATIVE.sub(replace_as_written, text)
    return re.sub(_DROP_POSSESSIVE + "[’']s", "", out) if _DROP_POSSESSIVE in out else out


_LEADING_ON_IN = re.compile(r"^(?:on|in)\s+")
_DROP_POSSESSIVE = "\x00"  # (marks a possessive "’s" after a date made from a relative one, to drop)


_INNER_QUOTE = re.compile(r"[“«]|(?<![\w])[\"‘]")
_INNER_CLOSE = {"“": "”", "«": "»", '"': '"', "‘": "’"}


def _quotation_parts(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (part, inside a quotation) pieces, in order; an unclosed quotation runs to the end."""
    parts, at = [], 0
    while True:
        opened = _INNER_QUOTE.search(text, at)
        if not opened:
            parts.append((text[at:], False))
            return parts
        closing = _INNER_CLOSE[opened.group(0)]
        end = text.find(closing, opened.end())
        while closing == "’" and end >= 0 and text[end + 1 : end + 2].isalpha():
            end = text.find(closing, end + 1)  # "don’t" closes nothing
        end = len(text) if end < 0 else end + 1
        parts.append((text[at : opened.start()], False))
        parts.append((text[opened.start() : end], True))
        at = end
        if at >= len(text):
            return parts


def _unquoted(text: str) -> str:
    """The text without quotation marks left unbalanced at its ends."""
    text = text.strip()
    if text[-2:-1] in ",;" and text[-1:] in _CLOSE:
        text = text[:-2] + text[-1:]  # 'Border agents "say … in drugs,"': the quotation's comma belongs to the tag
    if text[:1] in _OPEN and not any(q in text[1:] for q in _CLOSE):
        text = text[1:].lstrip()
    if text[-1:] in _CLOSE and not any(q in text[:-1] for q in _OPEN):
        text = text[:-1].rstrip()
    lone = _LONE_OPENING.search(text) if sum(text.count(q) for q in '“”"') == 1 else None
    if lone:
        # 'Border agents "say you’ve got to … in drugs': a quotation the claim opens mid-way and never closes (its
        # closing mark stays outside the span).
        text = text[: lone.start()] + text[lone.end() :]
    return text


# A double quotation mark opening a word after a space (the text's only double quotation mark: see _unquoted).
_LONE_OPENING = re.compile(r"(?<=\s)[“\"](?=\w)")


# A person introduced as someone's agent: "his lawyer, Jo Smith", "Jo Smith, a spokeswoman for the
# ministry", "defence attorney Jo Smith". (The name itself is matched by the caller's pattern.)
_AGENT_ROLE = (
    r"(?:(?:defen[cs]e|criminal|family|campaign)\s+)?(?:lawyers?|attorneys?|counsel|solicitors?|barristers?|"
    r"spokes(?:man|woman|person|people)|representatives?|publicists?|agents?|aides?|advisers?|advisors?|"
    r"press\s+secretary)"
)
_AGENT_BEFORE = re.compile(
    r"(?:\b(?:his|her|their|its|the\s+family[’']s|[A-Z][\w-]*[’']s|defen[cs]e)\s+(?:[a-z-]+\s+)?"
    + _AGENT_ROLE
    + r"|\b(?:lawyer|attorney|spokesman|spokeswoman|spokesperson))\s*,?\s*$"
)
_AGENT_AFTER = re.compile(
    r"^\s*,\s*(?:(?:his|her|their|its|the|an?|[A-Z][\w-]*[’']s)\s+)?(?:[\w-]+\s+){0,2}"
    + _AGENT_ROLE
    + r"(?:\s+(?:for|to|of|representing)\b|\s*,|\s*$)"
)
_AGENT_WORD = re.compile(
    r"lawyer|attorney|counsel|solicitor|barrister|spokes|representative|publicist|agent|aide|advis|"
    r"press secretary"
)
# Someone mentioned without a name: "an Amritsar-based agent", "a smuggler", "his boss".
_SOMEONE_UNNAMED = re.compile(
    r"\b(?:an?|his|her|their|one|another)\s+(?:[\w-]+\s+){0,2}?(?:agent|broker|smuggler|middleman|man|woman|"
    r"boy|girl|friend|relative|cousin|brother|sister|uncle|aunt|neighbou?r|boss|employer|officer|official|"
    r"driver|doctor|guard|soldier|stranger|contact|recruiter|trafficker|dealer|landlord|"
    r"lawyer|attorney|spokes(?:man|woman|person)|aide|adviser|advisor)\b"
)
_HE = re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE)
# A claimant described, not named ("a doctor on the scene", "an airport official"): their own "he"/"she" in what
# they are reported to say is them ("A doctor told Ruptly that he tried to save ..." → "The doctor on the scene
# tried to save ...").
_DESCRIBED_PERSON = re.compile(
    r"^(?:an?|the|one)\s+(?P<who>(?:[\w-]+\s+){0,2}?(?:doctor|physician|surgeon|nurse|official|officer|witness|"
    r"resident|teacher|lawyer|attorney|farmer|student|worker|employee|spokesperson|driver|"
    r"soldier|activist|researcher|scientist|analyst|expert|survivor|victim|neighbou?r|owner|manager|"
    r"parent|source|diplomat|journalist|reporter|protester|organi[sz]er|volunteer)\b.*)$",
    re.IGNORECASE,
)
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)
_GENDERED_TITLE = re.compile(
    r"\b(?P<title>Mrs|Mr|Ms|Miss|Sir|Dame|Lord|Lady|King|Queen|Prince|Princess)\.?\s+"
    r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)"
)
_MALE_TITLES = frozenset("Mr Sir Lord King Prince".split())


_GENDERS = {"he": "m", "she": "f"}
_BETWEEN_SUBJECTS = re.compile(r"[\s“\"‘'(,]*(?:and\s+)?")


class Person(NamedTuple):
    """Someone a paragraph names, as a candidate for "he" or "she"."""

    name: str
    paragraph: int  # 0: the sentence's own paragraph; 1: the one before; 2: the one before that
    subject: bool  # a sentence there is about them (opens with them, or quotes them)
    agent: bool  # introduced somewhere as someone's lawyer, spokesperson, aide


_THING = re.compile(
    r"\b(?:the|in|at|near|across|throughout|inside|outside)\s+[“\"‘']?(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)\b(?![’']s)"
)
_PARAGRAPHS_BACK = 3  # "he" may point back over two paragraphs that name nobody else


class People:
    """The persons each paragraph names, fed sentence by sentence.

    ``full`` turns a name as written into the article's fullest form of it;
    ``is_person`` tells a person's name from an institution's.
    """

    def __init__(self, text: str, full: Callable[[str], str], is_person: Callable[[str], bool]) -> None:
        self._seen: dict[str, str] = {}  # a name as written -> the person's full name, or ""
        self._full = full
        self._is_person = is_person
        self._paragraphs: list[dict[str, bool]] = [{}]  # per paragraph, the latest last: name -> subject
        # Names the article writes after "the" or a preposition of place ("dubbed the Black Death", "in Inner
        # Mongolia"): a thing or a place, never whom "he" or "she" means.
        self._things = {m.group("name") for m in _THING.finditer(text)}
        self.agents: set[str] = set()  # ever introduced as someone's lawyer, spokesperson, aide
        self.gender: dict[str, str] = {}  # name -> "m" or "f", from the article's own words
        for match in _GENDERED_TITLE.finditer(text):
            name = full(match.group("name").split()[-1])
            if is_person(name):
                self.gender.setdefault(name, "m" if match.group("title") in _MALE_TITLES else "f")

    def is_thing(self, name: str) -> bool:
        """Whether the article writes ``name`` after "the" or a preposition of place: no person."""
        return name in self._things

    def paragraph(self) -> None:
        """A new paragraph begins."""
        if self._paragraphs[-1]:
            self._paragraphs = [*self._paragraphs[1 - _PARAGRAPHS_BACK :], {}]

    def add(self, sentence: str, names: Sequence[tuple[str, int, int]], subjects: Sequence[str]) -> None:
        """The sentence's person names (as written, with offsets) and whom it is about."""
        here = self._paragraphs[-1]
        roles = bool(_AGENT_WORD.search(sentence))
        persons = sorted(((self._person(written), start, end) for written, start, end in names), key=lambda p: p[1])
        alone = {name for name, _, _ in persons if name}
        lead = 0  # the sentence up to here is its subject's names ("Jo Smith and Karl Ames were ...")
        for name, start, end in persons:
            opens = bool(_BETWEEN_SUBJECTS.fullmatch(sentence, lead, start)) if start >= lead else False
            if opens:
                lead = end
            if not name:
                continue
            if roles and (
                _AGENT_BEFORE.search(sentence[max(0, start - 60) : start])
                or _AGENT_AFTER.match(sentence[end : end + 80])
            ):
                self.agents.add(name)
            here[name] = here.get(name, False) or opens
            if len(alone) == 1 and name not in self.gender and name not in self.agents:
                # One person named in the sentence: its "he" or "she" after the name is likely them.
                after = sentence[end:]
                he, she = len(_HE.findall(after)), len(_SHE.findall(after))
                if he != she:
                    self.gender[name] = "m" if he > she else "f"
        for name in subjects:
            if self._person(name):
                here[self._person(name)] = True

    def _person(self, written: str) -> str:
        """The full name of a person as written, or "" for no person."""
        if written not in self._seen:
            name = self._full(written)
            thing = written in self._things or name in self._things
            self._seen[written] = name if self._is_person(name) and not thing else ""
        return self._seen[written]

    def candidates(self) -> tuple[Person, ...]:
        """Who "he"/"she" may mean at this point: the persons of this paragraph and the two before."""
        found: dict[str, Person] = {}
        for back, paragraph in enumerate(reversed(self._paragraphs)):
            for name, subject in paragraph.items():
                if name not in found:
                    found[name] = Person(name, back, subject, name in self.agents)
        return tuple(found.values())


def referent(pronoun: str, candidates: Sequence[Person], gender: dict[str, str], *, exclude: str = "") -> str:
    """The person "he" or "she" means among ``candidates``, or "" when unsure.

    The nearest paragraph that names someone who fits decides: its one such person, or
    among several the one it is about; a lawyer or spokesperson never.
    """
    wanted = _GENDERS[pronoun.lower()]
    fits = [c for c in candidates if c.name != exclude and not c.agent and gender.get(c.name, wanted) == wanted]
    for back in range(_PARAGRAPHS_BACK):
        here = [c for c in fits if c.paragraph == back]
        if len(here) == 1:
            return here[0].name
        if here:
            subjects = [c.name for c in here if c.subject]
            return subjects[0] if len(subjects) == 1 else ""
    return ""


# A report tag between two commas inside the claim: ", Rubio said, ", ", she added, ".
_PARENTHETICAL_CUE = re.compile(
    r",\s+(?P<who>he|she|they|it|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+(?:also\s+)?"
    r"(?:said|says|added|adds|argued|argues|noted|notes|warned|warns|insisted|insists|explained|explains|believes|"
    r"thinks|wrote|writes|claimed|claims|told\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})\s*,\s+"
)
_CUE_PRONOUNS = frozenset("he she they it".split())
_CLAUSE_OPENERS = frozenset(
    "if unless until when whenever once as even only because although though while since after before over in on at "
    "for with without despite under by from".split()
)


def standalone_text(
    parts: list[str],
    *,
    claimant: str,
    person: bool,
    attributed: bool,
    last_person: str = "",
    previous: str = "",
    published: datetime | date | None = None,
    candidates: Sequence[Person] | None = None,
    gender: dict[str, str] | None = None,
    direct: bool = False,
    agents: set[str] | frozenset[str] = frozenset(),
) -> str:
    """The claim readable on its own, from the pieces of its exact span in order.

    ``parts`` are the span's pieces without what lies between them (a quotation
    split by '..., she said, ...' is one claim). ``person``: the claimant is a
    person, so "I" in a quotation is them; ``candidates``: whom "he"/"she" may
    mean there (``People``), with ``gender`` as the article shows it; without
    them, ``last_person`` is whom "he"/"she" opening an unattributed sentence
    means. ``direct``: the span is a direct quotation, whose "he" is never its
    speaker; nor is an agent's (``agents``: someone's lawyer, spokesperson). ``previous``: the
    statement before, for a leading "this"/"that".
    """
    text = " ".join(_unquoted(p) for p in parts if p.strip())
    if attributed and claimant and ", " in text:
        # "If the law conflicts with God's orders, Rubio said, Christians must ignore the law": the claimant is
        # named beside the claim, never repeated inside it.

        def untagged(m: re.Match) -> str:
            if m.group("who").lower() not in _CUE_PRONOUNS and m.group("who") not in claimant:
                return m.group(0)  # someone else's report inside the claim
            before = m.string[: m.start()].split()
            # "Trump, she said, has created …": a subject before the tag joins its verb without a comma.
            subject = len(before) <= 6 and before[0].lower() not in _CLAUSE_OPENERS
            return " " if subject else ", "

        text = _PARENTHETICAL_CUE.sub(untagged, text)
    if attributed and person and claimant:

        def first_person(part: str) -> str:
            part = _FIRST_PERSON_ADVERB.sub(
                lambda m: (
                    f"{claimant} {m.group('adv')}" + _ADVERB_FORMS.get(m.group("verb"), _third_person(m.group("verb")))
                ),
                part,
            )  # "I now do recall" → "X now does recall"
            part = _FIRST_PERSON_VERB.sub(lambda m: f"{claimant} {_third_person(m.group('verb'))}", part)  # "X thinks"
            part = _FIRST_PERSON.sub(lambda m: _FIRST_PERSON_FORMS[m.group(0).lower()].format(claimant), part)
            # "I am committed ... and am confident": the second verb agrees with the speaker too.
            return _COORDINATED_AM.sub(r"\g<link> is", part)

        # A quotation inside the claim is someone else's words: its "I" is not the claimant
        # ('her rival told voters "I am the only one who can win"').
        text = "".join(part if inner else first_person(part) for part, inner in _quotation_parts(text))
    denial = _DENIAL_LEAD.match(text) if not direct else None
    head = text[: denial.end()] if denial else ""
    text = text[len(head) :]
    pronoun = _LEADING_PRONOUN.match(text)
    if pronoun and direct and _SOMEONE_UNNAMED.search(_unquoted(previous)):
        # '... he had paid an agent to get him in. “He sent me to Mexico,” he said': the quoted "he" may well be
        # the person just mentioned without a name, whom no name can stand for.
        pronoun = None
    if pronoun:
        word = pronoun.group("p")
        if candidates is None:
            meant = claimant if attributed and person else last_person
        elif (
            attributed
            and person
            and not direct
            and claimant not in agents
            and (gender or {}).get(claimant) in (None, _GENDERS[word.lower()])
        ):
            meant = claimant  # Jo Smith said she would not resign. (Her lawyer's "he" is not the lawyer.)
        else:
            meant = referent(word, candidates, gender or {}, exclude=claimant if direct else "")
            described = _DESCRIBED_PERSON.match(claimant) if attributed and not direct else None
            if not meant and described and claimant not in agents:
                # Nobody named it may mean: the described claimant's own "he" ("A doctor told X that he tried ...").
                meant = "The " + described.group("who")
        if meant:
            text = meant + text[pronoun.end() :]
    elif attributed and not person and claimant and not direct and claimant not in agents:
        # ("Republicans said it would lower taxes": "it" is the bill; a plural claimant is never "it" or "its")
        plural = bool(_PLURAL_CLAIMANT.search(claimant))
        it = _LEADING_IT.match(text) if not plural else None
        its = _LEADING_ITS.match(text) if not it and not plural else None
        if it:  # "China said it is committed to ...": the institution itself (not "it would be hard to ...")
            text = (_as_named(claimant) if head else claimant) + text[it.end() :]
        elif its:
            # "The ministry said some of its forces were returning": the institution's forces, nothing else named
            # before "its" in what it said.
            owner = _possessive(claimant)
            if not its.start("its"):
                owner = owner[:1].upper() + owner[1:]  # "The ministry’s forces ..."
            text = text[: its.start("its")] + owner + text[its.end("its") :]
    text = head + text
    demonstrative = _LEADING_DEMONSTRATIVE.match(text)
    referred = _unquoted(previous).rstrip(" .!?;:")
    if (
        demonstrative
        and referred
        and len(referred.split()) <= _MOST_WORDS_REFERRED
        and not _NEWS_TIMING.match(text)
        # ("That is smaller than … That is less than …": what the sentence before says is itself "that", unresolved)
        and not _LEADING_DEMONSTRATIVE.match(referred)
    ):
        word = demonstrative.group("d")
        text = f"{word[0].upper()}{word[1:]} [{referred}] {text[demonstrative.end() :]}"
    counted = _ELLIPTIC_COUNT.match(text)
    if counted:
        of_what = list(_COUNTED.finditer(_unquoted(previous)))
        if of_what:
            last = of_what[-1]
            text = f"{text[: counted.end()]} [of the {last.group('n')} {last.group('noun')}]{text[counted.end() :]}"
    text = absolute_dates(text, published)
    return text
