"""Schemathesis hooks for tests/api/test_schema_fuzz.py (loaded by the CLI through SCHEMATHESIS_HOOKS).

A workflow move or a verdict save carries the ETag its client read (If-Match); a generated one is
almost always stale (412) and the request never reaches the services. Before each call that sends
an If-Match, it is replaced by the object's current ETag, read from the API like a client would,
so generated moves and drafts reach the workflow (and are refused there, or succeed). The fuzzer
may revoke any token but the one it runs with.
"""

from __future__ import annotations

import os

import requests
import schemathesis

BASE_URL = os.environ["VERIFY_FUZZ_BASE_URL"]
TOKEN = os.environ["VERIFY_FUZZ_TOKEN"]
TOKEN_ID = os.environ["VERIFY_FUZZ_TOKEN_ID"]
READS = {
    "/api/v1/claims/{id}/": "/api/v1/claims/{id}/",  # PATCH: a correction of the claim
    "/api/v1/claims/{id}/split/": "/api/v1/claims/{id}/",
    "/api/v1/claims/{id}/merge/": "/api/v1/claims/{id}/",
    "/api/v1/claims/{id}/{move}/": "/api/v1/claims/{id}/",
    "/api/v1/claims/{id}/verdict/": "/api/v1/claims/{id}/verdict/",
}


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.operation.path == "/api/v1/tokens/{id}/" and str(case.path_parameters.get("id")) == TOKEN_ID:
        # Stateful runs take ids from the token list, the fuzzer's own included: any token but that one.
        case.path_parameters = {**case.path_parameters, "id": "0"}
        return
    read = READS.get(case.operation.path)
    headers = case.headers or {}
    if read is None or "If-Match" not in headers or not str(case.path_parameters.get("id", "")).isdigit():
        return
    response = requests.get(
        BASE_URL + read.format(id=case.path_parameters["id"]), timeout=30, headers={"Authorization": f"Token {TOKEN}"}
    )
    if response.status_code == 200 and "ETag" in response.headers:
        case.headers = {**headers, "If-Match": response.headers["ETag"]}
