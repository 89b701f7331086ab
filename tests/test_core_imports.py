import subprocess
import sys


def test_core_imports_without_discord():
    code = (
        "import sys\n"
        "import bot.nlp.pipeline, bot.nlp.quotes, bot.nlp.actors, bot.nlp.summary, bot.nlp.pool\n"
        "import bot.storage, bot.ingest.fetch, bot.ingest.extract, bot.ingest.links\n"
        "import bot.service, bot.commands, bot.replies, bot.cards, bot.results, bot.console, bot.cli, bot.app\n"
        "import bot.settings_book, bot.service.digests, bot.service.server_settings\n"
        "loaded = sorted(m for m in sys.modules if m == 'discord' or m.startswith('discord.'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_process_that_only_reads_loads_neither_spacy_nor_trafilatura():
    """The Discord gateway, `ask` and the console's reads: what they need of a text was
    computed at ingest and stored (issue 20)."""
    code = (
        "import sys\n"
        "import bot.service, bot.commands, bot.app, bot.cli, bot.console, bot.discordbot.runner\n"
        "import cogs.links, cogs.menus, cogs.reading, cogs.digests, cogs.settings, cogs.meta\n"
        "loaded = sorted(m for m in ('spacy', 'trafilatura', 'thinc') if m in sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
