"""Change writes: create, edit, act on the status machine, decide. Flush only."""

from dataclasses import asdict, dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import Department, User
from app.audit.services import changes, record
from app.changes import approvers, cmdb, notify, rules
from app.changes.errors import ChangeError, ConflictError
from app.changes.models import Change, ChangeDecision, ChangeEvent, ChangeTemplate
from app.contracts.models import Contract
from app.extensions import db
from app.notices import services as notices
from app.sequences import next_value
from app.tickets.models import Ticket
from app.web.hooks import change_problems

TEXT_LIMIT = 20000


__all__ = ["ChangeError", "ConflictError"]  # raised here, caught by routes and the API
TransitionError = rules.TransitionError


@dataclass
class ChangeData:
    title: str
    kind: str
    category: str
    risk_likelihood: str = "low"
    risk_impact: str = "low"
    description: str = ""
    reason: str = ""
    initiator: str = "vendor"
    implementation_plan: str = ""
    backout_plan: str = ""
    test_plan: str = ""
    planned_start: datetime | None = None
    planned_end: datetime | None = None
    urgency: str = "medium"
    department_id: int | None = None
    template_id: int | None = None
    asset_tags: list[str] = field(default_factory=list)
    asset_updates: dict[str, dict[str, str]] = field(default_factory=dict)
    ticket_numbers: list[str] = field(default_factory=list)
    problem_numbers: list[str] = field(default_factory=list)


def next_number(year: int) -> str:
    """CHG-YYYY-NNNNNN; the counter row serialises concurrent writers."""
    return rules.change_number(year, next_value(f"CHG-{year}"))


def unique(values: list[str], upper: bool = False) -> list[str]:
    cleaned = (v.strip().upper() if upper else v.strip() for v in values)
    return list(dict.fromkeys(v for v in cleaned if v))


def apply_template(data: ChangeData) -> ChangeTemplate | None:
    """A standard change takes its plans and risk from its pre-approved template."""
    template = db.session.get(ChangeTemplate, data.template_id) if data.template_id else None
    if template is None or not template.active:
        return None
    data.category = template.category
    data.risk_likelihood, data.risk_impact = template.risk_likelihood, template.risk_impact
    for name in ("implementation_plan", "backout_plan", "test_plan"):
        setattr(data, name, getattr(data, name) or getattr(template, name))
    data.description = data.description or template.description
    return template


def validate(data: ChangeData) -> dict[str, str]:
    """Field errors in the contract's words; empty when the change may be saved."""
    errors: dict[str, str] = {}
    choices = {
        "kind": rules.KINDS,
        "category": rules.CATEGORIES,
        "initiator": rules.INITIATORS,
        "risk_likelihood": rules.LEVELS,
        "risk_impact": rules.LEVELS,
        "urgency": rules.LEVELS,
    }
    for name, allowed in choices.items():
        if getattr(data, name) not in allowed:
            errors[name] = f"One of {', '.join(allowed)}."
    if not data.title.strip():
        errors["title"] = "A title is required."
    elif len(data.title) > 200:
        errors["title"] = "At most 200 characters."
    for name in ("description", "reason", "implementation_plan", "backout_plan", "test_plan"):
        if len(getattr(data, name) or "") > TEXT_LIMIT:
            errors[name] = "At most 20,000 characters."
    if data.kind == "standard" and apply_template(data) is None:
        errors["template_id"] = "A standard change uses a pre-approved template."
    if data.kind in rules.BACKOUT_REQUIRED and not data.backout_plan.strip():
        errors["backout_plan"] = "A backout plan is required for normal and emergency changes."
    errors.update(rules.window_errors(data.planned_start, data.planned_end))
    if data.department_id is not None and db.session.get(Department, data.department_id) is None:
        errors["department_id"] = "Unknown department."
    unknown = cmdb.unknown_tags(data.asset_tags)
    if unknown:
        errors["assets"] = f"Unknown asset: {', '.join(unknown)}."
    stray = sorted(set(data.asset_updates) - set(data.asset_tags))
    if stray:
        errors["asset_updates"] = f"Also list these under affected assets: {', '.join(stray)}."
    missing = missing_tickets(data.ticket_numbers)
    if missing:
        errors["ticket_numbers"] = f"Unknown ticket: {', '.join(missing)}."
    unknown_problems = change_problems().unknown(data.problem_numbers)
    if unknown_problems:
        errors["problem_numbers"] = f"Unknown problem: {', '.join(unknown_problems)}."
    return errors


