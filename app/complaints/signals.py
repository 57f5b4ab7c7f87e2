"""What the complaint log announces to the domains that subscribe (e.g. escalations)."""

from blinker import Namespace

_signals = Namespace()
# sent with (complaint, now=, actor=, contract=) when a complaint or major incident is filed
filed = _signals.signal("complaint-filed")
