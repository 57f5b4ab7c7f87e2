"""The period's tickets with their SLA outcomes, replayed once from the stored history.

Two queries (tickets, then all their history rows) and one replay per ticket; the report
figures, the live dashboard and the ticket lists behind each figure all start from here.
"""

from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

import sqlalchemy as sa

from app.accounts.models import Department, User
from app.clocks import store, tracking
from app.clocks.replay import replay
from app.contracts.models import Contract
from app.extensions import db
from app.reports.rules import Period
from app.tickets import queries as ticket_queries
from app.tickets.models import CatalogItem, Ticket

# S7 metrics in report order; "phone" is the ring count taken at intake
METRICS = ("response", "phone", "remote_limit", "onsite_arrival", "resolution")
RESPONSE_CHANNELS = ("email", "web", "walk_in")
REMOTE_GROUPS = ("hw", "sys")
PRIORITIES = ("P1", "P2", "P3", "P4")
# history lines whose note may explain a breach
REASON_ACTIONS = frozenset(
    {"pend", "escalate", "comment", "resolve", "dispatch", "arrive", "accept", "vendor_case"}
)


@dataclass(frozen=True)
class Filters:
    """What the manager's dashboard narrows the tickets to (None: all)."""

    department: str | None = None  # department code; "none" for tickets without one
    group: str | None = None  # catalog group

    def clauses(self) -> list:
        out = []
        if self.group:
            out.append(CatalogItem.group == self.group)
        if self.department == "none":
            out.append(Department.id.is_(None))
        elif self.department:
            out.append(Department.code == self.department)
        return out


@dataclass(frozen=True)
class Outcome:
    """One SLA measure of one ticket: which row of the report it counts in, and its verdict."""

    metric: str
    key: str  # channel, catalog group, "all" or priority
    state: str  # met | breached | running | paused | cancelled
    target: float  # minutes (rings for "phone")
    used: float
    started_at: datetime | None
    stopped_at: datetime | None


@dataclass
class TicketFacts:
    id: int
    number: str
    title: str
    created_at: datetime
    channel: str
    priority: str
    type: str
    status: str
    code: str
    group: str
    department: str | None
    rings: int | None
    assignee_id: int | None
    asset_tags: list
    resolved_at: datetime | None
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[tuple] = field(default_factory=list)  # (at, action, note, public)

    def breaches(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.state == "breached"]


def ticket_query(period: Period, filters: Filters) -> sa.Select:
    """The period's tickets (opened in it, Shanghai days) with their catalog and department."""
    return (
        sa.select(
            Ticket.id,
            Ticket.number,
            Ticket.title,
            Ticket.created_at,
            Ticket.channel,
            Ticket.priority,
            Ticket.type,
            Ticket.status,
            CatalogItem.code,
            CatalogItem.group,
            Department.code.label("department"),
            Ticket.rings,
            Ticket.assignee_id,
            Ticket.asset_tags,
            Ticket.resolved_at,
        )
        .join(CatalogItem, CatalogItem.id == Ticket.catalog_item_id)
        .outerjoin(User, User.id == Ticket.requester_id)
        .outerjoin(Department, Department.id == User.department_id)
        .where(
            Ticket.created_at >= period.start, Ticket.created_at < period.end, *filters.clauses()
        )
    )


def history_rows(tickets: sa.Select) -> dict[int, list]:
    """Every history line of the selected tickets, per ticket in order, in one query."""
    return ticket_queries.history_rows(
        tickets.with_only_columns(Ticket.id).order_by(None).scalar_subquery()
    )


def outcome_key(metric: str, facts: TicketFacts) -> str:
    if metric == "response":
        return facts.channel
    if metric == "remote_limit":
        return facts.group
    if metric == "resolution":
        return facts.priority
    return "all"


def collect(
    period: Period, *, now: datetime, contract: Contract, filters: Filters | None = None
) -> list[TicketFacts]:
    """The period's tickets, each with its SLA outcomes as of `now`."""
    filters = filters or Filters()
    query = ticket_query(period, filters)
    histories = history_rows(query)
    metrics = tracking.metrics_by_opening(contract)
    calendars = store.calendars()
    found = []
    for row in db.session.execute(query.order_by(Ticket.created_at, Ticket.id)):
        facts = TicketFacts(**row._asdict())
        rows = histories.get(facts.id, [])
        shaped = SimpleNamespace(
            channel=facts.channel,
            priority=facts.priority,
            catalog_item=SimpleNamespace(code=facts.code),
        )
        for clock in replay(
            tracking.ticket_events(shaped, rows), metrics(facts.created_at), calendars, now
        ):
            facts.outcomes.append(
                Outcome(
                    clock.metric,
                    outcome_key(clock.metric, facts),
                    clock.state,
                    clock.target_minutes,
                    round(clock.used_minutes, 2),
                    clock.started_at,
                    clock.stopped_at,
                )
            )
        if facts.channel == "phone" and facts.rings is not None:
            # S7: the phone is answered within N rings, counted when the call is logged
            state = "met" if facts.rings <= contract.phone_ring_limit else "breached"
            facts.outcomes.append(
                Outcome("phone", "phone", state, contract.phone_ring_limit, facts.rings, None, None)
            )
        if facts.breaches():
            facts.notes = [
                (row.at, row.action, row.note, row.public)
                for row in rows
                if row.note and row.action in REASON_ACTIONS
            ]
        found.append(facts)
    return found
