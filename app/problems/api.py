"""Problems over the API (API.md: /api/v1/problems, its actions and recurrence candidates)."""

from flask import jsonify, request
from flask_babel import force_locale

from app.accounts.services import user_by_email
from app.api import bp, openapi
from app.api.common import ApiError, actor, json_body, paginate, text_field, validation_error
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.problems import detection, links, policy, queries, rules, services
from app.problems.errors import ConflictError, ProblemError
from app.problems.labels import event_text, refusal_text
from app.problems.models import Problem
from app.web.access import allow
from app.web.i18n import iso


def person(user) -> dict | None:
    return {"email": user.email, "name": user.name} if user else None


def problem_summary(problem: Problem) -> dict:
    return {
        "number": problem.number,
        "title": problem.title,
        "severity": problem.severity,
        "status": problem.status,
        "owner": person(problem.owner),
        "catalog_items": [item.code for item in problem.catalog_items],
        "assets": [asset.tag for asset in problem.assets],
        "created_at": iso(problem.created_at),
        "updated_at": iso(problem.updated_at),
        "resolved_at": iso(problem.resolved_at),
        "closed_at": iso(problem.closed_at),
    }


def problem_detail(problem: Problem) -> dict:
    body = problem_summary(problem)
    body.update(
        description=problem.description,
        cause=problem.cause.number if problem.cause else None,
        incidents=[t.number for t in links.incidents_of(problem)],
        changes=[c.number for c in links.changes_of(problem)],
        root_cause={
            "what_happened": problem.what_happened,
            "whys": [why.text for why in problem.whys],
            "fix": problem.fix,
            "workaround": problem.workaround,
            "prevention": problem.prevention,
            "agreed_by": [
                {"name": p.name, "side": p.side, "agreed_at": iso(p.agreed_at)}
                for p in problem.parties
            ],
        },
        history=[
            {
                "at": iso(event.at),
                "actor": event.actor.email if event.actor else None,
                "action": event.action,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "note": event.note,
                "text": event_text(event),
            }
            for event in db.session.scalars(queries.history(problem))
        ],
    )
    return body


def english(error: ProblemError) -> dict[str, str]:
    with force_locale("en"):
        return {name: refusal_text(refusal) for name, refusal in error.fields.items()}


def problem_or_404(number: str) -> Problem:
    problem = db.session.scalar(queries.get_by_number(number))
    if problem is None or not policy.can_view(actor()):
        raise ApiError(404, "No such problem.", "not_found")
    return problem


def strings(body: dict, name: str) -> list[str]:
    value = body.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise validation_error({name: "A list of strings."})
    return value


@bp.get("/problems")
@allow(policy.READERS)
def list_problems():
    """Problem records: status open (default) | all | one status; severity."""
    actor()
    filters = {name: request.args.get(name, "") for name in ("status", "severity", "q")}
    if filters["status"] not in ("", "open", "all", *rules.STATUSES):
        raise validation_error({"status": f"open, all or one of {', '.join(rules.STATUSES)}."})
    if filters["severity"] not in ("", *rules.SEVERITIES):
        raise validation_error({"severity": f"One of {', '.join(rules.SEVERITIES)}."})
    return jsonify(paginate(queries.listing(filters), problem_summary))


@bp.get("/problems/<number>")
@allow(policy.READERS)
def get_problem(number: str):
    """One problem with its incidents, changes, root-cause analysis and history."""
    return jsonify(problem_detail(problem_or_404(number)))


@bp.post("/problems")
@allow(policy.MANAGE)
def create_problem():
    """Open a problem with its catalog items, assets and incidents; escalated by severity."""
    user = actor()
    body = json_body()
    owner = None
    if email := text_field(body, "owner"):
        owner = user_by_email(email)
        if owner is None:
            raise validation_error({"owner": "No user with this email."})
    data = services.NewProblem(
        title=text_field(body, "title"),
        description=text_field(body, "description"),
        severity=text_field(body, "severity", "major"),
        owner=owner,
        catalog_codes=strings(body, "catalog_items"),
        asset_tags=strings(body, "assets"),
        incident_numbers=strings(body, "incidents"),
    )
    try:
        problem = services.open_problem(data, actor=user, now=utcnow(), contract=get_contract())
    except ProblemError as error:
        raise validation_error(english(error), "The problem could not be opened.") from None
    return jsonify(problem_detail(problem)), 201


