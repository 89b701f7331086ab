import sys

from bot.stopping import StopBeforeStart, stop_at_once_until_started

if sys.argv[1:2] in ([], ["run"], ["worker"]):  # a service manager's stop may come at any moment
    stop_at_once_until_started()

try:
    from bot.cli import main  # after the handler: this import takes a while
except StopBeforeStart:
    raise SystemExit(0) from None

raise SystemExit(main())
