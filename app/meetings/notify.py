"""The minutes by mail through the outbox: one mail per attendee, in their language, with the
PDF of that language attached (S18: regular management meetings)."""

from flask_babel import gettext as _

from app.audit.services import record
from app.mail.outbox import external_url, queue, recipient_language
from app.meetings import pdf
from app.meetings.labels import kind_label

THREAD_HEADER = "X-Deskpact-Meeting"


def minutes(meeting, *, actor, now) -> int:
    """Queue the minutes to every active attendee with an address; how many were queued."""
    people = [p for p in meeting.attendees if p.active and p.email]
    files: dict[str, str] = {}
    for person in people:
        lang = recipient_language(person)
        if lang not in files:
            files[lang] = pdf.store(meeting, lang, pdf.render(meeting, lang))
        message = queue(
            person,
            "meeting_minutes",
            subject=lambda ctx: _(
                "Minutes: %(kind)s of %(day)s",
                kind=kind_label(meeting.kind),
                day=meeting.starts_at.date().isoformat(),
            ),
            headers={THREAD_HEADER: str(meeting.id)},
            language=lang,
            meeting=meeting,
            url=external_url("meetings.detail", meeting_id=meeting.id),
        )
        message.attachment_path = files[lang]
    if people:
        meeting.minutes_sent_at = now
        record(actor, "meeting.minutes_sent", meeting, {"to": [p.email for p in people]}, now=now)
    return len(people)
