"""The pages the API's problem ``type`` URIs name (RFC 9457: a type URI should lead a person to
what the problem means): ``/problems/<code with dashes>``, public, one short page per code."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

# code → (HTTP status, what it means and what to do). Every code the API answers with is here
# (tests/api/test_consistency.py holds the handler and this list to each other).
PROBLEMS: dict[str, tuple[int, str]] = {
    "invalid_input": (
        400,
        "The request carried input the API cannot accept: a field of the wrong type or "
        "shape, a missing or empty value, or one the workflow refuses. detail says what; "
        "errors names each field with its messages. Correct it and send again.",
    ),
    "parse_error": (400, "The body is not valid JSON (or nests too deeply). Send well-formed JSON."),
    "nothing_to_change": (
        400,
        "The correction sent changes nothing: each field already has that value. Send only what should change.",
    ),
    "binary_input": (400, "The text or HTML sent is binary data, not text."),
    "token_expired": (401, "The API token has expired: create a new one on the desk's API tokens page."),
    "not_authenticated": (401, "No credentials were sent: add Authorization: Token <your token>."),
    "authentication_failed": (401, "The token is unknown, revoked or malformed."),
    "not_permitted": (403, "Your role does not allow this action; detail names the role it needs."),
    "permission_denied": (403, "Your role or your token's scopes do not allow this."),
    "not_found": (404, "No such object or endpoint (or, for a list, no page at that cursor)."),
    "job_not_found": (404, "There is no extraction job with that id."),
    "method_not_allowed": (405, "This endpoint does not answer that HTTP method; Allow lists those it does."),
    "not_acceptable": (406, "The API cannot answer in the media type the Accept header asks for."),
    "invalid_transition": (
        409,
        "The claim's state does not allow this workflow move now; detail says from which states it is allowed.",
    ),
    "job_not_retryable": (409, "Only a failed extraction job can be retried."),
    "idempotency_conflict": (409, "This Idempotency-Key was used before with another body: use a new key."),
    "stale_version": (412, "Someone changed the object since you read it: read it again, then retry."),
    "precondition_failed": (412, "The If-Match ETag is not the current one: read the object again."),
    "input_too_large": (413, "The article or page is larger than the desk accepts (VERIFY_MAX_INPUT_BYTES)."),
    "payload_too_large": (413, "The request body is larger than the server accepts."),
    "unsupported_media_type": (415, "Send the body as JSON, form data or multipart."),
    "unreadable_content": (
        422,
        "The page or text could not become an article: empty, binary, no main text (a menu, "
        "a login wall), or not a feed we can read; detail says which. A job records it "
        "as its error.",
    ),
    "precondition_required": (428, "This update needs an If-Match header with the ETag you read."),
    "throttled": (429, "Too many requests: wait the seconds the Retry-After header gives."),
    "index_not_ready": (503, "The matching index is being built (a first start): retry after Retry-After."),
    "rate_limited": (
        429,
        "Too many reader requests from this sender, or from everyone, in the last hour; retry later.",
    ),
    "fetch_failed": (
        502,
        "A page the request named could not be fetched (unreachable, refused, too large or "
        "of the wrong type); detail says why.",
    ),
    "application_error": (400, "The request could not be completed; detail says why."),
    "error": (500, "An unexpected error; detail says what is known."),
}


@require_safe
def problem_page(request: HttpRequest, slug: str) -> HttpResponse:
    code = slug.replace("-", "_")
    if code not in PROBLEMS or "_" in slug:
        raise Http404(f"No problem type {slug!r}.")
    status, meaning = PROBLEMS[code]
    return render(request, "problem.html", {"code": code, "slug": slug, "status": status, "meaning": meaning})
