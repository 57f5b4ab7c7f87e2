"""A bad day, with real processes: a web worker killed mid-request, the mail server down for a
while. What the portal acknowledged is stored, nothing is half-written, and every mail leaves
exactly once."""

import os
import re
import signal
import subprocess
import time

import pytest
import sqlalchemy as sa

from app.accounts.services import issue_token, user_by_email
from app.extensions import db
from app.mail.models import OutboxMessage
from tests.conftest import ROLE_EMAILS
from tests.faults.helpers import Flood, half_written, stored_numbers
from tests.processes import (
    env_with_workers,
    portal_env,
    start_web,
    start_worker,
    stopped_at_the_end,
    wait_until,
)

pytestmark = pytest.mark.fault
pytest_plugins = ["tests.redisserver"]


def agent_token(app) -> str:
    with app.app_context():
        token = issue_token(user_by_email(ROLE_EMAILS["agent"]), actor=None, label="phone")
        db.session.commit()
        db.session.remove()
    return token


def web_workers(master: subprocess.Popen) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def test_a_killed_web_worker_loses_no_acknowledged_ticket(app, users, tmp_path):
    env = portal_env(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WEB_WORKERS="2", WEB_THREADS="4"
    )
    processes = []
    with stopped_at_the_end(processes, tmp_path):
        master, base = start_web(env, tmp_path)
        processes.append(master)
        flood = Flood(base, agent_token(app)).start()
        wait_until(lambda: len(flood.acknowledged) >= 30, 120, tmp_path)
        (victim, *_) = web_workers(master)
        os.kill(victim, signal.SIGKILL)  # mid-request: no chance to finish or clean up
        killed_at = time.monotonic()
        wait_until(lambda: len(flood.statuses_after(killed_at + 2)) >= 30, 120, tmp_path)
        flood.stop()
        assert victim not in web_workers(master)  # gunicorn started a new one in its place

    with app.app_context(), db.engine.connect() as connection:
        stored = stored_numbers(connection)
        assert half_written(connection) == []
    assert set(flood.acknowledged) <= stored
    # a request cut off after its commit is stored without an answer, never the other way
    assert len(stored) - len(flood.acknowledged) <= len(flood.dropped)
    assert {status for _, status in flood.answers} == {201}
    print(
        f"acknowledged {len(flood.acknowledged)}, stored {len(stored)}, "
        f"cut off {len(flood.dropped)}"
    )


def test_every_mail_leaves_once_across_an_smtp_outage(app, users, smtp_server, redis_url, tmp_path):
    env = env_with_workers(app, tmp_path, smtp_server, redis_url)
    processes = []
    with stopped_at_the_end(processes, tmp_path):
        smtp_server.stop()
        master, base = start_web(env, tmp_path)
        processes.append(master)
        processes.extend(start_worker(env, tmp_path, f"worker{n}") for n in range(2))
        flood = Flood(base, agent_token(app), callers=4).start()
        wait_until(lambda: len(flood.acknowledged) >= 12, 120, tmp_path)
        flood.stop()

        def every_mail_tried_and_failed() -> bool:
            with app.app_context():
                untried = db.session.scalar(
                    sa.select(sa.func.count(OutboxMessage.id)).where(OutboxMessage.attempts == 0)
                )
                db.session.remove()
            return untried == 0

        wait_until(every_mail_tried_and_failed, 120, tmp_path)
        assert smtp_server.messages == []
        smtp_server.start()
        with app.app_context():  # the retry falls due now rather than in a minute
            db.session.execute(
                sa.update(OutboxMessage).values(next_attempt_at=OutboxMessage.created_at)
            )
            db.session.commit()
            db.session.remove()

        def all_sent() -> bool:
            with app.app_context():
                pending = db.session.scalar(
                    sa.select(sa.func.count(OutboxMessage.id)).where(OutboxMessage.status != "sent")
                )
                db.session.remove()
            return pending == 0

        wait_until(all_sent, 120, tmp_path)
        time.sleep(2)  # a second delivery, if there were one, would arrive now

    with app.app_context():
        outbox = db.session.scalars(sa.select(OutboxMessage)).all()
        assert all(row.attempts >= 1 for row in outbox)  # failed in the outage, then sent
    received = [raw for _, _, raw in smtp_server.messages]
    ids = [re.search(rb"(?im)^Message-ID:\s*(\S+)", raw).group(1) for raw in received]
    assert len(received) == len(outbox) == len(set(ids))
    for number in flood.acknowledged:
        assert sum(number.encode() in raw for raw in received) >= 1
