"""Web views of the claims app."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for orchestrators: the process answers. Public, no data."""
    return HttpResponse("ok", content_type="text/plain")
