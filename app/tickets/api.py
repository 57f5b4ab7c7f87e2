"""Tickets over the API (API.md, Tickets): the same services and policy as the pages."""

from flask import current_app, jsonify, request
from flask_babel import force_locale

from app.accounts.roles import ENGINEER, EVERYONE
from app.accounts.services import user_by_email
from app.api import bp, openapi
from app.api.common import ApiError, actor, json_body, paginate, text_field, validation_error
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.tickets import actions, policy, queries, rules, services
from app.tickets.labels import countdown_text, event_text
from app.tickets.models import Ticket
from app.web.access import allow
from app.web.i18n import current_lang, iso
from app.web.unit_of_work import repeat_after_lost_race


def ticket_summary(ticket: Ticket) -> dict:
    requester = ticket.requester
    return {
        "number": ticket.number,
        "type": ticket.type,
        "title": ticket.title,
        "catalog_item": ticket.catalog_item.code,
        "channel": ticket.channel,
        "requester": (
            {"email": requester.email, "name": requester.name, "vip": requester.vip}
            if requester
            else {"email": ticket.requester_contact, "name": None, "vip": False}
        ),
        "urgency": ticket.urgency,
        "impact": ticket.impact,
        "priority": ticket.priority,
        "status": ticket.status,
        "assignee": ticket.assignee.email if ticket.assignee else None,
        "assets": list(ticket.asset_tags or []),
        "created_at": iso(ticket.created_at),
        "updated_at": iso(ticket.updated_at),
    }


def ticket_detail(ticket: Ticket, user) -> dict:
    now = utcnow()
    body = ticket_summary(ticket)
    body["description"] = ticket.description
    found = services.sla_readings(ticket, now=now, contract=get_contract())
    rows = db.session.scalars(queries.history(ticket, policy.can_see_internal(user))).all()
    with force_locale(owner_language(user)):  # API.md: `text` in the token owner's language
        body["sla"] = [sla_entry(reading, now) for reading in found]
        body["history"] = [
            {
                "at": iso(row.at),
                "actor": row.actor.email if row.actor else None,
                "action": row.action,
                "from_status": row.from_status,
                "to_status": row.to_status,
                "note": row.note,
                "text": event_text(row),
            }
            for row in rows
        ]
    return body


def sla_entry(reading: services.ClockReading, now) -> dict:
    """One clock as API.md lists it, with the countdown the pages show (None once stopped)."""
    clock, countdown = reading.clock, reading.countdown
    entry = {
        "metric": clock.metric,
        "sequence": clock.sequence,
        "target_minutes": clock.target_minutes,
        "calendar": clock.calendar,
        "started_at": iso(clock.started_at),
        "due_at": iso(clock.due_at),
        "stopped_at": iso(clock.stopped_at),
        "paused_minutes": round(clock.paused_minutes, 2),
        "state": clock.state,
        "countdown": None,
    }
    if countdown is not None:
        entry["countdown"] = {
            "left_minutes": round(countdown.left_minutes, 2),
            "running": countdown.running,
            "paused_for": countdown.paused_for,
            "resumes_at": iso(countdown.resumes_at),
            "due_at": iso(countdown.due_at),
            "text": str(countdown_text(countdown, now)),
        }
    return entry


def owner_language(user) -> str:
    """The token owner's saved language, else the request's."""
    return user.language if user.language in current_app.config["LANGUAGES"] else current_lang()


def visible_ticket_or_404(number: str, user) -> Ticket:
    ticket = db.session.scalar(queries.get_by_number(number))
    if ticket is None or not policy.can_view(user, ticket):
        raise ApiError(404, "No such ticket.", "not_found")
    return ticket


@bp.post("/tickets")
@allow(EVERYONE)
def create_ticket():
    """Open a ticket; employees file only for themselves, the desk for anyone."""
    user = actor()
    body = json_body()
    requester_email = text_field(body, "requester", user.email).strip()
    requester = user_by_email(requester_email) if requester_email else user
    if requester is None or not requester.active:
        raise validation_error({"requester": "Unknown requester."})
    if requester.id != user.id and not policy.can_file_for_others(user):
        raise ApiError(403, "You can only file tickets for yourself.", "forbidden")
    channel = text_field(body, "channel", "web")
    if channel != "web" and not policy.can_file_for_others(user):
        # the per-channel figures count how people reach the desk: only the desk logs a call
        raise validation_error({"channel": "Requests filed through the API are web requests."})
    assets = body.get("assets") or []
    if not isinstance(assets, list) or not all(isinstance(tag, str) for tag in assets):
        raise validation_error({"assets": "A list of asset tags."})
    data = services.NewTicket(
        title=text_field(body, "title"),
        description=text_field(body, "description"),
        catalog_code=text_field(body, "catalog_item"),
        channel=channel,
        requester=requester,
        urgency=text_field(body, "urgency", "medium"),
        impact=text_field(body, "impact", "medium"),
        asset_tags=assets,
    )
    try:
        ticket = services.open_ticket(data, actor=user, now=utcnow(), contract=get_contract())
    except services.TicketError as error:
        raise validation_error(error.fields, str(error)) from None
    return jsonify(ticket_detail(ticket, user)), 201


