"""discord.py extensions; each cog calls ``bot.book`` (the shared commands) and sends its cards."""
