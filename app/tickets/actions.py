"""The status machine's actions (S4), one service each, and the writes built on them: a logged
call, a merge, the auto-close. Flush, never commit."""

from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.roles import ENGINEER
from app.audit.services import record
from app.contracts.models import Contract
from app.extensions import db
from app.tickets import notify, rules, services
from app.tickets.models import Ticket, TicketEvent, TicketLink
from app.tickets.services import (
    NewTicket,
    SystemNote,
    TicketError,
    add_event,
    check_version,
    open_ticket,
    refresh_sla,
)
from app.web import hooks

PHONE_CALL = SystemNote("phone_call")
CONFIRMED_BY_LINK = SystemNote("confirmed_by_link")
ANSWERED_BY_MAIL = SystemNote("answered_by_mail")
AUTO_CLOSED = SystemNote("auto_closed")


def _apply(
    ticket: Ticket,
    action: str,
    actor: User | None,
    now: datetime,
    contract: Contract,
    expected_version: int | None,
    note: str = "",
    *,
    system_note: SystemNote | None = None,
    public: bool = True,
    engineer: User | None = None,
    changes: dict | None = None,
    **status_args,
) -> TicketEvent:
    """What every action shares: the version check, the status machine's step, the ticket's
    new values, the history line, the SLA sort key, the mail and the other domains' listeners."""
    check_version(ticket, expected_version)
    before = ticket.status
    after = rules.next_status(before, action, **status_args)
    for name, value in (changes or {}).items():
        setattr(ticket, name, value)
    ticket.status = after
    ticket.updated_at = now
    event = add_event(
        ticket,
        actor,
        now,
        action,
        from_status=before,
        to_status=after,
        note=note.strip(),
        system_note=system_note,
        public=public,
        new_value=engineer.email if engineer else None,
    )
    db.session.flush()
    arrival = services.arrival_reading(refresh_sla(ticket, now=now, contract=contract), now)
    mail_requester = system_note is None or system_note.mail_requester
    notify.after_action(ticket, action, event, engineer, actor, mail_requester, arrival=arrival)
    hooks.ticket_action_done(ticket, action, event, now)
    return event


def _taker(ticket: Ticket, actor: User | None) -> dict:
    """The ticket becomes the actor's unless someone already has it."""
    return {"assignee": ticket.assignee or actor}


def _remote_handling_ends(ticket: Ticket, now: datetime, contract: Contract) -> dict:
    """S6: leaving remote handling (dispatch or resolve) records whether the limit was kept."""
    if ticket.status != "remote":
        return {}
    handled = services.remote_minutes(ticket, now, contract)
    return {"dispatch_rule_kept": services.remote_rule(ticket, contract).kept(handled)}


def accept(
    ticket: Ticket, *, actor, now, contract, note: str = "", expected_version=None
) -> TicketEvent:
    """The desk takes the ticket on."""
    return _apply(
        ticket,
        "accept",
        actor,
        now,
        contract,
        expected_version,
        note,
        changes=_taker(ticket, actor),
    )


def start_remote(
    ticket: Ticket,
    *,
    actor,
    now,
    contract,
    note: str = "",
    system_note: SystemNote | None = None,
    expected_version=None,
) -> TicketEvent:
    """Remote handling starts (S6's clock); a new ticket is accepted on the way."""
    if ticket.status == "new":
        accept(ticket, actor=actor, now=now, contract=contract, expected_version=expected_version)
        expected_version = None  # checked by the accept, which changed the version
    return _apply(
        ticket,
        "start_remote",
        actor,
        now,
        contract,
        expected_version,
        note,
        system_note=system_note,
        changes={"remote_started_at": now, **_taker(ticket, actor)},
    )


def dispatch(
    ticket: Ticket,
    engineer: User | None,
    *,
    actor,
    now,
    contract,
    note: str = "",
    expected_version=None,
) -> TicketEvent:
    """An onsite engineer is sent to the user's desk; the arrival clock starts (S6)."""
    if engineer is None or engineer.role != ENGINEER:
        raise TicketError("Choose an onsite engineer.", {"engineer": "Not an engineer."})
    changes = {"assignee": engineer, "dispatched_at": now, "arrived_at": None}
    return _apply(
        ticket,
        "dispatch",
        actor,
        now,
        contract,
        expected_version,
        note,
        engineer=engineer,
        changes=changes | _remote_handling_ends(ticket, now, contract),
    )


def arrive(
    ticket: Ticket, *, actor, now, contract, note: str = "", expected_version=None
) -> TicketEvent:
    """The engineer is at the user's desk."""
    return _apply(
        ticket, "arrive", actor, now, contract, expected_version, note, changes={"arrived_at": now}
    )


def pend(
    ticket: Ticket,
    waiting_for: str = "customer",
    *,
    actor,
    now,
    contract,
    note: str = "",
    expected_version=None,
) -> TicketEvent:
    """The ticket waits for the user ('customer') or for a vendor; the clocks pause."""
    return _apply(
        ticket, "pend", actor, now, contract, expected_version, note, waiting_for=waiting_for
    )


def resume(
    ticket: Ticket,
    *,
    actor,
    now,
    contract,
    note: str = "",
    system_note: SystemNote | None = None,
    expected_version=None,
) -> TicketEvent:
    """The wait is over: back to the status the ticket was waiting in."""
    return _apply(
        ticket,
        "resume",
        actor,
        now,
        contract,
        expected_version,
        note,
        system_note=system_note,
        resume_to=_status_before_pause(ticket),
    )


