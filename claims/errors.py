"""Domain errors of the claims app. Each message names what was wrong."""

from verify.exceptions import ApplicationError


class InvalidTransition(ApplicationError):
    """A workflow move that the claim's state or the actor's role does not allow."""

    code = "invalid_transition"


class NotPermitted(ApplicationError):
    """The actor's role does not allow this action."""

    code = "not_permitted"


class StaleVersion(ApplicationError):
    """Someone else changed the object since the caller loaded it."""

    code = "stale_version"


class InvalidInput(ApplicationError):
    """Input that cannot be accepted (empty, malformed, contradictory)."""

    code = "invalid_input"


class NothingToChange(InvalidInput):
    """An edit that would leave everything as it is (the API's PATCH answers it with the unchanged resource)."""

    code = "nothing_to_change"


class InputTooLarge(InvalidInput):
    code = "input_too_large"


class BinaryInput(InvalidInput):
    code = "binary_input"


class JobNotFound(ApplicationError):
    code = "job_not_found"


class JobNotRetryable(ApplicationError):
    code = "job_not_retryable"
