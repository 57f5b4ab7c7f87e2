"""Meetings made directly through the services, for the page, mail and API tests."""

from datetime import date, datetime, timedelta

from app.accounts.services import user_by_email
from app.extensions import db, utcnow
from app.meetings import services
from tests.conftest import ROLE_EMAILS


def user(role: str):
    return user_by_email(ROLE_EMAILS[role])


def meeting(attendees=("manager", "approver"), *, starts_at: datetime | None = None, **fields):
    starts = starts_at or utcnow() - timedelta(days=2)
    data = services.MeetingInput(
        kind=fields.pop("kind", "service_review"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        attendees=[user(role) for role in attendees],
        **fields,
    )
    made = services.save_meeting(None, data, actor=user("manager"), now=utcnow())
    db.session.flush()
    return made


def item(meeting, owner="agent", due_on: date | None = None, status="open", title="Check"):
    made = services.add_action_item(
        meeting, title, user(owner), due_on, actor=user("manager"), now=utcnow()
    )
    if status != "open":
        services.set_item_status(made, status, actor=user("manager"), now=utcnow())
    return made
