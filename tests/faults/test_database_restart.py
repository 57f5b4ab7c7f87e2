"""PostgreSQL restarted under load: the portal's own cluster (private to this test) stops and
starts while callers keep filing tickets. Requests in the gap fail cleanly with a 503 and a
reason, the portal recovers by itself, and nothing is half-written."""

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import ROLE_EMAILS
from tests.faults.helpers import Flood, half_written, stored_numbers
from tests.mailservers import LOCALHOST, free_port
from tests.processes import BIN, ROOT, portal_env, start_web, stopped_at_the_end, wait_until

pytestmark = pytest.mark.fault

# Made in the private database by the portal's own code, as `flask shell` would.
FILL = f"""
from app import create_app
from app.accounts.services import issue_token
from app.extensions import db
from tests.conftest import make_user
app = create_app()
with app.app_context():
    make_user("employee", {ROLE_EMAILS["employee"]!r})
    agent = make_user("agent", {ROLE_EMAILS["agent"]!r})
    print(issue_token(agent, actor=None, label="phone"))
    db.session.commit()
"""


def postgres_tool(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.fail(f"{name} is not installed (scripts/install.sh installs PostgreSQL)")
    return found[-1]


class Cluster:
    """A PostgreSQL cluster of its own, run as the postgres user, that can be restarted."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="deskpact-pg-"))
        self.port = free_port()
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.folder, "postgres")
        self.data = self.folder / "data"
        self.url = f"postgresql://postgres@{LOCALHOST}:{self.port}/postgres"

    def run(self, *command: str) -> None:
        subprocess.run([*self.as_owner, *command], check=True, capture_output=True)

    def init(self) -> None:
        self.run(postgres_tool("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")

    def pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses={LOCALHOST}"
        self.run(postgres_tool("pg_ctl"), action, "-D", str(self.data), "-w", "-o", options, *extra)

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "fast")  # as a restart does: every session is cut off


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    cluster = Cluster()
    try:
        cluster.init()
        cluster.pg_ctl("start", "-l", str(cluster.folder / "server.log"))
        yield cluster
    finally:
        subprocess.run(
            [*cluster.as_owner, postgres_tool("pg_ctl"), "stop", "-D", str(cluster.data)],
            capture_output=True,
        )
        shutil.rmtree(cluster.folder, ignore_errors=True)


def test_postgres_restarted_under_load(cluster, tmp_path):
    env = portal_env(cluster.url, tmp_path, WEB_WORKERS="2", WEB_THREADS="4")
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    filled = subprocess.run(
        [str(BIN / "python"), "-c", FILL],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    token = filled.stdout.split()[-1]
    processes = []
    with stopped_at_the_end(processes, tmp_path):
        master, base = start_web(env, tmp_path)
        processes.append(master)
        flood = Flood(base, token, callers=8).start()
        wait_until(lambda: len(flood.acknowledged) >= 20, 120, tmp_path)
        cluster.stop()
        time.sleep(3)  # callers keep calling while the database is down
        cluster.pg_ctl("start", "-l", str(cluster.folder / "server.log"))
        back_at = time.monotonic()
        wait_until(lambda: flood.statuses_after(back_at + 1).count(201) >= 20, 120, tmp_path)
        flood.stop()

    engine = sa.create_engine(cluster.url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        stored = stored_numbers(connection)
        assert half_written(connection) == []
    engine.dispose()
    statuses = [status for _, status in flood.answers]
    assert set(statuses) <= {201, 503}, statuses  # the gap answers 503, never a server error
    assert 503 in statuses
    assert set(flood.acknowledged) <= stored
    assert len(stored) - len(flood.acknowledged) <= len(flood.dropped) + statuses.count(503)
    print(
        f"answered 201: {statuses.count(201)}, 503: {statuses.count(503)}, "
        f"cut off: {len(flood.dropped)}, stored: {len(stored)}"
    )
