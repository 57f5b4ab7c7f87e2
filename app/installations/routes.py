"""Installation pages: the list and one installation's flow (approve, schedule, install)."""

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.roles import APPROVERS, ENGINEER, EVERYONE, STAFF
from app.changes.forms import local
from app.extensions import db, utcnow
from app.installations import bp, cmdb, forms, policy, queries, rules, workflow
from app.installations.models import Installation
from app.tickets import queries as ticket_queries
from app.web.access import allow
from app.web.forms import options
from app.web.render import render
from app.web.unit_of_work import discard_writes

FIELD_MESSAGES = {
    "items": lambda: _("Record the set: each device once, with its tag and type."),
    "replaced_tag": lambda: _("Name the replaced device (a tag in the register, not in the set)."),
    "replaced_outcome": lambda: _("Choose what happens to the replaced device."),
    "engineer": lambda: _("Choose an onsite engineer."),
}


def installation_or_404(number: str) -> Installation:
    """The installation to show: its record, or for an older ticket the record it will get."""
    ticket = db.session.scalar(ticket_queries.get_by_number(number))
    item = workflow.to_show(ticket) if ticket else None
    if item is None or not policy.can_view(current_user, item):
        abort(404)
    return item


def prepared_or_404(number: str) -> Installation:
    """For a step: an older ticket's record is made now, committed with the step or not at all."""
    item = installation_or_404(number)
    if item.prepared:
        return item
    try:
        return workflow.prepare(item.ticket, now=utcnow())
    except sa.exc.IntegrityError:  # prepared by a concurrent request; nothing else written yet
        discard_writes()
        return installation_or_404(number)


def install_form(form: forms.InstallForm | None = None) -> forms.InstallForm:
    form = form or forms.InstallForm()
    types = options([("", "—"), *cmdb.device_types()])
    for entry in form.items:
        entry.form.type.choices = types
    return form


def installed_set(form: forms.InstallForm) -> list[rules.Item]:
    """The devices the form names, blank lines left out."""
    entries = [
        rules.Item(
            tag=(e.form.tag.data or "").strip().upper(),
            type=(e.form.type.data or "").strip(),
            model=(e.form.model.data or "").strip(),
            serial=(e.form.serial.data or "").strip(),
        )
        for e in form.items
    ]
    return [e for e in entries if e.tag or e.type or e.model or e.serial]


def page_context(installation: Installation, **overrides) -> dict:
    engineers = db.session.scalars(
        sa.select(User).where(User.role == ENGINEER, User.active).order_by(User.name)
    ).all()
    schedule_form = forms.ScheduleForm()
    schedule_form.engineer.choices = options([(e.id, e.name) for e in engineers])
    context = {
        "installation": installation,
        "staff": policy.can_run(current_user),
        "can_approve": installation.status == "requested"
        and policy.can_approve(current_user, installation),
        "can_sign": policy.can_sign(current_user, installation),
        "install_form": install_form(),
        "reject_form": forms.RejectForm(),
        "schedule_form": schedule_form,
        "type_names": dict(cmdb.device_types()),
    }
    context.update(overrides)
    return context


def show(installation: Installation, status: int = 200, **overrides):
    return render(
        "installations/detail.html", "main", status, **page_context(installation, **overrides)
    )


def failed(installation: Installation, message: str, status: int, **overrides):
    number = installation.number
    discard_writes()
    flash(message, "error")
    return show(installation_or_404(number), status, **overrides)


def done(installation: Installation, message: str):
    flash(message, "success")
    if request.htmx and not request.htmx.boosted:
        return show(installation)
    return redirect(url_for("installations.detail", number=installation.number))


@bp.get("/installations/")
@allow(STAFF | APPROVERS)
def index():
    """Installation requests and their sign-off; approvers sign off a department's batch."""
    status = request.args.get("status", "")
    query = queries.listing(status, policy.listed_departments(current_user), current_user.id)
    rows = [record or workflow.unprepared(ticket) for ticket, record in db.session.execute(query)]
    batch = [
        row for row in rows if row.status == "installed" and policy.can_approve(current_user, row)
    ]
    return render("installations/index.html", "rows", rows=rows, batch=batch, shown=status)


@bp.get("/installations/<number>")
@allow(EVERYONE)
def detail(number: str):
    """One installation: request, approval, schedule, the installed set, sign-off."""
    return show(installation_or_404(number))


@bp.post("/installations/<number>/approve")
@allow(APPROVERS)
def approve(number: str):
    """The department's approver approves the request (S4)."""
    item = prepared_or_404(number)
    try:
        workflow.approve(item, current_user, now=utcnow())
    except PermissionError:
        abort(403)
    except workflow.FlowError:
        return failed(item, _("This installation no longer waits for approval."), 409)
    return done(item, _("Installation approved."))


@bp.post("/installations/<number>/reject")
@allow(APPROVERS)
def reject(number: str):
    """The department's approver turns the request down, with the reason (S4)."""
    item = prepared_or_404(number)
    form = forms.RejectForm()
    if not form.validate_on_submit():
        return failed(item, _("Please give the reason for rejecting."), 422, reject_form=form)
    try:
        workflow.reject(item, current_user, form.reason.data or "", now=utcnow())
    except PermissionError:
        abort(403)
    except workflow.InstallationError:
        form.reason.errors = [_("Please give the reason for rejecting.")]
        return failed(item, _("Please give the reason for rejecting."), 422, reject_form=form)
    except workflow.FlowError:
        return failed(item, _("This installation no longer waits for approval."), 409)
    return done(item, _("The installation request was rejected; the requester is told why."))


@bp.post("/installations/<number>/schedule")
@allow(STAFF)
def schedule(number: str):
    """Plan the date and the engineer."""
    item = prepared_or_404(number)
    form = forms.ScheduleForm()
    if not form.validate_on_submit():
        return failed(item, _("Give the date and the engineer."), 422)
    try:
        workflow.schedule(
            item,
            local(form.scheduled_for.data),
            db.session.get(User, form.engineer.data),
            actor=current_user,
            now=utcnow(),
        )
    except workflow.InstallationError:
        return failed(item, FIELD_MESSAGES["engineer"](), 422)
    except workflow.FlowError:
        return failed(item, _("Approve the request before scheduling it."), 409)
    return done(item, _("Installation scheduled."))


@bp.post("/installations/<number>/install")
@allow(STAFF)
def install(number: str):
    """The engineer records the installed set; the register is updated."""
    item = prepared_or_404(number)
    form = install_form(forms.InstallForm())
    if not form.validate_on_submit():
        return failed(item, _("Please check the form."), 422, install_form=form)
    try:
        workflow.install(
            item,
            installed_set(form),
            replaced_tag=(form.replaced_tag.data or "").upper(),
            replaced_outcome=form.replaced_outcome.data,
            note=form.note.data or "",
            actor=current_user,
            now=utcnow(),
        )
    except workflow.InstallationError as error:
        for name, message in error.fields.items():
            target = getattr(form, name, form.items)
            target.errors = [FIELD_MESSAGES[name]() if name in FIELD_MESSAGES else message]
        return failed(item, _("The installation was not recorded."), 422, install_form=form)
    except workflow.FlowError:
        return failed(item, _("Approve the request before installing."), 409)
    return done(item, _("Installed. The user can now sign off."))
