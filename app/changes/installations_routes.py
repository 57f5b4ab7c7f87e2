"""Installation pages: the list, one installation's flow, the signature screen, the sheet."""

import io

import sqlalchemy as sa
from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.roles import APPROVERS, ENGINEER, EVERYONE, STAFF
from app.changes import (
    bp,
    forms,
    installations,
    installations_cmdb,
    installations_queries,
    policy,
)
from app.changes import installations_rules as rules
from app.changes.installations_models import Installation
from app.changes.installations_sheet import render_pdf
from app.contracts.services import get_contract
from app.extensions import db, utcnow
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
    item = installations.to_show(ticket) if ticket else None
    if item is None or not policy.can_view_installation(current_user, item):
        abort(404)
    return item


def prepared_or_404(number: str) -> Installation:
    """For a step: an older ticket's record is made now, committed with the step or not at all."""
    item = installation_or_404(number)
    if item.prepared:
        return item
    try:
        return installations.prepare(item.ticket, now=utcnow())
    except sa.exc.IntegrityError:  # prepared by a concurrent request; nothing else written yet
        discard_writes()
        return installation_or_404(number)


def install_form(form: forms.InstallForm | None = None) -> forms.InstallForm:
    form = form or forms.InstallForm()
    types = options([("", "—"), *installations_cmdb.device_types()])
    for entry in form.items:
        entry.form.type.choices = types
    return form


def page_context(installation: Installation, **overrides) -> dict:
    engineers = db.session.scalars(
        sa.select(User).where(User.role == ENGINEER, User.active).order_by(User.name)
    ).all()
    schedule_form = forms.ScheduleForm()
    schedule_form.engineer.choices = options([(e.id, e.name) for e in engineers])
    context = {
        "installation": installation,
        "staff": policy.can_run_installation(current_user),
        "can_approve": installation.status == "requested"
        and policy.can_approve_installation(current_user, installation),
        "can_sign": policy.can_sign(current_user, installation),
        "install_form": install_form(),
        "schedule_form": schedule_form,
        "type_names": dict(installations_cmdb.device_types()),
    }
    context.update(overrides)
    return context


