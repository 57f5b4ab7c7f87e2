"""The complaint log over the API (API.md: /api/v1/complaints)."""

from flask import jsonify, request

from app.api import bp, openapi
from app.api.common import ApiError, actor, paginate, validation_error
from app.complaints import policy, queries, rules
from app.complaints.labels import description_of, title_of
from app.complaints.models import Complaint
from app.extensions import db
from app.web.access import allow
from app.web.i18n import iso


def person(user) -> dict | None:
    return {"email": user.email, "name": user.name} if user else None


def complaint_summary(complaint: Complaint) -> dict:
    return {
        "number": complaint.number,
        "kind": complaint.kind,
        "source": complaint.source,
        "title": title_of(complaint),
        "severity": complaint.severity,
        "status": complaint.status,
        "complainant": person(complaint.complainant),
        "owner": person(complaint.owner),
        "ticket": complaint.ticket.number if complaint.ticket else None,
        "due_at": iso(complaint.due_at),
        "created_at": iso(complaint.created_at),
        "updated_at": iso(complaint.updated_at),
        "closed_at": iso(complaint.closed_at),
    }


def complaint_detail(complaint: Complaint) -> dict:
    body = complaint_summary(complaint)
    body.update(
        description=description_of(complaint),
        outcome=complaint.outcome,
        resolved_at=iso(complaint.resolved_at),
        acknowledgement={
            "at": iso(complaint.acknowledged_at),
            "by": person(complaint.acknowledged_by),
            "note": complaint.acknowledgement_note,
        }
        if complaint.acknowledged_at
        else None,
        steps=[
            {"text": step.text, "done_at": iso(step.done_at), "done_by": person(step.done_by)}
            for step in complaint.steps
        ],
        history=[
            {
                "at": iso(event.at),
                "actor": event.actor.email if event.actor else None,
                "action": event.action,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "note": event.note,
            }
            for event in db.session.scalars(queries.history(complaint))
        ],
    )
    return body


@bp.get("/complaints")
@allow(policy.AUDIENCE)
def list_complaints():
    """The complaints the caller may see: status open (default) | all | one status; kind."""
    filters = {name: request.args.get(name, "") for name in ("status", "kind", "severity")}
    if filters["status"] not in ("", "open", "all", *rules.STATUSES):
        raise validation_error({"status": f"open, all or one of {', '.join(rules.STATUSES)}."})
    if filters["kind"] not in ("", *rules.KINDS):
        raise validation_error({"kind": f"One of {', '.join(rules.KINDS)}."})
    if filters["severity"] not in ("", *rules.SEVERITIES):
        raise validation_error({"severity": f"One of {', '.join(rules.SEVERITIES)}."})
    return jsonify(paginate(queries.log(actor(), filters), complaint_summary))


@bp.get("/complaints/<number>")
@allow(policy.AUDIENCE)
def get_complaint(number: str):
    """One complaint with its agreed steps, outcome, acknowledgement and history."""
    user = actor()
    complaint = db.session.scalar(queries.get_by_number(number))
    if complaint is None or not policy.can_view(user, complaint):
        raise ApiError(404, "No such complaint.", "not_found")
    return jsonify(complaint_detail(complaint))


openapi.add(
    "/api/v1/complaints",
    get=openapi.op(
        "List the complaints and major incidents the caller may see",
        params=(
            openapi.query("status", "open (default) | all | open | in_progress | …"),
            openapi.query("kind", "complaint | major_incident"),
            openapi.query("severity", "high | medium | low"),
            *openapi.PAGE_PARAMS,
        ),
        list_of=True,
        errors=(400, 403),
    ),
)
openapi.add(
    "/api/v1/complaints/{number}",
    get=openapi.op("One complaint", params=(openapi.path_param("number"),), errors=(403, 404)),
)
