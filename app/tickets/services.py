"""Ticket writes besides the status actions (actions.py): open, reclassify, record on-site
work and vendor cases, escalate, link; and the SLA figures they keep. Flush, never commit."""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import User
from app.audit.services import record
from app.clocks import store, tracking
from app.clocks.countdown import Countdown, countdown
from app.clocks.replay import Clock, replay
from app.contracts.models import Contract
from app.extensions import db
from app.sequences import next_value
from app.tickets import notify, policy, rules, signals
from app.tickets.errors import TicketError as TicketError  # callers catch it from here
from app.tickets.models import (
    CatalogItem,
    Ticket,
    TicketEvent,
    TicketLink,
    VendorCase,
)
from app.tickets.queries import history_rows
from app.tickets.watching import add_watchers
from app.web import hooks


class ConflictError(Exception):
    """The ticket changed since the user loaded it; nothing was written."""


@dataclass
class NewTicket:
    title: str
    catalog_code: str
    channel: str
    requester: User | None
    urgency: str
    impact: str
    description: str = ""
    asset_tags: list[str] = field(default_factory=list)
    devices_note: str = ""
    requester_contact: str = ""
    rings: int | None = None
    call_started_at: datetime | None = None
    # people copied: accounts from the form, or the addresses a mail's Cc named
    watchers: list = field(default_factory=list)
    watch_source: str = "form"


def next_number(ticket_type: str, year: int) -> str:
    """The next ticket number; the counter row serialises concurrent writers."""
    value = next_value(f"{rules.TYPE_PREFIX[ticket_type]}-{year}")
    return rules.ticket_number(ticket_type, year, value)


# devices one request may name, and the longest tag the register has
MAX_ASSETS = 20
MAX_TAG_LENGTH = 40


def validate(data: NewTicket, actor: User | None = None) -> tuple[CatalogItem, dict[str, str]]:
    errors: dict[str, str] = {}
    item = db.session.scalar(
        sa.select(CatalogItem).where(CatalogItem.code == data.catalog_code, CatalogItem.active)
    )
    if item is None:
        errors["catalog_item"] = f"Unknown catalog item {data.catalog_code!r}."
    if not data.title.strip():
        errors["title"] = "A title is required."
    elif len(data.title) > 200:
        errors["title"] = "At most 200 characters."
    if len(data.description) > 20000:
        errors["description"] = "At most 20,000 characters."
    if data.channel not in rules.CHANNELS:
        errors["channel"] = f"One of {', '.join(rules.CHANNELS)}."
    for name in ("urgency", "impact"):
        if getattr(data, name) not in rules.LEVELS:
            errors[name] = f"One of {', '.join(rules.LEVELS)}."
    if data.requester is None and not data.requester_contact:
        errors["requester"] = "Unknown requester."
    if data.rings is not None and not 0 <= data.rings <= 100:
        errors["rings"] = "Between 0 and 100."
    tags = [tag.strip() for tag in data.asset_tags if tag.strip()]
    if len(tags) > MAX_ASSETS or any(len(tag) > MAX_TAG_LENGTH for tag in tags):
        errors["assets"] = (
            f"At most {MAX_ASSETS} devices, each tag at most {MAX_TAG_LENGTH} characters."
        )
    elif refused := hooks.refused_asset_tags(actor or data.requester, tags):
        errors["assets"] = f"No device you may name has the tag {', '.join(refused)}."
    return item, errors


def open_ticket(
    data: NewTicket, *, actor: User | None, now: datetime, contract: Contract
) -> Ticket:
    """Create a ticket with its priority (S5) and first history line; queue the acknowledgement."""
    item, errors = validate(data, actor)
    if errors:
        raise TicketError("The ticket could not be opened.", errors)
    # S5: a VIP requester raises the priority, unless the contract says otherwise
    vip = bool(data.requester and data.requester.vip and contract.vip_raises_priority)
    ticket = Ticket(
        number=next_number(item.ticket_type, now.year),
        type=item.ticket_type,
        title=" ".join(data.title.split()),  # one line: it becomes the mails' subject
        description=data.description.strip(),
        catalog_item=item,
        channel=data.channel,
        requester=data.requester,
        requester_contact=data.requester_contact,
        needs_triage=data.requester is None,
        urgency=data.urgency,
        impact=data.impact,
        priority=rules.priority(contract.priority_matrix, data.urgency, data.impact, vip),
        status="new",
        asset_tags=list(dict.fromkeys(tag.strip() for tag in data.asset_tags if tag.strip())),
        devices_note=data.devices_note.strip(),
        location=data.requester.location if data.requester else "",
        rings=data.rings,
        call_started_at=data.call_started_at,
        created_at=now,
        updated_at=now,
    )
    db.session.add(ticket)
    add_event(ticket, actor, now, "created", to_status="new", note=data.channel)
    db.session.flush()
    refresh_sla(ticket, now=now, contract=contract)
    notify.acknowledge(ticket)
    if data.watchers:
        add_watchers(ticket, data.watchers, source=data.watch_source, actor=actor, now=now)
    signals.priority_set.send(ticket, now=now, actor=actor, contract=contract)
    return ticket


