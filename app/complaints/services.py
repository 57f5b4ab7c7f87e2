"""Complaint writes: file, handle step by step, resolve, acknowledge. Flush, never commit."""

from dataclasses import dataclass
from datetime import datetime

from app.accounts.models import User
from app.accounts.roles import SERVICE_DESK
from app.audit.services import changes, record
from app.complaints import notify, rules, signals
from app.complaints.models import Complaint, ComplaintEvent, ComplaintStep
from app.contracts.models import Contract
from app.extensions import db
from app.sequences import next_value
from app.tickets.models import Ticket


class ComplaintError(ValueError):
    """Input that cannot file or change a complaint; `fields` names the culprits."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


class ConflictError(Exception):
    """The complaint changed since the user loaded it; nothing was written."""


@dataclass
class NewComplaint:
    title: str
    description: str
    kind: str = "complaint"
    severity: str = "medium"
    source: str = "employee"
    complainant: User | None = None
    ticket: Ticket | None = None
    words_code: str | None = None  # the portal's own words (labels.GENERATED_TITLES)
    words_params: dict | None = None


def next_number(year: int) -> str:
    """CMP-2026-0001; the counter row serialises concurrent writers."""
    return rules.complaint_number(year, next_value(f"{rules.PREFIX}-{year}"))


def default_owner(contract: Contract) -> User | None:
    """The customer service manager owns complaints (S18), else the vendor's project manager."""
    return contract.customer_service_manager or contract.vendor_project_manager


def validate(data: NewComplaint) -> dict[str, str]:
    errors = {}
    if not data.title.strip():
        errors["title"] = "A title is required."
    elif len(data.title.strip()) > 200:
        errors["title"] = "At most 200 characters."
    if len(data.description) > 20000:
        errors["description"] = "At most 20,000 characters."
    if data.kind not in rules.KINDS:
        errors["kind"] = f"One of {', '.join(rules.KINDS)}."
    if data.severity not in rules.SEVERITIES:
        errors["severity"] = f"One of {', '.join(rules.SEVERITIES)}."
    if data.source not in rules.SOURCES:
        errors["source"] = f"One of {', '.join(rules.SOURCES)}."
    # a complaint has a complainant; only a major incident or an anonymous survey answer has none
    if data.kind == "complaint" and data.source != "survey" and not data.complainant:
        errors["complainant"] = "Who is complaining?"
    return errors


def file_complaint(
    data: NewComplaint, *, actor: User | None, now: datetime, contract: Contract
) -> Complaint:
    """Log a complaint or major incident with its owner and due date; tell the owner."""
    errors = validate(data)
    if errors:
        raise ComplaintError("The complaint could not be filed.", errors)
    owner = default_owner(contract)
    complaint = Complaint(
        number=next_number(now.year),
        kind=data.kind,
        source=data.source,
        title=data.title.strip(),
        description=data.description.strip(),
        words_code=data.words_code,
        words_params=data.words_params,
        severity=data.severity,
        status="open",
        complainant=data.complainant,
        filed_by_id=getattr(actor, "id", None),
        owner=owner,
        ticket_id=data.ticket.id if data.ticket else None,
        due_at=rules.due_at(now, contract.complaint_due_days),
        created_at=now,
        updated_at=now,
    )
    db.session.add(complaint)
    add_event(complaint, actor, now, "created", to_status="open", note=data.source)
    db.session.flush()
    if actor is not None:
        record(actor, "complaint.file", complaint, {"kind": data.kind}, now=now)
    notify.filed(complaint)
    signals.filed.send(complaint, now=now, actor=actor, contract=contract)
    return complaint


def add_event(complaint: Complaint, actor, now: datetime, action: str, **values) -> ComplaintEvent:
    event = ComplaintEvent(
        complaint=complaint, actor_id=getattr(actor, "id", None), at=now, action=action, **values
    )
    db.session.add(event)
    return event


def act(
    complaint: Complaint,
    action: str,
    *,
    actor: User,
    now: datetime,
    note: str = "",
    step_id: int | None = None,
    expected_version: int | None = None,
) -> ComplaintEvent:
    """One step of the agreed procedure (S10), with its history line and notices."""
    if expected_version is not None and expected_version != complaint.version:
        raise ConflictError(complaint.number)
    note = note.strip()
    if action in rules.NOTE_REQUIRED and not note:
        raise ComplaintError("Please write a note.", {"note": "Required."})
    if action in ("acknowledge", "dispute") and actor.is_vendor and not note:
        # the vendor records the client's answer given by phone or mail: say where it came from
        raise ComplaintError("Note how the client answered.", {"note": "Required."})
    if len(note) > 5000:
        raise ComplaintError("At most 5,000 characters.", {"note": "Too long."})
    before = complaint.status
    after = rules.next_status(before, action)
    if action == "add_step":
        complaint.steps.append(ComplaintStep(position=len(complaint.steps) + 1, text=note[:500]))
    elif action == "complete_step":
        step = next((s for s in complaint.steps if s.id == step_id and not s.done_at), None)
        if step is None:
            raise ComplaintError("Choose an open step.", {"step": "Unknown step."})
        step.done_at, step.done_by_id = now, actor.id
        note = step.text
    elif action == "resolve":
        complaint.outcome, complaint.resolved_at = note, now
    elif action == "acknowledge":
        complaint.acknowledged_at, complaint.acknowledged_by_id = now, actor.id
        complaint.acknowledgement_note = note
        complaint.closed_at = now
    elif action in ("dispute", "reopen"):
        complaint.acknowledged_at = complaint.acknowledged_by_id = complaint.closed_at = None
    complaint.status = after
    complaint.updated_at = now
    event = add_event(complaint, actor, now, action, from_status=before, to_status=after, note=note)
    db.session.flush()
    record(actor, f"complaint.{action}", complaint, {"status": [before, after]}, now=now)
    notify.after_action(complaint, action, actor)
    return event


def update_fields(complaint: Complaint, values: dict, *, actor: User, now: datetime) -> dict:
    """The manager sets owner, severity, kind and due date; each change is audited."""
    if complaint.status == "closed":
        raise ComplaintError("A closed complaint cannot be changed; reopen it first.")
    errors = {}
    if values.get("severity") not in rules.SEVERITIES:
        errors["severity"] = "Unknown severity."
    if values.get("kind") not in rules.KINDS:
        errors["kind"] = "Unknown kind."
    owner = db.session.get(User, values.get("owner_id") or 0)
    if owner is None or owner.role not in SERVICE_DESK or not owner.active:
        errors["owner_id"] = "Choose a vendor manager or agent."
    if errors:
        raise ComplaintError("Some fields are invalid.", errors)
    diff = changes(complaint, values)
    if diff:
        for name, value in values.items():
            setattr(complaint, name, value)
        complaint.updated_at = now
        add_event(complaint, actor, now, "edited", changes=diff)
        record(actor, "complaint.edit", complaint, diff, now=now)
        db.session.flush()
    return diff
