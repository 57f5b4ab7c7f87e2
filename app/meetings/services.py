"""Writes for meetings (flush, never commit): meetings, action items, the schedule."""

from dataclasses import dataclass, field
from datetime import date, datetime

from app.accounts.models import User
from app.audit.services import changes, record
from app.extensions import db
from app.meetings import policy, rules
from app.meetings.errors import MeetingError
from app.meetings.models import ActionItem, Meeting, MeetingSchedule


@dataclass
class MeetingInput:
    kind: str
    starts_at: datetime | None
    ends_at: datetime | None = None
    title: str = ""
    location: str = ""
    attendees: list[User] = field(default_factory=list)
    external: str = ""
    agenda: str = ""
    minutes_markdown: str = ""
    decisions: str = ""
    report_id: int | None = None


TEXTS = ("title", "location", "external", "agenda", "minutes_markdown", "decisions")


def refusals(data: MeetingInput) -> dict[str, str]:
    found = {}
    if data.kind not in rules.KINDS:
        found["kind"] = "required"
    for name in TEXTS:
        limit = 200 if name in ("title", "location") else rules.MAX_TEXT
        if code := rules.text_refusal(getattr(data, name) or "", limit):
            found[name] = code
    if code := rules.time_refusal(data.starts_at, data.ends_at):
        found["ends_at" if code == "end_before_start" else "starts_at"] = code
    return found


def save_meeting(meeting: Meeting | None, data: MeetingInput, *, actor, now) -> Meeting:
    """Record a new meeting or change one; nothing is written when a field is refused."""
    if found := refusals(data):
        raise MeetingError(found)
    fields = {
        "kind": data.kind,
        "title": data.title.strip(),
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "location": data.location.strip(),
        "external_attendees": rules.external_names(data.external),
        "agenda": data.agenda,
        "minutes_markdown": data.minutes_markdown,
        "decisions": data.decisions,
        "report_id": data.report_id,
    }
    new = meeting is None
    if new:
        meeting = Meeting(created_by_id=actor.id, created_at=now)
        db.session.add(meeting)
        diff = {}
    else:
        diff = changes(meeting, fields)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.attendees = list({u.id: u for u in data.attendees}.values())
    meeting.updated_at = now
    db.session.flush()
    record(actor, "meeting.create" if new else "meeting.update", meeting, diff, now=now)
    return meeting


def add_action_item(
    meeting: Meeting, title: str, owner: User | None, due_on: date | None, *, actor, now
) -> ActionItem:
    found = {}
    title = (title or "").strip()
    if not title:
        found["title"] = "title"
    elif code := rules.text_refusal(title, 300):
        found["title"] = code
    if owner is None:
        found["owner_id"] = "owner"
    elif not policy.may_own_items(owner):
        found["owner_id"] = "owner_role"
    if found:
        raise MeetingError(found)
    item = ActionItem(meeting=meeting, title=title, owner=owner, due_on=due_on, created_at=now)
    db.session.add(item)
    db.session.flush()
    record(actor, "meeting.action_item", meeting, {"item": item.id, "owner": owner.id}, now=now)
    return item


def set_item_status(item: ActionItem, status: str, *, actor, now) -> None:
    if status not in rules.ACTION_STATUSES:
        raise MeetingError({"status": "status"})
    if item.status == status:
        return
    before, item.status = item.status, status
    item.closed_at = None if status == "open" else now
    db.session.flush()
    record(
        actor,
        "meeting.action_status",
        item.meeting,
        {"item": item.id, "from": before, "to": status},
        now=now,
    )


@dataclass
class ScheduleInput:
    kind: str
    cadence: str
    week: int
    weekday: int
    start_time: str
    duration_minutes: int
    location: str = ""
    active: bool = True


def save_schedule(data: ScheduleInput, *, actor, now) -> MeetingSchedule:
    """The contract's regular meeting of this kind (one per kind)."""
    found = {}
    if data.kind not in rules.KINDS:
        found["kind"] = "required"
    if data.cadence not in rules.CADENCES:
        found["cadence"] = "required"
    if data.week not in rules.WEEKS or not 0 <= data.weekday <= 6:
        found["week"] = "required"
    if rules.parse_clock(data.start_time) is None:
        found["start_time"] = "time"
    if not 15 <= data.duration_minutes <= 600:
        found["duration_minutes"] = "required"
    if code := rules.text_refusal(data.location, 200):
        found["location"] = code
    if found:
        raise MeetingError(found)
    schedule = db.session.scalar(
        db.select(MeetingSchedule).where(MeetingSchedule.kind == data.kind)
    ) or MeetingSchedule(kind=data.kind)
    db.session.add(schedule)
    for name in ("cadence", "week", "weekday", "start_time", "duration_minutes", "location"):
        setattr(schedule, name, getattr(data, name))
    schedule.active = data.active
    db.session.flush()
    record(actor, "meeting.schedule", schedule, {"kind": data.kind}, now=now)
    return schedule
