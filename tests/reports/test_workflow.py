"""Generate → review → send (mail with the PDF attached, through the outbox) → acknowledge."""

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.extensions import db, utcnow
from app.mail.delivery import _build
from app.mail.models import OutboxMessage
from app.reports import rules
from app.reports.models import ServiceReport
from tests.conftest import ROLE_EMAILS
from tests.jobs.helpers import run_queued

LINK_RE = re.compile(r"(https?://\S+/reports/ack/\S+)")


def generate(client, kind="monthly", period="2026-10"):
    """Generation is a background job: its page links to the new version when it is done."""
    response = client.form("/reports/generate", {"kind": kind, "period": period})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    job_page = response.headers["Location"]
    assert "/jobs/" in job_page
    run_queued(client.application)
    assert 'data-status="done"' in client.get(job_page).get_data(as_text=True)
    result = client.get(job_page + "/result")
    assert result.status_code == 302
    return int(result.headers["Location"].rsplit("/", 1)[1])


def act(client, report_id, action, **data):
    return client.form(f"/reports/{report_id}/act", {"action": action, **data})


def report(app, report_id) -> ServiceReport:
    with app.app_context():
        found = db.session.get(ServiceReport, report_id)
        db.session.expunge(found)
        return found


def test_the_month_end_story(app, login_as, october):
    manager = login_as("manager")
    report_id = generate(manager)
    page = manager.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "75.0 %" in page and "v1" in page
    # a draft cannot be sent before it is reviewed
    assert act(manager, report_id, "send", lang="zh").status_code == 409
    assert (
        manager.form(
            f"/reports/{report_id}/comment", {"comment": "十月受国庆假期影响。"}
        ).status_code
        == 302
    )
    assert act(manager, report_id, "review").status_code == 302
    assert report(app, report_id).status == "reviewed"
    response = act(manager, report_id, "send", lang="zh")
    assert response.status_code == 302
    sent = report(app, report_id)
    assert sent.status == "sent" and sent.sent_to == ROLE_EMAILS["approver"]
    with app.app_context():
        message = db.session.scalar(
            sa.select(OutboxMessage).where(OutboxMessage.recipient == ROLE_EMAILS["approver"])
        )
        assert message.attachment_path == sent.pdf_path
        assert Path(message.attachment_path).read_bytes().startswith(b"%PDF")
        assert "2026-10 v1" in message.subject
        built = _build(message)  # what the worker sends: the PDF rides along
        attachments = [part for part in built.iter_attachments()]
        assert [a.get_filename() for a in attachments] == ["service-report-2026-10-v1-zh.pdf"]
        link = LINK_RE.search(message.body_text).group(1)
        actions = set(
            db.session.scalars(
                sa.select(AuditEvent.action).where(AuditEvent.object_type == "service_reports")
            )
        )
        assert {"report.generate", "report.comment", "report.review", "report.send"} <= actions
    # the client's project lead follows the link: GET changes nothing, the button POSTs
    lead = login_as("approver")
    path = "/reports/ack/" + link.rsplit("/ack/", 1)[1]
    assert "Confirm receipt" in lead.get(path).get_data(as_text=True)
    assert report(app, report_id).status == "sent"
    assert lead.form(path, {"note": "收到"}).status_code == 200
    acknowledged = report(app, report_id)
    assert acknowledged.status == "acknowledged"
    assert acknowledged.acknowledged_by == ROLE_EMAILS["approver"]
    assert acknowledged.acknowledgement_note == "收到"


def test_a_forged_link_shows_nothing(client):
    response = client.get("/reports/ack/not-a-token")
    assert response.status_code == 404


def test_regenerating_makes_a_new_version_and_retires_the_old(app, login_as, october):
    manager = login_as("manager")
    first = generate(manager)
    second = generate(manager)
    assert (report(app, first).version, report(app, second).version) == (1, 2)
    response = act(manager, first, "review")
    assert response.status_code == 409
    assert "replaced" in response.get_data(as_text=True)
    assert act(manager, second, "review").status_code == 302


def test_manager_records_an_acknowledgement_by_hand(app, login_as, october):
    manager = login_as("manager")
    report_id = generate(manager)
    act(manager, report_id, "review")
    act(manager, report_id, "send", lang="en")
    assert act(manager, report_id, "acknowledge", acknowledged_by="").status_code == 422
    response = act(manager, report_id, "acknowledge", acknowledged_by="Li Lei by mail", note="OK")
    assert response.status_code == 302
    assert report(app, report_id).acknowledged_by == "Li Lei by mail"
    assert report(app, report_id).sent_language == "en"


def test_send_without_a_client_lead_is_refused(app, login_as, users):
    manager = login_as("manager")
    report_id = generate(manager)
    act(manager, report_id, "review")
    response = act(manager, report_id, "send", lang="zh")
    assert response.status_code == 409
    assert "project lead" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("period", "words"),
    [("2026-13", "01 to 12"), ("2099-01", "in the future"), ("oct", "YYYY-MM")],
)
def test_generate_refuses_bad_periods(login_as, users, period, words):
    response = login_as("manager").form("/reports/generate", {"kind": "monthly", "period": period})
    assert response.status_code == 422
    assert words in response.get_data(as_text=True)


def test_pdf_download_of_a_version(login_as, october):
    manager = login_as("manager")
    report_id = generate(manager, "quarterly", "2026-Q4")
    response = manager.get(f"/reports/{report_id}/pdf?lang=en")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert manager.get(f"/reports/{report_id}/pdf?lang=fr").status_code == 400
    assert manager.get("/reports/999999").status_code == 404


def test_schedule_shows_due_and_overdue(app, login_as, october):
    manager = login_as("manager")
    page = manager.get("/reports/").get_data(as_text=True)
    last_month = rules.previous(rules.month_of(rules.local_date(utcnow()))).label
    assert f'data-testid="due-{last_month}"' in page
    home = manager.get("/").get_data(as_text=True)
    assert "Service reports due" in home
