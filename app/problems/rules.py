"""Pure problem rules (S16): the investigation flow and what each step needs, numbering,
escalation by severity, circles between problems, and recurrence detection (S9)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

SEVERITIES = ("critical", "major", "minor")
STATUSES = (
    "open",
    "under_investigation",
    "root_cause_known",
    "fix_planned",
    "resolved",
    "closed",
)
OPEN_STATUSES = frozenset(STATUSES) - {"resolved", "closed"}
PREFIX = "PRB"

# action → (the status it starts from, the status it leads to)
TRANSITIONS: dict[str, tuple[str, str]] = {
    "investigate": ("open", "under_investigation"),
    "root_cause_known": ("under_investigation", "root_cause_known"),
    "plan_fix": ("root_cause_known", "fix_planned"),
    "resolve": ("fix_planned", "resolved"),
    "close": ("resolved", "closed"),
}
ACTIONS = tuple(TRANSITIONS)

# what the record must hold before a step (S16: diagnose the root cause, agree a solution plan
# with the parties, carry it out, make sure the same problem does not come back)
REQUIRES: dict[str, tuple[str, ...]] = {
    "root_cause_known": ("what_happened", "whys"),
    "plan_fix": ("fix", "parties"),
    "resolve": ("fix",),
    "close": ("prevention",),
}

# S16/S17: who hears of a problem, by severity (the contract's named contacts)
ESCALATION: dict[str, tuple[str, ...]] = {
    "critical": (
        "vendor_project_manager",
        "customer_service_manager",
        "client_management_contact",
        "client_it_contact",
    ),
    "major": ("vendor_project_manager", "customer_service_manager"),
    "minor": (),
}
SEVERITY_RANK = {"minor": 0, "major": 1, "critical": 2}

# recurrence candidates (S9: analyse the records to find causes and reduce repeats)
KINDS = ("asset", "model", "catalog_item")


class TransitionError(ValueError):
    """The action is not possible in the problem's status."""


@dataclass(frozen=True)
class Facts:
    """What the root-cause analysis holds so far, as the step guards see it."""

    what_happened: bool = False
    whys: int = 0
    fix: bool = False
    workaround: bool = False
    prevention: bool = False
    parties: int = 0


def next_status(status: str, action: str) -> str:
    """The status after `action`, or TransitionError when the flow does not allow it."""
    if action not in TRANSITIONS:
        raise TransitionError(f"unknown action {action!r}")
    source, target = TRANSITIONS[action]
    if status != source:
        raise TransitionError(f"{action} is not possible while the problem is {status}")
    return target


def allowed_actions(status: str) -> list[str]:
    return [action for action, (source, _) in TRANSITIONS.items() if source == status]


def missing(action: str, facts: Facts) -> list[str]:
    """The parts of the analysis `action` still needs (empty: it may go ahead)."""
    return [name for name in REQUIRES.get(action, ()) if not getattr(facts, name)]


def problem_number(year: int, sequence: int) -> str:
    return f"{PREFIX}-{year}-{sequence:06d}"


def escalation_contacts(severity: str) -> tuple[str, ...]:
    return ESCALATION.get(severity, ())


def raises_escalation(before: str | None, after: str) -> bool:
    """A new problem, or one whose severity went up, is escalated to its severity's contacts."""
    if not escalation_contacts(after):
        return False
    return before is None or SEVERITY_RANK[after] > SEVERITY_RANK.get(before, -1)


def cause_refusal(problem_id: int, cause_id: int, cause_of: Mapping[int, int | None]) -> str:
    """'self' or 'loop' when `cause_id` may not become the underlying problem of `problem_id`
    (following `cause_of` upwards would come back to it), else ''."""
    if cause_id == problem_id:
        return "self"
    seen: set[int] = set()
    node: int | None = cause_id
    while node is not None and node not in seen:
        if node == problem_id:
            return "loop"
        seen.add(node)
        node = cause_of.get(node)
    return ""


@dataclass(frozen=True)
class Incident:
    """An incident as detection sees it: when, which catalog item, which assets and models."""

    id: int
    number: str
    opened_at: datetime
    item: str
    assets: frozenset[str] = frozenset()
    models: frozenset[str] = frozenset()

    def groups(self) -> list[tuple[str, str]]:
        return (
            [("asset", tag) for tag in sorted(self.assets)]
            + [("model", model) for model in sorted(self.models) if model]
            + ([("catalog_item", self.item)] if self.item else [])
        )


@dataclass(frozen=True)
class Candidate:
    """Incidents repeating on one asset, model or catalog item: oldest first."""

    kind: str
    value: str
    incidents: tuple[str, ...]
    ids: tuple[int, ...]


def window(now: datetime, days: int) -> tuple[datetime, datetime]:
    """The detection window: the last `days` days up to `now`, both ends included."""
    return now - timedelta(days=days), now


def detect(
    incidents: Iterable[Incident],
    *,
    start: datetime,
    end: datetime,
    minimum: Mapping[str, int],
    linked: frozenset[int] = frozenset(),
    dismissed: Mapping[tuple[str, str], frozenset[int]] | None = None,
) -> list[Candidate]:
    """Groups of at least `minimum[kind]` incidents opened in [start, end] on the same asset,
    model or catalog item. Incidents already linked to a problem do not count (they have been
    analysed); nor do those a manager dismissed for that group, so a dismissed candidate comes
    back only with enough new incidents. A minimum of 0 turns a kind off."""
    dismissed = dismissed or {}
    groups: dict[tuple[str, str], list[Incident]] = {}
    for incident in incidents:
        if incident.id in linked or not start <= incident.opened_at <= end:
            continue
        for key in incident.groups():
            if incident.id not in dismissed.get(key, frozenset()):
                groups.setdefault(key, []).append(incident)
    found = []
    for (kind, value), members in groups.items():
        least = minimum.get(kind, 0)
        if least <= 0 or len(members) < least:
            continue
        members.sort(key=lambda i: (i.opened_at, i.id))
        found.append(
            Candidate(kind, value, tuple(i.number for i in members), tuple(i.id for i in members))
        )
    return sorted(found, key=lambda c: (KINDS.index(c.kind), -len(c.ids), c.value))
