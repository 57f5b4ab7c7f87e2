"""The background worker: `flask worker` runs registered jobs; several workers may run at once.

A job runs only while its worker holds the job's lease row, so two workers never run the
same job at the same moment; the jobs themselves also claim rows (outbox messages, inbound
Message-IDs, clock notifications) so that nothing is done twice even across lease hand-overs.
"""

import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext

from app.extensions import db, utcnow


@dataclass(frozen=True)
class Job:
    name: str
    every_seconds: int
    run: Callable[[datetime], object]


JOBS: dict[str, Job] = {}


def job(name: str, every_seconds: int):
    """Register `function(now)` to run every `every_seconds` in the worker."""

    def register(function: Callable[[datetime], object]):
        JOBS[name] = Job(name, every_seconds, function)
        return function

    return register


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def acquire(name: str, holder: str, now: datetime, seconds: int) -> bool:
    """Take the job's lease if it is free or expired; True when this worker holds it."""
    from app.worker.models import JobLease

    if db.session.get(JobLease, name) is None:
        db.session.add(JobLease(name=name))
        try:
            db.session.commit()
        except sa.exc.IntegrityError:
            db.session.rollback()
    taken = db.session.execute(
        sa.update(JobLease)
        .where(
            JobLease.name == name,
            sa.or_(
                JobLease.lease_until.is_(None),
                JobLease.lease_until < now,
                JobLease.holder == holder,
            ),
        )
        .values(holder=holder, lease_until=now + timedelta(seconds=seconds))
    )
    db.session.commit()
    return taken.rowcount == 1


def release(name: str, holder: str, now: datetime, error: str = "") -> None:
    from app.worker.models import JobLease

    db.session.execute(
        sa.update(JobLease)
        .where(JobLease.name == name, JobLease.holder == holder)
        .values(lease_until=None, holder=None, last_run_at=now, last_error=error[:2000])
    )
    db.session.commit()


def run_once(names: list[str] | None = None, *, holder: str | None = None, now=None) -> dict:
    """Run each (or the named) job once if its lease is free; returns what each job reported."""
    holder = holder or worker_id()
    results = {}
    for job_ in JOBS.values():
        if names and job_.name not in names:
            continue
        started = now or utcnow()
        if not acquire(job_.name, holder, started, seconds=max(60, job_.every_seconds * 4)):
            results[job_.name] = "busy"
            continue
        try:
            results[job_.name] = job_.run(started)
            db.session.commit()
            release(job_.name, holder, utcnow())
        except Exception as error:  # one failing job must not stop the others
            db.session.rollback()
            current_app.logger.exception("job %s failed", job_.name)
            release(job_.name, holder, utcnow(), repr(error))
            results[job_.name] = f"error: {error!r}"
    return results


@click.command("worker")
@click.option("--once", is_flag=True, help="Run every job once and exit.")
@click.option("--only", multiple=True, help="Run only these jobs.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
@with_appcontext
def worker_command(once: bool, only: tuple[str, ...], interval: float):
    """Run background jobs: mail out and in, SLA scans, auto-close."""
    holder = worker_id()
    last_run: dict[str, float] = {}
    click.echo(f"worker {holder}: jobs {', '.join(JOBS) or 'none'}")
    while True:
        due = [
            name
            for name, job_ in JOBS.items()
            if (not only or name in only)
            and (once or time.monotonic() - last_run.get(name, -1e9) >= job_.every_seconds)
        ]
        if due:
            for name, result in run_once(due, holder=holder).items():
                last_run[name] = time.monotonic()
                if result not in (None, 0, "busy"):
                    click.echo(f"{name}: {result}")
        db.session.remove()
        if once:
            return
        time.sleep(interval)


def init_app(app: Flask) -> None:
    """The runner only: each domain registers its own jobs with @job in its init_app."""
    app.cli.add_command(worker_command)
