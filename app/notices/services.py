"""Writes for notices (flush, never commit): publishing, mailing, dismissing, the change
announcements, and the client's notices with their acknowledgement."""

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from app.accounts.models import Department
from app.audit.services import changes, record
from app.extensions import db
from app.notices import notify, queries, rules
from app.notices.errors import AlreadyAcknowledged, NoticeError
from app.notices.models import ClientNotice, Notice, NoticeDismissal


@dataclass
class NoticeInput:
    kind: str
    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    body: str = ""
    department_ids: list[int] = field(default_factory=list)
    locations: str = ""


def refusals(data: NoticeInput) -> dict[str, str]:
    found = {}
    if data.kind not in rules.KINDS:
        found["kind"] = "kind"
    if not data.title.strip():
        found["title"] = "required"
    elif code := rules.text_refusal(data.title, rules.MAX_TITLE):
        found["title"] = code
    for name in ("body", "locations"):
        if code := rules.text_refusal(getattr(data, name)):
            found[name] = code
    if code := rules.period_refusal(data.starts_at, data.ends_at):
        found["ends_at" if code == "end_before_start" else "starts_at"] = code
    if data.department_ids:
        known = db.session.scalar(
            sa.select(sa.func.count(Department.id)).where(Department.id.in_(data.department_ids))
        )
        if known != len(set(data.department_ids)):
            found["department_ids"] = "department"
    return found


def save_notice(notice: Notice | None, data: NoticeInput, *, actor, now) -> Notice:
    """Publish a notice or change one; nothing is written when a field is refused."""
    if found := refusals(data):
        raise NoticeError(found)
    fields = {
        "kind": data.kind,
        "title": data.title.strip(),
        "body": data.body,
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "department_ids": sorted(set(data.department_ids)),
        "locations": rules.parse_locations(data.locations),
    }
    new = notice is None
    if new:
        notice = Notice(created_by_id=getattr(actor, "id", None), created_at=now)
        db.session.add(notice)
        diff = {}
    else:
        diff = changes(notice, fields)
    for name, value in fields.items():
        setattr(notice, name, value)
    notice.updated_at = now
    db.session.flush()
    record(actor, "notice.publish" if new else "notice.update", notice, diff, now=now)
    return notice


def request_mail(notice: Notice, *, actor, now) -> int | None:
    """Mail the notice to its audience once: now for a small audience (how many), else the
    worker does it (None)."""
    if notice.mail_requested_at is not None:
        return 0
    notice.mail_requested_at = now
    record(actor, "notice.mail", notice, {}, now=now)
    people = queries.audience(notice)
    if len(people) > rules.MAIL_IN_REQUEST:
        return None
    notify.notice(notice, people)
    notice.mailed_at = now
    return len(people)


def mail_waiting(now: datetime) -> int:
    """The worker mails the notices whose large audience was left to it."""
    count = 0
    for notice in queries.waiting_for_mail():
        people = queries.audience(notice)
        notify.notice(notice, people)
        notice.mailed_at = now
        count += len(people)
    return count


def dismiss(notice: Notice, user, *, now) -> None:
    """Close a banner for this user (again is a no-op)."""
    if db.session.get(NoticeDismissal, (notice.id, user.id)) is None:
        db.session.add(NoticeDismissal(notice_id=notice.id, user_id=user.id, at=now))
        db.session.flush()


def announce_change(
    number: str,
    title: str,
    description: str,
    *,
    planned_start: datetime,
    planned_end: datetime,
    department_id: int | None,
    actor,
    now: datetime,
) -> Notice | None:
    """A planned change's announcement shown as a maintenance notice from now until its
    window ends (one notice per change, moved when the change is rescheduled)."""
    starts = min(now, planned_start)
    if planned_end <= starts:
        return None
    data = NoticeInput(
        kind="maintenance",
        title=f"{number} · {title}"[: rules.MAX_TITLE],
        starts_at=starts,
        ends_at=planned_end,
        body=(description or "")[: rules.MAX_TEXT].replace("\x00", ""),
        department_ids=[department_id] if department_id else [],
    )
    notice = queries.by_change(number)
    notice = save_notice(notice, data, actor=actor, now=now)
    notice.change_number = number
    return notice


@dataclass
class ClientNoticeInput:
    kind: str
    effective_on: date | None
    description: str


def record_client_notice(data: ClientNoticeInput, *, actor, now) -> ClientNotice:
    found = {}
    if data.kind not in rules.CLIENT_KINDS:
        found["kind"] = "kind"
    if data.effective_on is None:
        found["effective_on"] = "required"
    if not data.description.strip():
        found["description"] = "required"
    elif code := rules.text_refusal(data.description):
        found["description"] = code
    if found:
        raise NoticeError(found)
    notice = ClientNotice(
        kind=data.kind,
        effective_on=data.effective_on,
        description=data.description.strip(),
        recorded_by_id=actor.id,
        recorded_at=now,
    )
    db.session.add(notice)
    db.session.flush()
    record(actor, "client_notice.record", notice, {"kind": data.kind}, now=now)
    return notice


def acknowledge(notice: ClientNotice, follow_up: str, *, actor, now) -> None:
    """The vendor's manager has read it and says what follows (a change number, a note, a
    link or another record's number)."""
    if code := rules.text_refusal(follow_up):
        raise NoticeError({"follow_up": code})
    claimed = db.session.execute(
        sa.update(ClientNotice)
        .where(ClientNotice.id == notice.id, ClientNotice.acknowledged_at.is_(None))
        .values(acknowledged_at=now, acknowledged_by_id=actor.id, follow_up=follow_up.strip())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise AlreadyAcknowledged()
    db.session.refresh(notice)
    record(actor, "client_notice.acknowledge", notice, {"follow_up": follow_up[:200]}, now=now)
