"""The approver decides an installation request from the mail (S4): a signed link for one
approver and one request; GET shows, only the POST with its CSRF token decides, once; a
rejection needs a reason; a lost race answers 409."""

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.extensions import db, utcnow
from app.installations import links, workflow
from app.mail.models import OutboxMessage
from app.tickets.models import Ticket
from tests.concurrency import at_once
from tests.conftest import ROLE_EMAILS, make_user
from tests.installations.helpers import installation, request_installation

APPROVER = ROLE_EMAILS["approver"]


def decide_link(app, recipient: str = APPROVER) -> str:
    with app.app_context():
        body = db.session.scalar(
            sa.select(OutboxMessage.body_text).where(
                OutboxMessage.recipient == recipient,
                OutboxMessage.template == "installation_approval",
            )
        )
    url = next(word for word in body.split() if "/i/decide/" in word)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def status(app, number: str) -> str:
    with app.app_context():
        return installation(app, number).status


def test_a_get_shows_the_request_and_decides_nothing(app, users, login_as):
    number = request_installation(login_as)
    page = app.test_client().get(decide_link(app))
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and number in text and "New hire laptop set" in text
    assert 'data-testid="link-approve"' in text and 'data-testid="link-reject"' in text
    assert status(app, number) == "requested"  # a mail scanner's prefetch changes nothing


def test_approve_once_and_the_link_is_spent(app, users, login_as):
    number = request_installation(login_as)
    link, client = decide_link(app), app.test_client()
    answer = client.form(link, {"decision": "approve"})
    assert answer.status_code == 200 and 'data-testid="link-approved"' in answer.text
    with app.app_context():
        item = installation(app, number)
        assert (item.status, item.approved_by.email) == ("approved", APPROVER)
        audit = db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "installation.approve")
        )
        assert audit.details["via"] == "mail"
    again = client.get(link)
    assert again.status_code == 410 and "approved by Approver Tester" in again.text
    assert client.form(link, {"decision": "reject", "reason": "late"}).status_code == 409
    assert status(app, number) == "approved"


def test_a_rejection_needs_a_reason_and_tells_the_requester(app, users, login_as):
    number = request_installation(login_as)
    link, client = decide_link(app), app.test_client()
    refused = client.form(link, {"decision": "reject", "reason": ""})
    assert refused.status_code == 422 and "give the reason" in refused.text.lower()
    assert status(app, number) == "requested"
    done = client.form(link, {"decision": "reject", "reason": "今年的预算已用完"})
    assert done.status_code == 200 and 'data-testid="link-rejected"' in done.text
    with app.app_context():
        item = installation(app, number)
        assert (item.status, item.rejection_reason) == ("rejected", "今年的预算已用完")
        assert item.ticket.status == "cancelled"
        told = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.template == "installation_rejected")
        ).all()
        assert [m.recipient for m in told] == [ROLE_EMAILS["employee"]]
        assert "今年的预算已用完" in told[0].body_text
    page = login_as("employee").get(f"/installations/{number}").text
    assert 'data-testid="rejected"' in page and "今年的预算已用完" in page


def test_without_the_pages_csrf_token_nothing_is_decided(app, users, login_as):
    number = request_installation(login_as)
    link = decide_link(app)
    posted = app.test_client().post(link, data={"decision": "approve"})
    assert posted.status_code == 400
    assert status(app, number) == "requested"


def test_a_changed_or_foreign_link_is_refused(app, users, login_as):
    number = request_installation(login_as)
    link = decide_link(app)
    client = app.test_client()
    assert client.get(link[:-3] + "abc").status_code == 410
    with app.app_context():
        employee = db.session.scalar(sa.select(Ticket).where(Ticket.number == number)).requester
        item = installation(app, number)
        forged = links.approval_token(item, employee)  # signed, but not for an approver
    assert client.get(f"/i/decide/{forged}").status_code == 410


def test_two_approvers_at_once_one_wins_the_other_hears_409(app, users, login_as):
    with app.app_context():
        make_user("approver", "appr2@client.test", name="Second Approver")
        db.session.commit()
    number = request_installation(login_as)
    first, second = decide_link(app), decide_link(app, "appr2@client.test")
    clients = [app.test_client(), app.test_client()]
    for client, link in zip(clients, (first, second), strict=True):
        assert client.get(link).status_code == 200  # both opened the mail
    assert clients[0].form(first, {"decision": "approve"}).status_code == 200
    lost = clients[1].form(second, {"decision": "reject", "reason": "不需要"})
    assert lost.status_code == 409
    assert "Someone decided first" in lost.text and "Your decision was not saved." in lost.text
    assert status(app, number) == "approved"


def test_the_same_moment_decides_once(app, users, login_as):
    with app.app_context():
        make_user("approver", "appr2@client.test", name="Second Approver")
        db.session.commit()
    number = request_installation(login_as)
    outcomes = []

    def decide(approver_email, decision):
        def run(ready):
            with app.app_context():
                from app.accounts.services import user_by_email

                approver = user_by_email(approver_email)
                item = installation(app, number)
                ready()
                try:
                    if decision == "approve":
                        workflow.approve(item, approver, now=utcnow())
                    else:
                        workflow.reject(item, approver, "不需要", now=utcnow())
                    db.session.commit()
                    outcomes.append(decision)
                except (workflow.FlowError, sa.exc.OperationalError):
                    db.session.rollback()
                    outcomes.append("lost")
                finally:
                    db.session.remove()

        return run

    at_once(decide(APPROVER, "approve"), decide("appr2@client.test", "reject"))
    assert sorted(outcomes) in (["approve", "lost"], ["lost", "reject"])
    assert status(app, number) in ("approved", "rejected")
    with app.app_context():
        decided = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.action.like("installation.%"))
        ).all()
        assert len(decided) == 1


def test_the_approver_rejects_on_the_page_with_a_reason(app, users, login_as):
    number = request_installation(login_as)
    approver = login_as("approver")
    page = approver.get(f"/installations/{number}").text
    assert 'data-testid="reject-installation"' in page
    refused = approver.form(f"/installations/{number}/reject", {"reason": "  "})
    assert refused.status_code == 422 and status(app, number) == "requested"
    assert (
        login_as("employee").form(f"/installations/{number}/reject", {"reason": "x"}).status_code
        == 403
    )
    done = approver.form(f"/installations/{number}/reject", {"reason": "请先走采购流程"})
    assert done.status_code == 302 and status(app, number) == "rejected"
    again = approver.form(f"/installations/{number}/reject", {"reason": "again"})
    assert again.status_code == 409
