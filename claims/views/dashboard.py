"""The editors' dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from .access import desk_view


@desk_view()
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    figures = selectors.dashboard_figures()
    charts = {
        key: {"rows": bars(figures[key]), "height": 12 + 26 * max(1, len(figures[key]))}
        for key in ("per_state", "weekly", "load", "outlets")
    }
    return render(request, "claims/dashboard.html", {"charts": charts, "median_hours": figures["median_hours"]})


def bars(rows: list[tuple[str, int]]) -> list[tuple[str, int, float, int]]:
    """(label, value, bar width, y offset) in the 420-wide SVG of claims/_bars.html."""
    top = max((n for _, n in rows), default=0) or 1
    return [(label, n, round(210 * n / top, 1), 6 + i * 26) for i, (label, n) in enumerate(rows)]
