"""Errors whose message is a sentence for the user, shown as it is; one base class, so the
service, the console and the Discord error policy treat them alike."""


class UserFacingError(Exception):
    """Something the user should be told in one short sentence (the exception's message)."""


class UserError(UserFacingError):
    """A request that cannot be answered as asked (unknown article, missing name, no rights)."""


class IngestError(UserFacingError):
    """A link, file or text that cannot be stored: unreachable, refused, not an article."""