def sla_clocks(ticket: Ticket, *, now: datetime, contract: Contract):
    """The ticket's SLA clocks, replayed from its history."""
    rows = db.session.scalars(
        sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)
    ).all()
    return tracking.clocks(ticket, rows, contract=contract, calendars=store.calendars(), now=now)


def refresh_sla(ticket: Ticket, *, now: datetime, contract: Contract) -> list[Clock]:
    """Keep the queue's sort key (the next SLA deadline) in step with the history; finished
    work has none. Returns the clocks as of now."""
    clocks = sla_clocks(ticket, now=now, contract=contract)
    ticket.due_at = queue_due(ticket, clocks)
    return clocks


def queue_due(ticket: Ticket, clocks: list[Clock]) -> datetime | None:
    """Ticket.due_at: the next deadline of a running clock; finished work has none."""
    return tracking.earliest_due(clocks) if ticket.status in rules.OPEN_STATUSES else None


@dataclass(frozen=True)
class ClockReading:
    """One SLA clock and what people read about it now (None once it has stopped)."""

    clock: Clock
    countdown: Countdown | None


def readings(clocks: list[Clock], *, now: datetime) -> list[ClockReading]:
    """The countdown of each clock: the one figure pages, mails and the API show."""
    calendars = store.calendars()
    return [ClockReading(c, countdown(c, calendars[c.calendar], now)) for c in clocks]


def sla_readings(ticket: Ticket, *, now: datetime, contract: Contract) -> list[ClockReading]:
    """The ticket's SLA clocks with their countdowns."""
    return readings(sla_clocks(ticket, now=now, contract=contract), now=now)


def current(found: list[ClockReading], metric: str) -> ClockReading | None:
    """The metric's latest clock while it has not stopped (a dispatch's arrival clock, …)."""
    for reading in reversed(found):
        if reading.clock.metric == metric:
            return reading if reading.countdown is not None else None
    return None


def arrival_reading(clocks: list[Clock], now: datetime) -> ClockReading | None:
    """The latest dispatch's arrival clock, as the dispatch mail states it (like the pages)."""
    return current(readings(clocks, now=now), "onsite_arrival")


def most_urgent(found: list[ClockReading]) -> ClockReading | None:
    """Of the clocks that have not stopped, the one with the least service time left."""
    live = [reading for reading in found if reading.countdown is not None]
    return min(live, key=lambda reading: reading.countdown.left_seconds, default=None)


def queue_readings(
    tickets: list[Ticket], *, now: datetime, contract: Contract
) -> dict[int, ClockReading]:
    """For a page of tickets, each one's most urgent running or paused clock (one query)."""
    tickets = [ticket for ticket in tickets if ticket.status in rules.OPEN_STATUSES]
    if not tickets:  # finished work has no clock left to read
        return {}
    rows = history_rows([t.id for t in tickets], actions=tracking.REPLAYED_ACTIONS)
    metrics, calendars = tracking.contract_metrics(contract), store.calendars()
    found = {}
    for ticket in tickets:
        events = tracking.ticket_events(ticket, rows.get(ticket.id, []))
        reading = most_urgent(readings(replay(events, metrics, calendars, now), now=now))
        if reading is not None:
            found[ticket.id] = reading
    return found


@dataclass(frozen=True)
class SystemNote:
    """What the portal says on a history line: a code of labels.NOTE_TEXTS and its parameters,
    worded in the reader's language when shown."""

    code: str
    params: dict = field(default_factory=dict)
    # False when the domain that moves the ticket writes the requester's one mail itself
    # (an installation signed off or rejected), so the step sends none of its own
    mail_requester: bool = True


def wrote_by_mail(sender: str) -> SystemNote:
    return SystemNote("wrote_by_mail", {"sender": sender})


def add_event(
    ticket: Ticket,
    actor,
    now: datetime,
    action: str,
    *,
    system_note: SystemNote | None = None,
    **values,
) -> TicketEvent:
    """One history line; a person's words go in `note`, the portal's own in `system_note`."""
    event = TicketEvent(ticket=ticket, actor_id=getattr(actor, "id", None), at=now, action=action)
    if system_note is not None:
        event.note_code, event.note_params = system_note.code, system_note.params or None
    for name, value in values.items():
        setattr(event, name, value)
    db.session.add(event)
    return event


def check_version(ticket: Ticket, expected_version: int | None) -> None:
    """Two people editing one ticket: the second save is refused instead of overwriting."""
    if expected_version is not None and expected_version != ticket.version:
        raise ConflictError(ticket.number)


