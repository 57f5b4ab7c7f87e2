"""Worker job: SLA warnings and escalations (S17, S19), and due times after setting changes.

The scan looks only at tickets whose `sla_watch.check_at` has come: a new history line sets
it to "now" (see `mark_changed`), and each look sets it to the next instant a notification
level will be reached. That keeps a scan of 100,000 open tickets down to the few that matter.
A change of the contract's service levels or of a calendar sets it to "now" for every open
ticket (`touch_open`): the next scan recomputes their due times, in the worker, not the request.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.clocks import store, tracking
from app.clocks.calendar import WorkCalendar
from app.clocks.clock import due_seconds, is_service_time, next_service_instant
from app.clocks.replay import Clock, Metric, minutes_to_seconds, replay
from app.contracts.models import Contract
from app.contracts.services import get_contract
from app.extensions import db, insert_unless_present
from app.mail.outbox import external_url, queue
from app.sla import signals
from app.sla.models import EscalationLevel, SlaNotification, SlaWatch
from app.tickets import queries as ticket_queries
from app.tickets.models import Ticket, TicketEvent
from app.tickets.notify import THREAD_HEADER
from app.tickets.rules import OPEN_STATUSES
from app.tickets.services import queue_due
from app.worker import job

CONTACTS = (
    "customer_service_manager",
    "vendor_project_manager",
    "client_it_contact",
    "client_management_contact",
    "client_project_lead",
)
RECIPIENTS = ("assignee", *CONTACTS)
WATCHED_STATES = ("running", "paused", "breached")
BATCH = 500


@dataclass(frozen=True)
class Level:
    """A notification level: who hears of a clock once it has used `percent` of its target."""

    code: str
    percent: float
    recipients: tuple[str, ...]
    any_time: bool = False  # False: only during the clock calendar's service time
    metric: str = "*"
    template: str = "sla_escalation"

    def applies_to(self, metric: str) -> bool:
        return self.metric in ("*", metric)


def levels(contract: Contract) -> list[Level]:
    """The warning and breach levels of the contract, then the manager's further levels."""
    built_in = [
        # the desk lead and the engineer hear first, while there is still time
        Level(
            "warning",
            contract.sla_warning_percent,
            ("assignee", "customer_service_manager"),
            template="sla_warning",
        ),
        # S11: the vendor project manager answers for a missed service level
        Level("breach", 100, ("vendor_project_manager",), template="sla_breach"),
    ]
    rows = db.session.scalars(sa.select(EscalationLevel).order_by(EscalationLevel.percent))
    return built_in + [level_of(row) for row in rows]


def level_of(row: EscalationLevel) -> Level:
    return Level(
        f"level-{row.id}",
        row.percent,
        tuple(key for key in row.recipients if key in RECIPIENTS),
        row.any_time,
        row.metric,
    )


def notice_key(clock: Clock) -> str:
    """What a sent notice is recorded under: the metric, and for a metric's later clocks (a
    second dispatch's arrival clock) its number, so each clock is warned of once."""
    return clock.metric if clock.sequence == 1 else f"{clock.metric}#{clock.sequence}"


@dataclass(frozen=True)
class Plan:
    """What one look at a ticket's clocks decides: send these now, look again then."""

    send: tuple[tuple[Clock, Level], ...]
    check_at: datetime | None


def plan(
    clocks: Iterable[Clock],
    sent: set[tuple[str, str]],
    all_levels: Sequence[Level],
    calendars: Mapping[str, WorkCalendar],
    now: datetime,
) -> Plan:
    """Levels reached and due to be sent now, and the next instant another one will be."""
    send: list[tuple[Clock, Level]] = []
    later: list[datetime] = []
    for clock in clocks:
        if clock.stopped_at is not None or clock.state not in WATCHED_STATES:
            continue
        calendar = calendars[clock.calendar]
        target = minutes_to_seconds(clock.target_minutes)
        used = round(clock.used_minutes * 60)
        running = bool(clock.segments) and clock.segments[-1].kind == "running"
        for level in all_levels:
            if not level.applies_to(clock.metric) or (notice_key(clock), level.code) in sent:
                continue
            needed = math.ceil(target * level.percent / 100)
            if used >= needed:
                if level.any_time or is_service_time(calendar, now):
                    send.append((clock, level))
                else:
                    later.append(next_service_instant(calendar, now))
            elif running:
                at = due_seconds(calendar, now, needed - used)
                if not level.any_time and not is_service_time(calendar, at):
                    at = next_service_instant(calendar, at)
                later.append(at)
    return Plan(tuple(send), min(later) if later else None)


