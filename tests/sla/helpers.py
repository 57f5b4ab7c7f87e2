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


def service_levels_form(**overrides) -> dict:
    """The contract page's service-level section as the browser posts it, with the defaults;
    a target is given as (amount, unit), a matrix cell as matrix_<urgency>_<impact>."""
    targets = {
        "response_email": (5, "minutes"),
        "response_web": (5, "minutes"),
        "remote_limit_hw": (5, "minutes"),
        "remote_limit_sys": (10, "minutes"),
        "onsite_arrival": (10, "minutes"),
        "resolution_p1": (4, "hours"),
        "resolution_p2": (8, "hours"),
        "resolution_p3": (3, "working_days"),
        "resolution_p4": (5, "working_days"),
    }
    matrix = {
        "high": {"high": "P1", "medium": "P2", "low": "P3"},
        "medium": {"high": "P2", "medium": "P3", "low": "P4"},
        "low": {"high": "P3", "medium": "P4", "low": "P4"},
    }
    data = {
        "phone_ring_limit": "5",
        "sla_warning_percent": "80",
        "auto_close_business_days": "3",
        "vip_raises_priority": "y",
        "calendar_response": "office",
        "calendar_remote_limit": "office",
        "calendar_onsite_arrival": "office",
        **{f"calendar_resolution_P{n}": "office" for n in range(1, 5)},
        **{f"matrix_{u}_{i}": p for u, row in matrix.items() for i, p in row.items()},
    }
    for name, value in overrides.items():
        if name in targets:
            targets[name] = value
        elif value is None:
            data.pop(name, None)
        else:
            data[name] = value
    for name, (amount, unit) in targets.items():
        data[f"{name}-amount"], data[f"{name}-unit"] = str(amount), unit
    return data
