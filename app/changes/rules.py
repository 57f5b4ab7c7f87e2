"""Pure change rules (S15): kinds, risk, the status machine with its approval track, clashes."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

KINDS = ("standard", "normal", "emergency")
CATEGORIES = ("user_settings", "backup", "printer", "maintenance", "security", "other")
INITIATORS = ("vendor", "client", "third_party")
LEVELS = ("low", "medium", "high")
STATUSES = (
    "draft",
    "submitted",
    "approved",
    "rejected",
    "scheduled",
    "in_progress",
    "completed",
    "failed",
    "backed_out",
    "closed",
)
OPEN_STATUSES = frozenset(STATUSES) - {"rejected", "closed"}
# approval track, beside the status: who said yes, or why nobody has to
APPROVALS = ("pending", "approved", "rejected", "not_required")
ACTIONS = (
    "submit",
    "approve",
    "reject",
    "schedule",
    "start",
    "complete",
    "fail",
    "back_out",
    "close",
)
DECISIONS = ("approve", "reject")
# S15: a backout plan must exist; standard changes inherit theirs from the template
BACKOUT_REQUIRED = frozenset({"normal", "emergency"})
# statuses of an emergency change that ran before its approval (approved after the fact)
AFTER_THE_FACT = frozenset({"in_progress", "completed", "failed", "backed_out"})
# statuses in which a change's asset tags are covered for CMDB edits (S13)
AUTHORISING = frozenset({"approved", "scheduled", "in_progress", "completed"})

# action → (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "submit": (frozenset({"draft"}), None),
    "approve": (frozenset({"submitted"}), "approved"),
    "reject": (frozenset({"submitted"}), "rejected"),
    "schedule": (frozenset({"approved"}), "scheduled"),
    "start": (frozenset({"scheduled"}), "in_progress"),
    "complete": (frozenset({"in_progress"}), "completed"),
    "fail": (frozenset({"in_progress"}), "failed"),
    "back_out": (frozenset({"failed"}), "backed_out"),
    "close": (frozenset({"completed", "failed", "backed_out", "rejected"}), "closed"),
}
# S15: an emergency change may start before approval (and be approved after the fact)
EMERGENCY_START = frozenset({"submitted", "approved", "scheduled"})


class TransitionError(ValueError):
    """The action is not allowed for this change's kind, status and approval."""


@dataclass(frozen=True)
class State:
    status: str
    approval: str


def needs_approval(kind: str, initiator: str) -> bool:
    """S15: standard changes are pre-approved; client and third-party changes are only tracked."""
    return kind != "standard" and initiator == "vendor"


def transition(state: State, action: str, *, kind: str, initiator: str) -> State:
    """The state after `action`, or TransitionError when S15's machine forbids it."""
    if action not in TRANSITIONS:
        raise TransitionError(f"unknown action {action!r}")
    status, approval = state.status, state.approval
    if action == "submit":
        if status != "draft":
            raise TransitionError(f"submit is not possible while the change is {status}")
        if needs_approval(kind, initiator):
            return State("submitted", "pending")
        return State("approved", "not_required")
    if action in DECISIONS:
        return decide(state, action, kind=kind)
    if action == "start" and kind == "emergency" and status in EMERGENCY_START:
        return State("in_progress", approval)
    if action == "close" and approval == "pending":
        raise TransitionError("an emergency change is closed only after its approval decision")
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise TransitionError(f"{action} is not possible while the change is {status}")
    return State(target, approval)


def decide(state: State, action: str, *, kind: str) -> State:
    """An approver's decision: before the work, or (emergency) after the fact."""
    if state.approval != "pending":
        raise TransitionError(f"no approval is pending (it is {state.approval})")
    decision = "approved" if action == "approve" else "rejected"
    if state.status == "submitted":
        return State(decision, decision)
    if kind == "emergency" and state.status in AFTER_THE_FACT:
        return State(state.status, decision)
    raise TransitionError(f"{action} is not possible while the change is {state.status}")


def allowed_actions(state: State, *, kind: str, initiator: str) -> list[str]:
    """The actions the machine allows from this state (who may do them is policy's business)."""
    allowed = []
    for action in ACTIONS:
        try:
            transition(state, action, kind=kind, initiator=initiator)
        except TransitionError:
            continue
        allowed.append(action)
    return allowed


