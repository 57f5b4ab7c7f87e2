"""What the desk announces to the domains above it, which subscribe without the desk knowing
them (e.g. escalations open on a P1)."""

from blinker import Namespace

_signals = Namespace()
# sent with (ticket, now=, actor=) when a ticket is opened or its priority changes
priority_set = _signals.signal("ticket-priority-set")
