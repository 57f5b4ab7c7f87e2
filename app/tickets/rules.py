"""Pure ticket rules: priority (S5), the status machine (S4), the dispatch rule (S6)."""

from collections.abc import Mapping
from dataclasses import dataclass

LEVELS = ("high", "medium", "low")
PRIORITIES = ("P1", "P2", "P3", "P4")
CHANNELS = ("web", "email", "phone", "walk_in")
TYPES = ("incident", "request", "installation")
TYPE_PREFIX = {"incident": "INC", "request": "REQ", "installation": "INS"}

STATUSES = (
    "new",
    "accepted",
    "remote",
    "dispatched",
    "onsite",
    "pending_customer",
    "pending_vendor",
    "resolved",
    "closed",
    "cancelled",
)
OPEN_STATUSES = frozenset(STATUSES) - {"resolved", "closed", "cancelled"}
WORKING = ("accepted", "remote", "dispatched", "onsite")
PENDING = ("pending_customer", "pending_vendor")

# action → (statuses it may start from, status it leads to; None = decided by the action)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "accept": (frozenset({"new"}), "accepted"),
    "start_remote": (frozenset({"new", "accepted"}), "remote"),
    "dispatch": (frozenset({"accepted", "remote", "dispatched"}), "dispatched"),
    "arrive": (frozenset({"dispatched"}), "onsite"),
    "pend": (frozenset(WORKING), None),
    "resume": (frozenset(PENDING), None),
    "resolve": (frozenset((*WORKING, *PENDING)), "resolved"),
    "confirm": (frozenset({"resolved"}), "closed"),
    "close": (frozenset({"resolved"}), "closed"),
    "reopen": (frozenset({"resolved", "closed"}), "accepted"),
    "cancel": (frozenset({"new", "accepted", "remote", *PENDING}), "cancelled"),
    "comment": (frozenset(STATUSES) - {"cancelled"}, None),
}
ACTIONS = tuple(TRANSITIONS)


class TransitionError(ValueError):
    """The action is not allowed in the ticket's current status."""


def priority(matrix: Mapping[str, Mapping[str, str]], urgency: str, impact: str, vip: bool) -> str:
    """S5: the matrix cell for urgency × impact, raised one level for a VIP (never above P1)."""
    if urgency not in LEVELS or impact not in LEVELS:
        raise ValueError(f"urgency and impact must be one of {', '.join(LEVELS)}")
    base = matrix[urgency][impact]
    index = PRIORITIES.index(base)
    return PRIORITIES[max(index - 1, 0)] if vip else base


def allowed_actions(status: str) -> list[str]:
    """The actions the status machine allows from `status`."""
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]


def next_status(
    status: str, action: str, *, waiting_for: str = "customer", resume_to: str | None = None
) -> str:
    """The status after `action`, or TransitionError when the machine forbids it."""
    if action not in TRANSITIONS:
        raise TransitionError(f"unknown action {action!r}")
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise TransitionError(f"{action} is not possible while the ticket is {status}")
    if action == "pend":
        if waiting_for not in ("customer", "vendor"):
            raise TransitionError("a ticket waits for the customer or for a vendor")
        return f"pending_{waiting_for}"
    if action == "resume":
        return resume_to if resume_to in WORKING else "accepted"
    return target or status


def mail_reply(status: str, *, from_requester: bool) -> str:
    """What a reply by mail does to a ticket in `status`: the requester's answer ends a wait
    for them ('resume') or disputes a fix ('reopen'); on a closed ticket it starts a new one
    ('follow_up'); anything else, and anyone else's mail, is a 'comment'."""
    if not from_requester:
        return "comment"
    if status == "pending_customer":
        return "resume"
    if status == "resolved":
        return "reopen"
    if status == "closed":
        return "follow_up"
    return "comment"


@dataclass(frozen=True)
class DispatchRule:
    """S6: after this many minutes of remote handling, an engineer must go on site."""

    limit_minutes: int | None

    def overdue(self, remote_minutes: float) -> bool:
        return self.limit_minutes is not None and remote_minutes >= self.limit_minutes

    def kept(self, remote_minutes: float) -> bool | None:
        """Whether handling ended (dispatch or resolve) within the limit; None if no rule."""
        if self.limit_minutes is None:
            return None
        return remote_minutes <= self.limit_minutes


def dispatch_rule(catalog_code: str, limits: Mapping[str, int]) -> DispatchRule:
    """The S6 rule of a catalog item: hw.* and sys.* have limits, other groups none."""
    return DispatchRule(limits.get(catalog_code.split(".", 1)[0]))


def ticket_number(ticket_type: str, year: int, sequence: int) -> str:
    return f"{TYPE_PREFIX[ticket_type]}-{year}-{sequence:06d}"


# The queue's views. Which SLA clock runs in which status follows the clocks' start and stop
# actions: the response runs until accepted, the remote limit while handled remotely, the
# arrival from dispatch until the engineer is there, the resolution while anyone works on it.
CLOCK_STATUSES: dict[str, tuple[str, ...]] = {
    "response": ("new",),
    "remote_limit": ("remote",),
    "onsite_arrival": ("dispatched",),
    "resolution": WORKING,
}
# a ticket in one of these waits for its assignee's next step, not for the user or a vendor
WAITING_FOR_ASSIGNEE = WORKING
DUE_WINDOWS = ("breached", "hour")
QUEUE_SORTS = ("priority", "due", "number", "updated")
# what the queue's bulk form may do: (status action or field edit, what pend waits for)
BULK_ACTIONS: dict[str, tuple[str, str | None]] = {
    "assign": ("assign", None),
    "accept": ("accept", None),
    "start_remote": ("start_remote", None),
    "pend_customer": ("pend", "customer"),
    "pend_vendor": ("pend", "vendor"),
    "resume": ("resume", None),
    "resolve": ("resolve", None),
    "cancel": ("cancel", None),
}
BULK_LIMIT = 100  # tickets in one bulk action: one page of the queue and some


def assignable(status: str) -> bool:
    """Work can change hands until it is resolved, but not while an engineer is sent to it or
    at the user's desk: that visit changes hands by a new dispatch."""
    return status in OPEN_STATUSES and status not in ("dispatched", "onsite")


# the longest reply or note a person writes in the portal or through the API
NOTE_LIMIT = 5000


# a mail copied to a whole department still makes a short list of watchers
MAX_WATCHERS = 20


def watcher_addresses(addresses, *, exclude=()) -> list[str]:
    """The addresses to copy on a ticket, in order: lower case, each once, plausible mail
    addresses only, without `exclude` (the desk's own, the sender, the requester)."""
    skip = {address.strip().lower() for address in exclude if address}
    out: list[str] = []
    for address in addresses:
        address = (address or "").strip().lower()
        local, _, domain = address.partition("@")
        plausible = local and "." in domain and address.isascii() and len(address) <= 254
        if not plausible or any(c.isspace() or c in "<>,;\"'" for c in address):
            continue
        if address not in skip and address not in out:
            out.append(address)
    return out[:MAX_WATCHERS]
