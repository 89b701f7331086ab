"""One error policy for every command: a user's mistake gets one short sentence; anything
else is logged with its traceback and answered with a generic apology."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.errors import UserFacingError

log = logging.getLogger(__name__)
APOLOGY = "Sorry, something went wrong on my side. It has been logged."


def _unwrap(error: Exception) -> Exception:
    """The error a command raised, out of discord.py's wrappers (they keep it in ``original``)."""
    wrappers = (commands.CommandInvokeError, commands.HybridCommandError, discord.app_commands.CommandInvokeError)
    while isinstance(error, wrappers) and getattr(error, "original", None) is not None:
        error = error.original
    return error


def user_message(ctx: commands.Context, error: Exception) -> str | None:
    """The sentence for an error the user can fix, or None for our own failures."""
    prefix = ctx.clean_prefix if ctx.prefix else "/"
    usage = f"{prefix}{ctx.command.qualified_name} {ctx.command.signature}".strip() if ctx.command else ""
    if isinstance(error, UserFacingError):
        return str(error)
    if isinstance(error, commands.MissingRequiredArgument):
        return f"Missing `{error.param.name}`. Usage: `{usage}`"
    if isinstance(error, (commands.BadArgument, commands.BadUnionArgument, commands.TooManyArguments)):
        return f"I could not read that. Usage: `{usage}`"
    if isinstance(error, commands.UserInputError):
        return f"Usage: `{usage}`"
    if isinstance(error, commands.NoPrivateMessage):
        return "That command only works in a server."
    if isinstance(error, commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} s."
    if isinstance(error, commands.MissingPermissions):
        return "You do not have the permission that command needs."
    if isinstance(error, commands.BotMissingPermissions):
        missing = ", ".join(p.replace("_", " ") for p in error.missing_permissions)
        return f"I need these permissions here: {missing}."
    if isinstance(error, commands.CheckFailure):
        return "You cannot use that command here."
    return None


async def handle_command_error(ctx: commands.Context, error: Exception) -> None:
    if isinstance(error, commands.CommandNotFound):
        return  # "!" starts plenty of ordinary messages
    error = _unwrap(error)
    message = user_message(ctx, error)
    if message is None:
        log.error("command %s failed", ctx.command and ctx.command.qualified_name, exc_info=error)
        message = APOLOGY
    try:
        await ctx.send_error(message) if hasattr(ctx, "send_error") else await ctx.send(message)
    except discord.HTTPException:
        log.warning("could not tell %s about an error in %s", ctx.author, ctx.channel)
