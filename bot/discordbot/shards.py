"""Which scopes a sharded process answers for."""

from __future__ import annotations


def owns_scope(shard_count: int | None, shard_ids: tuple[int, ...], scope: str) -> bool:
    """Whether this process answers for a scope's links: a server on one of its shards
    (Discord's rule: the guild id's top bits modulo the shard count), a DM when it runs shard 0
    (Discord sends every DM there); never the console's."""
    if scope == "local":
        return False
    if not shard_count or not shard_ids:
        return True
    shard = (int(scope.removeprefix("guild:")) >> 22) % shard_count if scope.startswith("guild:") else 0
    return shard in shard_ids
