"""The mails of a whole ticket life, as the real SMTP sink receives them: exactly the ones the
notify modules list per event (app/tickets/notify.py, app/installations/notify.py,
app/surveys/notify.py), to each person, and nothing else."""

import email
import re
from datetime import UTC, datetime, timedelta
from email import policy

import pytest
import time_machine

from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.mail import delivery
from app.sla.autoclose import close_unconfirmed
from tests.conftest import ROLE_EMAILS
from tests.factories import open_ticket
from tests.installations.helpers import SET, request_installation, signature

EMPLOYEE, APPROVER, ENGINEER, MANAGER = (
    ROLE_EMAILS[r] for r in ("employee", "approver", "engineer", "manager")
)
THURSDAY_10 = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # Thursday 10:00 in Shanghai


@pytest.fixture
def smtp(app, smtp_server, monkeypatch):
    for name, value in {
        "SMTP_HOST": smtp_server.host,
        "SMTP_PORT": smtp_server.port,
        "SMTP_USERNAME": None,
        "SMTP_STARTTLS": False,
    }.items():
        monkeypatch.setitem(app.config, name, value)
    return smtp_server


@pytest.fixture
def clock():
    with time_machine.travel(THURSDAY_10, tick=False) as traveller:
        yield traveller


def delivered(app, smtp, clock, minutes: int = 0) -> dict[str, list[str]]:
    """Let `minutes` pass, run the outbox, and return what arrived since the last call:
    recipient → the mails' kinds in order of arrival."""
    clock.shift(timedelta(minutes=minutes))
    with app.app_context():
        delivery.deliver_pending(utcnow())
        db.session.remove()
    arrived: dict[str, list[str]] = {}
    for _, recipients, raw in smtp.messages:
        for recipient in recipients:
            arrived.setdefault(recipient, []).append(kind_of(raw))
    smtp.clear()
    return arrived


KINDS = {
    r"^\[[A-Z]{3}-\d{4}-\d{6}\] We have your request": "acknowledge",
    r"^\[[A-Z]{3}-\d{4}-\d{6}\] Approval needed": "approval",
    r"^\[INS-\d{4}-\d{6}\] Please confirm your installation": "installation_confirm",
    r"^\[INS-\d{4}-\d{6}\] Signed off, thank you": "signed_off",
    r"^\[INS-\d{4}-\d{6}\] Installation request not approved": "rejected",
    r"^\[INC-\d{4}-\d{6}\] Dispatch": "dispatch",
    r"^\[INC-\d{4}-\d{6}\] Resolved — please confirm": "resolved",
    r"^\[INC-\d{4}-\d{6}\] Status update": "status",
    r"^How did we do\?": "survey",
    r"^\[CMP-\d{4}-\d{4}\] We are sorry: your rating opened a complaint": "complaint_opened",
    r"^\[CMP-\d{4}-\d{4}\] New complaint": "complaint",
}


def kind_of(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=policy.default)
    subject = " ".join(str(message["Subject"]).split())
    kind = next((k for pattern, k in KINDS.items() if re.search(pattern, subject)), subject)
    files = [part.get_filename() for part in message.walk() if part.get_filename()]
    return f"{kind} + {', '.join(files)}" if files else kind


def link_in(app, recipient: str, path: str) -> str:
    from app.mail.models import OutboxMessage

    with app.app_context():
        bodies = db.session.scalars(
            db.select(OutboxMessage.body_text)
            .where(OutboxMessage.recipient == recipient)
            .order_by(OutboxMessage.id)
        ).all()
    links = [word for body in bodies for word in body.split() if path in word]
    return links[-1].split("://", 1)[1].split("/", 1)[1]


def survey_body(app) -> str:
    from app.mail.models import OutboxMessage

    with app.app_context():
        return db.session.scalar(
            db.select(OutboxMessage.body_text).where(OutboxMessage.template == "survey")
        )


def test_an_installation_signed_on_the_tablet(app, users, login_as, smtp, clock):
    number = request_installation(login_as)
    assert delivered(app, smtp, clock) == {
        APPROVER: ["approval"],
        EMPLOYEE: ["acknowledge"],
    }
    assert login_as("approver").form(f"/installations/{number}/approve").status_code == 302
    assert delivered(app, smtp, clock) == {}
    engineer = login_as("engineer")
    assert engineer.form(f"/installations/{number}/install", SET).status_code == 302
    # the confirmation link waits a while: the user is usually right there to sign
    assert delivered(app, smtp, clock, minutes=5) == {}
    signed = engineer.form(
        f"/installations/{number}/sign", {"signature": signature(), "signer_name": "Emp"}
    )
    assert signed.status_code == 302
    assert delivered(app, smtp, clock, minutes=60) == {
        EMPLOYEE: [f"signed_off + {number}-signed.pdf", "survey"],
    }


