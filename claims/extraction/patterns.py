"""Word lists as regular expressions that match fast.

Python's ``re`` tries the alternatives of ``(?:said|says|told|...)`` one by
one at every word start: with a hundred words that is most of a rule's time.
``words`` writes the same alternation grouped by first letter,
``s(?:aid|ays)|t(?:old)...``, so that only the words starting with the
text's letter are tried. The matches are the same, to the character:

- alternatives that start with different letters cannot both match at one
  place, so their order between groups does not matter;
- within a group the words keep their order, so where several could match
  (``say`` and ``says``) the same one wins.
"""

from __future__ import annotations


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern`` (``|`` inside groups and classes stays)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # "[]...]": a literal "]" first
                i += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def words(alternatives: str) -> str:
    """``a|b|c`` (each starting with a letter) grouped by first letter, for a faster match.

    Case-sensitive patterns only: under IGNORECASE "S" and "s" would be two
    groups that can both match.
    """
    groups: dict[str, list[str]] = {}
    for alternative in split_alternatives(alternatives):
        if not alternative[:1].isalpha() or alternative[1:2] in ("?", "*", "+", "{"):
            raise ValueError(f"{alternative!r} does not start with a letter of its own")
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(
        first + rests[0] if len(rests) == 1 else f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()
    )