def mark_changed(session, _flush_context) -> None:
    """after_flush: a ticket with a new history line is looked at again by the next scan.

    Every line counts, not only the replayed actions: a catalog change alters the S6 target.
    """
    changed: dict[int, datetime] = {}
    for item in session.new:
        if isinstance(item, TicketEvent) and item.ticket_id is not None and item.at is not None:
            changed[item.ticket_id] = max(item.at, changed.get(item.ticket_id, item.at))
    if not changed:
        return
    connection = session.connection()
    rows = [{"ticket_id": key, "check_at": value} for key, value in changed.items()]
    insert = insert_unless_present(connection, SlaWatch)
    connection.execute(
        insert.on_conflict_do_update(
            index_elements=["ticket_id"], set_={"check_at": insert.excluded.check_at}
        ),
        rows,
    )


# What the manager reads after a change that made `touch_open` necessary.
RECOMPUTING = _l(
    "Due times of open tickets are being recomputed in the background; "
    "the queue shows the new times within a few minutes."
)


def recompute_after_contract_update(diff: dict, now: datetime) -> str | None:
    """Contract listener: changed service levels or calendars make the worker recompute every
    open ticket's due times (too slow for the request)."""
    if tracking.CLOCK_FIELDS.isdisjoint(diff):
        return None
    touch_open(now)
    return str(RECOMPUTING)


def touch_open(now: datetime) -> None:
    """After a service-level, calendar or level change: the next scan looks at every open
    ticket again, recomputing its due time and its next notification."""
    connection = db.session.connection()
    insert = insert_unless_present(connection, SlaWatch)
    chosen = sa.select(Ticket.id, sa.literal(now, SlaWatch.check_at.type)).where(
        Ticket.status.in_(sorted(OPEN_STATUSES))
    )
    db.session.execute(
        insert.from_select(["ticket_id", "check_at"], chosen).on_conflict_do_update(
            index_elements=["ticket_id"], set_={"check_at": insert.excluded.check_at}
        )
    )


@dataclass
class _Batch:
    """One batch of tickets with their history rows and the levels already sent."""

    tickets: list[Ticket]
    rows: dict[int, list]
    sent: dict[int, set[tuple[str, str]]]
    watched: dict[int, datetime]


def _load(ids: Sequence[int]) -> _Batch:
    """Tickets, replayed history lines, notifications and watch rows: four queries."""
    tickets = db.session.scalars(sa.select(Ticket).where(Ticket.id.in_(ids))).unique().all()
    rows = defaultdict(list, ticket_queries.history_rows(ids, actions=tracking.REPLAYED_ACTIONS))
    sent: dict[int, set[tuple[str, str]]] = defaultdict(set)
    notified = db.session.execute(
        sa.select(SlaNotification.ticket_id, SlaNotification.metric, SlaNotification.level).where(
            SlaNotification.ticket_id.in_(ids)
        )
    )
    for ticket_id, metric, level in notified:
        sent[ticket_id].add((metric, level))
    watched = dict(
        db.session.execute(
            sa.select(SlaWatch.ticket_id, SlaWatch.check_at).where(SlaWatch.ticket_id.in_(ids))
        ).all()
    )
    return _Batch(list(tickets), rows, sent, watched)


def ticket_clocks(
    ticket: Ticket, rows, metrics: list[Metric], calendars, now: datetime
) -> list[Clock]:
    """The ticket's clocks from its history rows (what app.clocks.tracking.clocks computes)."""
    return replay(tracking.ticket_events(ticket, rows), metrics, calendars, now)


@dataclass(frozen=True)
class _Rules:
    """What every look at a ticket needs, loaded once per scan."""

    contract: Contract
    calendars: Mapping[str, WorkCalendar]
    metrics: Callable[[datetime | None], list[Metric]]  # per ticket's opening time
    levels: list[Level]

    @classmethod
    def load(cls, contract: Contract | None) -> _Rules:
        store.invalidate()
        contract = contract or get_contract()
        metrics = tracking.metrics_by_opening(contract)
        return cls(contract, store.calendars(), metrics, levels(contract))

    def look(self, ticket: Ticket, batch: _Batch, now: datetime) -> tuple[list[Clock], Plan]:
        """The ticket's clocks and what to do about them; closed work is chased no more."""
        clocks = ticket_clocks(
            ticket, batch.rows[ticket.id], self.metrics(ticket.created_at), self.calendars, now
        )
        watched = clocks if ticket.status in OPEN_STATUSES else []
        return clocks, plan(watched, batch.sent[ticket.id], self.levels, self.calendars, now)


def scan(now: datetime, *, contract: Contract | None = None) -> dict[str, int]:
    """Send the warnings and escalations that are due and correct the due times of the tickets
    looked at; returns counts for the worker's log."""
    rules = _Rules.load(contract)
    due = db.session.scalars(
        sa.select(SlaWatch.ticket_id).where(SlaWatch.check_at <= now).order_by(SlaWatch.check_at)
    ).all()
    counts = {"tickets": len(due), "notifications": 0, "mails": 0, "due_at_changed": 0}
    with db.session.no_autoflush:  # the queued mails go in at the end, in a few statements
        for start in range(0, len(due), BATCH):
            _scan_batch(_load(due[start : start + BATCH]), rules, now, counts)
    db.session.flush()
    return counts


