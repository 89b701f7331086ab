"""Runs the real ``python -m bot run`` against a loopback Discord stand-in (test-only).

python tests/discord_launcher.py http://127.0.0.1:PORT [COMMAND ...]   (default: run)
"""

import sys
from pathlib import Path

import discord.gateway
import discord.http
import yarl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if __name__ == "__main__":  # not in the analysis processes, which import this module again
    base = sys.argv[1]
    discord.http.Route.BASE = f"{base}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(base.replace("http", "ws", 1) + "/gateway")

    from bot.cli import main

    raise SystemExit(main(sys.argv[2:] or ["run"]))
