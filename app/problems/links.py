"""A problem's links: its incidents (one problem each), the changes carrying the fix, related
assets, catalog items and the underlying problem — and the change form's view of them."""

from datetime import datetime

import sqlalchemy as sa

from app.assets.models import Asset
from app.audit.services import record
from app.changes.models import Change
from app.contracts.models import Contract
from app.extensions import db
from app.problems import detection, rules
from app.problems.errors import ClosedError, ProblemError, Refusal
from app.problems.history import add_event
from app.problems.models import Problem, ProblemChange, ProblemIncident
from app.tickets.models import CatalogItem, Ticket
from app.web.hooks import ChangeProblems, TicketProblems

LINK_KINDS = ("incident", "change", "asset")
FIELD = {"incident": "incidents", "change": "changes", "asset": "assets"}


def clean(values: list[str], upper: bool = True) -> list[str]:
    """Trimmed, without blanks and repeats, in the order given."""
    cleaned = (v.strip().upper() if upper else v.strip() for v in values if v)
    return list(dict.fromkeys(v for v in cleaned if v))


def find_incidents(numbers: list[str], problem: Problem | None = None):
    """(tickets, refusal or None): every number must be an incident of no other problem."""
    numbers = clean(numbers)
    if not numbers:
        return [], None
    found = {
        t.number: t for t in db.session.scalars(sa.select(Ticket).where(Ticket.number.in_(numbers)))
    }
    unknown = [n for n in numbers if n not in found]
    if unknown:
        return [], Refusal("unknown_tickets", tuple(unknown))
    requests = [n for n in numbers if found[n].type != "incident"]
    if requests:
        return [], Refusal("not_incidents", tuple(requests))
    taken = db.session.execute(
        sa.select(Ticket.number, Problem.number)
        .join(ProblemIncident, ProblemIncident.ticket_id == Ticket.id)
        .join(Problem, Problem.id == ProblemIncident.problem_id)
        .where(Ticket.number.in_(numbers), Problem.id != (problem.id if problem else -1))
        .order_by(Ticket.number)
    ).all()
    if taken:
        return [], Refusal("taken", tuple(f"{ticket} ({other})" for ticket, other in taken))
    return [found[n] for n in numbers], None


def find_by(model, column, values: list[str], code: str, upper: bool = True):
    """(rows in the order given, refusal or None) for exact keys such as tags and numbers."""
    values = clean(values, upper)
    if not values:
        return [], None
    found = {
        getattr(r, column.key): r
        for r in db.session.scalars(sa.select(model).where(column.in_(values)))
    }
    unknown = [v for v in values if v not in found]
    if unknown:
        return [], Refusal(code, tuple(unknown))
    return [found[v] for v in values], None


def find_assets(tags: list[str]):
    return find_by(Asset, Asset.tag, tags, "unknown_assets")


def find_changes(numbers: list[str]):
    return find_by(Change, Change.number, numbers, "unknown_changes")


def find_items(codes: list[str]):
    return find_by(CatalogItem, CatalogItem.code, codes, "unknown_items", upper=False)


def incidents_of(problem: Problem) -> list[Ticket]:
    return list(
        db.session.scalars(
            sa.select(Ticket)
            .join(ProblemIncident, ProblemIncident.ticket_id == Ticket.id)
            .where(ProblemIncident.problem_id == problem.id)
            .order_by(Ticket.created_at, Ticket.id)
        )
    )


def changes_of(problem: Problem) -> list[Change]:
    return list(
        db.session.scalars(
            sa.select(Change)
            .join(ProblemChange, ProblemChange.change_id == Change.id)
            .where(ProblemChange.problem_id == problem.id)
            .order_by(Change.created_at, Change.id)
        )
    )


def attach_incidents(problem: Problem, tickets: list[Ticket], *, actor, now: datetime) -> list[str]:
    have = {t.id for t in incidents_of(problem)}
    added = [t for t in tickets if t.id not in have]
    for ticket in added:
        db.session.add(
            ProblemIncident(
                problem_id=problem.id,
                ticket_id=ticket.id,
                linked_at=now,
                linked_by_id=getattr(actor, "id", None),
            )
        )
    return [t.number for t in added]


def attach_change(problem: Problem, change: Change, *, actor, now: datetime) -> bool:
    exists = db.session.get(ProblemChange, (problem.id, change.id))
    if exists is not None:
        return False
    db.session.add(ProblemChange(problem_id=problem.id, change_id=change.id, linked_at=now))
    add_event(problem, actor, now, "change_linked", params={"numbers": [change.number]})
    return True


