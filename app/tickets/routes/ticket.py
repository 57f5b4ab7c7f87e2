"""The ticket page for everyone: its facts and history, its actions, replies and files, and
the one-click confirmation from the mail."""

import sqlalchemy as sa
from flask import abort, flash, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.roles import ENGINEER, EVERYONE
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.tickets import actions, attachments, bp, forms, policy, queries, rules, services
from app.tickets.labels import ACTION_LABELS
from app.tickets.models import Attachment, Ticket
from app.tickets.routes.requests import item_options
from app.web.access import allow, public
from app.web.forms import options
from app.web.render import render, respond_after_write
from app.web.unit_of_work import discard_writes, repeat_after_lost_race


def visible_or_404(number: str) -> Ticket:
    """Load a ticket the current user may see; 404 (not 403) so numbers do not leak."""
    ticket = db.session.scalar(queries.get_by_number(number))
    if ticket is None or not policy.can_view(current_user, ticket):
        abort(404)
    return ticket


@bp.get("/tickets/<number>")
@allow(EVERYONE)
def detail(number: str):
    """The ticket page: facts, SLA, history and the actions this user may take."""
    ticket = visible_or_404(number)
    return render("tickets/detail.html", "main", **detail_context(ticket))


def detail_context(ticket: Ticket, **overrides) -> dict:
    now = utcnow()
    contract = get_contract()
    internal = policy.can_see_internal(current_user)
    history = db.session.scalars(queries.history(ticket, internal)).all()
    files = [a for a in ticket.attachments if a.public or internal]
    allowed = [
        a
        for a in rules.allowed_actions(ticket.status)
        if a not in ("comment", "close") and policy.can_act(current_user, ticket, a)
    ]
    rule = services.remote_rule(ticket, contract)
    remoting = ticket.status == "remote"
    # S6: the banner reads the remote-limit clock itself, as the SLA timeline does
    remote = None
    if remoting:
        remote = services.current(
            services.sla_readings(ticket, now=now, contract=contract), "remote_limit"
        )
    remote_minutes = remote.clock.target_minutes - remote.countdown.left_minutes if remote else 0
    engineers = db.session.scalars(
        sa.select(User).where(User.role == ENGINEER, User.active).order_by(User.name)
    ).all()
    action_form = forms.ActionForm(formdata=None, version=ticket.version)
    action_form.engineer.choices = options([(e.email, e.name) for e in engineers])
    fields_form = forms.FieldsForm(
        formdata=None, obj=ticket, catalog_code=ticket.catalog_item.code, version=ticket.version
    )
    fields_form.catalog_code.choices = item_options(None)
    # formdata=None: after a post, the forms show the ticket as it now is (new version)
    context = {
        "ticket": ticket,
        "history": history,
        "files": files,
        "allowed": allowed,
        "action_form": action_form,
        "reply_form": forms.ReplyForm(formdata=None, version=ticket.version),
        "fields_form": fields_form,
        "fixed_form": forms.FixedForm(formdata=None),
        "vendor_form": forms.VendorCaseForm(formdata=None),
        "link_form": forms.LinkForm(formdata=None),
        "watcher_form": forms.WatcherForm(formdata=None),
        "can_copy": policy.can_copy(current_user, ticket),
        "linked": [
            (how, other)
            for how, other in queries.linked(ticket)
            if policy.can_view(current_user, other)
        ],
        "staff": policy.is_staff(current_user),
        "desk": policy.can_edit_fields(current_user),
        "remote_rule": rule,
        "remote_minutes": remote_minutes,
        "must_dispatch": remoting and rule.overdue(remote_minutes),
        "remote_reading": remote,
        "now": now,
    }
    context.update(onsite_view(ticket, allowed, contract, now))
    context.update(overrides)
    return context


# the engineer's steps on site, in the order of a visit, for the phone's action bar
BAR_ACTIONS = ("arrive", "fixed_in_passing", "resolve", "pend")


def onsite_view(ticket: Ticket, allowed: list[str], contract, now) -> dict:
    """What the phone view puts first for a visit: the user, their desk, the arrival clock;
    and the steps of the action bar."""
    visit = policy.is_staff(current_user) and ticket.status in ("dispatched", "onsite")
    steps = [a for a in BAR_ACTIONS if a in allowed or (a == "fixed_in_passing" and visit)]
    return {
        "visit": visit,
        "arrival": arrival_reading(ticket, contract, now)
        if ticket.status == "dispatched"
        else None,
        "bar_actions": steps if visit else [],
    }


def arrival_reading(ticket: Ticket, contract, now):
    """The latest dispatch's arrival clock, read as the SLA panel and the dispatch mail read it."""
    return services.current(
        services.sla_readings(ticket, now=now, contract=contract), "onsite_arrival"
    )


def action_failed(ticket, message: str, status: int):
    discard_writes()
    db.session.refresh(ticket)
    flash(message, "error")
    return render("tickets/detail.html", "main", status, **detail_context(ticket))


@bp.post("/tickets/<number>/act")
@allow(EVERYONE)
def act(number: str):
    """Apply a status action from the ticket page."""
    ticket = visible_or_404(number)
    form = forms.ActionForm()
    form.engineer.choices = []
    action = form.action.data or ""
    if not form.validate_on_submit() or action not in rules.ACTIONS or action == "close":
        return action_failed(ticket, _("Choose an action."), 422)
    if not policy.can_act(current_user, ticket, action):
        abort(403)
    try:
        run_action(ticket, action, form)
    except (services.ConflictError, rules.TransitionError, services.TicketError) as error:
        return action_refused(ticket, error)
    flash(_("Done: %(action)s.", action=action_label_text(action)), "success")
    return after_change(ticket)


