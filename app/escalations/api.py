"""Escalations over the API (API.md: /api/v1/escalations)."""

from flask import jsonify, request
from flask_babel import force_locale

from app.api import bp, openapi
from app.api.common import ApiError, actor, json_body, paginate, text_field, validation_error
from app.contracts.services import get_contract
from app.escalations import labels, policy, queries, rules, services, subjects
from app.escalations.templating import escalation_reason
from app.extensions import db, utcnow
from app.web.access import allow
from app.web.i18n import iso


def step_body(step) -> dict:
    return {
        "level": step.level,
        "notified": step.contact.email if step.contact else None,
        "notified_at": iso(step.notified_at),
        "climbs_at": iso(step.climbs_at),
        "confirmed_by": step.confirmed_by.email if step.confirmed_by else None,
        "confirmed_at": iso(step.confirmed_at),
    }


def escalation_body(escalation) -> dict:
    return {
        "number": escalation.number,
        "kind": escalation.kind,
        "subject": escalation.subject_number,
        "subject_type": escalation.subject_type,
        "reason": escalation_reason(escalation),
        "trigger": escalation.trigger,
        "status": escalation.status,
        "level": escalation.level,
        "owner": escalation.owner.email if escalation.owner else None,
        "opened_at": iso(escalation.opened_at),
        "closed_at": iso(escalation.closed_at),
        "outcome": escalation.outcome,
        "steps": [step_body(step) for step in escalation.steps],
    }


def refused(error: rules.EscalationError, user) -> ApiError:
    with force_locale(getattr(user, "language", None) or "en"):
        if error.fields:
            return validation_error(labels.field_messages(error.fields))
        return ApiError(409, labels.refusal(error.code), error.code)


@bp.get("/escalations")
@allow(policy.ESCALATORS)
def list_escalations():
    filters = {
        name: (request.args.get(name) or "")[:20] for name in ("kind", "status", "level", "month")
    }
    return jsonify(paginate(queries.log(filters), escalation_body))


@bp.post("/escalations")
@allow(policy.ESCALATORS)
def create_escalation():
    user = actor()
    body = json_body()
    subject = subjects.find(text_field(body, "subject"))
    if subject is None or not subjects.can_see(user, subject):
        raise validation_error({"subject": "No ticket, problem or complaint with this number."})
    try:
        escalation = services.open_escalation(
            subject, text_field(body, "kind"), text_field(body, "reason"),
            actor=user, now=utcnow(), contract=get_contract(),
        )  # fmt: skip
    except rules.EscalationError as error:
        raise refused(error, user) from None
    return jsonify(escalation_body(escalation)), 201


@bp.get("/escalations/<number>")
@allow(policy.ESCALATORS)
def get_escalation(number: str):
    escalation = db.session.scalar(queries.get_by_number(number))
    if escalation is None:
        raise ApiError(404, "No such escalation.", "not_found")
    return jsonify(escalation_body(escalation))


@bp.post("/escalations/<number>/actions")
@allow(policy.AUDIENCE)
def escalation_action(number: str):
    """confirm | raise | close, with a note (the outcome when closing)."""
    user = actor()
    escalation = db.session.scalar(queries.get_by_number(number))
    if escalation is None or not policy.can_view(user, escalation):
        raise ApiError(404, "No such escalation.", "not_found")
    body = json_body()
    action = text_field(body, "action")
    if action not in rules.ACTIONS:
        raise validation_error({"action": "One of " + ", ".join(rules.ACTIONS) + "."})
    if not policy.can_act(user, action, escalation):
        raise ApiError(403, "You may not do this with this escalation.", "forbidden")
    try:
        services.act(
            escalation, action, user, now=utcnow(), contract=get_contract(),
            note=text_field(body, "note"), via="api",
        )  # fmt: skip
    except rules.EscalationError as error:
        raise refused(error, user) from None
    return jsonify(escalation_body(escalation))


openapi.SCHEMAS["NewEscalation"] = {
    "type": "object",
    "required": ["subject", "kind", "reason"],
    "properties": {
        "subject": {"type": "string", "description": "A ticket, problem or complaint number"},
        "kind": {"enum": list(rules.KINDS)},
        "reason": {"type": "string", "maxLength": rules.MAX_REASON},
    },
}
openapi.SCHEMAS["EscalationAction"] = {
    "type": "object",
    "required": ["action"],
    "properties": {
        "action": {"enum": list(rules.ACTIONS)},
        "note": {"type": "string", "maxLength": rules.MAX_REASON},
    },
}
openapi.add(
    "/api/v1/escalations",
    get=openapi.op(
        "The escalation log",
        params=(
            openapi.query("kind", "service, technical, contract or personnel"),
            openapi.query("status", "open or closed"),
            openapi.query("level", "The level reached"),
            openapi.query("month", "YYYY-MM, opened in that month"),
            *openapi.PAGE_PARAMS,
        ),
        list_of=True,
    ),
    post=openapi.op("Escalate a record", body="NewEscalation", ok=201, errors=(400, 403)),
)
openapi.add(
    "/api/v1/escalations/{number}",
    get=openapi.op(
        "One escalation with its steps", params=(openapi.path_param("number"),), errors=(404,)
    ),
)
openapi.add(
    "/api/v1/escalations/{number}/actions",
    post=openapi.op(
        "Confirm, raise or close",
        params=(openapi.path_param("number"),),
        body="EscalationAction",
        errors=(400, 403, 404, 409),
    ),
)