def link(
    problem: Problem, kind: str, values: list[str], *, actor, now: datetime, contract: Contract
) -> list[str]:
    """Add incidents, changes or assets to the problem; all or nothing. Linked incidents
    leave the recurrence candidates."""
    if problem.status == "closed":
        raise ClosedError()
    if kind not in LINK_KINDS:
        raise ProblemError({"kind": Refusal("unknown_kind", (kind,))})
    if not clean(values):
        raise ProblemError({FIELD[kind]: Refusal("required")})
    if kind == "incident":
        tickets, refusal = find_incidents(values, problem)
        if refusal:
            raise ProblemError({FIELD[kind]: refusal})
        added = attach_incidents(problem, tickets, actor=actor, now=now)
        if added:
            add_event(problem, actor, now, "incident_linked", params={"numbers": added})
            db.session.flush()
            detection.refresh(now, contract)
    elif kind == "change":
        changes, refusal = find_changes(values)
        if refusal:
            raise ProblemError({FIELD[kind]: refusal})
        added = [c.number for c in changes if attach_change(problem, c, actor=actor, now=now)]
    else:
        assets, refusal = find_assets(values)
        if refusal:
            raise ProblemError({FIELD[kind]: refusal})
        added = [a.tag for a in assets if a not in problem.assets]
        problem.assets.extend(a for a in assets if a.tag in added)
        if added:
            add_event(problem, actor, now, "asset_linked", params={"numbers": added})
    db.session.flush()
    if added:
        record(actor, f"problem.link_{kind}", problem, {"added": added}, now=now)
    return added


def unlink(problem: Problem, kind: str, value: str, *, actor, now: datetime) -> bool:
    """Take one incident, change or asset off the problem; False when it was not linked."""
    if problem.status == "closed":
        raise ClosedError()
    value = value.strip().upper()
    if kind == "incident":
        row = db.session.scalar(
            sa.select(ProblemIncident)
            .join(Ticket, Ticket.id == ProblemIncident.ticket_id)
            .where(ProblemIncident.problem_id == problem.id, Ticket.number == value)
        )
    elif kind == "change":
        row = db.session.scalar(
            sa.select(ProblemChange)
            .join(Change, Change.id == ProblemChange.change_id)
            .where(ProblemChange.problem_id == problem.id, Change.number == value)
        )
    elif kind == "asset":
        row = next((a for a in problem.assets if a.tag == value), None)
    else:
        raise ProblemError({"kind": Refusal("unknown_kind", (kind,))})
    if row is None:
        return False
    if kind == "asset":
        problem.assets.remove(row)
    else:
        db.session.delete(row)
    add_event(problem, actor, now, f"{kind}_unlinked", params={"numbers": [value]})
    db.session.flush()
    record(actor, f"problem.unlink_{kind}", problem, {"removed": value}, now=now)
    return True


def cause_refusal(problem: Problem, cause: Problem) -> Refusal | None:
    """A problem may not be its own underlying problem, nor close a circle of them."""
    cause_of = dict(
        db.session.execute(
            sa.select(Problem.id, Problem.cause_id).where(Problem.cause_id.is_not(None))
        ).all()
    )
    cause_of.pop(problem.id, None)  # its present underlying problem is being replaced
    reason = rules.cause_refusal(problem.id, cause.id, cause_of)
    return Refusal(reason, (cause.number,)) if reason else None


def problem_by_number(number: str) -> Problem | None:
    return db.session.scalar(sa.select(Problem).where(Problem.number == number.strip().upper()))


class ProblemRegister(ChangeProblems):
    """The change form's problem numbers, kept as links here (changes never import us)."""

    def numbers(self, change) -> list[str]:
        if change.id is None:
            return []
        return list(
            db.session.scalars(
                sa.select(Problem.number)
                .join(ProblemChange, ProblemChange.problem_id == Problem.id)
                .where(ProblemChange.change_id == change.id)
                .order_by(Problem.number)
            )
        )

    def unknown(self, numbers: list[str]) -> list[str]:
        _, refusal = find_by(Problem, Problem.number, numbers, "unknown_problems")
        return list(refusal.values) if refusal else []

    def link(self, change, numbers: list[str], *, actor, now) -> None:
        wanted, _ = find_by(Problem, Problem.number, numbers, "unknown_problems")
        rows = db.session.scalars(
            sa.select(ProblemChange).where(ProblemChange.change_id == change.id)
        ).all()
        keep = {p.id for p in wanted}
        for row in rows:
            if row.problem_id not in keep:
                add_event(
                    row.problem, actor, now, "change_unlinked", params={"numbers": [change.number]}
                )
                db.session.delete(row)
        for problem in wanted:
            attach_change(problem, change, actor=actor, now=now)
        db.session.flush()


class QueueProblems(TicketProblems):
    """The queue's bulk "link to problem": one incident at a time, so that each ticket gets
    its own answer."""

    available = True

    def link(self, number: str, ticket, *, actor, now, contract) -> str | None:
        from flask_babel import gettext as _

        from app.problems import policy
        from app.problems.labels import refusal_text

        problem = db.session.scalar(sa.select(Problem).where(Problem.number == number.upper()))
        if problem is None:
            return _("No problem with that number.")
        if not policy.can_link(actor, "incident"):
            return _("You may not link incidents to problems.")
        try:
            added = link(
                problem, "incident", [ticket.number], actor=actor, now=now, contract=contract
            )
        except ProblemError as error:
            return "; ".join(refusal_text(r) for r in error.fields.values())
        return None if added else _("Already linked to %(number)s.", number=problem.number)
