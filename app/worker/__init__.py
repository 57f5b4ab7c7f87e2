"""Background work on Huey: `flask worker` runs the domains' periodic jobs and one-off tasks.

The engine is Huey: its queue lives in a SQLite file in instance/ (one machine) or in Redis
(`WORKER_QUEUE_URL=redis://…`, when several machines share the work). Every worker's scheduler
offers a tick each minute; the first to claim that minute in the queue's storage enqueues the
jobs that are due, and each job runs under a task lock (with a time to live, so a worker that
died does not hold it for ever), so two workers never run the same job at the same moment.
The jobs themselves still claim rows (outbox messages, inbound Message-IDs, clock
notifications): exactly once is proved by the database, the locks only save work.
"""

import math
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from huey import Huey, crontab
from huey.exceptions import TaskLockedException
from huey.storage import RedisStorage, SqliteStorage

from app.extensions import db, utcnow

QUEUE_NAME = "deskpact"


@dataclass(frozen=True)
class Job:
    name: str
    every_seconds: int
    run: Callable[[datetime], object]


JOBS: dict[str, Job] = {}
TASKS: dict[str, Callable[..., object]] = {}


def job(name: str, every_seconds: int):
    """Register `function(now)` to run every `every_seconds` in the worker."""

    def register(function: Callable[[datetime], object]):
        JOBS[name] = Job(name, every_seconds, function)
        return function

    return register


def task(name: str):
    """Register `function(**arguments)` to run once in a worker each time it is enqueued."""

    def register(function: Callable[..., object]):
        TASKS[name] = function
        return function

    return register


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class ExpiringSqliteStorage(SqliteStorage):
    """Huey's SQLite storage with expiring keys (task locks and minute claims need a time to
    live; Redis has it built in). An expiring key stores its deadline as its value."""

    def put_if_empty(self, key, value, ttl=None):
        if ttl is None:
            return super().put_if_empty(key, value)
        now = time.time()
        with self.db(commit=True) as cursor:
            cursor.execute(
                "delete from kv where queue=? and key=? and cast(value as real) < ?",
                (self.name, key, now),
            )
            cursor.execute(
                "insert or ignore into kv (queue, key, value) values (?, ?, ?)",
                (self.name, key, self.to_blob(str(now + ttl).encode())),
            )
            return cursor.rowcount == 1


class ExpiringRedisStorage(RedisStorage):
    """Huey's Redis storage with expiring keys on any Redis version: such a key is a plain
    Redis key set with SET NX EX (one atomic command), beside Huey's hash of values."""

    def expiring(self, key: str) -> str:
        return f"{self.name}.expiring.{key}"

    def put_if_empty(self, key, value, ttl=None):
        if ttl is None:
            return super().put_if_empty(key, value)
        return bool(self.conn.set(self.expiring(key), value, nx=True, ex=int(math.ceil(ttl))))

    def has_data_for_key(self, key):
        return bool(self.conn.exists(self.expiring(key))) or super().has_data_for_key(key)

    def delete_data(self, key):
        removed = self.conn.delete(self.expiring(key))
        return super().delete_data(key) or removed > 0


def default_queue_url(instance_path: str) -> str:
    return f"sqlite:///{Path(instance_path) / 'queue.sqlite'}"


def make_engine(url: str) -> Huey:
    """The Huey instance for a queue URL: redis://… or sqlite:///path."""
    options = {"results": False, "utc": True}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return Huey(QUEUE_NAME, storage_class=ExpiringRedisStorage, url=url, **options)
    path = url.removeprefix("sqlite:///")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return Huey(
        QUEUE_NAME, storage_class=ExpiringSqliteStorage, filename=path, timeout=30, **options
    )


def engine(app: Flask | None = None) -> Huey:
    return (app or current_app).extensions["huey"]


def lock_seconds(job_: Job) -> int:
    return max(60, job_.every_seconds * 4)


def run_once(names: list[str] | None = None, *, holder: str | None = None, now=None) -> dict:
    """Run each (or the named) job once now, in this process, if no worker is running it;
    returns what each job reported ("busy" when its lock is held)."""
    results = {}
    for job_ in JOBS.values():
        if names and job_.name not in names:
            continue
        results[job_.name] = run_locked(job_, now or utcnow())
    return results


