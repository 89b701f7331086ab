"""``python -m bot backup`` for a PostgreSQL store: ``pg_dump``'s custom format (one consistent
snapshot, taken while the bot runs), written beside the target and renamed when whole."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

GUIDANCE = (
    "A PostgreSQL store is backed up with PostgreSQL's own tools, while the bot runs:\n"
    "  pg_dump --format=custom --file=newsdesk.dump 'postgresql://…'\n"
    "and restored into an empty database with:\n"
    "  pg_restore --dbname='postgresql://…' newsdesk.dump\n"
    "pg_dump must be of the server's major version or newer."
)


async def pg_dump(url: str, target: Path) -> int:
    if target.exists():
        print(f"{target} exists already: give the name of a new file.", file=sys.stderr)
        return 1
    program = shutil.which("pg_dump")
    if program is None:
        print(f"pg_dump is not installed here.\n{GUIDANCE}", file=sys.stderr)
        return 1
    partial = target.with_name(target.name + ".partial")
    process = await asyncio.create_subprocess_exec(
        program, "--format=custom", f"--file={partial}", f"--dbname={url}", stderr=asyncio.subprocess.PIPE
    )
    _, errors = await process.communicate()
    if process.returncode != 0:
        partial.unlink(missing_ok=True)
        print(f"pg_dump failed: {errors.decode(errors='replace').strip()}\n{GUIDANCE}", file=sys.stderr)
        return 1
    partial.replace(target)
    print(
        f"Backed up the PostgreSQL store to {target} ({target.stat().st_size / 1e6:.1f} MB, pg_dump's custom format)."
    )
    return 0
