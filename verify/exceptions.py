"""The root of every domain error.

Services raise subclasses of ApplicationError; one API handler and one form
helper turn them into responses, so a message written here reaches the user.
"""


class ApplicationError(Exception):
    """A domain error with a message meant for the person who caused it."""

    code = "application_error"

    def __init__(self, message: str, *, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}

    def __str__(self) -> str:
        return self.message