def test_an_installation_confirmed_from_the_mail(app, users, login_as, smtp, clock):
    number = request_installation(login_as)
    login_as("approver").form(f"/installations/{number}/approve")
    login_as("engineer").form(f"/installations/{number}/install", SET)
    delivered(app, smtp, clock)
    assert delivered(app, smtp, clock, minutes=20) == {EMPLOYEE: ["installation_confirm"]}
    page = link_in(app, EMPLOYEE, "/i/confirm/")
    client = app.test_client()
    assert client.get(f"/{page}").status_code == 200
    assert client.form(f"/{page}").status_code == 200
    assert delivered(app, smtp, clock) == {
        EMPLOYEE: [f"signed_off + {number}-signed.pdf", "survey"],
    }


def test_an_installation_approved_and_rejected_from_the_mail(app, users, login_as, smtp, clock):
    request_installation(login_as)
    delivered(app, smtp, clock)
    page = link_in(app, APPROVER, "/i/decide/")
    client = app.test_client()
    assert client.get(f"/{page}").status_code == 200
    refused = client.form(f"/{page}", {"decision": "reject", "reason": " "})
    assert refused.status_code == 422 and "reason" in refused.get_data(as_text=True)
    assert delivered(app, smtp, clock) == {}
    assert client.form(f"/{page}", {"decision": "reject", "reason": "预算不够"}).status_code == 200
    # the ticket is cancelled without its own mail: the rejection says it all
    assert delivered(app, smtp, clock) == {EMPLOYEE: ["rejected"]}


def test_an_incident_closed_automatically(app, users, login_as, smtp, clock):
    with app.app_context():
        number = open_ticket(users["employee"], now=utcnow()).number
    assert delivered(app, smtp, clock) == {EMPLOYEE: ["acknowledge"]}
    agent = login_as("agent")
    assert agent.form(f"/tickets/{number}/act", {"action": "accept"}).status_code == 302
    assert delivered(app, smtp, clock, minutes=1) == {}
    dispatch = {"action": "dispatch", "engineer": ENGINEER}
    assert agent.form(f"/tickets/{number}/act", dispatch).status_code == 302
    assert delivered(app, smtp, clock, minutes=1) == {ENGINEER: ["dispatch"]}
    engineer = login_as("engineer")
    assert engineer.form(f"/tickets/{number}/act", {"action": "arrive"}).status_code == 302
    assert delivered(app, smtp, clock, minutes=8) == {}
    resolved = engineer.form(f"/tickets/{number}/act", {"action": "resolve", "note": "证书已更新"})
    assert resolved.status_code == 302
    assert delivered(app, smtp, clock, minutes=5) == {EMPLOYEE: ["resolved"]}
    clock.shift(timedelta(days=7))
    with app.app_context():
        assert close_unconfirmed(utcnow()) == 1
        db.session.commit()
    assert delivered(app, smtp, clock) == {EMPLOYEE: ["status", "survey"]}
    # one star from the mail: the page records it, the complaint opens, both sides hear of it
    with app.app_context():
        get_contract().customer_service_manager_id = users["manager"]
        db.session.commit()
    links = [w for w in survey_body(app).split() if "/s/" in w]
    one = "/" + links[4].split("://", 1)[1].split("/", 1)[1]
    client = app.test_client()
    client.get(one)
    assert delivered(app, smtp, clock) == {}  # opening the page alone votes nothing
    page = client.get(one).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(f"{one}/rate", data={"csrf_token": token}).status_code == 200
    assert delivered(app, smtp, clock) == {
        MANAGER: ["complaint"],
        EMPLOYEE: ["complaint_opened"],
    }


def test_an_incident_the_requester_confirms(app, users, login_as, smtp, clock):
    with app.app_context():
        number = open_ticket(users["employee"], now=utcnow()).number
    agent = login_as("agent")
    agent.form(f"/tickets/{number}/act", {"action": "accept"})
    agent.form(f"/tickets/{number}/act", {"action": "resolve", "note": "远程已修复"})
    assert delivered(app, smtp, clock, minutes=5) == {EMPLOYEE: ["acknowledge", "resolved"]}
    page = link_in(app, EMPLOYEE, "/t/confirm/")
    client = app.test_client()
    assert client.form(f"/{page}").status_code == 200
    # they closed it themselves: no status mail, only the survey
    assert delivered(app, smtp, clock) == {EMPLOYEE: ["survey"]}


def test_send_again_replaces_the_held_back_confirmation(app, users, login_as, smtp, clock):
    number = request_installation(login_as)
    login_as("approver").form(f"/installations/{number}/approve")
    engineer = login_as("engineer")
    engineer.form(f"/installations/{number}/install", SET)
    delivered(app, smtp, clock)
    assert engineer.form(f"/installations/{number}/request-confirmation").status_code == 302
    assert delivered(app, smtp, clock) == {EMPLOYEE: ["installation_confirm"]}
    assert delivered(app, smtp, clock, minutes=30) == {}  # the held-back one was replaced
