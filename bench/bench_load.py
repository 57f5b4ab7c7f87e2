"""A working day compressed: 50 people at once on the portal for 5 minutes, on PostgreSQL.

    .venv/bin/python bench/bench_load.py                    # postgresql://…/bench_load
    .venv/bin/python bench/bench_load.py postgresql://postgres@127.0.0.1:5432/other

USERS (50) and DURATION (300 s) can be changed in the environment. The database is rebuilt
with the migrations and the demo client, then served as the quick start serves it (gunicorn
with gunicorn.conf.py, one `flask worker` beside it, an SMTP sink for its mail). The people:
employees filing requests and reading theirs (60 %), agents working the queue and replying
(20 %), engineers on their dispatches (16 %), managers on the dashboard (4 %); each waits
0.5–2 s between clicks, as a person does.

Prints errors (answers ≥ 500 and requests that got no answer; the goal is 0), median and p95
per page, requests per second, and whether the tickets the database counts equal the
requests the portal acknowledged.
"""

import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from app.config import normalise_database_url  # noqa: E402
from tests.mailservers import LOCALHOST, free_port, stop_process, wait_for_port  # noqa: E402
from tests.processes import BIN, Browser, start  # noqa: E402

USERS = int(os.environ.get("USERS", "50"))
DURATION = float(os.environ.get("DURATION", "300"))
PASSWORD = "deskpact-demo"
TICKET_LINK = re.compile(r'href="/tickets/((?:INC|REQ|INS)-\d{4}-\d{6})"')
MIX = {"employee": 0.60, "agent": 0.20, "engineer": 0.16, "manager": 0.04}
VENDOR_ACCOUNTS = {
    "agent": ["agent1", "agent2", "agent3"],
    "engineer": ["engineer1", "engineer2", "engineer3", "engineer4"],
    "manager": ["manager"],
}


class Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 accepted"


