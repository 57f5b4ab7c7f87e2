"""Cache equals replay for 1,000 random ticket histories: Ticket.due_at and the watch list.

Histories are made through the real services (act, change_fields) with explicit times across
2026's holidays and into 2027; pauses, reopens, priority changes, cancellations and
resolutions without an onsite arrival included.
"""

import random
from datetime import timedelta

import sqlalchemy as sa

from app.clocks import store, tracking
from app.contracts.services import get_contract
from app.extensions import db
from app.sla import caches, scan
from app.sla.models import SlaWatch
from app.tickets import actions, rules, services
from app.tickets.models import Ticket, TicketEvent
from tests.factories import open_ticket
from tests.sla.helpers import sh, staff_contract, user

HISTORIES = 1000
STEPS = (0, 0, 1, 3, 4, 10, 45, 120, 300, 600, 1440, 4000)
CODES = ("hw.laptop", "hw.printer", "sys.network", "sys.windows", "sw.client", "install.new")


def grow(rng: random.Random, ticket: Ticket, now, people: dict) -> None:
    """A random walk through the status machine, from `now` on."""
    contract = get_contract()
    for _ in range(rng.randint(0, 9)):
        now += timedelta(minutes=rng.choice(STEPS), seconds=rng.choice((0, 0, 17)))
        if ticket.status == "cancelled":
            break
        choices = [a for a in rules.allowed_actions(ticket.status) if a != "comment"]
        if ticket.status != "closed":
            choices += ["change_fields", "change_fields"]
        pick = rng.choice(choices)
        if pick == "change_fields":
            values = {"urgency": rng.choice(rules.LEVELS), "impact": rng.choice(rules.LEVELS)}
            if rng.random() < 0.2:
                values["catalog_code"] = rng.choice(CODES)
            services.change_fields(
                ticket, values, actor=people["agent"], now=now, contract=contract
            )
            continue
        actor = people["engineer"] if pick in ("arrive",) else people["agent"]
        waiting_for = rng.choice(("customer", "vendor"))
        args = {"dispatch": (people["engineer"],), "pend": (waiting_for,), "reopen": ("why",)}
        if pick == "close":
            actions.close(ticket, now=now, contract=contract)
        else:
            service = getattr(actions, pick)
            service(ticket, *args.get(pick, ()), actor=actor, now=now, contract=contract)


def expected(ticket: Ticket, now, levels, calendars):
    """Ticket.due_at and the watch time, straight from the per-ticket replay."""
    contract = get_contract()
    clocks = services.sla_clocks(ticket, now=now, contract=contract)
    watched = clocks if ticket.status in rules.OPEN_STATUSES else []
    decided = scan.plan(watched, set(), levels, calendars, now)
    return tracking.earliest_due(clocks), caches.watch_time(decided, now)


def resolved_without_arrival() -> int:
    """Histories where a dispatch was followed by a resolve with no arrival between."""
    rows = db.session.execute(
        sa.select(TicketEvent.ticket_id, TicketEvent.action)
        .where(TicketEvent.action.in_(("dispatch", "arrive", "resolve")))
        .order_by(TicketEvent.ticket_id, TicketEvent.id)
    )
    found, waiting = set(), set()
    for ticket_id, action in rows:
        if action == "dispatch":
            waiting.add(ticket_id)
        elif action == "resolve" and ticket_id in waiting:
            found.add(ticket_id)
        else:
            waiting.discard(ticket_id)
    return len(found)


def test_cache_equals_replay_for_1000_random_histories(req):
    rng = random.Random(20261001)
    staff_contract()
    people = {role: user(role) for role in ("agent", "engineer", "employee")}
    first = sh(2026, 1, 1, 0, 0)
    for number in range(HISTORIES):
        start = first + timedelta(minutes=rng.randrange(365 * 24 * 60))
        ticket = open_ticket(
            now=start,
            commit=False,
            code=rng.choice(CODES),
            channel=rng.choice(rules.CHANNELS),
            urgency=rng.choice(rules.LEVELS),
            impact=rng.choice(rules.LEVELS),
        )
        grow(rng, ticket, start, people)
        if number % 50 == 0:
            db.session.commit()
    db.session.commit()

    # 1. written caches: due_at is the replay's at any later instant; the watch row says "now"
    tickets = db.session.scalars(sa.select(Ticket).order_by(Ticket.id)).all()
    assert len(tickets) == HISTORIES
    watch = dict(db.session.execute(sa.select(SlaWatch.ticket_id, SlaWatch.check_at)).all())
    last_event = dict(
        db.session.execute(
            sa.select(TicketEvent.ticket_id, sa.func.max(TicketEvent.at)).group_by(
                TicketEvent.ticket_id
            )
        ).all()
    )
    later = max(last_event.values()) + timedelta(days=30)
    contract = get_contract()
    for ticket in tickets:
        clocks = services.sla_clocks(ticket, now=later, contract=contract)
        assert ticket.due_at == tracking.earliest_due(clocks), ticket.number
        assert watch[ticket.id] == last_event[ticket.id], ticket.number

    # 2. rebuild from scratch equals the replay
    db.session.execute(sa.update(Ticket).values(due_at=None))
    db.session.execute(sa.delete(SlaWatch))
    db.session.commit()
    counts = caches.rebuild(later)
    db.session.commit()
    assert counts["tickets"] == HISTORIES
    levels, calendars = scan.levels(contract), store.calendars()
    watch = dict(db.session.execute(sa.select(SlaWatch.ticket_id, SlaWatch.check_at)).all())
    kinds = set()
    for ticket in db.session.scalars(sa.select(Ticket).order_by(Ticket.id)):
        due_at, check_at = expected(ticket, later, levels, calendars)
        assert ticket.due_at == due_at, ticket.number
        assert watch.get(ticket.id) == check_at, ticket.number
        kinds.add(ticket.status)
    assert {"closed", "cancelled", "resolved", "pending_customer", "accepted"} <= kinds
    assert resolved_without_arrival() > 20  # 59 with this seed

    # 3. a scan handles everything that was due; what remains lies in the future
    scan.scan(later)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).where(SlaWatch.check_at <= later)) == 0
