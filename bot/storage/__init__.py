"""The store: its interface (``store``), SQLite (``database`` and the query modules beside it)
and PostgreSQL (``postgres``). SQL lives in these modules only."""

from bot.storage.database import Database
from bot.storage.store import DuplicateArticle, Store, open_store

__all__ = ["Database", "DuplicateArticle", "Store", "open_store"]
