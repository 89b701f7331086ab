"""Article analysis: pure functions from a spaCy ``Doc`` to the records in ``bot.models``."""
