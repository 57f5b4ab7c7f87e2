"""Run what the pages handed to the workers, in this process, through the queue engine."""

import re
import threading
from contextlib import contextmanager

from app.jobs.models import BackgroundJob
from app.worker import drain

HTMX = {"HX-Request": "true"}
JOB_ID = re.compile(r'id="job-(\d+)"')


def run_queued(app) -> int:
    with app.app_context():
        return drain()


def job_id_of(page: str) -> int:
    return int(JOB_ID.search(page).group(1))


def job_row(app, job_id: int) -> BackgroundJob:
    from app.extensions import db

    with app.app_context():
        job = db.session.get(BackgroundJob, job_id)
        db.session.expunge(job)
        return job


@contextmanager
def running_worker(app):
    """A worker thread taking tasks from the queue engine while the block runs, as
    `flask worker` does beside the web processes."""
    from app.extensions import db

    stop = threading.Event()

    def loop():
        while not stop.is_set():
            with app.app_context():
                if not drain(limit=1):
                    stop.wait(0.2)
                db.session.remove()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)
