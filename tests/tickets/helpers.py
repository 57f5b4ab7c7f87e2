"""Opening and moving tickets in tests through the real services."""

from datetime import UTC, datetime

from app.accounts.models import User
from app.contracts.services import get_contract
from app.extensions import db
from app.tickets import services

MONDAY_0912 = datetime(2026, 11, 23, 1, 12, tzinfo=UTC)  # 09:12 in Shanghai


def open_ticket(
    requester_id: int,
    *,
    code="sys.network",
    channel="web",
    urgency="medium",
    impact="low",
    title="Cannot join the Wi-Fi",
    now=MONDAY_0912,
    actor_id=None,
):
    requester = db.session.get(User, requester_id)
    actor = db.session.get(User, actor_id) if actor_id else requester
    ticket = services.open_ticket(
        services.NewTicket(
            title=title,
            catalog_code=code,
            channel=channel,
            requester=requester,
            urgency=urgency,
            impact=impact,
        ),
        actor=actor,
        now=now,
        contract=get_contract(),
    )
    db.session.commit()
    return ticket


def act(ticket, action, actor_id, now, **kwargs):
    services.act(
        ticket,
        action,
        actor=db.session.get(User, actor_id),
        now=now,
        contract=get_contract(),
        **kwargs,
    )
    db.session.commit()
