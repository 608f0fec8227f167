"""Fields, patterns and checks every API serializer shares: strict JSON types, text without NULs,
http(s) URLs, scores."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.validators import RegexValidator
from django.http import QueryDict
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...inputs.weburl import InvalidUrl, parse_http_url

# Ids fit a signed 64-bit column: a larger one would overflow the query (a 500), not miss.
MAX_ID = 2**63 - 1


# Evidence ids one verdict may name: far above any real verdict, far below the database's
# limit on query parameters (SQLite: 32,766).
MAX_VERDICT_EVIDENCE = 500


# Text DRF accepts: no NUL (its CharField refuses it; it refuses lone surrogates too, which no
# UTF-8 client sends); with a letter or sign that is not a space when the field may not be blank
# (DRF trims, then refuses "").
TEXT_PATTERN = r"^[^\x00]*$"


# What str.strip() removes, spelled out: regex engines disagree on \s (ECMA's lacks U+0085 and has
# U+FEFF), and the schema must say exactly what Python's strip does.
WHITESPACE = r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


NON_BLANK_TEXT_PATTERN = rf"^[^\x00]*[^{WHITESPACE}\x00][^\x00]*$"


# For a field that may be blank drf-spectacular adds the blank string as its own oneOf branch: the
# pattern must then not match "" too.
_NON_EMPTY_TEXT_PATTERN = r"^[^\x00]+$"


class TextField(serializers.CharField):
    """Text input whose schema says what DRF refuses (NUL, lone surrogates, only spaces when not blank):
    a RegexValidator with the same pattern, which drf-spectacular publishes."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(
            RegexValidator(
                _NON_EMPTY_TEXT_PATTERN if self.allow_blank else NON_BLANK_TEXT_PATTERN,
                message="Remove the NUL characters.",
            )
        )


def score_out(value: float | None) -> float | None:
    """Scores leave the API rounded to 3 places: the models cannot tell more digits apart."""
    return None if value is None else round(float(value), 3)


class ScoreField(serializers.FloatField):
    """A 0..1 score, rounded to 3 places (``score_out``)."""

    def to_representation(self, value) -> float:
        return score_out(value)


def _json_type_error(field, value) -> str | None:
    """Why ``value`` (from a JSON body) is not of the JSON type the schema gives ``field``, or None."""
    if value is None:
        return None  # DRF answers for null itself (allow_null)
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else "Give true or false."
    if isinstance(field, serializers.IntegerField):
        # JSON has one number type: 6.0 is the integer 6 to a JSON schema (made an int before DRF reads it).
        whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        return None if whole and not isinstance(value, bool) else "Give a whole number."
    if isinstance(field, serializers.FloatField | serializers.DecimalField):
        return None if isinstance(value, int | float) and not isinstance(value, bool) else "Give a number."
    if isinstance(field, serializers.ListField):
        if not isinstance(value, list):
            return "Give a list."
        return next((error for item in value if (error := _json_type_error(field.child, item))), None)
    if isinstance(field, serializers.CharField | serializers.ChoiceField | serializers.DateTimeField):
        return None if isinstance(value, str) else "Give a string."
    return None


class JSONTypesMixin:
    """Input serializers: a JSON body has the JSON types the schema says. DRF takes 12 for a string,
    "4" for an integer and "true" for a boolean; here they are a 400 naming the field (form bodies,
    all strings, are left to the fields)."""

    def to_internal_value(self, data):
        if isinstance(data, dict) and not isinstance(data, QueryDict):
            errors = {
                name: [error]
                for name, field in self.fields.items()
                if not field.read_only and name in data and (error := _json_type_error(field, data[name]))
            }
            if errors:
                raise serializers.ValidationError(errors)
            data = {name: _whole_numbers(self.fields.get(name), value) for name, value in data.items()}
        return super().to_internal_value(data)


def _whole_numbers(field, value):
    """Integral floats of a JSON body as ints where an integer is expected (DRF reads 3e16 as no integer)."""
    if isinstance(field, serializers.IntegerField) and isinstance(value, float):
        return int(value)
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        return [_whole_numbers(field.child, item) for item in value]
    return value


# What claims.inputs.weburl.parse_http_url accepts, as a pattern clients (and schemathesis) can read: http(s),
# a host without spaces, credentials or brackets, a port from 1 to 65535, then anything printable.
_PORT = r"([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"


# Spaces as str.isspace() has them (WHITESPACE: ECMA's \s lacks U+0085), as parse_http_url refuses them.
HTTP_URL_PATTERN = (
    rf"^[Hh][Tt][Tt][Pp][Ss]?://[^{WHITESPACE}\x00-\x1f\x7f/?#@:\[\]\\]+(:" + _PORT + r")?"
    rf"([/?#][^{WHITESPACE}\x00-\x1f\x7f]*)?$"
)


# Pasted text and HTML: not only spaces, no control characters but tab and line breaks (binary data).
CONTENT_PATTERN = rf"^[^\x00-\x08\x0e-\x1f]*[^{WHITESPACE}\x00-\x08\x0e-\x1f][^\x00-\x08\x0e-\x1f]*$"


@extend_schema_field(
    {
        "type": "string",
        "maxLength": 2000,
        "pattern": HTTP_URL_PATTERN,
        "description": "An http(s) URL: a host and, if any, a port from 1 to 65535",
    }
)
class HttpUrlField(serializers.CharField):
    """An http(s) URL checked by claims.inputs.weburl (the same check the services make), no spaces around it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(trim_whitespace=False, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value == "" and self.allow_blank:
            return value
        try:
            checked = parse_http_url(value)
        except InvalidUrl as exc:
            raise serializers.ValidationError(str(exc)) from None
        if checked.url != value or "\\" in urlsplit(value).netloc:
            raise serializers.ValidationError("Give the URL without spaces around it or backslashes in its host.")
        return checked.url


def input_schema(properties: dict, required=()) -> dict:
    return {"type": "object", "properties": properties, **({"required": list(required)} if required else {})}
