"""Changes over the API (API.md, Changes)."""

import sqlalchemy as sa
from flask import jsonify, request

from app.accounts.models import Department
from app.accounts.roles import APPROVERS, STAFF
from app.api import bp, openapi
from app.api.common import ApiError, actor, json_body, paginate, parse_time, validation_error
from app.changes import cmdb, labels, policy, queries, rules, services
from app.changes.models import Change
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.tickets.api import text_field
from app.web.access import allow
from app.web.hooks import change_problems
from app.web.i18n import iso

READERS = STAFF | APPROVERS


def change_body(change: Change) -> dict:
    return {
        "number": change.number,
        "title": change.title,
        "kind": change.kind,
        "category": change.category,
        "status": change.status,
        "approval": change.approval,
        "initiator": change.initiator,
        "description": change.description,
        "reason": change.reason,
        "risk_likelihood": change.risk_likelihood,
        "risk_impact": change.risk_impact,
        "risk": change.risk,
        "risk_reason": labels.risk_reason(change),  # in the token owner's language
        "urgency": change.urgency,
        "priority": change.priority,
        "implementation_plan": change.implementation_plan,
        "backout_plan": change.backout_plan,
        "test_plan": change.test_plan,
        "planned_start": iso(change.planned_start),
        "planned_end": iso(change.planned_end),
        "department": change.department.code if change.department else None,
        "assets": list(change.asset_tags or []),
        "asset_updates": dict(change.asset_updates or {}),
        "tickets": list(change.ticket_numbers or []),
        "problems": change_problems().numbers(change),
        "requested_by": change.requested_by.email if change.requested_by else None,
        "created_at": iso(change.created_at),
        "submitted_at": iso(change.submitted_at),
        "updated_at": iso(change.updated_at),
    }


def change_detail(change: Change) -> dict:
    body = change_body(change)
    hours = get_contract().emergency_approval_hours
    body["approval_due_at"] = (
        iso(rules.approval_due(change.submitted_at, hours)) if change.kind == "emergency" else None
    )
    body["approval_overdue"] = rules.approval_overdue(
        change.kind, change.approval, change.submitted_at, hours, utcnow()
    )
    body["decisions"] = [
        {
            "at": iso(d.at),
            "approver": d.approver.email,
            "decision": d.decision,
            "via": d.via,
            "comment": d.comment,
            "after_the_fact": d.after_the_fact,
        }
        for d in change.decisions
    ]
    body["history"] = [
        {
            "at": iso(e.at),
            "actor": e.actor.email if e.actor else None,
            "action": e.action,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "note": e.note,
        }
        for e in db.session.scalars(queries.history(change))
    ]
    return body


def visible_change_or_404(number: str, user) -> Change:
    change = db.session.scalar(queries.get_by_number(number))
    if change is None or not policy.can_view(user, change):
        raise ApiError(404, "No such change.", "not_found")
    return change


def string_list(body: dict, name: str) -> list[str]:
    value = body.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise validation_error({name: "A list of strings."})
    return value


def optional_time(body: dict, name: str):
    return parse_time(body[name], name) if body.get(name) else None


def department_id(body: dict) -> int | None:
    code = text_field(body, "department")
    if not code:
        return None
    department = db.session.scalar(sa.select(Department).where(Department.code == code))
    if department is None:
        raise validation_error({"department": "Unknown department code."})
    return department.id


def asset_updates(body: dict) -> dict:
    value = body.get("asset_updates") or {}
    if not isinstance(value, dict) or not all(
        isinstance(v, dict) and all(k in rules.UPDATABLE_FIELDS for k in v) for v in value.values()
    ):
        raise validation_error(
            {"asset_updates": f"{{tag: {{field: value}}}} with fields {rules.UPDATABLE_FIELDS}."}
        )
    return {tag: {k: str(v) for k, v in fields.items()} for tag, fields in value.items()}


@bp.post("/changes")
@allow(STAFF)
def create_change():
    """Request a change (the vendor's staff); the risk level is derived from likelihood × impact."""
    user = actor()
    body = json_body()
    template = body.get("template")
    data = services.ChangeData(
        title=text_field(body, "title"),
        kind=text_field(body, "kind"),
        category=text_field(body, "category", "other"),
        risk_likelihood=text_field(body, "risk_likelihood", "low"),
        risk_impact=text_field(body, "risk_impact", "low"),
        description=text_field(body, "description"),
        reason=text_field(body, "reason"),
        initiator=text_field(body, "initiator", "vendor"),
        implementation_plan=text_field(body, "implementation_plan"),
        backout_plan=text_field(body, "backout_plan"),
        test_plan=text_field(body, "test_plan"),
        planned_start=optional_time(body, "planned_start"),
        planned_end=optional_time(body, "planned_end"),
        urgency=text_field(body, "urgency", "medium"),
        department_id=department_id(body),
        template_id=template if isinstance(template, int) else None,
        asset_tags=string_list(body, "assets"),
        asset_updates=asset_updates(body),
        ticket_numbers=string_list(body, "tickets"),
        problem_numbers=string_list(body, "problems"),
    )
    try:
        change = services.create_change(data, actor=user, now=utcnow(), contract=get_contract())
    except services.ChangeError as error:
        raise validation_error(error.fields, str(error)) from None
    return jsonify(change_detail(change)), 201


