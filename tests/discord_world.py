"""A server on SimCord's simulated Discord for the tests (a moderator, two members, two
channels), and what the tests read off it."""

from __future__ import annotations

from dataclasses import dataclass

import discord
from discord.ext import commands

from bot.errors import UserFacingError


@dataclass
class Server:
    env: object
    guild: object
    news: object
    random: object
    mod: object  # has Manage Server
    alice: object
    bob: object

    def scope(self) -> str:
        return f"guild:{self.guild.id}"


def make_server(simcord_env) -> Server:
    guild = simcord_env.create_guild("Newsroom")
    moderators = guild.create_role("Moderators", permissions=discord.Permissions(manage_guild=True))
    return Server(
        env=simcord_env,
        guild=guild,
        news=guild.create_text_channel("news"),
        random=guild.create_text_channel("random"),
        mod=guild.add_member(simcord_env.create_user("mod"), roles=[moderators]),
        alice=guild.add_member(simcord_env.create_user("alice")),
        bob=guild.add_member(simcord_env.create_user("bob")),
    )


def reactions(message) -> list[str]:
    """The reactions on a message as Discord holds them (only the bot reacts in these tests)."""
    return [str(r.emoji) for r in message.reactions]


def current(channel, message) -> discord.Message:
    """A message as it is now (its reactions), by id."""
    return next(m for m in channel.history() if m.id == message.id)


def bot_messages(channel) -> list[discord.Message]:
    return [m for m in channel.history() if m.author.bot]


def answered_mistakes(env) -> list[str]:
    """The errors commands raised in this test, every one of them a user's mistake that the
    error policy answered with a sentence (SimCord re-raises errors no test looked at)."""
    names = []
    for error in env.errors:
        original = getattr(error, "original", error)
        original = getattr(original, "original", original)
        mistakes = (UserFacingError, commands.CheckFailure, commands.UserInputError, commands.CommandOnCooldown)
        assert isinstance(original, mistakes), error
        names.append(type(original).__name__)
    return names


def fetched(bot) -> list[str]:
    return bot.service.sources.fetcher.fetched
