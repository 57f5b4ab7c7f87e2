"""Contacts, tokens and times for the SLA tests (tickets come from tests.factories)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.services import issue_token, user_by_email
from app.contracts.services import get_contract
from app.extensions import db
from app.mail.models import OutboxMessage
from tests.conftest import ROLE_EMAILS, make_user

SH = ZoneInfo("Asia/Shanghai")


def sh(*parts: int) -> datetime:
    """A Shanghai wall-clock time."""
    return datetime(*parts, tzinfo=SH)


def bearer(app, role: str) -> dict:
    with app.app_context():
        token = issue_token(user_by_email(ROLE_EMAILS[role]), actor=None)
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def staff_contract():
    """The contract with a desk lead, the manager as vendor PM and the approver as client IT."""
    contract = get_contract()
    lead = make_user("agent", "lead@vendor.test", name="Desk Lead")
    contract.customer_service_manager_id = lead.id
    contract.vendor_project_manager_id = user("manager").id
    contract.client_it_contact_id = user("approver").id
    db.session.flush()
    return contract


def user(role: str) -> User:
    return user_by_email(ROLE_EMAILS[role])


def sla_mail() -> list[tuple[str, str]]:
    """(recipient, subject) of every SLA mail in the outbox."""
    rows = db.session.execute(
        sa.select(OutboxMessage.recipient, OutboxMessage.subject).order_by(OutboxMessage.id)
    ).all()
    return [(to, subject) for to, subject in rows if "SLA" in subject]