class Tally:
    """Every answer per page, thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.dropped: list[str] = []
        self.filed = 0

    def visit(self, person: Browser, page: str, path: str, data: dict | None = None):
        began = time.perf_counter()
        try:
            status, headers, text = person.open(path, data)
        except OSError as error:
            with self.lock:
                self.dropped.append(f"{page}: {type(error).__name__}")
            return None, {}, ""
        with self.lock:
            self.times[page].append(time.perf_counter() - began)
            self.statuses[page][status] += 1
        return status, headers, text


def rebuild(url: str, env: dict) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo", "seed"], cwd=ROOT, env=env, check=True, capture_output=True)


def ticket_count(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(sa.text("SELECT count(*) FROM tickets")).scalar_one()
    engine.dispose()
    return count


def employee_emails(url: str) -> list[str]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT email FROM users WHERE role = 'employee' AND active ORDER BY id")
        )
        emails = list(rows.scalars())
    engine.dispose()
    return emails


def employee_day(person: Browser, tally: Tally, rng: random.Random, number: int) -> None:
    _, _, mine = tally.visit(person, "my requests", "/tickets/mine")
    if rng.random() < 0.3:
        tally.visit(person, "request form", "/tickets/new")
        status, _, _ = tally.visit(
            person,
            "file a request",
            "/tickets/new",
            {
                "group": "sys",
                "catalog_code": "sys.network",
                "title": f"网络时断时续 {number}",
                "description": "从早上开始，三楼会议室的 Wi-Fi 每隔几分钟断一次。",
                "urgency": "medium",
                "impact": "low",
            },
        )
        if status == 302:
            with tally.lock:
                tally.filed += 1
    elif found := TICKET_LINK.findall(mine):
        tally.visit(person, "ticket page", f"/tickets/{rng.choice(found)}")


def vendor_day(person: Browser, tally: Tally, rng: random.Random, start_page: tuple) -> None:
    label, path = start_page
    _, _, page = tally.visit(person, label, path)
    found = TICKET_LINK.findall(page)
    if not found:
        return
    number = rng.choice(found)
    tally.visit(person, "ticket page", f"/tickets/{number}")
    if rng.random() < 0.3:
        tally.visit(person, "reply", f"/tickets/{number}/reply", {"note": "已远程检查，稍后回电。"})


def manager_day(person: Browser, tally: Tally, rng: random.Random) -> None:
    tally.visit(person, "dashboard", "/reports/dashboard")
    if rng.random() < 0.5:
        tally.visit(person, "queue", "/desk")


def person_loop(role: str, email: str, base: str, tally: Tally, until: float, seed: int):
    rng = random.Random(seed)
    person = Browser(base).login(email, PASSWORD)
    time.sleep(rng.uniform(0, 2))  # people do not all click in the same second
    clicks = 0
    while time.monotonic() < until:
        clicks += 1
        if role == "employee":
            employee_day(person, tally, rng, seed * 10_000 + clicks)
        elif role == "agent":
            vendor_day(person, tally, rng, ("queue", "/desk"))
        elif role == "engineer":
            vendor_day(person, tally, rng, ("my dispatches", "/dispatches"))
        else:
            manager_day(person, tally, rng)
        time.sleep(rng.uniform(0.5, 2.0))


def cast(url: str) -> list[tuple[str, str]]:
    employees = employee_emails(url)
    people = []
    for role, share in MIX.items():
        for index in range(max(1, round(USERS * share))):
            if role == "employee":
                people.append((role, employees[index % len(employees)]))
            else:
                names = VENDOR_ACCOUNTS[role]
                people.append((role, f"{names[index % len(names)]}@vendor.example"))
    return people[:USERS]


def report(tally: Tally, elapsed: float, before: int, after: int) -> None:
    total = sum(len(times) for times in tally.times.values())
    errors = sum(
        count for pages in tally.statuses.values() for s, count in pages.items() if s >= 500
    )
    print(f"{USERS} people for {elapsed:.0f} s: {total} requests, {total / elapsed:.1f} req/s")
    print(f"errors: {errors} answers >= 500, {len(tally.dropped)} without an answer")
    print(f"{'page':<16}{'requests':>9}{'median ms':>11}{'p95 ms':>9}  statuses")
    for page, times in sorted(tally.times.items()):
        ordered = sorted(times)
        p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
        statuses = " ".join(f"{s}×{n}" for s, n in sorted(tally.statuses[page].items()))
        print(
            f"{page:<16}{len(times):>9}{statistics.median(times) * 1000:>11.0f}"
            f"{p95 * 1000:>9.0f}  {statuses}"
        )
    stored = after - before
    verdict = "equal" if stored == tally.filed else "DIFFERENT"
    print(f"tickets acknowledged {tally.filed}, tickets stored {stored}: {verdict}")


def main() -> None:
    url = normalise_database_url(
        sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1:5432/bench_load"
    )
    database = url.rsplit("/", 1)[1]
    admin = sa.create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": database}
        ).first():
            connection.execute(sa.text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    smtp_port = free_port()
    smtp = Controller(Sink(), hostname=LOCALHOST, port=smtp_port)
    smtp.start()
    web_port = free_port()
    logs = Path("/tmp/bench_load")
    logs.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-load",
        "SMTP_HOST": LOCALHOST,
        "SMTP_PORT": str(smtp_port),
        "WEB_BIND": f"{LOCALHOST}:{web_port}",
        "WEB_ACCESS_LOG": str(logs / "access.log"),
        "WEB_CONTROL_SOCKET": str(logs / "web.ctl"),
        # 50 people sign in from one address within a minute: an office behind one NAT
        "RATE_LIMIT_SIGN_IN": "1000/minute",
    }
    print("rebuilding the database with the demo client …", flush=True)
    rebuild(url, env)
    before = ticket_count(url)
    web = start([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"], env, logs / "web.log")
    worker = start([str(BIN / "flask"), "--app", "wsgi", "worker"], env, logs / "worker.log")
    try:
        assert wait_for_port(LOCALHOST, web_port, 30), (logs / "web.log").read_text()
        base = f"http://{LOCALHOST}:{web_port}"
        tally = Tally()
        began = time.monotonic()
        until = began + DURATION
        threads = [
            threading.Thread(target=person_loop, args=(role, email, base, tally, until, n))
            for n, (role, email) in enumerate(cast(url))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        time.sleep(1)
        report(tally, elapsed, before, ticket_count(url))
    finally:
        stop_process(web)
        stop_process(worker)
        smtp.stop()


if __name__ == "__main__":
    main()
