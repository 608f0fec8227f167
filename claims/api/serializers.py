"""API shapes: serializers validate input shape and render output; no workflow here."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.validators import RegexValidator
from django.http import QueryDict
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import ClaimType, DismissReason
from ..models import Article, Claim, ExtractionJob, WebhookSubscription

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
        self.validators.append(RegexValidator(_NON_EMPTY_TEXT_PATTERN if self.allow_blank else NON_BLANK_TEXT_PATTERN,
                                              message="Remove the NUL characters."))


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
            errors = {name: [error] for name, field in self.fields.items()
                      if not field.read_only and name in data and (error := _json_type_error(field, data[name]))}
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


# What claims.weburl.parse_http_url accepts, as a pattern clients (and schemathesis) can read: http(s),
# a host without spaces, credentials or brackets, a port from 1 to 65535, then anything printable.
_PORT = r"([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
HTTP_URL_PATTERN = (r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s\x00-\x1f\x7f/?#@:\[\]\\]+(:" + _PORT + r")?"
                    r"([/?#][^\s\x00-\x1f\x7f]*)?$")
# Pasted text and HTML: not only spaces, no control characters but tab and line breaks (binary data).
CONTENT_PATTERN = rf"^[^\x00-\x08\x0e-\x1f]*[^{WHITESPACE}\x00-\x08\x0e-\x1f][^\x00-\x08\x0e-\x1f]*$"


@extend_schema_field({"type": "string", "maxLength": 2000, "pattern": HTTP_URL_PATTERN,
                      "description": "An http(s) URL: a host and, if any, a port from 1 to 65535"})
class HttpUrlField(serializers.CharField):
    """An http(s) URL checked by claims.weburl (the same check the services make), no spaces around it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(trim_whitespace=False, **kwargs)

    def to_internal_value(self, data):
        from ..weburl import InvalidUrl, parse_http_url

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