@bp.post("/problems/<number>/actions")
@allow(policy.MANAGE)
def problem_action(number: str):
    """One investigation step; 409 when the status does not allow it, 422 when the analysis
    lacks what the step needs."""
    user = actor()
    problem = problem_or_404(number)
    body = json_body()
    action = text_field(body, "action")
    if action not in rules.ACTIONS:
        raise validation_error({"action": f"One of {', '.join(rules.ACTIONS)}."})
    version = body.get("version")
    try:
        services.act(
            problem,
            action,
            actor=user,
            now=utcnow(),
            note=text_field(body, "note"),
            expected_version=version if isinstance(version, int) else None,
        )
    except rules.TransitionError as error:
        raise ApiError(409, str(error), "conflict") from None
    except ConflictError:
        raise ApiError(409, "The problem was edited meanwhile; reload it.", "conflict") from None
    except ProblemError as error:
        message = "The analysis lacks what this step needs."
        raise ApiError(422, message, "incomplete", english(error)) from None
    return jsonify(problem_detail(problem))


@bp.get("/problems/candidates")
@allow(policy.MANAGE)
def problem_candidates():
    """Incidents repeating on one asset, model or catalog item (as the detection job left them)."""
    actor()
    rows = db.session.scalars(detection.listing()).all()
    return jsonify(
        {
            "items": [
                {
                    "kind": row.kind,
                    "value": row.value,
                    "incidents": [t.number for t in row.tickets],
                    "first_at": iso(row.first_at),
                    "last_at": iso(row.last_at),
                    "detected_at": iso(row.detected_at),
                }
                for row in rows
            ],
            "total": len(rows),
        }
    )


NUMBER = openapi.path_param("number")
STRINGS = {"type": "array", "items": {"type": "string"}}
openapi.SCHEMAS["NewProblem"] = {
    "type": "object",
    "required": ["title", "severity"],
    "properties": {
        "title": {"type": "string", "maxLength": 200},
        "description": {"type": "string"},
        "severity": {"enum": list(rules.SEVERITIES)},
        "owner": {"type": "string", "description": "Email of a vendor staff member"},
        "catalog_items": {**STRINGS, "description": "Catalog item codes"},
        "assets": {**STRINGS, "description": "Asset tags"},
        "incidents": {**STRINGS, "description": "Incident numbers (each in one problem only)"},
    },
}
openapi.SCHEMAS["ProblemAction"] = {
    "type": "object",
    "required": ["action"],
    "properties": {
        "action": {"enum": list(rules.ACTIONS)},
        "note": {"type": "string"},
        "version": {"type": "integer"},
    },
}
openapi.add(
    "/api/v1/problems",
    get=openapi.op(
        "List problem records",
        params=(
            openapi.query("status", "open (default) | all | " + " | ".join(rules.STATUSES)),
            openapi.query("severity", " | ".join(rules.SEVERITIES)),
            openapi.query("q", "Number or title"),
            *openapi.PAGE_PARAMS,
        ),
        list_of=True,
        errors=(400, 403),
    ),
    post=openapi.op("Open a problem", body="NewProblem", ok=201, errors=(400, 403)),
)
openapi.add(
    "/api/v1/problems/{number}",
    get=openapi.op("One problem", params=(NUMBER,), errors=(403, 404)),
)
openapi.add(
    "/api/v1/problems/{number}/actions",
    post=openapi.op(
        "A step of the investigation",
        params=(NUMBER,),
        body="ProblemAction",
        errors=(400, 403, 404, 409, 422),
    ),
)
openapi.add(
    "/api/v1/problems/candidates",
    get=openapi.op("Recurrence candidates with their incidents", errors=(403,)),
)