@bp.get("/changes")
@allow(READERS)
def list_changes():
    """Changes, filtered by status (or open) and kind."""
    actor()
    filters = {key: request.args.get(key, "") for key in ("status", "kind", "q")}
    if filters["status"] and filters["status"] not in (*rules.STATUSES, "open"):
        raise validation_error({"status": f"open or one of {', '.join(rules.STATUSES)}."})
    return jsonify(paginate(queries.listing(filters), change_body))


@bp.get("/changes/<number>")
@allow(READERS)
def get_change(number: str):
    """One change with its decisions and history."""
    return jsonify(change_detail(visible_change_or_404(number, actor())))


@bp.post("/changes/<number>/actions")
@allow(READERS)
def change_action(number: str):
    """A status step, or an approver's decision; 409 when the state does not allow it."""
    user = actor()
    change = visible_change_or_404(number, user)
    body = json_body()
    action = text_field(body, "action")
    note = text_field(body, "note")
    if action not in rules.ACTIONS:
        raise validation_error({"action": f"One of {', '.join(rules.ACTIONS)}."})
    if not policy.can_act(user, change, action):
        raise ApiError(403, f"You may not {action} this change.", "forbidden")
    try:
        if action in rules.DECISIONS:
            services.decide(
                change, user, action, now=utcnow(), comment=note, via="api", ip=request.remote_addr
            )
        else:
            services.act(
                change,
                action,
                actor=user,
                now=utcnow(),
                contract=get_contract(),
                note=note,
                expected_version=version
                if isinstance(version := body.get("version"), int)
                else None,
            )
    except rules.TransitionError as error:
        raise ApiError(409, str(error), "conflict") from None
    except services.ConflictError:
        raise ApiError(409, "The change was edited meanwhile; reload it.", "conflict") from None
    except services.ChangeError as error:
        raise validation_error(error.fields, str(error)) from None
    except cmdb.asset_error_type() as error:
        raise ApiError(422, str(error), "asset_refused") from None
    return jsonify(change_detail(change))


NUMBER = openapi.path_param("number")
LEVEL = {"enum": list(rules.LEVELS)}
openapi.SCHEMAS["NewChange"] = {
    "type": "object",
    "required": ["title", "kind"],
    "properties": {
        "title": {"type": "string", "maxLength": 200},
        "kind": {"enum": list(rules.KINDS)},
        "category": {"enum": list(rules.CATEGORIES)},
        "description": {"type": "string"},
        "reason": {"type": "string"},
        "risk_likelihood": LEVEL,
        "risk_impact": LEVEL,
        "urgency": LEVEL,
        "implementation_plan": {"type": "string"},
        "backout_plan": {"type": "string", "description": "Required for normal and emergency."},
        "test_plan": {"type": "string"},
        "planned_start": {"type": "string", "format": "date-time"},
        "planned_end": {"type": "string", "format": "date-time"},
        "initiator": {"enum": list(rules.INITIATORS)},
        "department": {"type": "string", "description": "Department code"},
        "template": {"type": "integer", "description": "Standard-change template id"},
        "assets": {"type": "array", "items": {"type": "string"}},
        "asset_updates": {
            "type": "object",
            "description": "{tag: {field: value}} applied to the register on completion",
        },
        "tickets": {"type": "array", "items": {"type": "string"}},
        "problems": {"type": "array", "items": {"type": "string"}},
    },
}
openapi.SCHEMAS["ChangeAction"] = {
    "type": "object",
    "required": ["action"],
    "properties": {
        "action": {"enum": list(rules.ACTIONS)},
        "note": {"type": "string", "description": "The comment of a decision"},
        "version": {"type": "integer"},
    },
}
openapi.add(
    "/api/v1/changes",
    post=openapi.op("Request a change", body="NewChange", ok=201, errors=(400, 403)),
    get=openapi.op(
        "List changes",
        params=(openapi.query("status"), openapi.query("kind"), openapi.query("q"))
        + openapi.PAGE_PARAMS,
        list_of=True,
        errors=(400, 403),
    ),
)
openapi.add(
    "/api/v1/changes/{number}",
    get=openapi.op("One change", params=(NUMBER,), errors=(403, 404)),
)
openapi.add(
    "/api/v1/changes/{number}/actions",
    post=openapi.op(
        "Act on or decide a change",
        params=(NUMBER,),
        body="ChangeAction",
        errors=(400, 403, 404, 409, 422),
    ),
)
