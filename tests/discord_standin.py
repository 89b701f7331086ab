"""A loopback stand-in for Discord's REST API and gateway, enough for the real bot process:
login, READY and one guild with one text channel, messages sent in, reactions and replies
recorded, and messages fetched back. Test-only; the product never points anywhere but Discord."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from dataclasses import dataclass, field

from aiohttp import WSMsgType, web

from tests.loopback import serve

BOT_ID, APP_ID, GUILD_ID, CHANNEL_ID, MEMBER_ID = 900, 901, 910, 920, 930
_ids = itertools.count(1_000_000)


def _user(uid: int, name: str, bot: bool = False) -> dict:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": name, "avatar": None, "bot": bot}


BOT_USER = _user(BOT_ID, "Newsdesk", bot=True)
MEMBER = _user(MEMBER_ID, "ana")


def _guild() -> dict:
    everyone = {"id": str(GUILD_ID), "name": "@everyone", "permissions": str((1 << 41) - 1), "position": 0,
                "color": 0, "hoist": False, "managed": False, "mentionable": False}  # fmt: skip
    channel = {"id": str(CHANNEL_ID), "type": 0, "guild_id": str(GUILD_ID), "name": "news", "position": 0,
               "permission_overwrites": [], "nsfw": False, "parent_id": None}  # fmt: skip
    members = [
        {"user": u, "roles": [], "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0}
        for u in (BOT_USER, MEMBER)
    ]
    return {
        "id": str(GUILD_ID), "name": "Newsroom", "icon": None, "owner_id": str(MEMBER_ID), "roles": [everyone],
        "channels": [channel], "members": members, "member_count": 2, "emojis": [], "stickers": [],
        "features": [], "threads": [], "voice_states": [], "presences": [], "large": False,
        "unavailable": False, "joined_at": "2026-01-01T00:00:00+00:00", "verification_level": 0,
        "default_message_notifications": 0, "explicit_content_filter": 0, "mfa_level": 0, "premium_tier": 0,
        "system_channel_flags": 0, "preferred_locale": "en-US", "nsfw_level": 0,
    }  # fmt: skip


def message_payload(mid: int, content: str, author: dict = MEMBER) -> dict:
    return {
        "id": str(mid), "channel_id": str(CHANNEL_ID), "guild_id": str(GUILD_ID), "author": author,
        "member": {"roles": [], "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0},
        "content": content, "timestamp": "2026-12-01T10:00:00+00:00", "edited_timestamp": None, "tts": False,
        "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
        "pinned": False, "type": 0, "flags": 0,
    }  # fmt: skip


@dataclass
class DiscordStandIn:
    messages: dict[int, dict] = field(default_factory=dict)  # every message, by id
    reactions: list[tuple[str, int, str]] = field(default_factory=list)  # (PUT|DELETE, message id, emoji)
    replies: list[dict] = field(default_factory=list)
    registrations: list[list[str]] = field(default_factory=list)  # names of each global PUT
    identified: asyncio.Event = field(default_factory=asyncio.Event)
    identifies: list[dict] = field(default_factory=list)  # every IDENTIFY payload: its shard among them
    logging_in: asyncio.Event = field(default_factory=asyncio.Event)  # the login request has come
    login_seconds: float = 0.0  # how long the login request takes at most
    login_answered: asyncio.Event = field(default_factory=asyncio.Event)  # set: at once
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _sequence: itertools.count = field(default_factory=lambda: itertools.count(1))
    url: str = ""

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        api = "/api/v10"
        app.router.add_get(f"{api}/users/@me", self._me)
        app.router.add_get(f"{api}/oauth2/applications/@me", self._app_info)
        app.router.add_get(f"{api}/applications/{{app}}/commands", self._no_commands)
        app.router.add_put(f"{api}/applications/{{app}}/commands", self._register)
        app.router.add_put(f"{api}/applications/{{app}}/guilds/{{guild}}/commands", self._no_commands)
        reaction = f"{api}/channels/{{channel}}/messages/{{message}}/reactions/{{emoji}}/{{who}}"
        app.router.add_put(reaction, self._react)
        app.router.add_delete(reaction, self._react)
        app.router.add_post(f"{api}/channels/{{channel}}/messages", self._post)
        app.router.add_get(f"{api}/channels/{{channel}}/messages/{{message}}", self._fetch)
        app.router.add_route("*", "/{tail:.*}", self._unknown)
        return app

    async def start(self) -> web.AppRunner:
        runner, self.url = await serve(self.app())
        return runner

    # ---------------------------------------------------------------- gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 40000}}))
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            if payload["op"] == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif payload["op"] == 2:
                self.identifies.append(payload["d"])
                await self._dispatch(ws, "READY", {
                    "v": 10, "user": BOT_USER, "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
                    "session_id": "standin", "resume_gateway_url": self.url.replace("http", "ws") + "/gateway",
                    "application": {"id": str(APP_ID), "flags": 0}, "shard": payload["d"].get("shard", [0, 1]),
                })  # fmt: skip
                self._sockets.append(ws)
                self.identified.set()
        if ws in self._sockets:
            self._sockets.remove(ws)
        return ws

    async def _dispatch(self, ws: web.WebSocketResponse, event: str, data: dict) -> None:
        await ws.send_str(json.dumps({"op": 0, "s": next(self._sequence), "t": event, "d": data}))

    async def guild_available(self) -> None:
        for ws in list(self._sockets):
            await self._dispatch(ws, "GUILD_CREATE", _guild())

    async def send_message(self, content: str) -> int:
        """A member posts ``content`` in the news channel; the bot's gateway is told."""
        mid = next(_ids)
        self.messages[mid] = message_payload(mid, content)
        for ws in list(self._sockets):
            await self._dispatch(ws, "MESSAGE_CREATE", self.messages[mid])
        return mid

    async def disconnect(self) -> None:
        self.identified.clear()
        for ws in list(self._sockets):
            await ws.close()

    # ---------------------------------------------------------------- REST

    async def _me(self, request: web.Request) -> web.Response:
        self.logging_in.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.login_answered.wait(), self.login_seconds)
        return _json(BOT_USER)

    async def _no_commands(self, request: web.Request) -> web.Response:
        return _json([])

    async def _register(self, request: web.Request) -> web.Response:
        """A global registration: recorded; answered as Discord does, with the commands."""
        commands = await request.json()
        self.registrations.append([c["name"] for c in commands])
        stored = [{"description": "", **c, "id": str(next(_ids)), "application_id": str(APP_ID), "version": "1"}
                  for c in commands]  # fmt: skip
        return _json(stored)

    async def _app_info(self, request: web.Request) -> web.Response:
        return _json({
            "id": str(APP_ID), "name": "Newsdesk", "description": "", "icon": None, "bot_public": True,
            "bot_require_code_grant": False, "owner": MEMBER, "verify_key": "0" * 64, "flags": 0,
        })  # fmt: skip

    async def _react(self, request: web.Request) -> web.Response:
        self.reactions.append((request.method, int(request.match_info["message"]), request.match_info["emoji"]))
        return web.Response(status=204)

    async def _post(self, request: web.Request) -> web.Response:
        body = await request.json()
        mid = next(_ids)
        sent = message_payload(mid, body.get("content") or "", author=BOT_USER)
        sent["embeds"] = body.get("embeds") or []
        self.messages[mid] = sent
        self.replies.append(sent)
        return _json(sent)

    async def _fetch(self, request: web.Request) -> web.Response:
        found = self.messages.get(int(request.match_info["message"]))
        return _json(found) if found else _json({"message": "Unknown Message", "code": 10008}, status=404)

    async def _unknown(self, request: web.Request) -> web.Response:
        return _json({"message": f"not in the stand-in: {request.method} {request.path}", "code": 0}, status=404)

    def reactions_of(self, mid: int) -> list[str]:
        """The bot's reactions on a message now (added and not removed), in order."""
        now: list[str] = []
        for method, message, emoji in self.reactions:
            if message != mid:
                continue
            if method == "PUT":
                now.append(emoji)
            elif emoji in now:
                now.remove(emoji)
        return now


def _json(data, status: int = 200) -> web.Response:
    # discord.py parses a body only when the content type is exactly application/json
    # (exactly: aiohttp's content_type= would add "; charset=utf-8")
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})
