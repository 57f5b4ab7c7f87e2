"""Background jobs: a page submits one, a worker runs it with progress, the owner downloads
the result. A domain registers what its kind of job does with @kind; the handler reads the
job's params, reports progress, and returns a file (or a page) as its Result."""

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from app.audit.services import record
from app.extensions import db, utcnow
from app.jobs import rules
from app.jobs.models import BackgroundJob
from app.worker import enqueue

RUN_TASK = "background_job"
PENDING = "background_jobs_to_enqueue"


@dataclass(frozen=True)
class Result:
    name: str = ""
    mimetype: str = ""
    data: bytes = b""
    # a page of the portal to open instead of a file (e.g. the generated report)
    url: str = ""


class JobFailed(Exception):
    """A reason a person can read: a code of jobs.labels with its parameters."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


class Cancelled(Exception):
    pass


Handler = Callable[[BackgroundJob, "Progress"], Result]
KINDS: dict[str, Handler] = {}


def kind(name: str):
    """Register the handler of a kind of background job."""

    def register(handler: Handler) -> Handler:
        KINDS[name] = handler
        return handler

    return register


class Progress:
    """`progress(done, total)` stores "n of m" in its own short transaction (the page polls
    it) and stops the job when its owner asked to cancel."""

    def __init__(self, job_id: int):
        self.job_id = job_id

    def __call__(self, done: int, total: int | None = None) -> None:
        table = BackgroundJob.__table__
        values = {"done": done} if total is None else {"done": done, "total": total}
        with db.engine.begin() as connection:
            connection.execute(sa.update(table).where(table.c.id == self.job_id).values(**values))
            cancel = connection.scalar(
                sa.select(table.c.cancel_requested).where(table.c.id == self.job_id)
            )
        if cancel:
            raise Cancelled


def submit(kind_name: str, owner, params: dict, *, total: int = 0, now=None) -> BackgroundJob:
    """A queued job; the workers are told once the request's transaction commits."""
    if kind_name not in KINDS:
        raise KeyError(kind_name)
    job = BackgroundJob(
        kind=kind_name, owner_id=owner.id, params=params, total=total, created_at=now or utcnow()
    )
    db.session.add(job)
    db.session.flush()
    record(owner, "job.start", job, {"kind": kind_name}, now=job.created_at)
    db.session.info.setdefault(PENDING, []).append(job.id)
    return job


def enqueue_committed(session) -> None:
    """After a commit: hand the jobs that commit created to the workers."""
    for job_id in session.info.pop(PENDING, []):
        enqueue(RUN_TASK, job_id=job_id)


def forget_rolled_back(session, *args) -> None:
    session.info.pop(PENDING, None)


def cancel(job: BackgroundJob, *, actor, now: datetime) -> bool:
    """A queued job stops at once, a running one at its next progress step; False when it
    had already finished (a lost race: the page says so)."""
    table = BackgroundJob.__table__
    stopped = db.session.execute(
        sa.update(table)
        .where(table.c.id == job.id, table.c.status == "queued")
        .values(status="cancelled", finished_at=now, expires_at=expiry(now))
    ).rowcount
    asked = (
        stopped
        or db.session.execute(
            sa.update(table)
            .where(table.c.id == job.id, table.c.status == "running")
            .values(cancel_requested=True)
        ).rowcount
    )
    if asked:
        record(actor, "job.cancel", job, {"kind": job.kind}, now=now)
    db.session.expire(job)
    return bool(asked)


def page_url(endpoint: str, **values) -> str:
    """A portal path for a job's result, built without a request (the worker has none)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def expiry(now: datetime) -> datetime:
    return rules.expires_at(now, current_app.config["JOB_RESULT_HOURS"])


def results_folder() -> Path:
    return Path(current_app.config["JOB_RESULTS_FOLDER"])


def claim(job_id: int, now: datetime) -> bool:
    """queued → running in one conditional update: of two workers handed the same job, one
    runs it and the other finds nothing to do."""
    table = BackgroundJob.__table__
    taken = db.session.execute(
        sa.update(table)
        .where(table.c.id == job_id, table.c.status == "queued")
        .values(status="running", started_at=now, runs=table.c.runs + 1)
    ).rowcount
    db.session.commit()
    return taken == 1


def run(job_id: int) -> str:
    """The worker's side: run the job if it is still queued; returns how it ended."""
    if not claim(job_id, utcnow()):
        return "skipped"
    job = db.session.get(BackgroundJob, job_id)
    try:
        result = KINDS[job.kind](job, Progress(job_id))
    except Cancelled:
        return finish(job_id, "cancelled")
    except JobFailed as failure:
        return finish(job_id, "failed", error_code=failure.code, error_params=failure.params)
    except Exception:
        current_app.logger.exception("background job %s (%s) failed", job_id, job.kind)
        return finish(job_id, "failed", error_code="unexpected")
    db.session.commit()
    values = {"result_name": result.name, "result_mimetype": result.mimetype}
    if result.url:
        values["result_url"] = result.url
    if result.data:
        folder = results_folder() / str(job_id)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(result.name).name
        path.write_bytes(result.data)
        values["result_path"] = str(path)
    return finish(job_id, "done", **values)


def finish(job_id: int, status: str, **values) -> str:
    db.session.rollback()  # whatever the handler left unsaved
    now = utcnow()
    table = BackgroundJob.__table__
    db.session.execute(
        sa.update(table)
        .where(table.c.id == job_id)
        .values(status=status, finished_at=now, expires_at=expiry(now), **values)
    )
    db.session.commit()
    return status


def clean_expired(now: datetime) -> int:
    """Forget finished jobs older than their keeping time, with their files."""
    expired = db.session.scalars(
        sa.select(BackgroundJob).where(BackgroundJob.expires_at <= now).limit(500)
    ).all()
    for job in expired:
        shutil.rmtree(results_folder() / str(job.id), ignore_errors=True)
        db.session.delete(job)
    return len(expired)