def resolve(
    ticket: Ticket,
    *,
    actor,
    now,
    contract,
    note: str = "",
    system_note: SystemNote | None = None,
    expected_version=None,
) -> TicketEvent:
    """The desk says it is fixed; the requester is asked to confirm."""
    return _apply(
        ticket,
        "resolve",
        actor,
        now,
        contract,
        expected_version,
        note,
        system_note=system_note,
        changes={"resolved_at": now} | _remote_handling_ends(ticket, now, contract),
    )


def confirm(
    ticket: Ticket,
    *,
    actor,
    now,
    contract,
    note: str = "",
    system_note: SystemNote | None = None,
    expected_version=None,
) -> TicketEvent:
    """The requester confirms the fix; the ticket closes (and its survey starts)."""
    return _apply(
        ticket,
        "confirm",
        actor,
        now,
        contract,
        expected_version,
        note,
        system_note=system_note,
        changes={"closed_at": now},
    )


def close(ticket: Ticket, *, now, contract) -> TicketEvent:
    """The portal closes a resolved ticket its requester never confirmed (auto-close)."""
    return _apply(
        ticket,
        "close",
        None,
        now,
        contract,
        None,
        system_note=AUTO_CLOSED,
        changes={"closed_at": now},
    )


def reopen(
    ticket: Ticket,
    reason: str,
    *,
    actor,
    now,
    contract,
    system_note: SystemNote | None = None,
    expected_version=None,
) -> TicketEvent:
    """Not fixed after all: the ticket is worked on again, with the reason."""
    if not reason.strip():
        raise TicketError("Give a reason.", {"note": "A reason is required."})
    return _apply(
        ticket,
        "reopen",
        actor,
        now,
        contract,
        expected_version,
        reason,
        system_note=system_note,
        changes={"resolved_at": None, "closed_at": None},
    )


def cancel(
    ticket: Ticket,
    *,
    actor,
    now,
    contract,
    note: str = "",
    system_note: SystemNote | None = None,
    expected_version=None,
) -> TicketEvent:
    """The ticket is withdrawn or dropped before it is resolved."""
    return _apply(
        ticket, "cancel", actor, now, contract, expected_version, note, system_note=system_note
    )


def comment(
    ticket: Ticket,
    text: str,
    *,
    actor,
    now,
    contract,
    public: bool = True,
    system_note: SystemNote | None = None,
    expected_version=None,
) -> TicketEvent:
    """A reply the requester sees, or (not public) an internal note of the vendor's staff."""
    if not text.strip():
        raise TicketError("Write a reply or note first.", {"note": "Required."})
    return _apply(
        ticket,
        "comment",
        actor,
        now,
        contract,
        expected_version,
        text,
        system_note=system_note,
        public=public,
    )


# the actions a person picks by name that take nothing but an optional note; dispatch (an
# engineer), pend (what it waits for), reopen (a reason) and comment (the text) take more
NOTE_ONLY = {
    "accept": accept,
    "start_remote": start_remote,
    "arrive": arrive,
    "resume": resume,
    "resolve": resolve,
    "confirm": confirm,
    "cancel": cancel,
}


def _status_before_pause(ticket: Ticket) -> str | None:
    return db.session.scalar(
        sa.select(TicketEvent.from_status)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.action == "pend")
        .order_by(TicketEvent.id.desc())
        .limit(1)
    )


def log_call(data: NewTicket, *, actor: User, now: datetime, contract: Contract) -> Ticket:
    """Phone intake (S3): the call becomes a ticket whose remote handling starts at once."""
    ticket = open_ticket(data, actor=actor, now=now, contract=contract)
    start_remote(ticket, actor=actor, now=now, contract=contract, system_note=PHONE_CALL)
    return ticket


def merge(duplicate: Ticket, into: Ticket, *, actor, now, contract) -> None:
    """Close `duplicate` as a duplicate of `into`, carrying its asset tags over."""
    if duplicate.id == into.id:
        raise TicketError("A ticket cannot be merged into itself.", {"other": "Same ticket."})
    if into.status in ("closed", "cancelled"):
        raise TicketError("Merge into an open ticket.", {"other": "Closed."})
    if duplicate.status in ("dispatched", "onsite"):  # the visit's result comes first
        raise TicketError("Record the visit first.", {"dispatched": "Engineer dispatched."})
    duplicate.merged_into = into
    into.asset_tags = list(dict.fromkeys([*into.asset_tags, *duplicate.asset_tags]))
    db.session.add(TicketLink(ticket_id=duplicate.id, other_id=into.id, kind="duplicate_of"))
    add_event(into, actor, now, "merged", field="duplicate", new_value=duplicate.number)
    if duplicate.status in rules.OPEN_STATUSES:
        cancel(
            duplicate,
            actor=actor,
            now=now,
            contract=contract,
            system_note=SystemNote("duplicate_of", {"number": into.number}),
        )
    record(actor, "ticket.merge", duplicate, {"into": into.number})


def auto_close_due(now: datetime, cutoff: datetime, contract: Contract) -> list[Ticket]:
    """Resolved tickets not confirmed since `cutoff` close with a notice."""
    stale = db.session.scalars(
        sa.select(Ticket).where(Ticket.status == "resolved", Ticket.resolved_at <= cutoff)
    ).all()
    for ticket in stale:
        close(ticket, now=now, contract=contract)
    return stale
