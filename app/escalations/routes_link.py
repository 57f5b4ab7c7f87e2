"""The one-click confirm link from an escalation step's mail. A GET never changes state: it
shows the escalation and one button; the POST (with its CSRF token) confirms, once."""

from flask import request

from app.accounts.models import User
from app.escalations import bp, links, queries, services
from app.extensions import db, utcnow
from app.web.access import public
from app.web.forms import require_csrf
from app.web.render import render


def link_state(payload: dict | None):
    """(escalation, person, problem) where problem is None, 'invalid' or 'confirmed'."""
    if payload is None:
        return None, None, "invalid"
    escalation = db.session.scalar(queries.get_by_number(str(payload.get("e", ""))))
    person = db.session.get(User, payload.get("u") or 0)
    if escalation is None or person is None or not person.active:
        return None, None, "invalid"
    step = next((s for s in escalation.steps if s.level == payload.get("l")), None)
    if step is None or step.contact_id != person.id:
        return None, None, "invalid"
    if (
        step.confirmed_at is not None
        or escalation.status != "open"
        or step.level != escalation.level
    ):
        return escalation, person, "confirmed"
    return escalation, person, None


@bp.route("/e/confirm/<token>", methods=["GET", "POST"])
@public
def confirm_by_link(token: str):
    """From the step's mail: the person called confirms they have taken it on."""
    escalation, person, problem = link_state(links.read(token[:500]))
    if problem:
        context = {"escalation": escalation, "problem": problem, "done": False}
        return render("escalations/confirm_link.html", status=410, **context)
    if request.method == "POST":
        require_csrf()
        note = (request.form.get("note") or "")[:2000]
        services.confirm(escalation, person, via="mail", now=utcnow(), note=note)
        return render(
            "escalations/confirm_link.html", escalation=escalation, problem=None, done=True
        )
    return render("escalations/confirm_link.html", escalation=escalation, problem=None, done=False)
