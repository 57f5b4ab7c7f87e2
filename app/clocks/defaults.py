"""The SPEC's SLA metrics with its default numbers (S6, S7), all on the office calendar; the
contract's own are app.clocks.tracking.contract_metrics. Pure: no Flask, no DB."""

from app.clocks.replay import Metric


def default_metrics() -> list[Metric]:
    """The SPEC's default metrics (S6, S7), all on the office calendar."""
    return [
        # S7: email answered within 5 minutes; phone is measured in rings at intake, not here.
        Metric(
            code="response",
            start_actions=("created",),
            stop_actions=("accept",),
            targets={"email": 5, "web": 5, "walk_in": 5},
            applies_to=("email", "web", "walk_in"),
        ),
        # S6: hardware goes onsite after 5 minutes of remote work, system problems after 10.
        Metric(
            code="remote_limit",
            start_actions=("start_remote",),
            stop_actions=("dispatch", "resolve"),
            pause_statuses=("pending_customer",),
            new_clock_on=("start_remote",),
            targets={"hw": 5, "sys": 10},
            applies_to=("hw", "sys"),
        ),
        # S7: on site within 10 minutes of the dispatch. A resolution without an arrival ends
        # the wait too: met if it came within the limit, breached if nobody arrived in time.
        # Every dispatch starts a visit's clock of its own.
        Metric(
            code="onsite_arrival",
            start_actions=("dispatch",),
            stop_actions=("arrive", "resolve"),
            pause_statuses=("pending_customer",),
            new_clock_on=("dispatch",),
            targets={"*": 10},
        ),
        # S7: from acceptance; P3 and P4 are 3 and 5 business days of 9 hours.
        Metric(
            code="resolution",
            start_actions=("accept",),
            stop_actions=("resolve",),
            pause_statuses=("pending_customer", "pending_vendor"),
            targets={"P1": 240, "P2": 480, "P3": 1620, "P4": 2700},
            restart_on=("reopen",),
        ),
    ]
