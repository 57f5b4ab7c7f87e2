"""The vendor's pages: the queue, phone intake, dispatches, and desk-only ticket edits."""

from datetime import datetime

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.roles import (
    CALL_TAKERS,
    MANAGERS,
    ONSITE,
    SERVICE_DESK,
    STAFF,
    TICKET_HANDLERS,
)
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.mail.models import InboundMessage
from app.tickets import actions, bp, forms, queries, rules, services
from app.tickets import mail_intake as intake
from app.tickets.models import CatalogItem, Ticket
from app.tickets.routes.requests import device_options, prepare_request_form, ticket_data
from app.tickets.routes.ticket import (
    action_failed,
    action_refused,
    after_change,
    form_version,
    translate_error,
    visible_or_404,
)
from app.web.access import allow
from app.web.forms import options
from app.web.i18n import SHANGHAI
from app.web.render import render


@bp.post("/desk/mail/<int:message_id>/dismiss")
@allow(SERVICE_DESK)
def dismiss_mail(message_id: int):
    """Mark a parked incoming mail as dealt with; it leaves the triage list."""
    message = db.get_or_404(InboundMessage, message_id)
    try:
        intake.dismiss(message, actor=current_user, now=utcnow())
    except intake.NotParked:
        return _("This mail is no longer waiting for the desk."), 409
    if request.headers.get("HX-Request"):
        return ""  # the row removes itself
    flash(_("Marked as dealt with."), "success")
    return redirect(url_for("tickets.queue", triage=1))


@bp.get("/desk/callers")
@allow(SERVICE_DESK)
def callers():
    """Caller lookup for phone intake: by name, phone or email."""
    text = request.args.get("caller_query", "").strip()
    found = []
    if len(text) >= 2:
        like = f"%{text}%"
        found = db.session.scalars(
            sa.select(User)
            .where(
                User.active,
                sa.or_(User.name.ilike(like), User.phone.ilike(like), User.email.ilike(like)),
            )
            .order_by(User.vip.desc(), User.name)
            .limit(8)
        ).all()
    return render("tickets/_partials/callers.html", callers=found, text=text)


def parse_pickup(value: str | None, now: datetime) -> datetime:
    """The pick-up instant the page recorded; never in the future, never hours old."""
    try:
        picked = datetime.fromisoformat(value) if value else now
    except ValueError:
        return now
    if picked.tzinfo is None:
        picked = picked.replace(tzinfo=SHANGHAI)
    if picked > now or (now - picked).total_seconds() > 4 * 3600:
        return now
    return picked


@bp.route("/desk/phone", methods=["GET", "POST"])
@allow(CALL_TAKERS)
def phone():
    """Log a call: timer from pick-up, caller lookup, rings; remote handling starts at once."""
    form = forms.PhoneIntakeForm()
    caller = chosen_caller(form)
    prepare_request_form(form, caller)
    now = utcnow()
    if request.method == "GET":
        form.call_started_at.data = now.astimezone(SHANGHAI).isoformat(timespec="seconds")
    if form.validate_on_submit():
        if caller is None:
            form.caller_query.errors.append(_("Find and choose the caller first."))
        elif ticket := log_call(form, caller, now):
            flash(
                _("Ticket %(number)s logged; remote handling started.", number=ticket.number),
                "success",
            )
            return redirect(url_for("tickets.detail", number=ticket.number))
    return render(
        "tickets/phone.html", "form", 422 if form.errors else 200, form=form, caller=caller
    )


def chosen_caller(form: forms.PhoneIntakeForm) -> User | None:
    """The caller picked with the lookup, if any."""
    value = form.requester_id.data or ""
    return db.session.get(User, int(value)) if value.isdigit() else None


def log_call(form: forms.PhoneIntakeForm, caller: User, now: datetime) -> Ticket | None:
    """The call's ticket, with remote handling started; None when the form says why not."""
    pickup = parse_pickup(form.call_started_at.data, now)
    data = ticket_data(form, caller, "phone", rings=form.rings.data, call_started_at=pickup)
    try:
        ticket = actions.log_call(data, actor=current_user, now=now, contract=get_contract())
    except services.TicketError as error:
        form.title.errors.append(translate_error(error) if error.fields else str(error))
        return None
    return ticket


@bp.get("/desk/devices")
@allow(SERVICE_DESK)
def devices():
    """The chosen caller's devices, as options for the intake form."""
    user = db.session.get(User, request.args.get("requester_id", 0, type=int))
    return render("tickets/_partials/item_options.html", items=device_options(user))


@bp.get("/dispatches")
@allow(ONSITE)
def dispatches():
    """The engineer's dispatched tickets with the user's desk and the arrival clock."""
    tickets = db.session.scalars(queries.my_dispatches(current_user)).all()
    contract, now = get_contract(), utcnow()
    arrivals = {
        ticket.id: services.current(
            services.sla_readings(ticket, now=now, contract=contract), "onsite_arrival"
        )
        for ticket in tickets  # a wait for the user holds the clock: it shows as paused
    }
    return render("tickets/dispatches.html", "rows", tickets=tickets, arrivals=arrivals, now=now)


