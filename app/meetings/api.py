"""Meetings over the API: GET /api/v1/meetings (the vendor's people)."""

from flask import jsonify

from app.api import bp, openapi
from app.api.common import actor, paginate
from app.extensions import utcnow
from app.meetings import policy, queries, rules
from app.web.access import allow
from app.web.i18n import SHANGHAI, iso


def meeting_body(today):
    def serialize(meeting) -> dict:
        return {
            "id": meeting.id,
            "date": meeting.starts_at.astimezone(SHANGHAI).date().isoformat(),
            "kind": meeting.kind,
            "title": meeting.title,
            "starts_at": iso(meeting.starts_at),
            "ends_at": iso(meeting.ends_at),
            "location": meeting.location,
            "attendees": [
                {"name": person.name, "email": person.email} for person in meeting.attendees
            ]
            + [{"name": name, "email": None} for name in meeting.external_attendees or []],
            "decisions": rules.lines(meeting.decisions),
            "minutes_sent_at": iso(meeting.minutes_sent_at),
            "action_items": [
                {
                    "title": item.title,
                    "owner": {"name": item.owner.name, "email": item.owner.email},
                    "due": item.due_on.isoformat() if item.due_on else None,
                    "status": item.status,
                    "overdue": rules.is_overdue(item.due_on, item.status, today),
                }
                for item in meeting.action_items
            ],
        }

    return serialize


@bp.get("/meetings")
@allow(policy.STAFF_READERS)
def list_meetings():
    """Management meetings, latest first, with attendees and action items."""
    today = queries.local_today(utcnow())
    return jsonify(paginate(queries.visible_meetings(actor()), meeting_body(today)))


openapi.add(
    "/api/v1/meetings",
    get=openapi.op(
        "Management meetings with their action items",
        params=openapi.PAGE_PARAMS,
        list_of=True,
        errors=(400,),
    ),
)
