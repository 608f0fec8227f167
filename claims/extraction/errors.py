"""Why an extraction could not produce an article. Messages are shown to users."""

from verify.exceptions import ApplicationError


class ExtractionError(ApplicationError):
    """An input that cannot become an article; ``transient`` ones may work on retry.

    A domain error like the others: a job records its message, the API answers with its status,
    a command prints it. Fetching is not extraction (FetchError is a sibling, not a subclass).
    """

    code = "unreadable_content"
    status = 422
    transient = False


class NotAnArticleError(ExtractionError):
    """No main text: a menu, a login wall, an image page..."""


class EmptyTextError(ExtractionError):
    pass


class BinaryContentError(ExtractionError):
    pass
