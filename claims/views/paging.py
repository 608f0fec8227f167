"""Page numbers over a list too long to count (the queue at a million claims, issue 27)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Django's Paginator, but its count stops after ``cap`` rows, or the rows up to the page after
    the one asked for when that is further. Below that, pages and count are exact; above it
    ``capped`` is true, ``count`` is a lower bound (shown as "10000+") and the pages end one page
    past the asked one, so "Next" stays. A count of every row costs as much as reading them (130 ms
    for the queue's default view at 1M claims in PostgreSQL) and a desk reads the first pages.

    ``object_list`` must be a QuerySet; ``get_page`` is the way in (it sets how far to count).
    """

    def __init__(self, object_list: QuerySet, per_page: int, *, cap: int, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.queryset = object_list
        self.cap = cap
        self.limit = cap
        self.capped = False

    def get_page(self, number):
        try:
            asked = min(max(int(number), 1), 10**9)  # past the end is the last page anyway
        except (TypeError, ValueError):
            asked = 1
        self.limit = max(self.cap, (asked + 1) * self.per_page)
        return super().get_page(number)

    @cached_property
    def count(self) -> int:
        counted = self.queryset.order_by().values("pk")[: self.limit + 1].count()
        self.capped = counted > self.limit
        return min(counted, self.limit)