def show(installation: Installation, status: int = 200, **overrides):
    return render(
        "changes/installation.html", "main", status, **page_context(installation, **overrides)
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
    return redirect(url_for("changes.installation", number=installation.number))


@bp.get("/installations/")
@allow(STAFF | APPROVERS)
def installation_list():
    """Installation requests and their sign-off; approvers sign off a department's batch."""
    status = request.args.get("status", "")
    query = installations_queries.listing(
        status, policy.installation_departments(current_user), current_user.id
    )
    rows = [
        record or installations.unprepared(ticket) for ticket, record in db.session.execute(query)
    ]
    batch = [
        row
        for row in rows
        if row.status == "installed" and policy.can_approve_installation(current_user, row)
    ]
    return render("changes/installations.html", "rows", rows=rows, batch=batch, shown=status)


@bp.get("/installations/<number>")
@allow(EVERYONE)
def installation(number: str):
    """One installation: request, approval, schedule, the installed set, sign-off."""
    return show(installation_or_404(number))


@bp.post("/installations/<number>/approve")
@allow(APPROVERS)
def approve_installation(number: str):
    """The department's approver approves the request (S4)."""
    item = prepared_or_404(number)
    try:
        installations.approve(item, current_user, now=utcnow())
    except PermissionError:
        abort(403)
    except installations.FlowError:
        return failed(item, _("This installation no longer waits for approval."), 409)
    return done(item, _("Installation approved."))


@bp.post("/installations/<number>/schedule")
@allow(STAFF)
def schedule_installation(number: str):
    """Plan the date and the engineer."""
    item = prepared_or_404(number)
    form = forms.ScheduleForm()
    if not form.validate_on_submit():
        return failed(item, _("Give the date and the engineer."), 422)
    try:
        installations.schedule(
            item,
            forms.local(form.scheduled_for.data),
            db.session.get(User, form.engineer.data),
            actor=current_user,
            now=utcnow(),
        )
    except installations.InstallationError:
        return failed(item, FIELD_MESSAGES["engineer"](), 422)
    except installations.FlowError:
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
    entries = [
        rules.Item(
            tag=(e.form.tag.data or "").strip().upper(),
            type=(e.form.type.data or "").strip(),
            model=(e.form.model.data or "").strip(),
            serial=(e.form.serial.data or "").strip(),
        )
        for e in form.items
    ]
    entries = [e for e in entries if e.tag or e.type or e.model or e.serial]
    try:
        installations.install(
            item,
            entries,
            replaced_tag=(form.replaced_tag.data or "").upper(),
            replaced_outcome=form.replaced_outcome.data,
            note=form.note.data or "",
            actor=current_user,
            now=utcnow(),
        )
    except installations.InstallationError as error:
        for name, message in error.fields.items():
            target = getattr(form, name, form.items)
            target.errors = [FIELD_MESSAGES[name]() if name in FIELD_MESSAGES else message]
        return failed(item, _("The installation was not recorded."), 422, install_form=form)
    except installations.FlowError:
        return failed(item, _("Approve the request before installing."), 409)
    return done(item, _("Installed. The user can now sign off."))


@bp.route("/installations/<number>/sign", methods=["GET", "POST"])
@allow(EVERYONE)
def sign(number: str):
    """The user draws a signature on screen (their own, or the engineer's tablet)."""
    item = installation_or_404(number)
    if not policy.can_sign(current_user, item):
        abort(404 if item.status != "installed" else 403)
    form = forms.SignForm()
    if form.validate_on_submit():
        try:
            installations.sign_on_screen(
                item,
                form.signature.data,
                signer_name=form.signer_name.data or "",
                recorded_by=current_user,
                ip=request.remote_addr or "",
                now=utcnow(),
                contract=get_contract(),
            )
        except rules.SignatureError as error:
            form.signature.errors = [signature_message(error)]
        else:
            flash(_("Thank you — the installation is signed off."), "success")
            return redirect(url_for("changes.installation", number=item.number))
    elif request.method == "POST":
        form.signature.errors = [_("Please sign in the box first.")]
    if not form.signer_name.data and item.user:
        form.signer_name.data = item.user.name
    status = 422 if form.errors else 200
    return render("changes/sign.html", status=status, installation=item, form=form)


def signature_message(error: rules.SignatureError) -> str:
    if "empty" in str(error):
        return _("Please sign in the box first.")
    return _("The signature could not be read; please clear it and sign again.")


@bp.post("/installations/<number>/request-confirmation")
@allow(STAFF)
def request_confirmation(number: str):
    """Send (again) the mail with the confirmation link to the user."""
    from app.changes import notify

    item = installation_or_404(number)
    if item.status != "installed" or item.user is None:
        return failed(item, _("Only an installed set waits for confirmation."), 409)
    notify.signoff_requested(item)
    return done(item, _("Confirmation mail sent to %(name)s.", name=item.user.name))


@bp.post("/installations/batch")
@allow(APPROVERS)
def batch_signoff():
    """An approver signs off several installed sets of their department at once."""
    numbers = request.form.getlist("number")
    chosen = [installation_or_404(n) for n in numbers]
    try:
        installations.sign_off_batch(
            chosen,
            current_user,
            ip=request.remote_addr or "",
            now=utcnow(),
            contract=get_contract(),
        )
    except PermissionError:
        abort(403)
    except installations.InstallationError:
        flash(_("Choose the installations to sign off."), "error")
        return redirect(url_for("changes.installation_list"))
    flash(_("%(count)d installations signed off.", count=len(chosen)), "success")
    return redirect(url_for("changes.installation_list"))


@bp.get("/installations/<number>/signature.png")
@allow(EVERYONE)
def signature(number: str):
    """The stored signature image."""
    item = installation_or_404(number)
    path = installations.signature_path(item.signoff) if item.signoff else None
    if path is None or not path.exists():
        abort(404)
    return send_file(io.BytesIO(path.read_bytes()), mimetype="image/png")


@bp.get("/installations/<number>/sheet.pdf")
@allow(EVERYONE)
def sheet(number: str):
    """The installation sheet as a PDF (signed once signed off)."""
    item = installation_or_404(number)
    lang = request.args.get("lang") if request.args.get("lang") in ("zh", "en") else None
    pdf = render_pdf(item, lang=lang)
    return send_file(
        io.BytesIO(pdf), mimetype="application/pdf", download_name=f"{item.number}.pdf"
    )
