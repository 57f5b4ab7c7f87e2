"""Open 2,000 escalations on 2,000 tickets through the service (each mails its level-1
contact through the outbox), then time what grows with them: the worker's climb when every
level-1 step is due at once, a second climb that finds nothing left, and the managers' log
page (first page, filtered by month) — server time.

    .venv/bin/python bench/bench_escalations.py                      # SQLite in a temporary file
    .venv/bin/python bench/bench_escalations.py --database postgresql://postgres@127.0.0.1:5432/esc_bench

The PostgreSQL database is emptied (schema public dropped) before seeding.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_assets import fresh_database, make_app  # noqa: E402
from bench.bench_knowledge import timed  # noqa: E402


def seed(count: int):
    """The matrix, `count` tickets and one service escalation on each; the climb's due time."""
    from datetime import timedelta

    from app.accounts.models import User
    from app.contracts.services import get_contract
    from app.escalations import matrix, services, subjects
    from app.extensions import db, utcnow
    from app.tickets import services as tickets

    people = {}
    for role in ("employee", "agent", "engineer", "manager"):
        people[role] = User(email=f"{role}@bench.test", name=role.title(), role=role)
        db.session.add(people[role])
    db.session.flush()
    for number, role in enumerate(("engineer", "manager"), start=1):
        values = {"kind": "service", "level": number, "title": "other"}
        values |= {"contact_id": people[role].id, "climb": 240}
        matrix.save_level(values, actor=None, now=None)
    contract, now = get_contract(), utcnow() - timedelta(days=10)
    for n in range(count):
        ticket = tickets.open_ticket(
            tickets.NewTicket(title=f"打印机离线 {n}", catalog_code="hw.printer", channel="web",
                              requester=people["employee"], urgency="medium", impact="low"),
            actor=people["employee"], now=now, contract=contract,
        )  # fmt: skip
        escalation = services.open_escalation(
            subjects.of(ticket), "service", "超出服务范围", actor=people["agent"], now=now,
            contract=contract,
        )  # fmt: skip
        if n % 200 == 199:
            db.session.commit()
    db.session.commit()
    return escalation.steps[0].climbs_at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default="")
    parser.add_argument("--escalations", type=int, default=2_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="esc-bench-"))
    url = fresh_database(args.database or f"sqlite:///{folder / 'bench.sqlite'}")
    app = make_app(url, folder)
    with app.app_context():
        from flask_migrate import upgrade

        from app.contracts.services import get_contract
        from app.escalations import queries, services
        from app.extensions import db

        upgrade()
        start = time.perf_counter()
        due = seed(args.escalations)
        print(f"{args.escalations} escalations opened in {time.perf_counter() - start:.1f} s")
        contract, fired, rounds = get_contract(), 0, 0
        start = time.perf_counter()
        while found := services.climb_due(due, contract):  # 200 per run, as the worker does
            db.session.commit()
            fired, rounds = fired + found, rounds + 1
        climbed = (time.perf_counter() - start) * 1000
        print(f"climb: {fired} level-2 steps fired in {rounds} runs, {climbed:.0f} ms in all")
        idle = timed(lambda: services.climb_due(due, contract), 10)
        print(f"climb with nothing due: median {statistics.median(idle):.1f} ms")
        month = due.strftime("%Y-%m")

        def log_page():
            return db.paginate(queries.log({"month": month}), page=1, per_page=50).items

        pages = sorted(timed(log_page, 20))
        p95 = pages[int(len(pages) * 0.95) - 1]
        median = statistics.median(pages)
        print(f"log page (50 of {args.escalations}, one month): {median:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