def run_locked(job_: Job, started: datetime):
    try:
        with engine().lock_task(job_.name, ttl=lock_seconds(job_)):
            try:
                result = job_.run(started)
                db.session.commit()
                return result
            except Exception as error:  # one failing job must not stop the others
                db.session.rollback()
                current_app.logger.exception("job %s failed", job_.name)
                return f"error: {error!r}"
    except TaskLockedException:
        return "busy"


def due_jobs(minute: int) -> list[tuple[Job, list[int]]]:
    """(job, delays in seconds) for the minute `minute` (minutes since the epoch): a job of
    10 s runs six times in it, a job of 5 minutes once in every fifth."""
    due = []
    for job_ in JOBS.values():
        if job_.every_seconds < 60:
            due.append((job_, list(range(0, 60, max(1, job_.every_seconds)))))
        elif minute % math.ceil(job_.every_seconds / 60) == 0:
            due.append((job_, [0]))
    return due


def register_tasks(app: Flask, huey: Huey) -> None:
    """The engine's three tasks: a job, a one-off task, and the minute tick."""

    @huey.task(name="job")
    def run_job(name: str):
        with app.app_context():
            try:
                if name in JOBS:
                    return run_locked(JOBS[name], utcnow())
            finally:
                db.session.remove()

    @huey.task(name="task")
    def run_task(name: str, arguments: dict):
        with app.app_context():
            try:
                return TASKS[name](**arguments)
            finally:
                db.session.remove()

    @huey.periodic_task(crontab(), name="tick")
    def tick():
        minute = int(time.time() // 60)
        # every worker's scheduler offers the tick; only the first one per minute enqueues
        if not huey.put_if_empty(f"tick.{minute}", "1", ttl=3600):
            return 0
        only = app.config.get("WORKER_ONLY") or ()
        count = 0
        for job_, delays in due_jobs(minute):
            if only and job_.name not in only:
                continue
            for delay in delays:
                if delay:
                    run_job.schedule(args=(job_.name,), delay=delay)
                else:
                    run_job(job_.name)
                count += 1
        return count

    app.extensions["huey_tasks"] = {"job": run_job, "task": run_task, "tick": tick}


def enqueue(name: str, **arguments) -> None:
    """Hand a registered one-off task to the workers (after the request's commit, so the
    worker sees the rows it needs)."""
    current_app.extensions["huey_tasks"]["task"](name, arguments)


def drain(limit: int = 1000) -> int:
    """Execute the queued tasks in this process, as one worker thread would; returns how many."""
    huey = engine()
    count = 0
    while count < limit and (message := huey.dequeue()) is not None:
        huey.execute(message)
        count += 1
    return count


@click.command("worker")
@click.option("--once", is_flag=True, help="Run every job once, then the queued tasks, and exit.")
@click.option("--only", multiple=True, help="Run only these periodic jobs.")
@click.option("--threads", default=4, show_default=True, help="Tasks run at the same time.")
@with_appcontext
def worker_command(once: bool, only: tuple[str, ...], threads: int):
    """Run background work: mail out and in, SLA scans, auto-close, the portal's long tasks."""
    holder = worker_id()
    click.echo(f"worker {holder}: jobs {', '.join(JOBS) or 'none'}")
    if once:
        for name, result in run_once(list(only) or None).items():
            if result not in (None, 0, "busy"):
                click.echo(f"{name}: {result}")
        drain()
        db.session.remove()
        return
    current_app.config["WORKER_ONLY"] = only
    db.session.remove()
    engine().create_consumer(workers=threads, worker_type="thread", periodic=True).run()


def init_app(app: Flask) -> None:
    """The engine only: each domain registers its own jobs and tasks in its init_app."""
    url = app.config.get("WORKER_QUEUE_URL") or default_queue_url(app.instance_path)
    huey = make_engine(url)
    app.extensions["huey"] = huey
    register_tasks(app, huey)
    app.cli.add_command(worker_command)
