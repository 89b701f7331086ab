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
    command = ctx.command
    usage = f"{prefix}{command.qualified_name} {getattr(command, 'signature', '')}".strip() if command else ""
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
        names = ", ".join(_permission_name(p) for p in error.missing_permissions)
        return f"That needs the {names} permission, which you do not have here."
    if isinstance(error, commands.BotMissingPermissions):
        missing = ", ".join(p.replace("_", " ") for p in error.missing_permissions)
        return f"I need these permissions here: {missing}."
    if isinstance(error, commands.CheckFailure):
        return "You cannot use that command here."
    return None


def _permission_name(permission: str) -> str:
    """ "manage_guild" -> "Manage Server", as the Discord client names it."""
    return permission.replace("guild", "server").replace("_", " ").title()


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
