"""What can be escalated: a ticket, a problem or a complaint, found by its number."""

from dataclasses import dataclass

from app.complaints import policy as complaint_policy
from app.complaints import queries as complaint_queries
from app.complaints import rules as complaint_rules
from app.escalations import policy
from app.extensions import db
from app.problems import policy as problem_policy
from app.problems import queries as problem_queries
from app.problems import rules as problem_rules
from app.tickets import policy as ticket_policy
from app.tickets import queries as ticket_queries

ENDPOINTS = {
    "ticket": "tickets.detail",
    "problem": "problems.detail",
    "complaint": "complaints.detail",
}


@dataclass(frozen=True)
class Subject:
    type: str
    record: object

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def number(self) -> str:
        return self.record.number

    @property
    def title(self) -> str:
        return self.record.title


def kind_of_number(number: str) -> str | None:
    prefix = (number or "").split("-", 1)[0].upper()
    if prefix == problem_rules.PREFIX:
        return "problem"
    if prefix == complaint_rules.PREFIX:
        return "complaint"
    if prefix in ("INC", "REQ", "INS"):
        return "ticket"
    return None


def find(number: str) -> Subject | None:
    """The record a number names, or None."""
    number = (number or "").strip().upper()[:20]
    lookups = {
        "ticket": ticket_queries.get_by_number,
        "problem": problem_queries.get_by_number,
        "complaint": complaint_queries.get_by_number,
    }
    kind = kind_of_number(number)
    record = db.session.scalar(lookups[kind](number)) if kind else None
    return Subject(kind, record) if record is not None else None


def of(record) -> Subject:
    """The subject for a record already loaded (by its table)."""
    kind = {"tickets": "ticket", "problems": "problem", "complaints": "complaint"}
    return Subject(kind[record.__tablename__], record)


def can_see(user, subject: Subject) -> bool:
    if subject.type == "ticket":
        return ticket_policy.can_view(user, subject.record)
    if subject.type == "problem":
        return problem_policy.can_view(user)
    return complaint_policy.can_view(user, subject.record)


def can_escalate(user, subject: Subject) -> bool:
    return policy.can_escalate(user) and can_see(user, subject)
