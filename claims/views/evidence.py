"""The archived page as fetched, read back from the default storage (local disk or S3)."""

from __future__ import annotations

import logging
import sys

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from ..models import Evidence
from ..selectors.evidence import ArchiveFileCorrupt, ArchiveFileMissing, evidence_original
from .access import desk_view
from .desk import claim_or_404

logger = logging.getLogger(__name__)


def storage_errors() -> tuple[type[Exception], ...]:
    """What a storage raises when it is unreachable: OSError (local disk), and botocore's errors when
    the S3 backend is in use (it imported botocore then; without it, web never loads it)."""
    if "botocore.exceptions" not in sys.modules:
        return (OSError,)
    from botocore.exceptions import BotoCoreError, ClientError

    return (OSError, BotoCoreError, ClientError)


@desk_view()
@require_GET
def evidence_archive_original(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence, pk=pk)
    claim_or_404(request, evidence.claim_id)  # the claim's access rules hold for its evidence
    try:
        content = evidence_original(evidence=evidence)
    except ArchiveFileMissing as exc:
        raise Http404(str(exc)) from None
    except ArchiveFileCorrupt as exc:
        logger.error("Evidence %s: %s", pk, exc)
        return HttpResponse(str(exc), status=500, content_type="text/plain; charset=utf-8")
    except storage_errors() as exc:
        logger.warning("Evidence %s: the storage is unreachable", pk, exc_info=True)
        response = HttpResponse(
            f"The file storage is unreachable; try again shortly ({type(exc).__name__}).",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "30"
        return response
    # Someone else's page, shown as text: never run its scripts or let the browser sniff it as HTML.
    response = HttpResponse(content, content_type="text/plain")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Content-Disposition"] = f'inline; filename="evidence-{evidence.pk}-{evidence.archive_sha256[:12]}.txt"'
    return response
