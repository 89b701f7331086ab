import sys

from bot.stopping import StopBeforeStart, stop_at_once_until_started

stop_at_once_until_started(sys.argv[1] if len(sys.argv) > 1 else None)

try:
    from bot.cli import main  # after the handler: this import takes a while
except StopBeforeStart:
    raise SystemExit(0) from None

raise SystemExit(main())
