"""The month's sheet through pages, mail and API (S21): the manager adjusts and sends, the
client's project lead disputes from the mail, the manager corrects and resends, the lead
confirms, and the month is locked for pages, API and recompute alike."""

import email
import re
from datetime import date

import sqlalchemy as sa

from app.accounts.services import issue_token, user_by_email
from app.extensions import db
from app.mail import delivery
from app.mail.models import OutboxMessage
from app.settlements import services
from tests.conftest import ROLE_EMAILS
from tests.settlements.helpers import NOVEMBER_4, name_lead, prices, rma, staff

LINK = re.compile(r"http://[^/\s]+(/s/settlement/\S+)")


def setup_october(app):
    with app.app_context():
        prices()
        staff("王工", starts_on=date(2026, 3, 1))
        staff("赵工", starts_on=date(2026, 10, 12))
        rma("1234.50", date(2026, 10, 20))
        name_lead()
        db.session.commit()


def token(app, role):
    with app.app_context():
        value = issue_token(user_by_email(ROLE_EMAILS[role]), actor=None, label="t")
        db.session.commit()
    return {"Authorization": f"Bearer {value}"}


def mails(app, to):
    with app.app_context():
        rows = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.recipient == to).order_by(OutboxMessage.id)
        ).all()
        return [(m.subject, m.body_text, m.attachment_path) for m in rows]


def test_dispute_correct_resend_confirm_lock(
    app, users, login_as, november, smtp_server, monkeypatch
):
    setup_october(app)
    manager = login_as("manager")
    page = manager.get("/settlements/2026-10")
    assert page.status_code == 200 and "赵工 (15 of 18 working days)" in page.text
    assert "20,000.00" in page.text and "1,357.95" in page.text
    sent = manager.form("/settlements/2026-10/actions", {"action": "send"})
    assert sent.status_code == 302
    ((subject, body, attached),) = mails(app, ROLE_EMAILS["approver"])
    assert "2026-10" in subject and "38,023.95" in body
    paths = attached.splitlines()
    assert [p.rsplit(".", 1)[1] for p in paths] == ["pdf", "xlsx"]

    # the outbox delivers both files through the real SMTP sink
    for name, value in {
        "SMTP_HOST": smtp_server.host,
        "SMTP_PORT": smtp_server.port,
        "SMTP_USERNAME": None,
        "SMTP_STARTTLS": False,
    }.items():
        monkeypatch.setitem(app.config, name, value)
    with app.app_context():
        delivery.deliver_pending(NOVEMBER_4)
    ((_, _, raw),) = smtp_server.wait_for(1)
    parts = [p.get_filename() for p in email.message_from_bytes(raw).walk() if p.get_filename()]
    assert parts == ["1-settlement-2026-10-en.pdf", "1-settlement-2026-10-en.xlsx"]

    link = LINK.search(body).group(1)
    anonymous = app.test_client()
    opened = anonymous.get(link)
    assert opened.status_code == 200 and "38,023.95" in opened.text
    no_comment = anonymous.form(link, {"action": "dispute", "note": "  "})
    assert no_comment.status_code == 422 and "Please write a comment." in no_comment.text
    disputed = anonymous.form(link, {"action": "dispute", "note": "赵工 10/12 才到岗，请核对天数"})
    assert disputed.status_code == 200 and 'data-testid="answer-done"' in disputed.text
    assert anonymous.get(link).status_code == 410  # answered: the link has done its work
    ((_, manager_mail, _),) = mails(app, ROLE_EMAILS["manager"])
    assert "请核对天数" in manager_mail

    page = manager.get("/settlements/2026-10")
    assert "Disputed by the client" in page.text and "请核对天数" in page.text
    added = manager.form(
        "/settlements/2026-10/adjustments",
        {
            "item": "resident_engineer",
            "note": "赵工到岗天数更正",
            "quantity": "1",
            "unit_price": "-1111.11",
            "refers_to": "",
        },
    )
    assert added.status_code == 302
    assert manager.form("/settlements/2026-10/actions", {"action": "send"}).status_code == 302
    assert len(mails(app, ROLE_EMAILS["approver"])) == 2
    assert anonymous.get(link).status_code == 410  # the first mail's link is superseded

    lead = login_as("approver")
    confirmed = lead.form("/settlements/2026-10/actions", {"action": "confirm", "note": ""})
    assert confirmed.status_code == 302
    again = lead.form("/settlements/2026-10/actions", {"action": "confirm", "note": ""})
    assert again.status_code == 409 and "confirmed and locked" in again.text

    api = token(app, "manager")
    body = manager.get("/api/v1/settlements/2026-10", headers=api).json
    assert body["status"] == "confirmed" and body["locked"] and not body["draft"]
    assert body["total"] == "36912.84"
    assert [e["event"] for e in body["history"]] == [
        "computed",
        "sent",
        "disputed",
        "adjusted",
        "sent",
        "confirmed",
    ]
    locked = manager.post(
        "/api/v1/settlements/2026-10/adjustments",
        json={"item": "other", "note": "x", "quantity": "1", "unit_price": "1.00"},
        headers=api,
    )
    assert locked.status_code == 409 and "locked" in locked.json["error"]["message"]
    page_try = manager.form(
        "/settlements/2026-10/adjustments",
        {"item": "other", "note": "x", "quantity": "1", "unit_price": "1.00"},
    )
    assert page_try.status_code == 409
    recompute = manager.form("/settlements/2026-10/actions", {"action": "recompute"})
    assert recompute.status_code == 409
    with app.app_context():
        assert services.get_sheet("2026-10").total_fen == 3691284

    # a correction goes on November's sheet, referring back to October
    correction = manager.post(
        "/api/v1/settlements/2026-11/adjustments",
        json={
            "item": "other",
            "note": "十月更正",
            "quantity": 1,
            "unit_price": "-10.00",
            "refers_to": "2026-10",
        },
        headers=api,
    )
    assert correction.status_code == 201
    assert correction.json["lines"][-1]["note"] == "Correction of 2026-10: 十月更正"


def test_a_month_without_a_sheet_answers_as_computed_now(app, users, november):
    setup_october(app)
    api = token(app, "approver")
    client = app.test_client()
    body = client.get("/api/v1/settlements/2026-10", headers=api).json
    assert body["draft"] is True and body["status"] == "draft"
    assert [line["total"] for line in body["lines"]] == ["36666.00", "0.00", "0.00", "1357.95"]
    assert body["lines"][0]["quantity"] == "1.8333" and body["total"] == "38023.95"
    with app.app_context():
        assert services.get_sheet("2026-10") is None  # reading stores nothing


def test_lines_link_to_the_records_behind_them(app, users, login_as, november):
    from datetime import UTC, datetime

    from tests.settlements.helpers import replacement

    setup_october(app)
    with app.app_context():
        number = replacement(datetime(2026, 10, 15, 6, 0, tzinfo=UTC))
        db.session.commit()
    page = login_as("manager").get("/settlements/2026-10").text
    assert f'href="/installations/{number}"' in page
    assert 'href="/assets/LT-0101"' in page and "/settlements/plan#person-" in page
    lead_page = login_as("approver").get("/settlements/2026-10").text
    assert number in lead_page and f'href="/installations/{number}"' not in lead_page
