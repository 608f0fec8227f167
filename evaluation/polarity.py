"""The polarity set (issue 22): made-up sentences on denials, negated reports and double negatives.

Each shape real news uses: reporting verbs that deny ("Russia has denied having
any invasion plans": Russia's claim, stance "denies"), denial verbs that report
nothing ("is denying flu vaccines to immigrants"), reports that are themselves
negated ("did not say that ...": nobody's claim, the outlet's whole sentence),
and asserted reports with negations and hedges inside. tests/extraction/test_polarity.py
checks every case; run as a script (make eval) it prints how many claims lose a
negation or a denial (the target is 0).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Words that turn a statement around. A claim may carry them; none may sit, unclaimed, in
# the words that report it. ("falsely claimed" is the outlet's judgement of a claim, which is
# still the claimant's claim: not a negation of it.)
NEGATION = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|neither|nor|without|no one|deny|denies|denied|denying|dispute[sd]?|"
    r"disputing|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refute[sd]?|refuting|rebut(?:s|ted)?|refused|declined|"
    r"rul(?:e|es|ed|ing) out)\b|n[’']t\b",
    re.IGNORECASE,
)


# (sentence, claimant, the claim's exact text): the claimant denies it
DENIALS = [
    ("Russia has denied having any invasion plans.", "Russia", "denied having any invasion plans"),
    (
        "The Kremlin denied that troops were massing near the border.",
        "Kremlin",
        "denied that troops were massing near the border",
    ),
    ("Acme Corp flatly denied any wrongdoing.", "Acme Corp", "denied any wrongdoing"),
    (
        "The minister disputed claims that the hospital had closed.",
        "the minister",
        "disputed claims that the hospital had closed",
    ),
    ("Officials rejected reports that the dam was leaking.", "Officials", "rejected reports that the dam was leaking"),
    (
        "The ministry dismissed suggestions that it had lost the files.",
        "the ministry",
        "dismissed suggestions that it had lost the files",
    ),
    (
        "Scientists have refuted the claim that the vaccine causes infertility.",
        "Scientists",
        "refuted the claim that the vaccine causes infertility",
    ),
    ("Jo Smith denied ever meeting the lobbyist.", "Jo Smith", "denied ever meeting the lobbyist"),
    ("Moscow denies that it plans to invade.", "Moscow", "denies that it plans to invade"),
    ("The club rejected accusations of racism.", "the club", "rejected accusations of racism"),
    ("The White House disputed the report.", "White House", "disputed the report"),
    ("Ann Lee, the mayor, denied that the budget was overspent.", "Ann Lee", "denied that the budget was overspent"),
    ("The police dismissed the rumours as false.", "the police", "dismissed the rumours as false"),
    (
        "The embassy rejected the accusation that it had spied on dissidents.",
        "the embassy",
        "rejected the accusation that it had spied on dissidents",
    ),
    ("Jo Smith disputes that the contract was signed.", "Jo Smith", "disputes that the contract was signed"),
    (
        "The firm rebutted claims that its products were unsafe.",
        "the firm",
        "rebutted claims that its products were unsafe",
    ),
    ("Police are denying that officers used tear gas.", "Police", "denying that officers used tear gas"),
    ("The Kremlin has repeatedly denied plans to invade Ukraine.", "Kremlin", "denied plans to invade Ukraine"),
    ("The ministry denied it.", "the ministry", "denied it"),
    ("He denied he was ever in Kyiv.", "Ivan Petrov", "denied he was ever in Kyiv"),
    # Ruling something out denies it will happen, whatever its object.
    ("The minister has ruled out a snap election.", "the minister", "ruled out a snap election"),
    (
        "Police ruled out foul play in the death of the singer.",
        "Police",
        "ruled out foul play in the death of the singer",
    ),
    # Double negatives: the denial and the negation inside it are both kept.
    ("Moscow denied that it was not withdrawing troops.", "Moscow", "denied that it was not withdrawing troops"),
    (
        "The company denied that no safety checks had been made.",
        "the company",
        "denied that no safety checks had been made",
    ),
    (
        "Jo Smith rejected the claim that she had never paid tax.",
        "Jo Smith",
        "rejected the claim that she had never paid tax",
    ),
]


# The verb denies something that is no statement: a refusal or a vote, the outlet's own claim.
NOT_REPORTS = [
    "The governor is denying flu vaccines to immigrants.",
    "Parliament rejected the bill by 300 votes to 250.",
    "The court dismissed the case on Friday.",
    "The board rejected the offer from the union.",
    "The agency denied visas to 40 students.",
]


# Reports that are themselves negated: nobody claims the content; the outlet's sentence stays whole.
NEGATED_REPORTS = [
    "Jo Smith did not say that taxes would rise.",
    "The minister never claimed the war was over.",
    "Officials didn't confirm that the plant had closed.",
    "The company has not denied that it sold the data.",
    "Jo Smith refused to say whether she would run.",
    "The mayor declined to confirm the figures.",
    "Ann Lee would not say that the deal was dead.",
    "Nobody has claimed that the vote was rigged.",
    "Jo Smith never denied that she had met him.",
    "The hospital did not dispute the figures.",
    "No one said the road would close.",
    "The police have not confirmed that anyone was arrested.",
    "Jo Smith has not ruled out a run for the presidency.",
    "No official said that the plant had closed.",
    "Hours later, no group claimed responsibility for the attack.",
]


# (sentence, claimant, the claim's exact text): asserted, with every negation and hedge inside.
ASSERTIONS = [
    ("Jo Smith said she did not know about the payments.", "Jo Smith", "she did not know about the payments"),
    ("The minister said there were no plans to raise taxes.", "the minister", "there were no plans to raise taxes"),
    ("Officials said no one had been hurt.", "Officials", "no one had been hurt"),
    ("Jo Smith insisted she had never taken a bribe.", "Jo Smith", "she had never taken a bribe"),
    ("The report found that none of the 40 wells was safe.", "the report", "none of the 40 wells was safe"),
    ('"We will not raise taxes," the chancellor said.', "the chancellor", "We will not raise taxes"),
    ('"Nobody was hurt in the blast," a police spokesman said.', "a police spokesman", "Nobody was hurt in the blast"),
    (
        "The minister said it was not true that prices had doubled.",
        "the minister",
        "it was not true that prices had doubled",
    ),
    (
        "Jo Smith said she did not deny that the meeting took place.",
        "Jo Smith",
        "she did not deny that the meeting took place",
    ),
    (
        "The agency warned that the river would not freeze this year.",
        "the agency",
        "the river would not freeze this year",
    ),
    ("Ann Lee told reporters that she had not seen the letter.", "Ann Lee", "she had not seen the letter"),
    (
        "According to the health ministry, no new cases were recorded.",
        "the health ministry",
        "no new cases were recorded",
    ),
    (
        "No new cases were recorded, according to the health ministry.",
        "the health ministry",
        "No new cases were recorded",
    ),
    ("The ministry said it could not rule out more cuts.", "the ministry", "it could not rule out more cuts"),
    ("Trump falsely claimed that the election was stolen.", "Trump", "the election was stolen"),
    ("The senator wrongly said that crime had doubled in a year.", "the senator", "crime had doubled in a year"),
    ("Jo Smith repeated her false claim that the vote was rigged.", "Jo Smith", "the vote was rigged"),
    ("The group claimed responsibility for the attack.", "the group", "claimed responsibility for the attack"),
    ("The minister warned that prices would rise.", "the minister", "prices would rise"),
    ("Jo Smith claimed the figures were wrong.", "Jo Smith", "the figures were wrong"),
    ("The company announced it would not cut jobs.", "the company", "it would not cut jobs"),
    ("Analysts said growth was unlikely to exceed 2 percent.", "Analysts", "growth was unlikely to exceed 2 percent"),
    (
        "Ann Lee said prices may rise by about 3 percent, the most since 2008.",
        "Ann Lee",
        "prices may rise by about 3 percent, the most since 2008",
    ),
    (
        "The mayor said at least 12 people had died, but no foreigners were among them.",
        "the mayor",
        "at least 12 people had died, but no foreigners were among them",
    ),
    (
        "It is not true that the bridge is closing, the council said.",
        "the council",
        "It is not true that the bridge is closing",
    ),
]


ALL = [t for t, *_ in DENIALS] + NOT_REPORTS + NEGATED_REPORTS + [t for t, *_ in ASSERTIONS]
OUTLET = "The Outlet"
# "He denied ..." needs someone quoted before it.
CONTEXT = "Ivan Petrov, a lawyer, said the trial was unfair. "


def sentence_claims(text: str) -> list:
    """The claims of ``text`` (after the context a pronoun needs), as the pipeline finds them."""
    from claims.extraction.attribution import find_claims
    from claims.extraction.sentences import split_sentences

    context = CONTEXT if text.startswith("He ") else ""
    found = find_claims(context + text, split_sentences(context + text), default_claimant=OUTLET)
    shift = len(context)
    return [c for c in found if c.sentence_index == (1 if context else 0) and c.start >= shift]


def lost_negations(text: str) -> list[str]:
    """The negations of ``text`` that no claim of it carries (in its span and its standalone text)."""
    claims = sentence_claims(text)
    shift = len(CONTEXT) if text.startswith("He ") else 0
    lost = []
    for match in NEGATION.finditer(text):
        start, end = match.start() + shift, match.end() + shift
        inside = [c for c in claims if c.start <= start and end <= c.end]
        if not inside or any(match.group(0).lower() not in c.standalone.lower() for c in inside):
            lost.append(match.group(0))
    return lost


def main() -> int:
    stance_wrong = sum(1 for text, *_ in DENIALS if [c.stance for c in sentence_claims(text)] != ["denies"]) + sum(
        1
        for text in NOT_REPORTS + NEGATED_REPORTS + [t for t, *_ in ASSERTIONS]
        if any(c.stance != "asserts" for c in sentence_claims(text))
    )
    lost = sum(len(lost_negations(text)) for text in ALL)
    print(
        f"Polarity set: {len(ALL)} sentences; claims that lose a negation or a denial: {lost}; "
        f"wrong stance: {stance_wrong}"
    )
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
