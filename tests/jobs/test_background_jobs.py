"""Background jobs on the queue engine: progress, result for its owner only, cancel, failure
with a reason, one run however often the engine delivers it, and cleaning after a day."""

import threading
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db, utcnow
from app.jobs import services
from app.jobs.models import BackgroundJob
from app.worker import engine, enqueue
from tests.concurrency import at_once
from tests.conftest import make_user
from tests.jobs.helpers import HTMX, job_id_of, job_row, run_queued

STARTED, PROCEED = threading.Event(), threading.Event()


@services.kind("test_steps")
def three_steps(job, progress):
    """Waits between its first and second step, so that a test can act while it runs."""
    progress(0, 3)
    STARTED.set()
    PROCEED.wait(10)
    for done in (1, 2, 3):
        progress(done)
    return services.Result(name="steps.txt", mimetype="text/plain", data=b"three")


@services.kind("test_broken")
def broken(job, progress):
    progress(0, 1)
    raise RuntimeError("internal detail /srv/secret")


def submit(app, kind: str, email: str = "agent@vendor.test") -> int:
    from app.accounts.services import user_by_email

    with app.app_context():
        job = services.submit(kind, user_by_email(email), {})
        db.session.commit()
        return job.id


def test_labels_job_shows_progress_and_its_result_to_its_owner_only(app, login_as, users):
    from tests.assets.conftest import make_asset

    with app.app_context():
        for number in range(1, 31):
            make_asset(f"LAP-{number:06d}")
        make_user("agent", email="agent2@vendor.test")
        db.session.commit()
    agent = login_as("agent")
    started = agent.form("/assets/labels", {}, headers=HTMX)
    assert started.status_code == 200
    page = started.get_data(as_text=True)
    assert 'data-status="queued"' in page and 'hx-trigger="every 1s"' in page
    job_id = job_id_of(page)
    assert run_queued(app) == 1
    job = job_row(app, job_id)
    assert (job.status, job.done, job.total, job.runs) == ("done", 30, 30, 1)
    done = agent.get(f"/jobs/{job_id}", headers=HTMX).get_data(as_text=True)
    assert 'data-status="done"' in done and "hx-trigger" not in done  # polling stops
    assert f"/jobs/{job_id}/result" in done
    result = agent.get(f"/jobs/{job_id}/result")
    assert result.status_code == 200 and result.data.startswith(b"%PDF")
    result.close()
    # another agent cannot see or take it; a manager can
    other = app.test_client()
    other.login("agent2@vendor.test")
    assert other.get(f"/jobs/{job_id}").status_code == 404
    assert other.get(f"/jobs/{job_id}/result").status_code == 404
    assert other.form(f"/jobs/{job_id}/cancel").status_code == 404
    manager_copy = login_as("manager").get(f"/jobs/{job_id}/result")
    assert manager_copy.status_code == 200
    manager_copy.close()


def test_a_queued_job_cancelled_never_runs(app, login_as, users):
    job_id = submit(app, "test_steps")
    agent = login_as("agent")
    page = agent.form(f"/jobs/{job_id}/cancel", headers=HTMX).get_data(as_text=True)
    assert 'data-status="cancelled"' in page and "Cancelled" in page
    run_queued(app)
    job = job_row(app, job_id)
    assert (job.status, job.runs, job.result_path) == ("cancelled", 0, "")
    again = agent.form(f"/jobs/{job_id}/cancel", headers=HTMX)
    assert again.status_code == 409 and "already finished" in again.get_data(as_text=True)


def test_a_running_job_cancelled_stops_at_its_next_step(app, login_as, users):
    STARTED.clear(), PROCEED.clear()
    job_id = submit(app, "test_steps")
    worker = threading.Thread(target=run_queued, args=(app,))
    worker.start()
    assert STARTED.wait(10)
    agent = login_as("agent")
    page = agent.get(f"/jobs/{job_id}", headers=HTMX).get_data(as_text=True)
    assert "0 of 3" in page and 'data-testid="job-cancel"' in page
    stopping = agent.form(f"/jobs/{job_id}/cancel", headers=HTMX).get_data(as_text=True)
    assert "Stopping" in stopping
    PROCEED.set()
    worker.join(20)
    job = job_row(app, job_id)
    assert (job.status, job.done, job.result_path) == ("cancelled", 1, "")
    assert agent.get(f"/jobs/{job_id}/result").status_code == 404


def test_a_failed_job_says_why_without_internals(app, login_as, users):
    job_id = submit(app, "test_broken")
    run_queued(app)
    assert job_row(app, job_id).status == "failed"
    page = login_as("agent").get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "An unexpected error stopped the work" in page
    assert "secret" not in page and "RuntimeError" not in page


def test_two_workers_handed_one_job_run_it_once(app, users):
    """The engine may deliver a task twice (a retry, a worker that lost its connection): of
    two workers that take the same job at the same moment, one runs it."""
    STARTED.clear(), PROCEED.set()
    job_id = submit(app, "test_steps")
    with app.app_context():
        enqueue(services.RUN_TASK, job_id=job_id)  # the same job handed out a second time
        huey = engine()
        messages = [huey.dequeue(), huey.dequeue()]
    assert all(messages) and messages[0].args == messages[1].args

    def worker(message):
        def run(ready):
            with app.app_context():
                ready()
                huey.execute(message)

        return run

    at_once(worker(messages[0]), worker(messages[1]))
    job = job_row(app, job_id)
    assert (job.status, job.runs, job.done) == ("done", 1, 3)
    assert Path(job.result_path).read_bytes() == b"three"


def test_two_workers_ticks_in_one_minute_enqueue_the_jobs_once(app):
    with app.app_context():
        huey = engine()
        huey.flush()
        tick = app.extensions["huey_tasks"]["tick"]
        first, second = tick.call_local(), tick.call_local()
        assert first > 0 and second == 0
        huey.flush()


def test_finished_jobs_are_cleaned_after_a_day(app, login_as, users):
    PROCEED.set()
    job_id = submit(app, "test_steps")
    run_queued(app)
    path = Path(job_row(app, job_id).result_path)
    assert path.is_file()
    with app.app_context():
        assert services.clean_expired(utcnow()) == 0
        assert services.clean_expired(utcnow() + timedelta(hours=25)) == 1
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(BackgroundJob.id))) == 0
    assert not path.exists()
    assert login_as("agent").get(f"/jobs/{job_id}").status_code == 404
