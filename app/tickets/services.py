"""Ticket writes besides the status actions (actions.py): open, reclassify, record on-site
work and vendor cases, escalate, link; and the SLA figures they keep. Flush, never commit."""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import User
from app.clocks import clock, store, tracking
from app.contracts.models import Contract
from app.extensions import db
from app.sequences import next_value
from app.tickets import notify, rules, signals
from app.tickets.models import CatalogItem, Ticket, TicketEvent, TicketLink, VendorCase


class TicketError(ValueError):
    """Input that cannot open or change a ticket; `fields` names the culprits."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


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


def next_number(ticket_type: str, year: int) -> str:
    """The next ticket number; the counter row serialises concurrent writers."""
    value = next_value(f"{rules.TYPE_PREFIX[ticket_type]}-{year}")
    return rules.ticket_number(ticket_type, year, value)


def validate(data: NewTicket) -> tuple[CatalogItem, dict[str, str]]:
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
    return item, errors


def open_ticket(
    data: NewTicket, *, actor: User | None, now: datetime, contract: Contract
) -> Ticket:
    """Create a ticket with its priority (S5) and first history line; queue the acknowledgement."""
    item, errors = validate(data)
    if errors:
        raise TicketError("The ticket could not be opened.", errors)
    vip = bool(data.requester and data.requester.vip)
    ticket = Ticket(
        number=next_number(item.ticket_type, now.year),
        type=item.ticket_type,
        title=data.title.strip(),
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
    signals.priority_set.send(ticket, now=now, actor=actor, contract=contract)
    return ticket


def sla_clocks(ticket: Ticket, *, now: datetime, contract: Contract):
    """The ticket's SLA clocks, replayed from its history."""
    rows = db.session.scalars(
        sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)
    ).all()
    return tracking.clocks(ticket, rows, contract=contract, calendars=store.calendars(), now=now)


def refresh_sla(ticket: Ticket, *, now: datetime, contract: Contract) -> None:
    """Keep the queue's sort key (the next SLA deadline) in step with the history."""
    ticket.due_at = tracking.earliest_due(sla_clocks(ticket, now=now, contract=contract))


@dataclass(frozen=True)
class SystemNote:
    """What the portal says on a history line: a code of labels.NOTE_TEXTS and its parameters,
    worded in the reader's language when shown."""

    code: str
    params: dict = field(default_factory=dict)


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


def clock_calendar(contract: Contract, metric_code: str):
    """The calendar the contract gives one SLA metric: the desk's prompts count on the same
    one as the SLA timeline's clock, so they agree."""
    metric = next(m for m in tracking.contract_metrics(contract) if m.code == metric_code)
    return store.calendars()[metric.calendar]


def remote_minutes(ticket: Ticket, now: datetime, contract: Contract) -> float:
    """How long the current remote handling has lasted, in service time (S6 prompt)."""
    if ticket.remote_started_at is None:
        return 0.0
    return clock.elapsed(clock_calendar(contract, "remote_limit"), ticket.remote_started_at, now)


def remote_deadline(ticket: Ticket, rule: rules.DispatchRule, contract: Contract):
    """When remote handling must have become a dispatch (S6), or None without a limit."""
    if ticket.remote_started_at is None or not rule.limit_minutes:
        return None
    calendar = clock_calendar(contract, "remote_limit")
    return clock.due(calendar, ticket.remote_started_at, rule.limit_minutes)


def arrival_deadline(ticket: Ticket, contract: Contract):
    """When the dispatched engineer must be at the user's desk (S6: 10 minutes), in the
    onsite-arrival clock's service time; None before a dispatch."""
    if ticket.dispatched_at is None:
        return None
    calendar = clock_calendar(contract, "onsite_arrival")
    return clock.due(calendar, ticket.dispatched_at, contract.onsite_arrival_minutes)


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
    vip = bool(ticket.requester and ticket.requester.vip)
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
