"""The REST API, v1: what every resource module shares.

Thin views: validate shape, fetch, call one service, serialize. Here: the 404 for
unknown paths, the scope helper, cursor pagination, strict filters and the common
OpenAPI parameters.
"""

from __future__ import annotations

import math
from datetime import UTC

import django_filters
from django import forms as django_forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema_field,
)
from rest_framework import filters
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from verify.api import problem_type

from ..models import Claim
from ..selectors import claim_get_for_user


@csrf_exempt  # nothing to protect, and a POST should learn of the 404, not of CSRF
def no_such_endpoint(request, *args, **kwargs) -> JsonResponse:
    """A problem-details 404 for paths under /api/ that match no route (or an id that is not one)."""
    body = {
        "type": problem_type("not_found"),
        "title": "Not found",
        "status": 404,
        "detail": "No such API endpoint.",
        "code": "not_found",
    }
    return JsonResponse(body, status=404, content_type="application/problem+json")


def read_or(scope: str):
    """The scope a view needs: read for GET/HEAD, ``scope`` for anything else."""
    return staticmethod(lambda request: "read" if request.method in ("GET", "HEAD", "OPTIONS") else scope)


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the claim as you read it",
)


IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "maxLength": 200},
    OpenApiParameter.HEADER,
    description="Same key and body: the same job; same key, other body: 409",
)


class Cursor(CursorPagination):
    """Cursor pages whose cursor and page size are checked before they reach a query.

    DRF decodes the cursor's position (``p``) but passes it to the database
    as it is: a forged ``p=aaa`` on a numeric or date ordering was a 500.
    Here the position must be a value of the ordering field's own type (else
    404, the page it names does not exist, as for an undecodable cursor), and
    ``page_size`` a whole number from 1 to ``max_page_size`` (else a 400).
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-priority", "-id")
    invalid_cursor_message = "The cursor is not one this API gave out: start again from the first page."

    def paginate_queryset(self, queryset, request, view=None):
        self._queryset = queryset  # to read the type of the ordering field (a column or an annotation)
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= self.max_page_size):
            raise ValidationError(
                {self.page_size_query_param: [f"The page size is a whole number from 1 to {self.max_page_size}."]}
            )
        return int(value)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            cursor = None
            valid = False
        else:
            valid = cursor is None or cursor.position is None or self._position_fits(cursor.position)
        if not valid:
            # As DRF answers an undecodable cursor: no such page (a cursor is opaque, any string may be sent).
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    def _position_fits(self, position: str) -> bool:
        """Whether ``position`` is a value of the field the page is ordered by."""
        name = self.ordering[0].lstrip("-")
        query = self._queryset.query
        field = (
            query.annotations[name].output_field
            if name in query.annotations
            else self._queryset.model._meta.get_field(name)
        )
        try:
            value = field.to_python(position)
        except DjangoValidationError:
            return False
        if value is None:
            return False
        if isinstance(value, float):
            return math.isfinite(value)
        if isinstance(value, int):
            return -(2**63) <= value < 2**63
        return True


class ArticleCursor(Cursor):
    ordering = ("-created_at", "-id")


class StableOrdering(filters.OrderingFilter):
    """The client's ordering, with the id as tie-breaker, for the cursor pagination.

    The cursor keeps its place by the first ordering field and an offset among
    rows equal in it; ending on the (unique) id makes that order total, so
    pages neither skip nor repeat rows. Without ``ordering`` the pagination's
    own order applies. A view's ``ordering_aliases`` maps a public name to the
    annotation it sorts by (the cursor cannot page over a nullable column).
    """

    def get_ordering(self, request, queryset, view):
        given = request.query_params.get(self.ordering_param)
        if given is not None:
            allowed = [f"{sign}{name}" for name in view.ordering_fields for sign in ("", "-")]
            if given not in allowed:
                raise ValidationError({self.ordering_param: [f"Sort by one of: {', '.join(allowed)}."]})
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return None
        aliases = getattr(view, "ordering_aliases", {})
        terms = []
        for term in ordering:
            desc, name = term.startswith("-"), term.lstrip("-")
            if name in ("id", "pk"):
                continue
            terms.append(("-" if desc else "") + aliases.get(name, name))
        if not terms:
            return None
        return (*terms, "-id" if terms[0].startswith("-") else "id")

    def get_schema_operation_parameters(self, view):
        fields = ", ".join(f"{name}, -{name}" for name in view.ordering_fields)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"Sort by one of: {fields} (a leading - for descending); ties by id",
                "schema": {
                    "type": "string",
                    "enum": [f"{sign}{name}" for name in view.ordering_fields for sign in ("", "-")],
                },
            }
        ]


class FilterWhenAsked(django_filters.rest_framework.DjangoFilterBackend):
    """django-filter, skipped when the request names none of the view's filters.

    Building a FilterSet deep-copies every filter; the plain first page of a
    hot list (no filter asked) need not pay for that.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class and not set(request.query_params) & set(filterset_class.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)


