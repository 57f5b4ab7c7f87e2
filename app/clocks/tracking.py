"""SLA clocks of stored tickets: the contract's metrics replayed over the ticket history."""

import json
from collections.abc import Callable
from datetime import datetime

from app.clocks.calendar import WorkCalendar
from app.clocks.replay import ACTIONS, Clock, Event, Metric, replay
from app.contracts.models import WAIT_PAUSABLE, Contract

REPLAYED_ACTIONS = frozenset(ACTIONS) - {"comment"}  # replies never move a clock
# Contract settings the clocks and their notification times depend on: a change to one of
# them means the open tickets' due times must be recomputed.
CLOCK_FIELDS = frozenset(
    {
        "office_calendar",
        "sla_calendars",
        "response_email_minutes",
        "response_web_minutes",
        "onsite_arrival_minutes",
        "remote_limit_hw_minutes",
        "remote_limit_sys_minutes",
        "resolution_p1_minutes",
        "resolution_p2_minutes",
        "resolution_p3_minutes",
        "resolution_p4_minutes",
        "sla_warning_percent",
        "vendor_wait_pauses",
    }
)


def calendar_choice(contract: Contract, opened_at: datetime | None) -> dict:
    """The metrics' calendar choice a ticket runs on: the one in force when it was opened, so a
    changed choice applies to new tickets only (`sla_calendars_before` keeps the replaced ones,
    each with the instant it was replaced)."""
    if opened_at is not None:
        for item in sorted(contract.sla_calendars_before or [], key=lambda item: item["until"]):
            if opened_at < datetime.fromisoformat(item["until"]):
                return item["choice"] or {}
    return contract.sla_calendars or {}


def pause_statuses(contract: Contract, metric: str) -> tuple[str, ...]:
    """The waiting statuses that pause a metric's clock.

    Waiting for the user pauses every clock that measures the vendor; waiting for a third
    party pauses the metrics the contract lists (by default only the resolution). The desk
    response stops at acceptance, before a ticket can wait, so no wait concerns it.
    """
    if metric not in WAIT_PAUSABLE:
        return ()
    if metric in (contract.vendor_wait_pauses or ()):
        return ("pending_customer", "pending_vendor")
    return ("pending_customer",)


def contract_metrics(contract: Contract, opened_at: datetime | None = None) -> list[Metric]:
    """S6/S7 metrics with the contract's numbers and the calendar choice in force when the
    ticket was opened (None: the current choice)."""
    calendars = calendar_choice(contract, opened_at)
    office = contract.office_calendar

    def calendar_of(code: str) -> str:
        choice = calendars.get(code, office)
        return choice if isinstance(choice, str) else office

    metrics = [
        Metric(
            code="response",
            start_actions=("created",),
            stop_actions=("accept",),
            targets={
                "email": contract.response_email_minutes,
                "web": contract.response_web_minutes,
                "walk_in": contract.response_web_minutes,
            },
            applies_to=("email", "web", "walk_in"),
            calendar=calendar_of("response"),
        ),
        Metric(
            code="remote_limit",
            start_actions=("start_remote",),
            stop_actions=("dispatch", "resolve"),
            pause_statuses=pause_statuses(contract, "remote_limit"),
            # each remote handling (again after a reopen) is measured on its own
            new_clock_on=("start_remote",),
            targets={
                "hw": contract.remote_limit_hw_minutes,
                "sys": contract.remote_limit_sys_minutes,
            },
            applies_to=("hw", "sys"),
            calendar=calendar_of("remote_limit"),
        ),
        # a resolution without an arrival stops it too (see defaults.default_metrics)
        Metric(
            code="onsite_arrival",
            start_actions=("dispatch",),
            stop_actions=("arrive", "resolve"),
            pause_statuses=pause_statuses(contract, "onsite_arrival"),
            # every dispatch (after a reopen, or to another engineer) is a visit of its own
            new_clock_on=("dispatch",),
            targets={"*": contract.onsite_arrival_minutes},
            calendar=calendar_of("onsite_arrival"),
        ),
    ]
    # resolution: one metric per calendar, so a priority may run on another calendar
    per_priority = {p: contract.resolution_minutes(p) for p in ("P1", "P2", "P3", "P4")}
    resolution_calendars = calendars.get("resolution", {})
    if not isinstance(resolution_calendars, dict):
        resolution_calendars = {}
    by_calendar: dict[str, dict[str, int]] = {}
    for priority, minutes in per_priority.items():
        by_calendar.setdefault(resolution_calendars.get(priority, office), {})[priority] = minutes
    for calendar, targets in by_calendar.items():
        metrics.append(
            Metric(
                code="resolution",
                start_actions=("accept",),
                stop_actions=("resolve",),
                pause_statuses=pause_statuses(contract, "resolution"),
                targets=targets,
                applies_to=tuple(targets),
                restart_on=("reopen",),
                calendar=calendar,
            )
        )
    return metrics


def metrics_by_opening(contract: Contract) -> Callable[[datetime | None], list[Metric]]:
    """contract_metrics for each ticket's opening time, built once per calendar choice (a scan
    or a report replays thousands of tickets)."""
    built: dict[str, list[Metric]] = {}

    def metrics(opened_at: datetime | None) -> list[Metric]:
        key = json.dumps(calendar_choice(contract, opened_at), sort_keys=True)
        if key not in built:
            built[key] = contract_metrics(contract, opened_at)
        return built[key]

    return metrics


def ticket_events(ticket, rows) -> list[Event]:
    """The ticket's history rows as replay events."""
    events = []
    for row in rows:
        if row.action not in REPLAYED_ACTIONS:
            continue
        events.append(
            Event(
                at=row.at,
                action=row.action,
                from_status=row.from_status,
                to_status=row.to_status,
                priority=row.new_value if row.action == "priority_changed" else None,
                channel=ticket.channel if row.action == "created" else None,
                catalog_code=ticket.catalog_item.code if row.action == "created" else None,
            )
        )
    if events and events[0].action == "created":
        first = events[0]
        events[0] = Event(
            at=first.at,
            action="created",
            from_status=None,
            to_status=first.to_status,
            priority=initial_priority(ticket, rows),
            channel=ticket.channel,
            catalog_code=ticket.catalog_item.code,
        )
    return events


def initial_priority(ticket, rows) -> str:
    """The priority at creation: the first recorded change's old value, else the current one."""
    for row in rows:
        if row.action == "priority_changed":
            return row.old_value
    return ticket.priority


def clocks(
    ticket, rows, *, contract: Contract, calendars: dict[str, WorkCalendar], now: datetime
) -> list[Clock]:
    metrics = contract_metrics(contract, ticket.created_at)
    return replay(ticket_events(ticket, rows), metrics, calendars, now)


def earliest_due(found: list[Clock]) -> datetime | None:
    """The next deadline among running clocks, for sorting the queue."""
    # a running clock past its due (state "breached") still runs: its due must not vanish
    running = [
        clock.due_at
        for clock in found
        if clock.stopped_at is None and clock.segments and clock.segments[-1].kind == "running"
    ]
    return min(running) if running else None
