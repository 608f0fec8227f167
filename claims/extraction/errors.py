"""Why an extraction could not produce an article. Messages are shown to users."""


class ExtractionError(Exception):
    """An input that cannot become an article; ``transient`` ones may work on retry."""

    transient = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotAnArticleError(ExtractionError):
    """No main text: a menu, a login wall, an image page..."""


class EmptyTextError(ExtractionError):
    pass


class BinaryContentError(ExtractionError):
    pass
