"""What the SLA scan announces to the domains that subscribe (e.g. escalations)."""

from blinker import Namespace

_signals = Namespace()
# sent with (ticket, metric=, now=, contract=) once per ticket and metric, when it breaches
breached = _signals.signal("sla-breached")
# sent with (ticket, metric=, now=, contract=) once per ticket and metric, at the warning level
warned = _signals.signal("sla-warned")