def _iso(value):
    """Datetimes as DRF renders them (ISO 8601, 'Z' for UTC)."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class VerdictBriefSerializer(serializers.Serializer):
    rating = serializers.CharField(source="rating.label")
    headline = serializers.CharField()
    version = serializers.IntegerField()
    approved = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(allow_null=True)

    def get_approved(self, verdict) -> bool:
        return verdict.approved_by_id is not None


class ClaimSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-claim-detail")
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    outlet = serializers.CharField(source="article.outlet.name", default=None, read_only=True, allow_null=True)
    verdict = serializers.SerializerMethodField()
    dismiss_reason = serializers.CharField(read_only=True, help_text="Why a dismissed claim was dismissed")
    score = ScoreField(read_only=True, help_text="Check-worthiness, 0..1, rounded to 3 places")

    class Meta:
        model = Claim
        fields = [
            "id", "url", "text", "standalone", "stance", "sentence", "start", "end", "sentence_start",
            "sentence_end", "claimant", "claim_type", "score", "reason", "checkworthy", "priority", "status", "assignee", "article",
            "outlet", "dismiss_reason", "duplicate_of", "version", "verdict", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(VerdictBriefSerializer(allow_null=True))
    def get_verdict(self, claim) -> dict | None:
        verdict = getattr(claim, "verdict", None)
        if verdict is None:
            return None
        return {"rating": verdict.rating.label, "headline": verdict.headline, "version": verdict.version,
                "approved": verdict.approved_by_id is not None,
                "published_at": _iso(verdict.published_at)}

    def to_representation(self, claim) -> dict:
        """The hot path of the claims list: the declared fields, built without per-field machinery.

        Field for field the same output as the declared serializer (the OpenAPI
        schema comes from the declarations; tests/api checks the two agree).
        ``claim`` is a Claim, or a row of ``LIST_VALUES`` (the list builds no model instances).
        """
        prefix = self.context.get("_claim_url_prefix")
        if prefix is None:  # once per response, not once per row
            request = self.context.get("request")
            prefix = request.build_absolute_uri("/api/v1/claims/") if request else "/api/v1/claims/"
            self.context["_claim_url_prefix"] = prefix
        if isinstance(claim, dict):
            return self._row_representation(claim, prefix)
        article = claim.article
        return {
            "id": claim.pk, "url": f"{prefix}{claim.pk}/", "text": claim.text,
            "standalone": claim.standalone, "stance": claim.stance, "sentence": claim.sentence,
            "start": claim.start, "end": claim.end, "sentence_start": claim.sentence_start,
            "sentence_end": claim.sentence_end, "claimant": claim.claimant, "claim_type": claim.claim_type,
            "score": score_out(claim.score), "reason": claim.reason, "checkworthy": claim.checkworthy,
            "priority": claim.priority, "status": claim.status,
            "assignee": claim.assignee.username if claim.assignee_id else None,
            "article": claim.article_id, "outlet": article.outlet.name if article.outlet_id else None,
            "dismiss_reason": claim.dismiss_reason, "duplicate_of": claim.duplicate_of_id,
            "version": claim.version, "verdict": self.get_verdict(claim),
            "created_at": _iso(claim.created_at), "updated_at": _iso(claim.updated_at),
        }


    @staticmethod
    def _row_representation(row: dict, prefix: str) -> dict:
        verdict = None
        if row["verdict__id"] is not None:
            verdict = {"rating": row["verdict__rating__label"], "headline": row["verdict__headline"],
                       "version": row["verdict__version"], "approved": row["verdict__approved_by_id"] is not None,
                       "published_at": _iso(row["verdict__published_at"])}
        return {
            "id": row["id"], "url": f"{prefix}{row['id']}/", "text": row["text"],
            "standalone": row["standalone"], "stance": row["stance"], "sentence": row["sentence"],
            "start": row["start"], "end": row["end"], "sentence_start": row["sentence_start"],
            "sentence_end": row["sentence_end"], "claimant": row["claimant"], "claim_type": row["claim_type"],
            "score": score_out(row["score"]), "reason": row["reason"], "checkworthy": row["checkworthy"],
            "priority": row["priority"], "status": row["status"], "assignee": row["assignee__username"],
            "article": row["article_id"], "outlet": row["outlet_name"],
            "dismiss_reason": row["dismiss_reason"], "duplicate_of": row["duplicate_of_id"],
            "version": row["version"], "verdict": verdict,
            "created_at": _iso(row["created_at"]), "updated_at": _iso(row["updated_at"]),
        }


# The claims list reads these columns as plain rows (see ClaimSerializer._row_representation),
# with the outlet's name as ``outlet_name`` (claims.api.claims.ClaimList: a subquery, not a join).
LIST_VALUES = [
    "id", "text", "standalone", "stance", "sentence", "start", "end", "sentence_start", "sentence_end", "claimant", "claim_type", "score",
    "reason", "checkworthy", "priority", "status", "article_id", "dismiss_reason", "duplicate_of_id", "version",
    "created_at", "updated_at", "assignee__username", "verdict__id",
    "verdict__rating__label", "verdict__headline", "verdict__version", "verdict__approved_by_id",
    "verdict__published_at",
]


class ArticleSerializer(serializers.ModelSerializer):
    # Blank for pasted text: plain strings, not URIs.
    url = serializers.CharField(read_only=True)
    canonical_url = serializers.CharField(read_only=True)
    outlet = serializers.CharField(source="outlet.name", default=None, read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = ["id", "url", "canonical_url", "title", "authors", "published_at", "outlet", "language",
                  "source_kind", "is_latest", "supersedes", "created_at"]
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text"]
        read_only_fields = fields


PUBLISHED_YEARS = r"^(1[89]|2[0-9])[0-9][0-9]-"  # the years a publication date may have (as the service checks)


_EMPTY = {"type": "string", "maxLength": 0}
_CONTENT = {"type": "string", "minLength": 1, "pattern": CONTENT_PATTERN}
# Exactly one of url, html and text; the other two absent or empty.
ARTICLE_CREATE_SCHEMA = {
    "type": "object",
    "properties": {
        "url": {"type": "string", "maxLength": 2000, "pattern": HTTP_URL_PATTERN, "description": "A page to fetch"},
        "html": {"type": "string", "description": "An HTML page (at most 5 MB)"},
        "text": {"type": "string", "description": "Pasted text (at most 5 MB)"},
        "article_url": {"type": "string", "maxLength": 2000, "pattern": f"({HTTP_URL_PATTERN})|^$",
                        "description": "With html or text: where the article was published"},
        "outlet": {"type": "string", "maxLength": 200, "pattern": TEXT_PATTERN,
                   "description": "The outlet: a known outlet's name or domain, or a new one"},
        "published_at": {"anyOf": [{"type": "string", "format": "date", "pattern": PUBLISHED_YEARS},
                                   {"type": "string", "format": "date-time", "pattern": PUBLISHED_YEARS},
                                   {"type": "string", "maxLength": 0}],
                         "description": "When the article was published: YYYY-MM-DD or ISO 8601, years 1800-2999"},
    },
    "oneOf": [
        {"required": ["url"], "properties": {"url": {"type": "string", "minLength": 1, "maxLength": 2000,
                                                     "pattern": HTTP_URL_PATTERN}, "html": _EMPTY, "text": _EMPTY,
                                             "article_url": _EMPTY}},
        {"required": ["html"], "properties": {"html": _CONTENT, "url": _EMPTY, "text": _EMPTY}},
        {"required": ["text"], "properties": {"text": _CONTENT, "url": _EMPTY, "html": _EMPTY}},
    ],
}


class PublishedAtField(serializers.CharField):
    """A publication date: ``YYYY-MM-DD`` or an ISO 8601 date and time (UTC when no offset is given)."""

    def to_internal_value(self, data):
        from datetime import UTC

        from django.utils.dateparse import parse_date, parse_datetime

        value = super().to_internal_value(data)
        if value == "":
            return None
        if len(value) > 40:
            raise serializers.ValidationError("Give the publication date as YYYY-MM-DD or an ISO 8601 date and time.")
        try:
            moment = parse_datetime(value) if "T" in value or " " in value else None
            day = None if moment else parse_date(value)
        except ValueError:
            moment = day = None
        if moment is None and day is None:
            raise serializers.ValidationError(
                f"Give the publication date as YYYY-MM-DD or an ISO 8601 date and time, not {value[:40]!r}.")
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment or day


class ArticleCreateSerializer(JSONTypesMixin, serializers.Serializer):
    """Exactly one of url, html or text (ARTICLE_CREATE_SCHEMA in the OpenAPI schema), and optional
    context: where the text or HTML was published, the outlet, the publication date."""

    url = HttpUrlField(required=False, allow_blank=True)
    html = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    article_url = HttpUrlField(required=False, allow_blank=True)
    outlet = TextField(required=False, allow_blank=True, max_length=200)
    published_at = PublishedAtField(required=False, allow_blank=True)

    def validate(self, attrs):
        given = [k for k in ("url", "html", "text") if attrs.get(k)]
        if len(given) != 1:
            raise serializers.ValidationError("Give exactly one of url, html or text.")
        if attrs.get("url") and attrs.get("article_url"):
            raise serializers.ValidationError({"article_url": "article_url is for text and html: a fetched page "
                                                              "has its own address (url)."})
        return attrs


class JobSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-job-detail")
    input_url = serializers.CharField(read_only=True)
    error_step = serializers.CharField(read_only=True, help_text="The step a failed job stopped at; blank otherwise")

    class Meta:
        model = ExtractionJob
        fields = ["id", "url", "source_kind", "input_url", "status", "step", "progress", "error", "error_step",
                  "attempts", "article", "claims_created", "appearances_created", "created_at", "started_at",
                  "finished_at"]
        read_only_fields = fields


class MoveSerializer(JSONTypesMixin, serializers.Serializer):
    note = TextField(required=False, allow_blank=True, max_length=5000, default="")
    reason = serializers.ChoiceField(required=False, choices=DismissReason.choices,
                                     help_text="dismiss: why (duplicate needs duplicate_of, other a note)")
    duplicate_of = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    assignee = TextField(required=False, max_length=150, help_text="assign: a username (default: you)")
    rating = serializers.SlugField(required=False, help_text="correct: a rating slug of the scale")
    headline = TextField(required=False, max_length=300)
    explanation = TextField(required=False, max_length=20000)


READ_ONLY_CLAIM_FIELDS = {
    "text": "The exact span in the article cannot be changed (its offsets point into the article); edit standalone.",
}


# The PATCH body as the schema publishes it: only these fields (the service refuses the others by name).
CLAIM_EDIT_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "standalone": {"type": "string", "maxLength": 1000, "pattern": NON_BLANK_TEXT_PATTERN,
                       "description": "The claim readable on its own, as ClaimReview publishes it"},
        "claimant": {"type": "string", "maxLength": 300, "pattern": NON_BLANK_TEXT_PATTERN,
                     "description": "Who made the claim"},
        "claim_type": {"type": "string", "enum": list(ClaimType.values)},
        "note": {"type": "string", "maxLength": 5000, "pattern": TEXT_PATTERN, "description": "Why"},
    },
}


class ClaimEditSerializer(JSONTypesMixin, serializers.Serializer):
    """PATCH a claim: its standalone text, claimant and type (services.editing.claim_edit). Fields left out
    stay as they are; a PATCH that changes nothing answers with the claim as it is (no event)."""

    standalone = TextField(required=False, max_length=1000, help_text="The claim readable on its own, as "
                           "ClaimReview publishes it")
    claimant = TextField(required=False, max_length=300, help_text="Who made the claim")
    claim_type = serializers.ChoiceField(required=False, choices=ClaimType.choices)
    note = TextField(required=False, allow_blank=True, max_length=5000, default="", help_text="Why")

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = {name: [READ_ONLY_CLAIM_FIELDS.get(name, "Not a field you can change: change standalone, "
                                                                 "claimant or claim_type.")]
                       for name in data if name not in self.fields}
            if unknown:
                raise serializers.ValidationError(unknown)
        return super().to_internal_value(data)


class ClaimSplitSerializer(JSONTypesMixin, serializers.Serializer):
    """Split one candidate into two claims (services.editing.claim_split)."""

    standalone = TextField(max_length=1000, help_text="What this claim says from now on")
    new_standalone = TextField(max_length=1000, help_text="What the new claim says")
    new_claimant = TextField(required=False, max_length=300, help_text="Default: this claim's claimant")
    new_claim_type = serializers.ChoiceField(required=False, choices=ClaimType.choices,
                                             help_text="Default: this claim's type")
    note = TextField(required=False, allow_blank=True, max_length=5000, default="")


class ClaimMergeSerializer(JSONTypesMixin, serializers.Serializer):
    """Merge this claim, a duplicate, into the claim kept (services.editing.claim_merge)."""

    into = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The id of the claim to keep")
    note = TextField(required=False, allow_blank=True, max_length=5000, default="")


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    scopes = serializers.ListField(child=serializers.CharField())


class EvidenceSerializer(JSONTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = HttpUrlField(required=False, allow_blank=True, default="")
    title = TextField(required=False, allow_blank=True, max_length=500, default="")
    quote = TextField(required=False, allow_blank=True, max_length=10000, default="")
    source_kind = serializers.ChoiceField(choices=["official_data", "expert", "document", "media", "social_post",
                                                   "other"])
    stance = serializers.ChoiceField(choices=["supports", "refutes", "context"])
    added_by = serializers.CharField(source="added_by.username", read_only=True)
    archive_status = serializers.CharField(read_only=True)
    archive_sha256 = serializers.CharField(read_only=True)
    archived_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


def _input_schema(properties: dict, required=()) -> dict:
    return {"type": "object", "properties": properties, **({"required": list(required)} if required else {})}


_EVIDENCE_FIELDS = {
    "url": {"type": "string", "maxLength": 2000, "pattern": f"({HTTP_URL_PATTERN})|^$",
            "description": "The source's page (archived in the background)"},
    "title": {"type": "string", "maxLength": 500, "pattern": TEXT_PATTERN},
    "quote": {"type": "string", "maxLength": 10000, "pattern": TEXT_PATTERN,
              "description": "A quote or excerpt from the source"},
    "source_kind": {"type": "string", "enum": ["official_data", "expert", "document", "media", "social_post", "other"]},
    "stance": {"type": "string", "enum": ["supports", "refutes", "context"]},
}
# A URL or a quote (one that is not only spaces), besides the kind and the stance.
EVIDENCE_CREATE_SCHEMA = {
    **_input_schema(_EVIDENCE_FIELDS, required=["source_kind", "stance"]),
    "anyOf": [
        {"required": ["url"], "properties": {"url": {"type": "string", "minLength": 1}}},
        {"required": ["quote"], "properties": {"quote": {"type": "string", "pattern": NON_BLANK_TEXT_PATTERN}}},
    ],
}


class VerdictVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.CharField()
    rating = serializers.CharField(source="rating.slug")
    headline = serializers.CharField()
    explanation = serializers.CharField()
    note = serializers.CharField()
    edited_by = serializers.CharField(source="edited_by.username")
    approved_by = serializers.CharField(source="approved_by.username", default=None, allow_null=True,
                                        help_text="Published and correction versions: who approved this text")
    approved_alone = serializers.BooleanField(help_text="A one-person correction, approved by its own editor")
    created_at = serializers.DateTimeField()


class VerdictSerializer(JSONTypesMixin, serializers.Serializer):
    rating = serializers.SlugField(help_text="A rating slug of the desk's scale, e.g. 'false'")
    headline = TextField(max_length=300)
    explanation = TextField(required=False, allow_blank=True, max_length=20000, default="")
    evidence = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False,
                                     default=list, max_length=MAX_VERDICT_EVIDENCE,
                                     write_only=True, help_text="Ids of this claim's evidence the verdict rests on")
    evidence_ids = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    approved_by = serializers.CharField(source="approved_by.username", read_only=True, default=None, allow_null=True)
    approved_alone = serializers.BooleanField(read_only=True,
                                              help_text="A one-person correction: approved by its corrector alone")
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    versions = VerdictVersionSerializer(many=True, read_only=True, source="versions.all")

    def get_evidence_ids(self, verdict) -> list[int]:
        return sorted(e.pk for e in verdict.evidence.all())


class CommentSerializer(JSONTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    body = TextField(max_length=10000)
    author = serializers.CharField(source="author.username", read_only=True)
    mentions = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)

    def get_mentions(self, comment) -> list[str]:
        return sorted(user.username for user in comment.mentions.all())


class RatingSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    label = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    description = serializers.CharField()


class OutletSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    domain = serializers.CharField()
    country = serializers.CharField()
    language = serializers.CharField()
    reach = serializers.IntegerField()


class WebhookSerializer(JSONTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    target_url = HttpUrlField()
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookSubscription.Event.values),
                                   min_length=1, max_length=20)
    secret = serializers.SerializerMethodField(help_text="Shown only in the response that creates it")
    active = serializers.BooleanField(read_only=True)
    consecutive_failures = serializers.IntegerField(read_only=True)
    disabled_reason = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_secret(self, subscription) -> str | None:
        return subscription.secret if self.context.get("show_secret") else None


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.CharField()
    status = serializers.CharField()
    attempts = serializers.IntegerField()
    response_status = serializers.IntegerField(allow_null=True)
    response_ms = serializers.IntegerField(allow_null=True)
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)


class TokenSerializer(JSONTypesMixin, serializers.Serializer):
    """An API token as listed: never its key."""

    id = serializers.IntegerField(read_only=True)
    name = TextField(max_length=100)
    kind = serializers.CharField(read_only=True, help_text="personal, or service (an integration's)")
    prefix = serializers.CharField(read_only=True, help_text="The key's first characters, to recognise it")
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=["read", "ingest", "review", "publish"]), min_length=1, max_length=4,
        help_text="read, ingest, review, publish; a token can only give scopes it holds itself",
    )
    created_at = serializers.DateTimeField(read_only=True)
    last_used_at = serializers.DateTimeField(read_only=True, allow_null=True,
                                             help_text="When it was last used (to the minute); null: never")
    expires_in_days = serializers.IntegerField(required=False, min_value=1, max_value=3650, write_only=True,
                                               help_text="Creating: days until it stops working (leave it out: never)")
    expires_at = serializers.DateTimeField(read_only=True, allow_null=True,
                                           help_text="When it stops working; null: never")
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)


class TokenCreatedSerializer(TokenSerializer):
    key = serializers.CharField(read_only=True, help_text="The token itself: shown only in this response")


class FeedSerializer(JSONTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = HttpUrlField()
    outlet = TextField(required=False, allow_blank=True, allow_null=True, max_length=253,
                                   help_text="Writing: the outlet's domain (optional); reading: its name")
    title = serializers.CharField(read_only=True)
    interval_minutes = serializers.IntegerField(required=False, default=30, min_value=5, max_value=10080)
    active = serializers.BooleanField(read_only=True)
    last_polled_at = serializers.DateTimeField(read_only=True, allow_null=True)
    last_item_at = serializers.DateTimeField(read_only=True, allow_null=True)
    last_error = serializers.CharField(read_only=True)
    failures = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, feed) -> dict:
        data = super().to_representation(feed)
        data["outlet"] = feed.outlet.name if feed.outlet_id else None
        return data
