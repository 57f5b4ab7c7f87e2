"""Production shape: two gunicorn web processes and two workers on one database and one
Redis. Every request's mail leaves once, every background job runs once, and both web
processes show the same dashboard and queue."""

import re
import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.jobs.models import BackgroundJob
from app.mail.models import OutboxMessage
from tests.conftest import ROLE_EMAILS
from tests.processes import (
    Browser,
    env_with_workers,
    start_web,
    start_worker,
    stopped_at_the_end,
    wait_until,
)

pytest_plugins = ["tests.redisserver"]

REQUESTS = 6


@pytest.fixture
def cluster(app, users, smtp_server, redis_url, tmp_path):
    env = env_with_workers(app, tmp_path, smtp_server, redis_url)
    processes, bases = [], []
    with stopped_at_the_end(processes, tmp_path):
        for number in range(2):
            process, base = start_web(env, tmp_path, f"web{number}")
            processes.append(process)
            bases.append(base)
        processes.extend(start_worker(env, tmp_path, f"worker{number}") for number in range(2))
        yield bases, tmp_path


def counts(app) -> tuple[int, int, int]:
    with app.app_context():
        pending = db.session.scalar(
            sa.select(sa.func.count(OutboxMessage.id)).where(OutboxMessage.status != "sent")
        )
        unfinished = db.session.scalar(
            sa.select(sa.func.count(BackgroundJob.id)).where(
                BackgroundJob.status.in_(("queued", "running"))
            )
        )
        sent = db.session.scalar(
            sa.select(sa.func.count(OutboxMessage.id)).where(OutboxMessage.status == "sent")
        )
        db.session.remove()
    return pending, unfinished, sent


def test_two_web_processes_and_two_workers_do_everything_once(app, cluster, smtp_server):
    from tests.assets.conftest import make_asset

    (web_a, web_b), logs = cluster
    with app.app_context():
        for number in range(1, 43):
            make_asset(f"LAP-{number:06d}")
        db.session.commit()
    employees = [
        Browser(web_a).login(ROLE_EMAILS["employee"]),
        Browser(web_b).login(ROLE_EMAILS["employee"]),
    ]
    numbers = []
    for index in range(REQUESTS):
        status, headers, _ = employees[index % 2].open(
            "/tickets/new",
            {
                "group": "sys",
                "catalog_code": "sys.network",
                "title": f"Wi-Fi drops on floor {index}",
                "description": "since this morning",
                "urgency": "medium",
                "impact": "low",
            },
        )
        assert status == 302, status
        numbers.append(headers["Location"].rsplit("/", 1)[1])
    agents = [
        Browser(web_a).login(ROLE_EMAILS["agent"]),
        Browser(web_b).login(ROLE_EMAILS["agent"]),
    ]
    for agent in agents:
        status, _, page = agent.open("/assets/labels", {}, headers={"HX-Request": "true"})
        assert status == 200 and 'data-testid="job"' in page

    def settled():
        pending, unfinished, sent = counts(app)
        return pending == 0 and unfinished == 0 and sent >= REQUESTS

    wait_until(settled, 300, logs)
    time.sleep(2)  # a second delivery, if there were one, would arrive now
    with app.app_context():
        jobs = db.session.scalars(sa.select(BackgroundJob)).all()
        assert [(job.status, job.runs) for job in jobs] == [("done", 1), ("done", 1)]
        outbox = db.session.scalars(sa.select(OutboxMessage)).all()
    received = [raw for _, _, raw in smtp_server.messages]
    assert len(received) == len(outbox)  # no mail twice, none lost
    ids = [re.search(rb"(?im)^Message-ID:\s*(\S+)", raw).group(1) for raw in received]
    assert len(set(ids)) == len(ids)
    for number in numbers:
        assert sum(number.encode() in raw for raw in received) >= 1
    # both web processes tell the same story
    managers = [
        Browser(web_a).login(ROLE_EMAILS["manager"]),
        Browser(web_b).login(ROLE_EMAILS["manager"]),
    ]
    totals = []
    for manager in managers:
        status, _, page = manager.open("/reports/dashboard")
        assert status == 200
        found = re.search(r'data-testid="kpi-tickets"><div class="value">(\d+)', page)
        totals.append(int(found.group(1)))
    assert totals == [REQUESTS, REQUESTS]
    for agent in agents:
        status, _, queue = agent.open("/desk")
        assert status == 200 and all(number in queue for number in numbers)
    access_log = (logs / "access.log").read_text()
    assert access_log.count('"POST /tickets/new') == REQUESTS
