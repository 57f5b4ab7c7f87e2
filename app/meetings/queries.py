"""Reads for meeting lists, dashboards and the API."""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.meetings import policy, rules
from app.meetings.models import ActionItem, Meeting, MeetingSchedule, meeting_attendees
from app.web.i18n import SHANGHAI


def visible_meetings(user) -> sa.Select:
    """The meetings `user` may read, latest first."""
    select = sa.select(Meeting).order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    if policy.sees_all(user):
        return select
    attended = sa.select(meeting_attendees.c.meeting_id).where(
        meeting_attendees.c.user_id == user.id
    )
    return select.where(Meeting.id.in_(attended))


def meeting(meeting_id: int) -> Meeting | None:
    return db.session.get(Meeting, meeting_id)


def open_items_of(user) -> list[ActionItem]:
    """The user's open action items, soonest due first (no due date last)."""
    return db.session.scalars(
        sa.select(ActionItem)
        .where(ActionItem.owner_id == user.id, ActionItem.status == "open")
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
    ).all()


def overdue_items(today: date) -> list[ActionItem]:
    """Open items due before `today` (rules.is_overdue decides), oldest due first."""
    candidates = db.session.scalars(
        sa.select(ActionItem).where(ActionItem.status == "open", ActionItem.due_on < today)
    ).all()
    return rules.overdue_items(candidates, today)


def local_today(now: datetime) -> date:
    """Due dates are the contract's calendar days (Shanghai)."""
    return now.astimezone(SHANGHAI).date()


def schedules() -> list[MeetingSchedule]:
    return db.session.scalars(sa.select(MeetingSchedule).order_by(MeetingSchedule.kind)).all()


def proposals(schedule: MeetingSchedule, now: datetime, count: int = 3) -> list[dict]:
    """The schedule's next meetings from today, skipping days a meeting of its kind is held."""
    today = local_today(now)
    held = {
        m.starts_at.astimezone(SHANGHAI).date()
        for m in db.session.scalars(
            sa.select(Meeting).where(
                Meeting.kind == schedule.kind,
                Meeting.starts_at >= now - timedelta(days=1),
            )
        )
    }
    clock = rules.parse_clock(schedule.start_time) or time(10, 0)
    found = []
    for day in rules.next_dates(schedule.cadence, schedule.weekday, schedule.week, today, count):
        starts = datetime.combine(day, clock, SHANGHAI)
        found.append(
            {
                "kind": schedule.kind,
                "starts_at": starts,
                "ends_at": starts + timedelta(minutes=schedule.duration_minutes),
                "location": schedule.location,
                "held": day in held,
            }
        )
    return found
