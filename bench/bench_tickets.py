"""Agent queue and ticket page server time with 200,000 tickets, and ticket creation rate.

    .venv/bin/python bench/bench_tickets.py                      # SQLite file in /tmp
    .venv/bin/python bench/bench_tickets.py postgresql://postgres@127.0.0.1:5432/bench

OPEN_SHARE=0.01 for a desk with few open tickets; BENCH_SQLITE_FILE names the SQLite file;
BENCH_REUSE=1 measures the database an earlier run seeded; BENCH_QUEUE_ONLY=1 only the queue.

Prints median and p95 over 200 requests per page (in-process test client, so the figures are
server time without network), and tickets opened per second through the real service.
"""

import contextlib
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.accounts.models import User
from app.config import normalise_database_url
from app.contracts.services import get_contract
from app.extensions import db
from app.tickets import services
from app.tickets.catalog import ITEMS
from app.tickets.models import CatalogItem, Ticket, TicketEvent

TICKETS = 200_000
# share of tickets still open; a desk of a few agents has far fewer open than closed
OPEN_SHARE = float(os.environ.get("OPEN_SHARE", "0.45"))
REQUESTS = 200


def fresh_database(url: str | None) -> str:
    if not url:
        path = os.environ.get("BENCH_SQLITE_FILE", "/tmp/bench_tickets.sqlite")
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(path + suffix)
        return f"sqlite:///{path}"
    url = normalise_database_url(url)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


def seed(rng: random.Random) -> None:
    """Bulk rows shaped like real ones: 200k tickets, OPEN_SHARE of them open (45 % unless
    told), each with its history."""
    people = [
        User(
            email=f"e{n}@client.test",
            name=f"Employee {n}",
            role="employee",
            password_hash="x",
            language="en",
        )
        for n in range(2000)
    ]
    agent = User(email="agent@vendor.test", name="Agent", role="agent", language="en")
    agent.set_password("bench password")
    db.session.add_all([*people, agent])
    db.session.commit()
    items = {i.code: i.id for i in db.session.scalars(sa.select(CatalogItem))}
    codes = [code for code, *_ in ITEMS]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    ticket_rows, event_rows = [], []
    for n in range(1, TICKETS + 1):
        created = start + timedelta(minutes=5 * n)
        status = (
            rng.choice(["new", "accepted", "remote", "dispatched", "onsite"])
            if rng.random() < OPEN_SHARE
            else "closed"
        )
        ticket_rows.append(
            {
                "id": n,
                "number": f"INC-{created.year}-{n:06d}",
                "type": "incident",
                "title": f"Benchmark ticket {n}",
                "description": "",
                "catalog_item_id": items[rng.choice(codes)],
                "channel": "web",
                "requester_id": rng.randrange(1, 2001),
                "requester_contact": "",
                "needs_triage": False,
                "urgency": "medium",
                "impact": "low",
                "priority": rng.choice(["P1", "P2", "P3", "P4"]),
                "status": status,
                "assignee_id": None if status == "new" else 2001,
                "asset_tags": [],
                "devices_note": "",
                "location": "",
                "escalated": False,
                "created_at": created,
                "updated_at": created,
                "due_at": (created + timedelta(hours=4)) if status != "closed" else None,
                "version": 1,
            }
        )
        event_rows.append(
            {
                "ticket_id": n,
                "at": created,
                "action": "created",
                "to_status": "new",
                "note": "web",
                "public": True,
            }
        )
        if len(ticket_rows) == 10_000:
            db.session.execute(sa.insert(Ticket.__table__), ticket_rows)
            db.session.execute(sa.insert(TicketEvent.__table__), event_rows)
            db.session.commit()
            ticket_rows, event_rows = [], []
    if db.engine.dialect.name == "postgresql":
        db.session.execute(
            sa.text("SELECT setval('tickets_id_seq', (SELECT max(id) FROM tickets))")
        )
        db.session.execute(sa.text("ANALYZE"))
    else:
        db.session.execute(sa.text("ANALYZE"))
    db.session.commit()


def timings(client, urls) -> tuple[float, float]:
    samples = []
    for url in urls:
        began = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def existing_database(url: str | None) -> str:
    """BENCH_REUSE=1: measure the database an earlier run seeded (same data, new code)."""
    if url:
        return normalise_database_url(url)
    return "sqlite:///" + os.environ.get("BENCH_SQLITE_FILE", "/tmp/bench_tickets.sqlite")


QUEUE_VIEWS = [
    "/desk",
    "/desk?priority=P1",
    "/desk?group=hw",
    "/desk?q=Benchmark+ticket+19",
    "/desk?status=all",
    "/desk?assignee=none",
    "/desk?due=breached",
    "/desk?sort=due",
    "/desk?page=5",
]


def queue_figures(client) -> None:
    """The queue over mixed views, then each view on its own."""
    queue = [QUEUE_VIEWS[n % len(QUEUE_VIEWS)] for n in range(REQUESTS)]
    median, p95 = timings(client, queue)
    print(
        f"agent queue page  ({REQUESTS} requests, mixed filters): median {median:.1f} ms, "
        f"p95 {p95:.1f} ms"
    )
    for url in QUEUE_VIEWS:
        median, p95 = timings(client, [url] * 30)
        print(f"  {url:<32} median {median:.1f} ms, p95 {p95:.1f} ms")


def main() -> None:
    reuse = os.environ.get("BENCH_REUSE") == "1"
    given = sys.argv[1] if len(sys.argv) > 1 else None
    url = existing_database(given) if reuse else fresh_database(given)
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "bench"}
    )
    rng = random.Random(7)
    with app.app_context():
        upgrade()
        began = time.perf_counter()
        if not reuse:
            seed(rng)
        open_count = db.session.scalar(sa.select(sa.func.count()).where(Ticket.status != "closed"))
        print(
            f"database: {db.engine.dialect.name}; seeded {TICKETS:,} tickets "
            f"({open_count:,} open) in {time.perf_counter() - began:.1f} s"
        )
        open_numbers = db.session.scalars(
            sa.select(Ticket.number).where(Ticket.status != "closed").limit(REQUESTS)
        ).all()
    client = app.test_client()
    client.post("/login", data={"email": "agent@vendor.test", "password": "bench password"})
    timings(client, ["/desk"] * 5)  # warm up
    if os.environ.get("BENCH_QUEUE_ONLY") == "1":
        queue_figures(client)
        return
    queue_figures(client)
    median, p95 = timings(client, [f"/tickets/{n}" for n in open_numbers])
    print(f"ticket page       ({REQUESTS} requests): median {median:.1f} ms, p95 {p95:.1f} ms")
    with app.app_context():
        requester = db.session.get(User, 1)
        contract = get_contract()
        count, began = 500, time.perf_counter()
        for n in range(count):
            services.open_ticket(
                services.NewTicket(
                    title=f"new {n}",
                    catalog_code="hw.laptop",
                    channel="web",
                    requester=requester,
                    urgency="medium",
                    impact="low",
                ),
                actor=requester,
                now=datetime.now(UTC),
                contract=contract,
            )
            db.session.commit()
        rate = count / (time.perf_counter() - began)
        print(
            f"ticket creation   ({count} tickets, one commit each, with outbox mail): "
            f"{rate:.0f} tickets/s"
        )


if __name__ == "__main__":
    main()