@bp.get("/tickets")
@allow(EVERYONE)
def list_tickets():
    """Tickets the caller may see, filtered."""
    user = actor()
    query = queries.visible_to(user).order_by(Ticket.id.desc())
    if status := request.args.get("status"):
        if status not in rules.STATUSES:
            raise validation_error({"status": f"One of {', '.join(rules.STATUSES)}."})
        query = query.where(Ticket.status == status)
    if priority := request.args.get("priority"):
        if priority not in rules.PRIORITIES:
            raise validation_error({"priority": "P1, P2, P3 or P4."})
        query = query.where(Ticket.priority == priority)
    if requester := request.args.get("requester"):
        found = user_by_email(requester)
        query = query.where(Ticket.requester_id == (found.id if found else -1))
    if q := request.args.get("q"):
        query = query.where(queries.search_clause(q))
    return jsonify(paginate(query, ticket_summary))


@bp.get("/tickets/<number>")
@allow(EVERYONE)
def get_ticket(number: str):
    """One ticket with its SLA clocks and history."""
    user = actor()
    return jsonify(ticket_detail(visible_ticket_or_404(number, user), user))


@bp.post("/tickets/<number>/actions")
@allow(EVERYONE)
def ticket_action(number: str):
    """Apply a status action; 409 when the status does not allow it."""
    user = actor()
    ticket = visible_ticket_or_404(number, user)
    body = json_body()
    action = text_field(body, "action")
    if action not in rules.ACTIONS or action == "close":
        raise validation_error(
            {"action": f"One of {', '.join(a for a in rules.ACTIONS if a != 'close')}."}
        )
    if not policy.can_act(user, ticket, action):
        raise ApiError(403, f"You may not {action} this ticket.", "forbidden")
    try:
        run_action(ticket, action, body, user)
    except rules.TransitionError as error:
        raise ApiError(409, str(error), "conflict") from None
    except services.ConflictError:
        raise ApiError(409, "The ticket was changed meanwhile; reload it.", "conflict") from None
    except services.TicketError as error:
        raise validation_error(error.fields, str(error)) from None
    return jsonify(ticket_detail(ticket, user))


def run_action(ticket: Ticket, action: str, body: dict, user):
    """The action the request names, with the fields it takes (API.md, Tickets)."""
    version = body.get("version")
    context = {"actor": user, "now": utcnow(), "contract": get_contract()}
    context["expected_version"] = version if isinstance(version, int) else None
    note = text_field(body, "note")
    if len(note) > rules.NOTE_LIMIT:
        raise validation_error({"note": f"At most {rules.NOTE_LIMIT:,} characters."})
    if action == "dispatch":
        engineer = user_by_email(text_field(body, "engineer"))
        if engineer is None or engineer.role != ENGINEER or not engineer.active:
            raise validation_error({"engineer": "The email of an active onsite engineer."})
        return actions.dispatch(ticket, engineer, note=note, **context)
    if action == "pend":
        waiting_for = text_field(body, "waiting_for", "customer")
        return actions.pend(ticket, waiting_for, note=note, **context)
    if action == "reopen":
        return actions.reopen(ticket, note, **context)
    if action == "comment":
        public = bool(body.get("public", True)) or not policy.is_staff(user)
        return repeat_after_lost_race(
            ticket, lambda: actions.comment(ticket, note, public=public, **context)
        )
    return actions.NOTE_ONLY[action](ticket, note=note, **context)


NUMBER = openapi.path_param("number")
openapi.SCHEMAS["NewTicket"] = {
    "type": "object",
    "required": ["title", "catalog_item"],
    "properties": {
        "title": {"type": "string", "maxLength": 200},
        "description": {"type": "string"},
        "catalog_item": {"type": "string", "example": "sys.network"},
        "channel": {"enum": list(rules.CHANNELS)},
        "requester": {"type": "string", "format": "email"},
        "urgency": {"enum": list(rules.LEVELS)},
        "impact": {"enum": list(rules.LEVELS)},
        "assets": {"type": "array", "items": {"type": "string"}},
    },
}
openapi.SCHEMAS["TicketAction"] = {
    "type": "object",
    "required": ["action"],
    "properties": {
        "action": {"enum": [a for a in rules.ACTIONS if a != "close"]},
        "note": {"type": "string"},
        "engineer": {"type": "string", "format": "email"},
        "waiting_for": {"enum": ["customer", "vendor"]},
        "version": {"type": "integer", "description": "Refuse with 409 if the ticket changed."},
    },
}
openapi.add(
    "/api/v1/tickets",
    post=openapi.op("Open a ticket", body="NewTicket", ok=201, errors=(400, 403)),
    get=openapi.op(
        "List visible tickets",
        params=(
            openapi.query("status"),
            openapi.query("priority"),
            openapi.query("requester"),
            openapi.query("q"),
            *openapi.PAGE_PARAMS,
        ),
        list_of=True,
        errors=(400,),
    ),
)
openapi.add(
    "/api/v1/tickets/{number}", get=openapi.op("One ticket", params=(NUMBER,), errors=(404,))
)
openapi.add(
    "/api/v1/tickets/{number}/actions",
    post=openapi.op(
        "Act on a ticket", params=(NUMBER,), body="TicketAction", errors=(400, 403, 404, 409)
    ),
)
