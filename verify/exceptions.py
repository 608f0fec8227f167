"""The root of every domain error.

Services raise subclasses of ApplicationError; one API handler (verify.api) and one form helper
(claims.views.form_errors.service_errors_to_form) turn them into responses, so a message written here
reaches the user. Each class carries its HTTP status: the API answers with it, and so does a page
(claims/views/form_errors.py), but for a stale version: 412 answers an API's failed If-Match, while a
page, whose version is a form field, answers 409 Conflict.
"""


class ApplicationError(Exception):
    """A domain error with a message meant for the person who caused it."""

    code = "application_error"
    status = 400

    def __init__(self, message: str, *, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}

    def __str__(self) -> str:
        return self.message