def missing_tickets(numbers: list[str]) -> list[str]:
    if not numbers:
        return []
    found = set(db.session.scalars(sa.select(Ticket.number).where(Ticket.number.in_(numbers))))
    return [n for n in numbers if n not in found]


def normalise(data: ChangeData) -> ChangeData:
    data.asset_tags = unique(data.asset_tags, upper=True)
    data.asset_updates = {tag.strip().upper(): v for tag, v in data.asset_updates.items()}
    data.ticket_numbers = unique(data.ticket_numbers, upper=True)
    data.problem_numbers = unique(data.problem_numbers, upper=True)
    data.title = " ".join(data.title.split())  # one line: it becomes the mails' subject
    return data


def field_values(data: ChangeData) -> dict:
    """The change's own columns; its problems are links the problem register keeps."""
    values = asdict(data)
    values.pop("problem_numbers")
    return {name: v.strip() if isinstance(v, str) else v for name, v in values.items()}


def fill(change: Change, data: ChangeData, contract: Contract) -> None:
    risk = rules.assess_risk(data.risk_likelihood, data.risk_impact)
    for name, value in field_values(data).items():
        setattr(change, name, value)
    change.risk, change.risk_reason = risk.level, risk.reason
    change.priority = rules.priority(contract.priority_matrix, data.urgency, data.risk_impact)


def create_change(data: ChangeData, *, actor, now: datetime, contract: Contract) -> Change:
    """A draft change with its derived risk and priority; nothing is saved on bad input."""
    data = normalise(data)
    errors = validate(data)
    if errors:
        raise ChangeError("The change could not be saved.", errors)
    change = Change(
        number=next_number(now.year),
        requested_by_id=getattr(actor, "id", None),
        status="draft",
        approval="pending",
        created_at=now,
        updated_at=now,
    )
    fill(change, data, contract)
    db.session.add(change)
    add_event(change, actor, now, "created", to_status="draft")
    db.session.flush()
    change_problems().link(change, data.problem_numbers, actor=actor, now=now)
    record(actor, "change.create", change, {"kind": change.kind, "risk": change.risk}, now=now)
    return change


def update_change(
    change: Change, data: ChangeData, *, actor, now, contract, expected_version=None
) -> None:
    """Edit a draft; once submitted the content is what the approvers saw."""
    check_version(change, expected_version)
    if change.status != "draft":
        raise ChangeError("Only a draft can be edited.", {"status": "Not a draft."})
    data = normalise(data)
    errors = validate(data)
    if errors:
        raise ChangeError("The change could not be saved.", errors)
    edited = changes(change, field_values(data))
    problems_before = change_problems().numbers(change)
    if problems_before != data.problem_numbers:
        edited["problems"] = [", ".join(problems_before), ", ".join(data.problem_numbers)]
    fill(change, data, contract)
    change_problems().link(change, data.problem_numbers, actor=actor, now=now)
    change.updated_at = now
    record(actor, "change.edit", change, edited, now=now)
    add_event(change, actor, now, "edited", params={"fields": sorted(edited)})
    db.session.flush()


