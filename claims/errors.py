"""Domain errors of the claims app. Each message names what was wrong."""

from verify.exceptions import ApplicationError


class InvalidTransition(ApplicationError):
    """A workflow move that the claim's state or the actor's role does not allow."""

    code = "invalid_transition"
    status = 409


class NotPermitted(ApplicationError):
    """The actor's role does not allow this action."""

    code = "not_permitted"
    status = 403


class StaleVersion(ApplicationError):
    """Someone else changed the object since the caller loaded it."""

    code = "stale_version"
    status = 412


class InvalidInput(ApplicationError):
    """Input that cannot be accepted (empty, malformed, contradictory)."""

    code = "invalid_input"
    status = 400


class NothingToChange(InvalidInput):
    """An edit that would leave everything as it is (the API's PATCH answers it with the unchanged resource)."""

    code = "nothing_to_change"


class InputTooLarge(InvalidInput):
    code = "input_too_large"
    status = 413


class BinaryInput(InvalidInput):
    code = "binary_input"


class JobNotFound(ApplicationError):
    code = "job_not_found"
    status = 404


class JobNotRetryable(ApplicationError):
    code = "job_not_retryable"
    status = 409
