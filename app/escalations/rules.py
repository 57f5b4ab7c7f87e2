"""Escalation rules (S17), pure: kinds, titles, triggers, the matrix's checks, which level
comes next, and the monthly counts. No database, no request."""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

PREFIX = "ESC"
KINDS = ("service", "technical", "contract", "personnel")
STATUSES = ("open", "closed")
# the people an escalation calls, by the part they play in the contract
TITLES = (
    "escalation_engineer",
    "vendor_manager",
    "vendor_account_director",
    "client_it_contact",
    "client_management_contact",
    "other",
)
TRIGGERS = ("p1_opened", "critical_problem", "major_incident", "sla_breach")
SUBJECT_TYPES = ("ticket", "problem", "complaint")
ACTIONS = ("confirm", "raise", "close")
MAX_LEVELS = 6
MAX_CLIMB_MINUTES = 60 * 24 * 30  # a month of service time is already more than any contract
MAX_REASON = 2000
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class EscalationError(ValueError):
    """Refused; `code` says why and `fields` names what to fix (codes the page words)."""

    def __init__(self, code: str, fields: dict[str, str] | None = None):
        super().__init__(code)
        self.code = code
        self.fields = fields or {}


def escalation_number(year: int, sequence: int) -> str:
    return f"{PREFIX}-{year}-{sequence:04d}"


@dataclass(frozen=True)
class Level:
    """A level of the matrix as the rules see it."""

    kind: str
    level: int
    contact_id: int | None
    climb_after_minutes: int | None
    title: str = "other"


def level_problems(kind: str, level: int, contact_id, climb_after_minutes) -> dict[str, str]:
    """What is wrong with a matrix level, by field (codes; the page words them)."""
    problems = {}
    if kind not in KINDS:
        problems["kind"] = "kind"
    if not isinstance(level, int) or not 1 <= level <= MAX_LEVELS:
        problems["level"] = "level"
    if not contact_id:
        problems["contact"] = "contact"
    if climb_after_minutes is not None and not 1 <= climb_after_minutes <= MAX_CLIMB_MINUTES:
        problems["climb_after"] = "climb_after"
    return problems


def levels_of(levels: Iterable[Level], kind: str) -> list[Level]:
    return sorted((item for item in levels if item.kind == kind), key=lambda item: item.level)


def first_level(levels: Iterable[Level], kind: str) -> Level | None:
    ordered = levels_of(levels, kind)
    return ordered[0] if ordered else None


def next_level(levels: Iterable[Level], kind: str, current: int) -> Level | None:
    """The matrix level above `current` for the kind, or None at the top."""
    return next((item for item in levels_of(levels, kind) if item.level > current), None)


def climbs(confirmed_at: datetime | None, climbs_at: datetime | None, now: datetime) -> bool:
    """An unconfirmed step whose waiting time on the calendar has run out climbs."""
    return confirmed_at is None and climbs_at is not None and climbs_at <= now


def can_close(outcome: str) -> bool:
    return bool(outcome and outcome.strip())


def month_bounds(text: str) -> tuple[int, int] | None:
    """'2026-11' → (2026, 11); anything else (or a year outside 1900–2100) → None."""
    found = MONTH.match(text or "")
    if not found:
        return None
    year, month = int(found.group(1)), int(found.group(2))
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return None
    return year, month


def counts_by_kind_and_level(rows: Iterable[tuple[str, int]]) -> dict[str, dict[int, int]]:
    """(kind, highest level reached) pairs → {kind: {level: count}} for every kind, in order."""
    counted = Counter(rows)
    table: dict[str, dict[int, int]] = {kind: {} for kind in KINDS}
    for (kind, level), count in sorted(counted.items()):
        table.setdefault(kind, {})[level] = count
    return table
