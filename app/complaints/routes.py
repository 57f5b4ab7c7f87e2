"""Complaint pages: the log, filing (for oneself or a caller), the complaint and its handling."""

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.roles import CLIENT, MANAGERS, SERVICE_DESK
from app.accounts.services import user_by_email
from app.complaints import bp, forms, policy, queries, rules, services
from app.complaints.labels import ACTION_LABELS
from app.complaints.models import Complaint
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.tickets import policy as ticket_policy
from app.tickets.queries import get_by_number as ticket_by_number
from app.web.access import allow
from app.web.forms import options
from app.web.render import render, respond_after_write
from app.web.unit_of_work import discard_writes

FIELD_MESSAGES = {
    "title": lambda: _("A title is required (at most 200 characters)."),
    "complainant": lambda: _("Give the caller's email: who is complaining?"),
    "note": lambda: _("Please write a note."),
    "step": lambda: _("Choose an open step."),
    "owner_id": lambda: _("Choose a vendor manager or agent."),
}


def field_message(name: str) -> str:
    return FIELD_MESSAGES[name]() if name in FIELD_MESSAGES else _("Please check this field.")


def visible_or_404(number: str) -> Complaint:
    complaint = db.session.scalar(queries.get_by_number(number))
    if complaint is None or not policy.can_view(current_user, complaint):
        abort(404)
    return complaint


@bp.get("/complaints")
@allow(policy.AUDIENCE)
def index():
    """The complaint log (staff: all of it; client users: their own)."""
    filters = {name: request.args.get(name, "") for name in ("status", "kind", "severity")}
    page = request.args.get("page", 1, type=int)
    complaints = db.paginate(
        queries.log(current_user, filters), page=max(page, 1), per_page=50, error_out=False
    )
    return render(
        "complaints/index.html",
        "rows",
        complaints=complaints,
        filters=filters,
        statuses=rules.STATUSES,
        now=utcnow(),
        staff=policy.is_staff(current_user),
    )


@bp.route("/complaints/new", methods=["GET", "POST"])
@allow(policy.AUDIENCE)
def new():
    """File a complaint (employees for themselves; the desk for a caller or a major incident)."""
    staff = policy.can_file_for_others(current_user)
    form = forms.ComplaintForm()
    if not form.is_submitted():
        form.ticket_number.data = request.args.get("ticket", "")
    if form.validate_on_submit():
        data, errors = complaint_data(form, staff)
        if not errors:
            try:
                complaint = services.file_complaint(
                    data, actor=current_user, now=utcnow(), contract=get_contract()
                )
            except services.ComplaintError as error:
                errors = {name: field_message(name) for name in error.fields}
            else:
                flash(
                    _(
                        "Complaint %(number)s filed. Its owner will contact you.",
                        number=complaint.number,
                    ),
                    "success",
                )
                return redirect(url_for("complaints.detail", number=complaint.number))
        for name, message in errors.items():
            getattr(form, name, form.title).errors.append(message)
    status = 422 if form.errors else 200
    return render("complaints/new.html", "form", status, form=form, staff=staff)


def complaint_data(form, staff: bool):
    """The form as a NewComplaint, or the errors of its references (caller, ticket)."""
    errors = {}
    ticket = None
    if number := (form.ticket_number.data or "").strip().upper():
        ticket = db.session.scalar(ticket_by_number(number))
        if ticket is None or not ticket_policy.can_view(current_user, ticket):
            errors["ticket_number"] = _("No such ticket of yours.")
    if not staff:
        data = services.NewComplaint(
            title=form.title.data,
            description=form.description.data or "",
            complainant=current_user,
            ticket=ticket,
            source="employee",
        )
        return data, errors
    complainant = None
    if email := (form.complainant.data or "").strip():
        complainant = user_by_email(email)
        if complainant is None or complainant.role not in CLIENT:
            errors["complainant"] = _("No client user with this email.")
    data = services.NewComplaint(
        title=form.title.data,
        description=form.description.data or "",
        kind=form.kind.data,
        severity=form.severity.data,
        complainant=complainant,
        ticket=ticket,
        source="desk" if complainant else "manager",
    )
    return data, errors


def owner_options():
    staff = db.session.scalars(
        sa.select(User).where(User.active, User.role.in_(sorted(SERVICE_DESK))).order_by(User.name)
    )
    return options([(u.id, u.name) for u in staff])