LEVEL_SCORE = {"low": 1, "medium": 2, "high": 3}


@dataclass(frozen=True)
class Risk:
    """The parts of a risk assessment; pages word them in the reader's language."""

    level: str
    score: int
    likelihood: str
    impact: str

    @property
    def reason(self) -> str:
        """The plain-code form kept in `Change.risk_reason` for the API and older readers."""
        return f"likelihood {self.likelihood} × impact {self.impact} = {self.score} → {self.level}"


def assess_risk(likelihood: str, impact: str) -> Risk:
    """S15 risk: likelihood × impact (1–3 each); ≤ 2 low, 3–4 medium, ≥ 6 high."""
    if likelihood not in LEVELS or impact not in LEVELS:
        raise ValueError(f"likelihood and impact must be one of {', '.join(LEVELS)}")
    score = LEVEL_SCORE[likelihood] * LEVEL_SCORE[impact]
    level = "low" if score <= 2 else "medium" if score <= 4 else "high"
    return Risk(level, score, likelihood, impact)


def priority(matrix: Mapping[str, Mapping[str, str]], urgency: str, impact: str) -> str:
    """S15 priority by urgency, with the contract's urgency × impact matrix (S5)."""
    if urgency not in LEVELS or impact not in LEVELS:
        raise ValueError(f"urgency and impact must be one of {', '.join(LEVELS)}")
    return matrix[urgency][impact]


def change_number(year: int, sequence: int) -> str:
    return f"CHG-{year}-{sequence:06d}"


def approval_due(submitted_at: datetime | None, hours: int) -> datetime | None:
    """S15: an emergency change must be approved within the contract's hours of submission."""
    return submitted_at + timedelta(hours=hours) if submitted_at else None


def approval_overdue(
    kind: str, approval: str, submitted_at: datetime | None, hours: int, now: datetime
) -> bool:
    due = approval_due(submitted_at, hours)
    return kind == "emergency" and approval == "pending" and due is not None and now > due


@dataclass(frozen=True)
class Window:
    key: object
    start: datetime
    end: datetime
    tags: frozenset[str]


def clashes(windows: Iterable[Window]) -> dict[object, set[object]]:
    """Changes whose planned windows overlap on a shared asset: key → keys it clashes with."""
    items = sorted(windows, key=lambda w: w.start)
    found: dict[object, set[object]] = {}
    for index, first in enumerate(items):
        for second in items[index + 1 :]:
            if second.start >= first.end:
                break
            if first.tags & second.tags:
                found.setdefault(first.key, set()).add(second.key)
                found.setdefault(second.key, set()).add(first.key)
    return found


def window_errors(start: datetime | None, end: datetime | None) -> dict[str, str]:
    if start and end and end <= start:
        return {"planned_end": "The window must end after it starts."}
    if bool(start) != bool(end):
        return {"planned_end": "Give both the start and the end of the window."}
    return {}


UPDATE_LINE = re.compile(r"^\s*([^:\s]+)\s*:\s*(.+?)\s*$")
UPDATABLE_FIELDS = ("status", "owner", "location", "model", "serial", "warranty_end")


class UpdateSyntaxError(ValueError):
    """A line of the asset-updates text that cannot be read; `line` is 1-based."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line


def parse_asset_updates(text: str) -> dict[str, dict[str, str]]:
    """'PC-0012: status=retired, location=B2' lines → {tag: {field: value}}."""
    updates: dict[str, dict[str, str]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = UPDATE_LINE.match(raw)
        if not match:
            raise UpdateSyntaxError(number, "write TAG: field=value, field=value")
        tag, rest = match.group(1), match.group(2)
        values = updates.setdefault(tag, {})
        for part in rest.split(","):
            name, equals, value = part.partition("=")
            name = name.strip()
            if not equals or not name:
                raise UpdateSyntaxError(number, f"{part.strip()!r} is not field=value")
            if name not in UPDATABLE_FIELDS:
                raise UpdateSyntaxError(
                    number, f"{name!r} cannot be changed here ({', '.join(UPDATABLE_FIELDS)})"
                )
            values[name] = value.strip()
    return updates


def format_asset_updates(updates: Mapping[str, Mapping[str, str]]) -> str:
    return "\n".join(
        f"{tag}: " + ", ".join(f"{k}={v}" for k, v in values.items())
        for tag, values in updates.items()
    )
