"""Monthly service report: time and peak memory to build it for a month of 10,000 tickets.

    .venv/bin/python bench/bench_report.py                      # SQLite file in /tmp
    .venv/bin/python bench/bench_report.py postgresql://postgres@127.0.0.1:5432/bench

Seeds October 2026 with 10,000 tickets, each with a full history (opened, accepted, remote
handling, dispatch, arrival, resolution, confirmation; some waiting, some still open), then
times the figures (one SLA replay per ticket) and the Chinese PDF, and prints the peak
memory of a fresh process that only builds the report (goal: under 10 s and under 500 MB).
"""

import contextlib
import os
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from flask_migrate import upgrade

from app import create_app
from app.accounts.models import Department, User
from app.config import normalise_database_url
from app.contracts.services import get_contract
from app.extensions import db
from app.reports import pdf, services
from app.tickets.catalog import ITEMS
from app.tickets.models import CatalogItem, Ticket, TicketEvent

TICKETS = int(os.environ.get("TICKETS", "10000"))
MONTH_START = datetime(2026, 9, 30, 16, 0, tzinfo=UTC)  # 2026-10-01 00:00 in Shanghai
MONTH_MINUTES = 31 * 24 * 60
NOW = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)


def fresh_database(url: str | None) -> str:
    if not url:
        path = "/tmp/bench_report.sqlite"
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


def history(rng: random.Random, ticket_id: int, created: datetime, code: str) -> tuple[str, list]:
    """A plausible history; returns the final status and the event rows."""
    events, at = [], created

    def add(action, before, after, minutes, note=""):
        nonlocal at
        at = at + timedelta(minutes=minutes)
        events.append(
            {
                "ticket_id": ticket_id,
                "at": at,
                "action": action,
                "from_status": before,
                "to_status": after,
                "note": note,
                "public": True,
            }
        )

    add("created", None, "new", 0, "web")
    if rng.random() < 0.02:
        return "new", events
    add("accept", "new", "accepted", rng.choice([1, 2, 3, 4, 6, 12]))
    status = "accepted"
    if code.startswith(("hw.", "sys.")):
        add("start_remote", "accepted", "remote", 1)
        status = "remote"
        if rng.random() < 0.5:
            add("dispatch", "remote", "dispatched", rng.choice([3, 4, 6, 9, 12]))
            add("arrive", "dispatched", "onsite", rng.choice([5, 8, 9, 14]))
            status = "onsite"
    if rng.random() < 0.1:
        add("pend", status, "pending_vendor", 10, "Waiting for the spare part")
        add("resume", "pending_vendor", status, rng.choice([60, 600, 3000]))
    if rng.random() < 0.03:
        return status, events
    add("resolve", status, "resolved", rng.choice([20, 45, 120, 400, 2000]), "Fixed")
    add("confirm", "resolved", "closed", 30)
    return "closed", events


def seed(rng: random.Random) -> None:
    departments = [
        Department(code=f"D{n}", name_zh=f"部门{n}", name_en=f"Department {n}") for n in range(12)
    ]
    db.session.add_all(departments)
    db.session.flush()
    people = [
        User(
            email=f"e{n}@client.test",
            name=f"员工 {n}",
            role="employee",
            password_hash="x",
            department_id=departments[n % len(departments)].id,
        )
        for n in range(2000)
    ]
    staff = [
        User(email=f"s{n}@vendor.test", name=f"工程师 {n}", role="engineer", password_hash="x")
        for n in range(8)
    ]
    db.session.add_all([*people, *staff])
    db.session.commit()
    people_ids = [p.id for p in people]
    staff_ids = [s.id for s in staff]
    items = {i.code: i.id for i in db.session.scalars(sa.select(CatalogItem))}
    codes = [code for code, *_ in ITEMS]
    ticket_rows, event_rows = [], []
    for n in range(1, TICKETS + 1):
        created = MONTH_START + timedelta(minutes=rng.randrange(MONTH_MINUTES))
        code = rng.choice(codes)
        channel = rng.choice(["web", "email", "phone", "walk_in"])
        status, events = history(rng, n, created, code)
        ticket_rows.append(
            {
                "id": n,
                "number": f"INC-2026-{n:06d}",
                "type": "incident",
                "title": f"基准工单 {n}",
                "description": "",
                "catalog_item_id": items[code],
                "channel": channel,
                "requester_id": rng.choice(people_ids),
                "requester_contact": "",
                "needs_triage": False,
                "urgency": "medium",
                "impact": "low",
                "priority": rng.choice(["P1", "P2", "P3", "P4"]),
                "status": status,
                "assignee_id": rng.choice(staff_ids),
                "asset_tags": [],
                "devices_note": "",
                "location": "",
                "escalated": False,
                "rings": rng.randrange(1, 8) if channel == "phone" else None,
                "created_at": created,
                "updated_at": events[-1]["at"],
                "resolved_at": next((e["at"] for e in events if e["action"] == "resolve"), None),
                "version": 1,
            }
        )
        event_rows.extend(events)
        if len(ticket_rows) == 2_000:
            db.session.execute(sa.insert(Ticket.__table__), ticket_rows)
            db.session.execute(sa.insert(TicketEvent.__table__), event_rows)
            db.session.commit()
            ticket_rows, event_rows = [], []
    if ticket_rows:
        db.session.execute(sa.insert(Ticket.__table__), ticket_rows)
        db.session.execute(sa.insert(TicketEvent.__table__), event_rows)
    if db.engine.dialect.name == "postgresql":
        db.session.execute(
            sa.text("SELECT setval('tickets_id_seq', (SELECT max(id) FROM tickets))")
        )
    db.session.execute(sa.text("ANALYZE"))
    db.session.commit()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(url: str) -> None:
    """In a fresh process: build the figures and the PDF, print time and peak memory."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        began = time.perf_counter()
        report = services.generate(
            "monthly", "2026-10", actor=None, now=NOW, contract=get_contract()
        )
        db.session.commit()
        figures_s = time.perf_counter() - began
        began = time.perf_counter()
        data = pdf.render(report, "zh")
        pdf_s = time.perf_counter() - began
        Path("/tmp/bench_report.pdf").write_bytes(data)
        sla = report.figures["sla"]["overall"]
        print(
            f"figures: {figures_s:.2f} s ({report.figures['volume']['total']:,} tickets, "
            f"SLA {sla['percent']} % of {sla['measured']:,} measured clocks, "
            f"{report.figures['sla']['breaches_total']:,} breaches)"
        )
        print(f"PDF (zh): {pdf_s:.2f} s, {len(data) / 1024:.0f} KiB → /tmp/bench_report.pdf")
        print(f"total: {figures_s + pdf_s:.2f} s; peak memory (max RSS): {peak_mb():.0f} MB")


def main() -> None:
    if sys.argv[1:2] == ["--measure"]:
        measure(sys.argv[2])
        return
    url = fresh_database(sys.argv[1] if len(sys.argv) > 1 else None)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        began = time.perf_counter()
        seed(random.Random(8))
        events = db.session.scalar(sa.select(sa.func.count(TicketEvent.id)))
        print(
            f"database: {db.engine.dialect.name}; seeded {TICKETS:,} tickets with {events:,} "
            f"history lines in {time.perf_counter() - began:.1f} s"
        )
        db.session.remove()
        db.engine.dispose()
    subprocess.run([sys.executable, __file__, "--measure", url], check=True)


if __name__ == "__main__":
    main()
