"""The PostgreSQL store (asyncpg), chosen by ``NEWSBOT_DB=postgresql://…``."""

from bot.storage.postgres.database import PostgresDatabase

__all__ = ["PostgresDatabase"]
