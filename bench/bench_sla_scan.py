"""Seed 100,000 open tickets and time one `sla_scan` run (goal: < 5 s, SQLite and PostgreSQL).

    .venv/bin/python bench/bench_sla_scan.py                       # SQLite in /tmp
    .venv/bin/python bench/bench_sla_scan.py postgresql://postgres@127.0.0.1:5432/bench

The database is emptied first. Ticket and history rows are bulk-inserted; `flask sla rebuild`'s
function then fills the cache (timed too), a scan catches up, and the timed scan is the next
minute's, as the worker runs it. A last scan looks at every open ticket (after a calendar
change), the worst case.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.models import User  # noqa: E402
from app.clocks import store
from app.config import normalise_database_url  # noqa: E402
from app.contracts.services import get_contract  # noqa: E402
from app.extensions import db  # noqa: E402
from app.mail.models import OutboxMessage  # noqa: E402
from app.sla import caches, scan  # noqa: E402
from app.sla.models import SlaWatch  # noqa: E402
from app.tickets.models import CatalogItem, Ticket, TicketEvent  # noqa: E402

TICKETS = 100_000
CHUNK = 5_000
# Thursday 26 November 2026, 15:00 in Shanghai: an ordinary working afternoon
NOW = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)


def fresh_database(url: str) -> str:
    """An empty database at url (SQLite file removed, PostgreSQL schema dropped)."""
    url = normalise_database_url(url)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return url
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def people() -> dict[str, User]:
    """An agent, an engineer, a desk lead, the vendor PM and a requester."""
    made = {}
    for role, email in (
        ("agent", "agent@bench.test"),
        ("engineer", "eng@bench.test"),
        ("agent", "lead@bench.test"),
        ("manager", "pm@bench.test"),
        ("employee", "emp@bench.test"),
    ):
        made[email.split("@")[0]] = User(email=email, name=email, role=role, language="en")
    db.session.add_all(made.values())
    db.session.flush()
    contract = get_contract()
    contract.customer_service_manager_id = made["lead"].id
    contract.vendor_project_manager_id = made["pm"].id
    db.session.commit()
    return made


def seed(rng: random.Random, staff: dict[str, User]) -> None:
    """100,000 open tickets of a busy desk: mostly accepted P3/P4 work, some waiting, some new.

    Acceptances are spread over the last two working days, so few levels are reached in any
    given minute (as in a desk whose worker has been running all along).
    """
    spans = office_spans(store.calendars()["office"], days=7)
    items = db.session.execute(sa.select(CatalogItem.id, CatalogItem.code)).all()
    agent, employee = staff["agent"].id, staff["emp"].id
    tickets, events = [], []
    for number in range(1, TICKETS + 1):
        item_id, code = rng.choice(items)
        roll = rng.random()
        if roll < 0.05:  # new, not yet answered: the 5-minute response clock runs
            created = NOW - timedelta(seconds=rng.randrange(1, 10 * 60))
            history = [("created", None, "new", created)]
        else:
            # accepted between 2 working days and a minute ago (office time, as the SLA counts)
            accepted = office_instant(rng, spans, 2 * 540 * 60)
            created = accepted - timedelta(minutes=rng.randrange(1, 5))
            history = [
                ("created", None, "new", created),
                ("accept", "new", "accepted", accepted),
            ]
            if roll < 0.15:
                waiting = accepted + (NOW - accepted) * rng.random()
                history.append(("pend", "accepted", "pending_customer", waiting))
        priority = "P3" if rng.random() < 0.6 else "P4"
        tickets.append(
            {
                "id": number,
                "number": f"INC-2026-{number:06d}",
                "type": "incident",
                "title": f"Bench ticket {number}",
                "catalog_item_id": item_id,
                "channel": rng.choice(("web", "email", "phone")),
                "requester_id": employee,
                "urgency": "medium",
                "impact": "low" if priority == "P4" else "medium",
                "priority": priority,
                "status": history[-1][2],
                "assignee_id": agent if len(history) > 1 else None,
                "created_at": created,
                "updated_at": history[-1][3],
            }
        )
        for action, before, after, at in history:
            events.append(
                {
                    "ticket_id": number,
                    "at": at,
                    "actor_id": agent,
                    "action": action,
                    "from_status": before,
                    "to_status": after,
                }
            )
        if len(tickets) >= CHUNK:
            flush(tickets, events)
    flush(tickets, events)


def office_spans(office, days: int) -> list[tuple[datetime, int]]:
    """The office's working intervals of the last `days` days up to NOW, as (start, seconds)."""
    spans = []
    today = NOW.astimezone(office.tz).date()
    for info in office.iter_days(today - timedelta(days=days), today):
        for start, end in info.hours:
            begin = datetime.fromisoformat(f"{info.date}T{start}").replace(tzinfo=office.tz)
            finish = datetime.fromisoformat(f"{info.date}T{end}").replace(tzinfo=office.tz)
            finish = min(finish, NOW)
            if finish > begin:
                spans.append((begin, int((finish - begin).total_seconds())))
    return spans


def office_instant(rng: random.Random, spans, limit: int) -> datetime:
    """A random instant among the last `limit` seconds of office time before NOW."""
    back = rng.randrange(60, limit)
    for start, seconds in reversed(spans):
        if back <= seconds:
            return start + timedelta(seconds=seconds - back)
        back -= seconds
    raise ValueError("not enough office time in the spans")


def flush(tickets: list[dict], events: list[dict]) -> None:
    if not tickets:
        return
    db.session.execute(sa.insert(Ticket), tickets)
    db.session.execute(sa.insert(TicketEvent), events)
    db.session.commit()
    tickets.clear()
    events.clear()


def timed(label: str, function, *args):
    started = time.perf_counter()
    result = function(*args)
    db.session.commit()
    seconds = time.perf_counter() - started
    print(f"{label:<44} {seconds:8.2f} s   {result}")
    return seconds


def main() -> None:
    url = fresh_database(sys.argv[1] if len(sys.argv) > 1 else "sqlite:////tmp/bench_sla.sqlite")
    os.environ.setdefault("PUBLIC_BASE_URL", "http://bench.invalid")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": None})
    print(f"database: {url.split('@')[-1]}")
    with app.test_request_context():
        upgrade()
        rng = random.Random(20261126)
        staff = people()
        started = time.perf_counter()
        seed(rng, staff)
        print(
            f"{'seed ' + format(TICKETS, ',') + ' tickets (bulk insert)':<44} "
            f"{time.perf_counter() - started:8.2f} s"
        )
        watched = db.session.scalar(sa.select(sa.func.count()).select_from(SlaWatch))
        assert watched == 0, "bulk inserts bypass the history listener"
        minute = timedelta(minutes=1)
        timed("sla rebuild (replay every ticket)", caches.rebuild, NOW - 2 * minute)
        timed("sla_scan, catching up", scan.scan, NOW - minute)
        due_now = db.session.scalar(sa.select(sa.func.count()).where(SlaWatch.check_at <= NOW))
        print(f"tickets due for a look at the timed scan:   {due_now:8d}")
        goal = timed("sla_scan, one worker run (goal < 5 s)", scan.scan, NOW)
        scan.touch_open(NOW + minute)
        db.session.commit()
        timed("sla_scan after a calendar change (all open)", scan.scan, NOW + minute)
        mails = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
        print(f"SLA mails queued in all:                     {mails:8d}")
        print("goal met" if goal < 5 else "GOAL MISSED")


if __name__ == "__main__":
    main()
