"""Escalation pages (S17): the log, one escalation with its steps, escalating a record, and
confirming, raising or closing a step."""

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.contracts.services import get_contract
from app.escalations import bp, forms, labels, policy, queries, rules, services, subjects
from app.escalations.models import Escalation
from app.extensions import db, utcnow
from app.web.access import allow
from app.web.forms import options
from app.web.render import render, respond_after_write
from app.web.unit_of_work import discard_writes

FILTERS = ("kind", "status", "level", "month")


def people_options(roles) -> list:
    people = db.session.scalars(
        sa.select(User).where(User.active, User.role.in_(sorted(roles))).order_by(User.name)
    )
    return options([(person.id, person.name) for person in people])


def escalate_form(subject_number: str = "") -> forms.EscalateForm:
    form = forms.EscalateForm(formdata=None, subject=subject_number)
    form.owner_id.choices = people_options(policy.OWNER_ROLES)
    form.owner_id.data = getattr(current_user, "id", None)
    return form


def visible_or_404(number: str) -> Escalation:
    escalation = db.session.scalar(queries.get_by_number(number))
    if escalation is None or not policy.can_view(current_user, escalation):
        abort(404)
    return escalation


@bp.get("/escalations")
@allow(policy.LOG_READERS)
def index():
    """The escalation log: every escalation, filtered by kind, status, level and month."""
    filters = {name: (request.args.get(name) or "")[:20] for name in FILTERS}
    page = request.args.get("page", 1, type=int)
    found = db.paginate(
        queries.log(filters), page=min(max(page, 1), 10**6), per_page=50, error_out=False
    )
    return render(
        "escalations/index.html",
        "rows",
        escalations=found,
        filters=filters,
        levels=range(1, rules.MAX_LEVELS + 1),
        bad_month=bool(filters["month"]) and rules.month_bounds(filters["month"]) is None,
    )


def detail_context(escalation: Escalation) -> dict:
    user = current_user
    return {
        "escalation": escalation,
        "step_form": forms.StepForm(formdata=None, version=escalation.version),
        "can": {action: policy.can_act(user, action, escalation) for action in rules.ACTIONS},
        "next_level": services.matrix.next_level(escalation.kind, escalation.level),
    }


@bp.get("/escalations/<number>")
@allow(policy.AUDIENCE)
def detail(number: str):
    escalation = visible_or_404(number)
    return render("escalations/detail.html", "main", **detail_context(escalation))


@bp.post("/escalations")
@allow(policy.ESCALATORS)
def open_escalation():
    """Escalate a ticket, problem or complaint from its page, with a reason."""
    form = forms.EscalateForm()
    form.owner_id.choices = people_options(policy.OWNER_ROLES)
    subject = subjects.find(form.subject.data or "")
    if subject is None:
        abort(404)
    back = url_for(subjects.ENDPOINTS[subject.type], number=subject.number)
    if not subjects.can_escalate(current_user, subject):
        abort(404)
    if not form.validate_on_submit():
        return refused_on_subject(subject, form, labels.field_messages(form_problems(form)))
    owner = db.session.get(User, form.owner_id.data)
    try:
        escalation = services.open_escalation(
            subject, form.kind.data, form.reason.data, owner=owner,
            actor=current_user, now=utcnow(), contract=get_contract(),
        )  # fmt: skip
    except rules.EscalationError as error:
        return refused_on_subject(subject, form, labels.field_messages(error.fields))
    flash(_("Escalated as %(number)s: level 1 is told.", number=escalation.number), "success")
    if request.htmx:
        return "", 204, {"HX-Redirect": back}
    return redirect(back)


def form_problems(form) -> dict[str, str]:
    """The form's invalid fields as the rules' codes."""
    codes = {"kind": "kind", "reason": "reason", "owner_id": "owner", "subject": "reason"}
    return {"owner" if name == "owner_id" else name: codes[name] for name in form.errors}


def refused_on_subject(subject, form, messages: dict[str, str]):
    """The escalate form again with the messages and the typed reason kept: the panel for an
    htmx request, a page of its own without scripts."""
    discard_writes()
    context = {"record": subject.record, "form": form, "errors": messages}
    if request.htmx:
        return render("escalations/_partials/subject.html", status=422, **context)
    return render("escalations/new.html", status=422, subject=subject, **context)


@bp.post("/escalations/<number>/<action>")
@allow(policy.AUDIENCE)
def act(number: str, action: str):
    """Confirm the current step, raise to the next level, or close with an outcome."""
    escalation = visible_or_404(number)
    if action not in rules.ACTIONS:
        abort(404)
    if not policy.can_act(current_user, action, escalation):
        return failed(
            escalation, labels.refusal("confirmed" if action == "confirm" else "forbidden"), 403
        )
    form = forms.StepForm()
    if not form.validate_on_submit():
        return failed(escalation, _("The note is too long (at most 2,000 characters)."), 422)
    if (form.version.data or "") != str(escalation.version):
        return failed(escalation, _("Someone else changed this escalation — reload the page."), 409)
    try:
        services.act(
            escalation, action, current_user, now=utcnow(), contract=get_contract(),
            note=form.note.data or "", via="portal",
        )  # fmt: skip
    except rules.EscalationError as error:
        message = labels.field_messages(error.fields).get("note") or labels.refusal(error.code)
        return failed(escalation, message, 422 if error.fields else 409)
    flash(labels.DONE[action], "success")
    return respond_after_write(
        "escalations/detail.html",
        "main",
        url_for("escalations.detail", number=escalation.number),
        lambda: detail_context(escalation),
    )


def failed(escalation: Escalation, message: str, status: int):
    discard_writes()
    db.session.refresh(escalation)
    flash(message, "error")
    return render("escalations/detail.html", "main", status, **detail_context(escalation))
