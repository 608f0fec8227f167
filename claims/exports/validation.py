"""Validate the JSON-LD we publish against the schema.org vocabulary and Google's fact-check rules.

The vocabulary is read from a schema.org release file (``schemaorg-current-https.jsonld``,
optionally gzipped) given by path: nothing is downloaded. Two layers of checks:

* **schema.org**: every ``@type`` is a class of the vocabulary; every property is
  allowed on its node's type (``domainIncludes`` of the type or one of its
  ancestors); every value fits the property's ``rangeIncludes`` (with
  schema.org's usual leniency: text may stand for a URL or a Thing).
* **fact-check tools** (../shared/CLAIMREVIEW.md): ClaimReview needs
  ``claimReviewed``, ``reviewRating`` with ``alternateName`` and an absolute
  ``url``; a numeric rating lies within ``worstRating``..``bestRating`` (worst at
  least 1, best above worst); authors have a name or a URL; every URL is
  absolute and every date is ISO 8601.

``validate(document, vocabulary)`` returns a list of problems, each naming the
JSON path; an empty list means valid.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

DATA_TYPES = {
    "Text",
    "URL",
    "Number",
    "Integer",
    "Float",
    "Boolean",
    "Date",
    "DateTime",
    "Time",
    "CssSelectorType",
    "XPathType",
    "PronounceableText",
}
URL_PROPERTIES = {"url", "sameAs", "logo", "image", "sdLicense", "license", "contentUrl"}
DATE_PROPERTIES = {"datePublished", "dateModified", "dateCreated", "dateDeleted", "uploadDate"}


class VocabularyError(Exception):
    """The vocabulary file is missing or is not a schema.org release."""


@dataclass
class Vocabulary:
    """Classes (with their direct superclasses) and properties (with domains and ranges)."""

    superclasses: dict[str, set[str]] = field(default_factory=dict)
    domains: dict[str, set[str]] = field(default_factory=dict)
    ranges: dict[str, set[str]] = field(default_factory=dict)
    enumeration_members: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_jsonld(cls, data: dict) -> Vocabulary:
        graph = data.get("@graph") if isinstance(data, dict) else None
        if not isinstance(graph, list):
            raise VocabularyError("not a schema.org vocabulary: no @graph")
        vocabulary = cls()
        for node in graph:
            name = _local(node.get("@id", ""))
            types = {_local(t) for t in _as_list(node.get("@type"))}
            if "rdfs:Class" in types or "DataType" in types:
                vocabulary.superclasses[name] = {
                    _local(s["@id"]) for s in _as_list(node.get("rdfs:subClassOf")) if isinstance(s, dict)
                }
            elif "rdf:Property" in types:
                vocabulary.domains[name] = {_local(d["@id"]) for d in _as_list(node.get("schema:domainIncludes"))}
                vocabulary.ranges[name] = {_local(r["@id"]) for r in _as_list(node.get("schema:rangeIncludes"))}
            else:  # an enumeration member, e.g. schema:True is a schema:Boolean
                for t in types:
                    vocabulary.enumeration_members.setdefault(t, set()).add(name)
        if not vocabulary.superclasses or not vocabulary.domains:
            raise VocabularyError("not a schema.org vocabulary: no classes or properties")
        return vocabulary

    @classmethod
    def load(cls, path: str | Path) -> Vocabulary:
        return _load_cached(str(Path(path).resolve()))

    def is_class(self, name: str) -> bool:
        return name in self.superclasses

    def ancestors(self, name: str) -> set[str]:
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            todo.extend(self.superclasses.get(current, ()))
        return seen

    def allows(self, type_name: str, prop: str) -> bool:
        return bool(self.domains.get(prop, set()) & self.ancestors(type_name))


@cache
def _load_cached(path: str) -> Vocabulary:
    file = Path(path)
    if not file.is_file():
        raise VocabularyError(f"schema.org vocabulary not found at {path}")
    opener = gzip.open if file.suffix == ".gz" else open
    try:
        with opener(file, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise VocabularyError(f"cannot read the schema.org vocabulary at {path}: {exc}") from exc
    return Vocabulary.from_jsonld(data)


def _local(iri: str) -> str:
    """``schema:Claim`` / ``https://schema.org/Claim`` → ``Claim``; other prefixes are kept."""
    for prefix in ("schema:", "https://schema.org/", "http://schema.org/"):
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return iri


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def is_absolute_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_iso8601(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        if _ISO_DATE.match(value):
            date.fromisoformat(value)
        elif "T" in value:
            datetime.fromisoformat(value)
        else:
            return False
    except ValueError:
        return False
    return True


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


class _Checker:
    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def node(self, node: dict, path: str, expected: set[str] | None = None) -> None:
        types = [_local(t) for t in _as_list(node.get("@type")) if isinstance(t, str)]
        if not types:
            self.problem(path, "no @type")
            return
        for type_name in types:
            if not self.vocabulary.is_class(type_name):
                self.problem(path, f"@type {type_name!r} is not a schema.org type")
                return
        if expected and not any(self.vocabulary.ancestors(t) & expected for t in types):
            self.problem(path, f"@type {'/'.join(types)} is not one of {', '.join(sorted(expected))}")
        for key, value in node.items():
            if key.startswith("@"):
                continue
            prop_path = f"{path}.{key}"
            if key not in self.vocabulary.domains:
                self.problem(prop_path, f"{key!r} is not a schema.org property")
                continue
            if not any(self.vocabulary.allows(t, key) for t in types):
                self.problem(prop_path, f"{key!r} is not allowed on {'/'.join(types)}")
                continue
            for i, item in enumerate(_as_list(value)):
                self.value(key, item, f"{prop_path}[{i}]" if isinstance(value, list) else prop_path)
        for type_name in types:
            rule = getattr(self, f"rule_{type_name}", None)
            if rule:
                rule(node, path)

    def value(self, prop: str, value: object, path: str) -> None:
        ranges = self.vocabulary.ranges.get(prop, set())
        if isinstance(value, dict):
            self.node(value, path, expected=ranges or None)
            return
        if prop in URL_PROPERTIES and not is_absolute_url(value):
            self.problem(path, f"{value!r} is not an absolute URL")
        if prop in DATE_PROPERTIES and not is_iso8601(value):
            self.problem(path, f"{value!r} is not an ISO 8601 date")
        if isinstance(value, bool):
            ok = "Boolean" in ranges
        elif isinstance(value, int | float):
            ok = bool(ranges & {"Number", "Integer", "Float", "Text"})
        elif isinstance(value, str):
            # Text stands for any data type, and a URL for a Thing (schema.org's leniency).
            ok = bool(ranges & DATA_TYPES) or bool(ranges) and is_absolute_url(value)
        else:
            ok = False
        if not ok:
            self.problem(path, f"{type(value).__name__} value does not fit {prop!r} ({', '.join(sorted(ranges))})")

    # --- Google's fact-check rules -----------------------------------------

    def rule_ClaimReview(self, node: dict, path: str) -> None:
        if not isinstance(node.get("claimReviewed"), str) or not node["claimReviewed"].strip():
            self.problem(path, "ClaimReview needs claimReviewed (the claim, as text)")
        if not is_absolute_url(node.get("url")):
            self.problem(path, "ClaimReview needs an absolute url (the page holding the fact check)")
        rating = node.get("reviewRating")
        if not isinstance(rating, dict):
            self.problem(path, "ClaimReview needs a reviewRating")
        elif not (rating.get("alternateName") or rating.get("name")):
            self.problem(f"{path}.reviewRating", "needs alternateName (the rating's words)")
        if "author" not in node:
            self.problem(path, "ClaimReview should name its author (the fact-checking organisation)")
        item = node.get("itemReviewed")
        if item is not None and not isinstance(item, dict):
            self.problem(f"{path}.itemReviewed", "must be a Claim")

    def rule_Rating(self, node: dict, path: str) -> None:
        value, best, worst = (node.get(k) for k in ("ratingValue", "bestRating", "worstRating"))
        if value is None:
            return
        numbers = [_number(v) for v in (value, best, worst)]
        if any(n is None for n in numbers):
            self.problem(path, "ratingValue, bestRating and worstRating must all be numbers")
            return
        value_n, best_n, worst_n = numbers
        if worst_n < 1:
            self.problem(path, "worstRating must be at least 1")
        if best_n <= worst_n:
            self.problem(path, "bestRating must be greater than worstRating")
        if not worst_n <= value_n <= best_n:
            self.problem(path, f"ratingValue {value} is not within {worst}..{best}")

    def _named(self, node: dict, path: str) -> None:
        if not (node.get("name") or node.get("url")):
            self.problem(path, "needs a name or a url")

    rule_Organization = _named
    rule_Person = _named

    def rule_DataFeedItem(self, node: dict, path: str) -> None:
        if "item" not in node:
            self.problem(path, "DataFeedItem needs an item")


def validate(document: dict | list, vocabulary: Vocabulary) -> list[str]:
    """Problems with a JSON-LD document (a node, a list of nodes or an ``@graph``); [] if valid."""
    checker = _Checker(vocabulary)
    nodes = document.get("@graph", [document]) if isinstance(document, dict) else document
    for i, node in enumerate(_as_list(nodes)):
        path = f"$[{i}]" if isinstance(nodes, list) and len(nodes) > 1 else "$"
        if not isinstance(node, dict):
            checker.problem(path, "not a JSON-LD node")
            continue
        context = node.get("@context", document.get("@context") if isinstance(document, dict) else None)
        if context not in ("https://schema.org", "http://schema.org", "https://schema.org/", "http://schema.org/"):
            checker.problem(path, "@context must be schema.org")
        checker.node(node, path)
    return checker.problems