def _scan_batch(batch: _Batch, rules: _Rules, now: datetime, counts: dict[str, int]) -> None:
    updates, deletes, due_at = [], [], []
    for ticket in batch.tickets:
        clocks, decided = rules.look(ticket, batch, now)
        earliest = queue_due(ticket, clocks)
        if earliest != ticket.due_at:
            due_at.append({"key": ticket.id, "seen_version": ticket.version, "due": earliest})
        for clock, level in decided.send:
            mails = notify(ticket, clock, level, contract=rules.contract, now=now)
            if mails is not None:
                counts["notifications"] += 1
                counts["mails"] += mails
        seen = batch.watched.get(ticket.id)
        if decided.check_at is None:
            deletes.append({"key": ticket.id, "seen": seen})
        else:
            updates.append({"key": ticket.id, "seen": seen, "check_at": decided.check_at})
    counts["due_at_changed"] += _write_due(due_at)
    _write_watch(updates, deletes)


def _write_due(due_at: list[dict]) -> int:
    """Store the recomputed due times; a ticket changed meanwhile keeps the one its change set."""
    if not due_at:
        return 0
    table = Ticket.__table__
    same = sa.and_(
        table.c.id == sa.bindparam("key"), table.c.version == sa.bindparam("seen_version")
    )
    db.session.execute(table.update().where(same).values(due_at=sa.bindparam("due")), due_at)
    return len(due_at)


def _write_watch(updates: list[dict], deletes: list[dict]) -> None:
    """Store the next looks; a row a new history line changed meanwhile stays as it is."""
    table = SlaWatch.__table__
    same = sa.and_(
        table.c.ticket_id == sa.bindparam("key"), table.c.check_at == sa.bindparam("seen")
    )
    if updates:
        db.session.execute(
            table.update().where(same).values(check_at=sa.bindparam("check_at")), updates
        )
    if deletes:
        db.session.execute(table.delete().where(same), deletes)


def notify(ticket: Ticket, clock: Clock, level: Level, *, contract: Contract, now: datetime):
    """Claim (ticket, metric, level) and mail its recipients; None if it was claimed before."""
    people = recipients(ticket, level, contract)
    connection = db.session.connection()
    claim = (
        insert_unless_present(connection, SlaNotification)
        .values(
            ticket_id=ticket.id,
            metric=notice_key(clock),
            level=level.code,
            sent_at=now,
            recipients=[person.email for person in people],
        )
        .on_conflict_do_nothing(index_elements=["ticket_id", "metric", "level"])
        .returning(SlaNotification.id)
    )
    if db.session.execute(claim).scalar() is None:
        return None  # another worker sent it
    if level.code == "breach":
        signals.breached.send(ticket, metric=clock.metric, now=now, contract=contract)
    elif level.code == "warning":
        signals.warned.send(ticket, metric=clock.metric, now=now, contract=contract)
    used = clock.used_minutes / clock.target_minutes * 100 if clock.target_minutes else 100.0
    for person in people:
        queue(
            person,
            level.template,
            subject=lambda context: _subject(ticket, clock, level),
            headers={THREAD_HEADER: ticket.number},
            ticket=ticket,
            clock=clock,
            level=level,
            percent_used=used,
            url=external_url("tickets.detail", number=ticket.number),
        )
    return len(people)


def _subject(ticket: Ticket, clock: Clock, level: Level) -> str:
    from app.tickets.labels import METRIC_LABELS

    metric = METRIC_LABELS.get(clock.metric, clock.metric)
    if level.code == "warning":
        text = _("SLA warning: %(metric)s", metric=metric)
    elif level.code == "breach":
        text = _("SLA breached: %(metric)s", metric=metric)
    else:
        text = _("SLA escalation: %(metric)s", metric=metric)
    return f"[{ticket.number}] {text}"


def recipients(ticket: Ticket, level: Level, contract: Contract) -> list[User]:
    """The level's people for this ticket: active users, each once."""
    people: dict[int, User] = {}
    for key in level.recipients:
        person = ticket.assignee if key == "assignee" else getattr(contract, key, None)
        if person is not None and person.active:
            people.setdefault(person.id, person)
    return list(people.values())


@job("sla_scan", every_seconds=60)
def sla_scan_job(now: datetime) -> dict[str, int]:
    """Every minute: the warnings and escalations that have come due, and the due times of
    open tickets after a change of the contract's service levels or of a calendar."""
    counts = scan(now)
    return counts if counts["tickets"] else 0  # the worker logs only rounds that did something