def remote_minutes(ticket: Ticket, now: datetime, contract: Contract) -> float:
    """How long the current remote handling has counted on the S6 clock (its pauses left
    out), in service minutes; 0 when none is under way."""
    reading = current(sla_readings(ticket, now=now, contract=contract), "remote_limit")
    if reading is None:
        return 0.0
    target = reading.clock.target_minutes
    return target - reading.countdown.left_minutes


def remote_rule(ticket: Ticket, contract: Contract) -> rules.DispatchRule:
    limits = {"hw": contract.remote_limit_hw_minutes, "sys": contract.remote_limit_sys_minutes}
    return rules.dispatch_rule(ticket.catalog_item.code, limits)


def change_fields(ticket: Ticket, values: dict, *, actor, now, contract, expected_version=None):
    """Change classification fields; priority follows the matrix. Each change goes to history."""
    check_version(ticket, expected_version)
    if ticket.status in ("closed", "cancelled"):
        raise TicketError("A closed ticket cannot be changed; reopen it first.")
    errors = {}
    for name in ("urgency", "impact"):
        if name in values and values[name] not in rules.LEVELS:
            errors[name] = f"One of {', '.join(rules.LEVELS)}."
    if "catalog_code" in values:
        item = db.session.scalar(
            sa.select(CatalogItem).where(CatalogItem.code == values["catalog_code"])
        )
        if item is None:
            errors["catalog_item"] = "Unknown catalog item."
        values["catalog_item"] = item
    if errors:
        raise TicketError("Some fields are invalid.", errors)
    values.pop("catalog_code", None)
    vip = bool(ticket.requester and ticket.requester.vip and contract.vip_raises_priority)
    urgency = values.get("urgency", ticket.urgency)
    impact = values.get("impact", ticket.impact)
    values["priority"] = rules.priority(contract.priority_matrix, urgency, impact, vip)
    changed = set()
    for name, new in values.items():
        old = getattr(ticket, name)
        if old == new:
            continue
        changed.add(name)
        setattr(ticket, name, new)
        add_event(
            ticket,
            actor,
            now,
            "priority_changed" if name == "priority" else "field_changed",
            field=name if name != "catalog_item" else "catalog_item",
            old_value=old.code if name == "catalog_item" else str(old),
            new_value=new.code if name == "catalog_item" else str(new),
            public=False,
        )
    ticket.updated_at = now
    db.session.flush()
    refresh_sla(ticket, now=now, contract=contract)
    if "priority" in changed:
        signals.priority_set.send(ticket, now=now, actor=actor, contract=contract)


def assign(ticket: Ticket, assignee: User, *, actor, now, expected_version=None) -> TicketEvent:
    """Give an open ticket to someone on the desk (an engineer is sent by a dispatch), with the
    change in its history and the audit trail."""
    check_version(ticket, expected_version)
    if not rules.assignable(ticket.status):
        why = "assign_visit" if ticket.status in rules.OPEN_STATUSES else "assign_closed"
        raise TicketError("This ticket cannot change hands now.", {why: ticket.status})
    if not policy.takes_assignments(assignee):
        raise TicketError("Choose someone on the service desk.", {"assignee": "Not on the desk."})
    before = ticket.assignee
    ticket.assignee = assignee
    ticket.updated_at = now
    event = add_event(
        ticket,
        actor,
        now,
        "assigned",
        system_note=SystemNote("assigned_to", {"name": assignee.name}),
        old_value=before.email if before else None,
        new_value=assignee.email,
        public=False,
    )
    record(
        actor,
        "ticket.assign",
        ticket,
        {"assignee": [getattr(before, "email", None), assignee.email]},
    )
    db.session.flush()
    return event


def record_fixed_in_passing(ticket: Ticket, description: str, *, actor, now) -> TicketEvent:
    """S5: a small problem of the same user fixed on the spot belongs to this event."""
    if not description.strip():
        raise TicketError("Describe what was fixed.", {"note": "Required."})
    return add_event(ticket, actor, now, "fixed_in_passing", note=description.strip()[:2000])


def add_vendor_case(ticket: Ticket, values: dict, *, actor, now) -> VendorCase:
    """Third-party or manufacturer coordination (S12), with its case number and dates."""
    if not values.get("vendor", "").strip():
        raise TicketError("Name the vendor.", {"vendor": "Required."})
    case = VendorCase(ticket=ticket, **values)
    db.session.add(case)
    add_event(
        ticket,
        actor,
        now,
        "vendor_case",
        note=f"{case.vendor} {case.case_number}".strip(),
        public=False,
    )
    return case


def link(ticket: Ticket, other: Ticket, kind: str, *, actor, now) -> TicketLink:
    if other.id == ticket.id:
        raise TicketError("A ticket cannot be linked to itself.", {"other": "Same ticket."})
    if kind == "child":
        other.parent = ticket
        add_event(other, actor, now, "linked", field="parent", new_value=ticket.number)
    link = TicketLink(ticket_id=ticket.id, other_id=other.id, kind=kind)
    db.session.add(link)
    add_event(ticket, actor, now, "linked", field=kind, new_value=other.number, public=False)
    return link
