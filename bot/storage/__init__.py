"""SQLite storage (aiosqlite): every query lives in ``database.py``, the schema in ``schema.py``."""

from bot.storage.database import Database

__all__ = ["Database"]
