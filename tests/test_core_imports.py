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
