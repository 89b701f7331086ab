"""Errors the user caused: their message is shown to them as it is, in one short sentence."""


class UserError(Exception):
    """A request that cannot be answered as asked (unknown article, missing name, no rights)."""