def detail_context(complaint: Complaint, **overrides) -> dict:
    user = current_user
    allowed = [
        action
        for action in rules.allowed_actions(complaint.status)
        if action not in ("complete_step", "comment") and policy.can_act(user, complaint, action)
    ]
    edit_form = None
    if policy.can_edit(user) and complaint.status != "closed":
        edit_form = forms.ComplaintEditForm(obj=complaint, due_on=rules.local_day(complaint.due_at))
        edit_form.owner_id.choices = owner_options()
    context = {
        "complaint": complaint,
        "history": db.session.scalars(queries.history(complaint)).all(),
        "allowed": allowed,
        "can_comment": policy.can_act(user, complaint, "comment")
        and complaint.status in rules.OPEN_STATUSES,
        "can_tick": policy.can_act(user, complaint, "complete_step")
        and "complete_step" in rules.allowed_actions(complaint.status),
        "action_form": forms.ComplaintActionForm(version=complaint.version),
        "edit_form": edit_form,
        "overdue": rules.is_overdue(complaint.status, complaint.due_at, utcnow()),
        "vendor": user.is_vendor,
    }
    context.update(overrides)
    return context


@bp.get("/complaints/<number>")
@allow(policy.AUDIENCE)
def detail(number: str):
    """One complaint: what happened, the agreed steps, the outcome and its acknowledgement."""
    complaint = visible_or_404(number)
    return render("complaints/detail.html", "main", **detail_context(complaint))


def failed(complaint: Complaint, message: str, status: int):
    discard_writes()
    db.session.refresh(complaint)
    flash(message, "error")
    return render("complaints/detail.html", "main", status, **detail_context(complaint))


@bp.post("/complaints/<number>/act")
@allow(policy.AUDIENCE)
def act(number: str):
    """One handling step: start, agree a step, tick it, state the outcome, accept or dispute."""
    complaint = visible_or_404(number)
    form = forms.ComplaintActionForm()
    action = form.action.data or ""
    if not form.validate_on_submit() or action not in rules.ACTIONS:
        return failed(complaint, _("Choose an action."), 422)
    if not policy.can_act(current_user, complaint, action):
        abort(403)
    version = int(form.version.data) if (form.version.data or "").isdigit() else None
    step = int(form.step_id.data) if (form.step_id.data or "").isdigit() else None
    try:
        services.act(
            complaint,
            action,
            actor=current_user,
            now=utcnow(),
            note=form.note.data or "",
            step_id=step,
            expected_version=version,
        )
    except services.ConflictError:
        return failed(
            complaint, _("Someone else changed this complaint meanwhile; nothing was saved."), 409
        )
    except rules.TransitionError:
        return failed(complaint, _("This is not possible in the complaint's current state."), 409)
    except services.ComplaintError as error:
        return failed(complaint, field_message(next(iter(error.fields), "note")), 422)
    flash(_("Done: %(action)s.", action=ACTION_LABELS.get(action, action)), "success")
    return after_change(complaint)


@bp.post("/complaints/<number>/edit")
@allow(MANAGERS)
def edit(number: str):
    """The manager sets the owner, severity, kind and due date."""
    complaint = visible_or_404(number)
    form = forms.ComplaintEditForm()
    form.owner_id.choices = owner_options()
    if not form.validate_on_submit():
        return failed(complaint, _("Please check the fields."), 422)
    values = {
        "owner_id": form.owner_id.data,
        "severity": form.severity.data,
        "kind": form.kind.data,
        "due_at": rules.end_of_local_day(form.due_on.data),
    }
    try:
        services.update_fields(complaint, values, actor=current_user, now=utcnow())
    except services.ComplaintError as error:
        if not error.fields:
            return failed(
                complaint, _("A closed complaint cannot be changed; reopen it first."), 409
            )
        return failed(complaint, field_message(next(iter(error.fields))), 422)
    flash(_("Saved."), "success")
    return after_change(complaint)


def after_change(complaint: Complaint):
    """htmx gets the refreshed region; a plain post a redirect (no resubmits)."""
    return respond_after_write(
        "complaints/detail.html",
        "main",
        url_for("complaints.detail", number=complaint.number),
        lambda: detail_context(complaint),
    )