def action_refused(ticket: Ticket, error: Exception):
    """The ticket page again, saying why nothing was saved."""
    if isinstance(error, services.ConflictError):
        message = _(
            "Someone else changed this ticket meanwhile. "
            "Nothing was saved; here is the current state."
        )
        return action_failed(ticket, message, 409)
    if isinstance(error, rules.TransitionError):
        message = _(
            "This action is not possible while the ticket is %(status)s.", status=ticket.status
        )
        return action_failed(ticket, message, 409)
    return action_failed(ticket, translate_error(error), 422)


def form_version(form) -> int | None:
    """The ticket version the form was made from (None: do not check)."""
    return int(form.version.data) if (form.version.data or "").isdigit() else None


def run_action(ticket: Ticket, action: str, form: forms.ActionForm):
    """The action the page's button names, with what its form carries."""
    context = {"actor": current_user, "now": utcnow(), "contract": get_contract()}
    context["expected_version"] = form_version(form)
    note = form.note.data or ""
    if action == "dispatch":
        engineer = db.session.scalar(sa.select(User).where(User.email == form.engineer.data))
        return actions.dispatch(ticket, engineer, note=note, **context)
    if action == "pend":
        return actions.pend(ticket, form.waiting_for.data or "customer", note=note, **context)
    if action == "reopen":
        return actions.reopen(ticket, note, **context)
    if action == "comment":
        return actions.comment(ticket, note, **context)
    return actions.NOTE_ONLY[action](ticket, note=note, **context)


def action_label_text(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def translate_error(error: services.TicketError) -> str:
    messages = {
        "note": _("Please write a reason or note."),
        "engineer": _("Choose an onsite engineer."),
        "vendor": _("Name the vendor."),
        "other": _("Give another ticket's number."),
        "assignee": _("Choose someone on the service desk."),
        "assign_visit": _(
            "an engineer is on the way or on site; a new dispatch hands the visit over."
        ),
        "assign_closed": _("it is no longer open."),
        "dispatched": _(
            "An engineer is dispatched to this ticket: record the visit's result before "
            "merging it as a duplicate."
        ),
    }
    for field in error.fields:
        if field in messages:
            return messages[field]
    return _("Please check the form.")


def after_change(ticket):
    """htmx requests get the refreshed ticket region; plain posts a redirect (no resubmits)."""
    return respond_after_write(
        "tickets/detail.html",
        "main",
        url_for("tickets.detail", number=ticket.number),
        lambda: detail_context(ticket),
    )


@bp.post("/tickets/<number>/reply")
@allow(EVERYONE)
def reply(number: str):
    """A public reply or an internal note, with attachments."""
    ticket = visible_or_404(number)
    form = forms.ReplyForm()
    if not form.validate_on_submit():
        return action_failed(ticket, _("Write a reply first."), 422)
    internal = bool(form.internal.data) and policy.can_see_internal(current_user)
    contract = get_contract()
    try:
        repeat_after_lost_race(
            ticket,
            lambda: actions.comment(
                ticket,
                form.note.data,
                actor=current_user,
                now=utcnow(),
                contract=contract,
                public=not internal,
                expected_version=form_version(form),
            ),
        )
        attachments.store_uploads(
            ticket, form.files.data, actor=current_user, public=not internal, contract=contract
        )
    except services.ConflictError:
        return action_failed(
            ticket,
            _(
                "Someone else changed this ticket meanwhile. "
                "Your reply was not saved; please send it again."
            ),
            409,
        )
    except (rules.TransitionError, services.TicketError):
        return action_failed(ticket, _("Replies are not possible on this ticket."), 409)
    except attachments.AttachmentError as error:
        return action_failed(ticket, str(error), 422)
    flash(_("Reply added."), "success")
    return after_change(ticket)


@bp.get("/tickets/<number>/attachments/<int:attachment_id>")
@allow(EVERYONE)
def attachment(number: str, attachment_id: int):
    """Download a file; only people who may see the ticket (and internal ones: staff)."""
    ticket = visible_or_404(number)
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.ticket_id != ticket.id:
        abort(404)
    if not item.public and not policy.can_see_internal(current_user):
        abort(404)
    inline = item.content_type.startswith("image/") or item.content_type == "application/pdf"
    return send_file(
        attachments.path_of(item),
        mimetype=item.content_type,
        as_attachment=not inline,
        download_name=item.filename,
    )


@bp.route("/t/confirm/<token>", methods=["GET", "POST"])
@public
def confirm_by_link(token: str):
    """One click from the mail: GET shows the ticket and a button; only POST confirms."""
    from app.tickets import links

    payload = links.read_confirm_token(token)
    ticket = db.session.scalar(queries.get_by_number(payload["t"])) if payload else None
    valid = (
        ticket is not None
        and ticket.requester_id == payload["u"]
        and ticket.status == "resolved"
        and ticket.resolved_at is not None
        and ticket.resolved_at.isoformat() == payload["r"]
    )
    if not valid:
        return render("tickets/confirm.html", status=410, ticket=ticket, valid=False, done=False)
    if request.method == "POST":
        from flask_wtf.csrf import validate_csrf
        from wtforms import ValidationError

        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            abort(400)
        actions.confirm(
            ticket,
            actor=ticket.requester,
            now=utcnow(),
            contract=get_contract(),
            system_note=actions.CONFIRMED_BY_LINK,
        )
        return render("tickets/confirm.html", ticket=ticket, valid=True, done=True)
    return render("tickets/confirm.html", ticket=ticket, valid=True, done=False)
