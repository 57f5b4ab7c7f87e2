"""What problem management announces to the domains that subscribe (e.g. escalations)."""

from blinker import Namespace

_signals = Namespace()
# sent with (problem, now=, actor=, contract=) when a problem is opened or its severity goes up;
# a receiver returning True has told the contacts itself, so the problem's own mail is not sent
severity_raised = _signals.signal("problem-severity-raised")