def desk_ticket(number: str) -> Ticket:
    ticket = visible_or_404(number)
    if current_user.role not in STAFF:
        abort(403)
    return ticket


@bp.post("/tickets/<number>/fields")
@allow(SERVICE_DESK)
def change_fields(number: str):
    """Reclassify: catalog item, urgency, impact (priority follows the matrix)."""
    ticket = desk_ticket(number)
    form = forms.FieldsForm()
    form.catalog_code.choices = options(
        (code, code) for code in db.session.scalars(sa.select(CatalogItem.code))
    )
    if not form.validate_on_submit():
        return action_failed(ticket, _("Please check the form."), 422)
    try:
        services.change_fields(
            ticket,
            {
                "catalog_code": form.catalog_code.data,
                "urgency": form.urgency.data,
                "impact": form.impact.data,
            },
            actor=current_user,
            now=utcnow(),
            contract=get_contract(),
            expected_version=form_version(form),
        )
    except (services.ConflictError, services.TicketError) as error:
        return action_refused(ticket, error)
    flash(_("Saved. Priority is now %(priority)s.", priority=ticket.priority), "success")
    return after_change(ticket)


@bp.post("/tickets/<number>/fixed")
@allow(TICKET_HANDLERS)
def fixed_in_passing(number: str):
    """S5: record a small problem fixed on the spot as part of this event."""
    ticket = desk_ticket(number)
    form = forms.FixedForm()
    if not form.validate_on_submit():
        return action_failed(ticket, _("Describe what was fixed."), 422)
    services.record_fixed_in_passing(ticket, form.note.data, actor=current_user, now=utcnow())
    flash(_("Recorded on this ticket."), "success")
    return after_change(ticket)


@bp.post("/tickets/<number>/vendor-case")
@allow(TICKET_HANDLERS)
def vendor_case(number: str):
    """Third-party or manufacturer coordination with its case number."""
    ticket = desk_ticket(number)
    form = forms.VendorCaseForm()
    if not form.validate_on_submit():
        return action_failed(ticket, _("Name the vendor."), 422)
    services.add_vendor_case(
        ticket,
        {
            "vendor": form.vendor.data.strip(),
            "case_number": form.case_number.data.strip(),
            "note": form.note.data or "",
            "opened_on": utcnow(),
        },
        actor=current_user,
        now=utcnow(),
    )
    flash(_("Vendor coordination recorded."), "success")
    return after_change(ticket)


@bp.post("/tickets/<number>/link")
@allow(SERVICE_DESK)
def link(number: str):
    """Link two tickets, or merge this one into another as a duplicate."""
    ticket = desk_ticket(number)
    form = forms.LinkForm()
    other = None
    if form.validate_on_submit():
        other = db.session.scalar(queries.get_by_number(form.other.data.strip()))
    if other is None:
        return action_failed(ticket, _("No ticket with that number."), 422)
    try:
        if form.kind.data == "merge":
            actions.merge(ticket, other, actor=current_user, now=utcnow(), contract=get_contract())
        else:
            services.link(ticket, other, form.kind.data, actor=current_user, now=utcnow())
    except services.TicketError as error:
        return action_failed(ticket, translate_error(error), 422)
    except rules.TransitionError:
        return action_failed(ticket, _("This is not possible in the ticket's current state."), 409)
    flash(_("Linked with %(number)s.", number=other.number), "success")
    return after_change(ticket)


@bp.get("/catalog")
@allow(MANAGERS)
def catalog():
    """The service catalog (S1), editable by managers."""
    items = db.session.scalars(sa.select(CatalogItem).order_by(CatalogItem.position)).all()
    return render("tickets/catalog.html", items=items)


@bp.route("/catalog/<code>", methods=["GET", "POST"])
@allow(MANAGERS)
def edit_catalog_item(code: str):
    """Rename an item in both languages, set its default urgency, offer or withdraw it."""
    from app.audit.services import changes, record

    item = db.session.scalar(sa.select(CatalogItem).where(CatalogItem.code == code))
    if item is None:
        abort(404)
    form = forms.CatalogItemForm(obj=item)
    if form.validate_on_submit():
        values = {
            name: getattr(form, name).data
            for name in ("name_zh", "name_en", "default_urgency", "active")
        }
        diff = changes(item, values)
        for name, value in values.items():
            setattr(item, name, value)
        if diff:
            record(current_user, "catalog.update", item, diff)
        flash(_("Catalog item saved."), "success")
        return redirect(url_for("tickets.catalog"))
    return render(
        "tickets/catalog_item.html", status=422 if form.errors else 200, form=form, item=item
    )
