import json
import subprocess
import sys


def _modules_after(*imports: str) -> list[str]:
    """The modules a fresh interpreter holds after importing these (and nothing else)."""
    code = f"import json, sys\nimport {', '.join(imports)}\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_core_imports_without_discord():
    loaded = _modules_after(
        "bot.nlp.pipeline", "bot.nlp.quotes", "bot.nlp.actors", "bot.nlp.summary", "bot.nlp.pool",
        "bot.storage", "bot.ingest.fetch", "bot.ingest.extract", "bot.ingest.links",
        "bot.service", "bot.commands", "bot.replies", "bot.cards", "bot.results", "bot.console", "bot.cli", "bot.app",
        "bot.settings_book", "bot.service.digests", "bot.service.server_settings",
    )  # fmt: skip
    assert not [m for m in loaded if m == "discord" or m.startswith("discord.")]


def test_a_process_that_only_reads_loads_neither_spacy_nor_trafilatura():
    """The Discord gateway, `ask` and the console's reads: what they need of a text was
    computed at ingest and stored (issue 20)."""
    loaded = _modules_after(
        "bot.service", "bot.commands", "bot.app", "bot.cli", "bot.console", "bot.discordbot.runner",
        "cogs.links", "cogs.menus", "cogs.reading", "cogs.digests", "cogs.settings", "cogs.meta",
    )  # fmt: skip
    assert not [m for m in ("spacy", "trafilatura", "thinc") if m in loaded]


def test_ask_and_the_console_load_no_http_client_until_they_fetch():
    """aiohttp and its TLS set-up are a third of `ask`'s start: the fetcher is made at the first link."""
    loaded = _modules_after("bot.cli", "bot.app", "bot.console", "bot.commands", "bot.service")
    assert "aiohttp" not in loaded
