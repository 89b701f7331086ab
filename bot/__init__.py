"""Newsdesk: a Discord companion that reads the news links people share.

The core (``bot.nlp``, ``bot.storage``, ``bot.ingest``, ``bot.service``) never imports
discord; only ``bot.discordbot`` and ``cogs`` do.
"""

__version__ = "0.1.0"