def check_version(change: Change, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != change.version:
        raise ConflictError(change.number)


def add_event(change: Change, actor, now: datetime, action: str, **values) -> ChangeEvent:
    event = ChangeEvent(change=change, actor_id=getattr(actor, "id", None), at=now, action=action)
    for name, value in values.items():
        setattr(event, name, value)
    db.session.add(event)
    return event


def state_of(change: Change) -> rules.State:
    return rules.State(change.status, change.approval)


def allowed_actions(change: Change) -> list[str]:
    return rules.allowed_actions(state_of(change), kind=change.kind, initiator=change.initiator)


def act(
    change: Change,
    action: str,
    *,
    actor,
    now: datetime,
    contract: Contract,
    note: str = "",
    expected_version: int | None = None,
) -> ChangeEvent:
    """One status action (not a decision: see decide) with its side effects and history."""
    if action in rules.DECISIONS:
        raise ChangeError("Approvals are decisions; use decide().", {"action": "Not here."})
    check_version(change, expected_version)
    before = state_of(change)
    after = rules.transition(before, action, kind=change.kind, initiator=change.initiator)
    if action == "schedule" and not (change.planned_start and change.planned_end):
        raise ChangeError("Plan the window first.", {"planned_start": "Required to schedule."})
    if action in ("fail", "back_out") and not note.strip():
        raise ChangeError("Say what happened.", {"note": "Required."})
    change.status, change.approval = after.status, after.approval
    change.updated_at = now
    applied: list[str] = []
    if action == "submit":
        change.submitted_at = now
    elif action == "start":
        change.started_at = now
    elif action == "complete":
        change.finished_at = now
        applied = cmdb.apply_updates(change, actor=actor, now=now)
    elif action == "fail":
        change.finished_at = now
    elif action == "close":
        change.closed_at = now
    event = add_event(
        change, actor, now, action, from_status=before.status, to_status=after.status, note=note
    )
    if applied:
        event.params = {"assets": applied}
    db.session.flush()
    record(actor, f"change.{action}", change, {"from": before.status, "to": after.status}, now=now)
    if action == "submit" and change.approval == "pending":
        notify.approval_requested(change, approvers.approvers_for(change))
    elif action == "schedule" and change.initiator == "vendor":
        change.announced_at = now
        notify.announce(change, approvers.client_contacts(contract))
        # S18: the announcement is also a maintenance notice on the portal's pages
        notices.announce_change(
            change.number,
            change.title,
            change.description,
            planned_start=change.planned_start,
            planned_end=change.planned_end,
            department_id=change.department_id,
            actor=actor,
            now=now,
        )
    return event


def decide(
    change: Change,
    approver: User,
    decision: str,
    *,
    now: datetime,
    comment: str = "",
    via: str = "portal",
    ip: str = "",
) -> ChangeDecision | None:
    """An approver approves or rejects; the same decision twice is a no-op (None)."""
    if decision not in rules.DECISIONS:
        raise ChangeError("Approve or reject.", {"action": "approve or reject"})
    if not approvers.is_approver(approver, change):
        raise PermissionError("not an approver of this change")
    wanted = "approved" if decision == "approve" else "rejected"
    if change.approval == wanted:
        return None
    if decision == "reject" and not comment.strip():
        raise ChangeError("Give the reason for rejecting.", {"comment": "Required to reject."})
    before = state_of(change)
    after = rules.transition(before, decision, kind=change.kind, initiator=change.initiator)
    change.status, change.approval = after.status, after.approval
    change.decided_at = change.updated_at = now
    row = ChangeDecision(
        change=change,
        approver_id=approver.id,
        decision=wanted,
        via=via,
        comment=comment.strip()[:5000],
        after_the_fact=before.status != "submitted",
        ip=ip[:45],
        at=now,
    )
    db.session.add(row)
    add_event(
        change,
        approver,
        now,
        decision,
        from_status=before.status,
        to_status=after.status,
        note=comment.strip(),
    )
    db.session.flush()
    record(approver, f"change.{decision}", change, {"via": via, "comment": row.comment}, now=now)
    notify.decided(change, row)
    return row


def save_template(values: dict, *, actor, now, template: ChangeTemplate | None = None):
    """Create or edit a pre-approved standard-change template (managers)."""
    errors = {}
    if values.get("category") not in rules.CATEGORIES:
        errors["category"] = f"One of {', '.join(rules.CATEGORIES)}."
    for name in ("risk_likelihood", "risk_impact"):
        if values.get(name) not in rules.LEVELS:
            errors[name] = f"One of {', '.join(rules.LEVELS)}."
    if not (values.get("backout_plan") or "").strip():
        errors["backout_plan"] = "Even a routine change needs a way back."
    if errors:
        raise ChangeError("The template could not be saved.", errors)
    if template is None:
        template = ChangeTemplate(approved_by_id=getattr(actor, "id", None), created_at=now)
        db.session.add(template)
    for name, value in values.items():
        setattr(template, name, value)
    db.session.flush()
    record(actor, "change_template.save", template, {"name": template.name_en}, now=now)
    return template
