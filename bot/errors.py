"""Errors whose message is a sentence for the user, shown as it is; one base class, so the
service, the console and the Discord error policy treat them alike."""


class UserFacingError(Exception):
    """Something the user should be told in one short sentence (the exception's message)."""


class UserError(UserFacingError):
    """A request that cannot be answered as asked (unknown article, missing name, no rights)."""


class IngestError(UserFacingError):
    """A link, file or text that cannot be stored: unreachable, refused, not an article."""


class NotAnArticle(IngestError):
    """A page that turned out to be no article (an image, a wall, a gallery): a link shared in
    passing that ends here is dropped quietly; only an explicit request is told why."""


class AmbiguousName(UserError):
    """A name that means one of several people here, none dominating: the reply offers them."""

    def __init__(self, query: str, choices: list[str]):
        self.query = query
        self.choices = tuple(choices)
        super().__init__(f"“{query}” could be {' or '.join(self.choices)}: which one?")


class LinkNotStored(UserError):
    """A link named by a reading command that this scope has not stored (yet)."""

    def __init__(self, url: str):
        self.url = url
        super().__init__("That link has not been shared here yet.")
