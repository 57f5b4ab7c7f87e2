"""What escalations announce to the domains that subscribe (e.g. group-chat announcements)."""

from blinker import Namespace

_signals = Namespace()
# sent with (escalation, step=, contract=) when an escalation reaches a new level
step_fired = _signals.signal("escalation-step-fired")