NO_NUL = {"type": "string", "pattern": r"^[^\x00]*$"}


@extend_schema_field(NO_NUL)
class TextFilter(django_filters.CharFilter):
    """A text filter; Django's form field refuses NUL characters (a 400), and the schema says so."""


class NoNulSearchFilter(filters.SearchFilter):
    """DRF's search under ``q``, the desk's search parameter too; ``search``, its older name, still
    works, and words given under both must all match (nothing a client sends is ignored). Refuses NUL
    (PostgreSQL cannot hold it in a query: it was a 500 there)."""

    search_param = "q"
    alias = "search"

    def get_search_terms(self, request):
        terms: list[str] = []
        for name in (self.search_param, self.alias):
            value = request.query_params.get(name, "")
            if "\x00" in value:
                raise ValidationError({name: ["Remove the NUL characters."]})
            # Split as DRF splits it: words, "quoted phrases", commas.
            terms += [term for term in filters.search_smart_split(value) if term not in terms]
        return terms

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = dict(NO_NUL)
        if parameters:
            alias = {
                **parameters[0],
                "name": self.alias,
                "deprecated": True,
                "description": f"The older name of `{self.search_param}`: its words must match too.",
            }
            parameters.append(alias)
        return parameters


class StrictFilterSet(django_filters.FilterSet):
    """django-filter, refusing a typed filter given empty (``?published_before=``): the schema says a
    date-time (a number, a state...), and "" is none; django-filter would ignore it silently.
    Text filters may be empty."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, declared in self.filters.items():
            if name not in self.data:
                continue
            value = self.data.get(name)
            if value == "" and not isinstance(declared, django_filters.CharFilter):
                self.form.add_error(name, "Give a value, or leave the parameter out.")
                valid = False
            elif isinstance(declared, django_filters.BooleanFilter) and value not in ("true", "false"):
                # Django's NullBooleanField reads anything else as "no filter".
                self.form.add_error(name, "Give true or false.")
                valid = False
        return valid


class UTCIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date-time, in UTC: RFC 3339 allows offsets to ±23:59, PostgreSQL only to ±15:59
    (a query with +22:44 was a 500)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None or timezone.is_naive(value):
            return value
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise DjangoValidationError("This date-time is out of range.", code="invalid") from None


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCIsoDateTimeField


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2**63 - 1})
class IdFilter(django_filters.NumberFilter):
    """A database id: a whole number that fits the column."""

    field_class = django_forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**63 - 1, **kwargs)


@extend_schema_field({"type": "number", "minimum": 0, "maximum": 1})
class ScoreFilter(django_filters.NumberFilter):
    """A check-worthiness score bound, 0..1."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=0, max_value=1, **kwargs)


def not_found(message: str) -> NotFound:
    return NotFound(message)


def claim_for(request, pk: int):
    """The claim ``pk`` through the desk's own permission-checked fetch
    (selectors.claim_get_for_user): 404 when there is none, 403 (NotPermitted) for a user who may
    not view claims. Every API view that acts on one claim fetches it here."""
    try:
        return claim_get_for_user(user=request.user, pk=pk)
    except Claim.DoesNotExist:
        raise not_found(f"There is no claim {pk}.") from None
