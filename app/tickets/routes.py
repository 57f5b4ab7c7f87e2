"""Ticket pages for everyone: the request form, my requests, the ticket page and its actions."""

import sqlalchemy as sa
from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.tickets import attachments, bp, forms, policy, queries, rules, services
from app.tickets.catalog import GROUPS, group_of
from app.tickets.models import Attachment, CatalogItem, Ticket
from app.web.access import CLIENT, EVERYONE, allow, public
from app.web.forms import options
from app.web.i18n import current_lang
from app.web.render import render


def catalog_items(group: str | None = None) -> list[CatalogItem]:
    query = sa.select(CatalogItem).where(CatalogItem.active).order_by(CatalogItem.position)
    if group:
        query = query.where(CatalogItem.group == group)
    return db.session.scalars(query).all()


def group_options():
    lang = current_lang()
    return options(
        [("", _("All areas"))]
        + [(code, names[1] if lang == "zh" else names[2]) for code, names in GROUPS.items()]
    )


def item_options(group: str | None):
    lang = current_lang()
    return options([("", _("Choose…"))] + [(i.code, i.name(lang)) for i in catalog_items(group)])


def device_options(user):
    """The requester's devices (asset tags); the asset register fills this once it exists."""
    return options([("", _("None / not listed"))] + [(tag, tag) for tag in owned_asset_tags(user)])


def owned_asset_tags(user) -> list[str]:
    from app.web import hooks

    return hooks.owned_asset_tags(user)


def prepare_request_form(form, user):
    group = form.group.data or request.args.get("group") or None
    form.group.choices = group_options()
    form.catalog_code.choices = item_options(group)
    form.asset_tags.choices = device_options(user)
    return form


def visible_or_404(number: str) -> Ticket:
    """Load a ticket the current user may see; 404 (not 403) so numbers do not leak."""
    ticket = db.session.scalar(queries.get_by_number(number))
    if ticket is None or not policy.can_view(current_user, ticket):
        abort(404)
    return ticket


def uploaded_files(field) -> list:
    return [f for f in (field.data or []) if getattr(f, "filename", "")]


def store_files(ticket, files, *, public: bool) -> list[str]:
    """Keep each uploaded file; AttachmentError leaves the caller to roll back."""
    limit = get_contract().max_attachment_mb * 1024 * 1024
    stored = []
    try:
        for upload in files:
            with upload.stream:  # release the spooled temporary file at once
                data = upload.read(limit + 1)
            attachment = attachments.store(
                ticket, upload.filename, data, actor=current_user, public=public, max_bytes=limit
            )
            stored.append(attachment.stored_name)
    except attachments.AttachmentError:
        attachments.discard(stored)
        raise
    return stored


def prefill() -> dict:
    """GET /tickets/new?catalog_code=…: the desk's next request of the same kind (S4 sets)."""
    values = {}
    code = request.args.get("catalog_code", "")
    if code:
        values["catalog_code"] = code
        values["group"] = request.args.get("group") or group_of(code)
    if title := request.args.get("title", "").strip():
        values["title"] = title[:200]
    for name in ("urgency", "impact"):
        if request.args.get(name) in rules.LEVELS:
            values[name] = request.args[name]
    return values


def chosen_requester(form) -> User | None:
    """The person the desk chose with the caller lookup (as in phone intake); None if unknown."""
    value = (form.requester_id.data or "").strip()
    person = db.session.get(User, int(value)) if value.isdigit() else None
    return person if person is not None and person.active else None


def requester_problem(form, requester: User | None) -> str | None:
    """What is wrong with the person the desk files for, if anything."""
    if requester is None:
        return _("Find and choose the person first.")
    installation = group_of(form.catalog_code.data or "") == "install"
    if installation and requester.id == current_user.id:
        # S4: an installation belongs to its user's department, whose approver approves it
        return _("Choose the person the device is for.")
    return None


@bp.route("/tickets/new", methods=["GET", "POST"])
@allow(EVERYONE)
def new():
    """The request form: employees file for themselves, the desk for the person it is for."""
    desk = policy.can_file_for_others(current_user)
    form = forms.RequestForm(**({} if request.method == "POST" else prefill()))
    chosen = (form.requester_id.data or "").strip()
    if chosen and not desk and chosen != str(current_user.id):
        abort(403)  # employees file for themselves only
    requester = chosen_requester(form) if desk and chosen else current_user
    prepare_request_form(form, requester or current_user)
    valid = form.validate_on_submit()
    if form.is_submitted() and desk and (problem := requester_problem(form, requester)):
        form.caller_query.errors = [*form.caller_query.errors, problem]
        valid = False
    if valid:
        tags = [form.asset_tags.data] if form.asset_tags.data else []
        data = services.NewTicket(
            title=form.title.data,
            description=form.description.data or "",
            catalog_code=form.catalog_code.data,
            channel="web",
            requester=requester,
            urgency=form.urgency.data,
            impact=form.impact.data,
            asset_tags=tags,
            devices_note=form.devices_note.data or "",
        )
        try:
            ticket = services.open_ticket(
                data, actor=current_user, now=utcnow(), contract=get_contract()
            )
            stored = store_files(ticket, uploaded_files(form.files), public=True)
        except services.TicketError as error:
            db.session.rollback()
            for name, message in error.fields.items():
                getattr(
                    form, {"catalog_item": "catalog_code"}.get(name, name), form.title
                ).errors.append(message)
        except attachments.AttachmentError as error:
            db.session.rollback()
            form.files.errors.append(str(error))
        else:
            try:
                db.session.commit()
            except Exception:
                attachments.discard(stored)
                raise
            return after_filing(form, ticket, desk)
    return render(
        "tickets/new.html",
        "form",
        422 if form.errors else 200,
        form=form,
        desk=desk,
        chosen=requester if chosen else None,
    )


def after_filing(form, ticket: Ticket, desk: bool):
    """To the new ticket; or, for the desk's "file another", back to the form for the next
    person with the same catalog item (five new hires are five requests)."""
    if not desk:
        flash(
            _(
                "Ticket %(number)s opened. We will be in touch within minutes.",
                number=ticket.number,
            ),
            "success",
        )
        return redirect(url_for("tickets.detail", number=ticket.number))
    name = ticket.requester.name if ticket.requester else ""
    if not form.another.data:
        flash(
            _("Ticket %(number)s opened for %(name)s.", number=ticket.number, name=name),
            "success",
        )
        return redirect(url_for("tickets.detail", number=ticket.number))
    flash(
        _(
            "Ticket %(number)s opened for %(name)s. Choose the next person.",
            number=ticket.number,
            name=name,
        ),
        "success",
    )
    return redirect(
        url_for(
            "tickets.new",
            group=group_of(form.catalog_code.data),
            catalog_code=form.catalog_code.data,
            title=form.title.data,
            urgency=form.urgency.data,
            impact=form.impact.data,
        )
    )


@bp.get("/tickets/catalog-options")
@allow(EVERYONE)
def catalog_options():
    """The items of one catalog area, for the request form's second list."""
    return render(
        "tickets/_partials/item_options.html", items=item_options(request.args.get("group"))
    )


@bp.get("/tickets/mine")
@allow(CLIENT)
def mine():
    """My requests, with their live status."""
    tickets = db.session.scalars(queries.my_requests(current_user).limit(100)).all()
    return render("tickets/mine.html", "rows", tickets=tickets)


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
    remote_minutes = services.remote_minutes(ticket, now, contract) if remoting else 0
    engineers = db.session.scalars(
        sa.select(User).where(User.role == "engineer", User.active).order_by(User.name)
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
        "escalate_form": forms.EscalateForm(formdata=None),
        "link_form": forms.LinkForm(formdata=None),
        "staff": policy.is_staff(current_user),
        "desk": policy.can_edit_fields(current_user),
        "remote_rule": rule,
        "remote_minutes": remote_minutes,
        "must_dispatch": remoting and rule.overdue(remote_minutes),
        "remote_deadline": services.remote_deadline(ticket, rule, contract) if remoting else None,
        "now": now,
    }
    context.update(overrides)
    return context


def action_failed(ticket, message: str, status: int):
    db.session.rollback()
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
    engineer = None
    if action == "dispatch":
        engineer = db.session.scalar(sa.select(User).where(User.email == form.engineer.data))
    version = int(form.version.data) if (form.version.data or "").isdigit() else None
    try:
        services.act(
            ticket,
            action,
            actor=current_user,
            now=utcnow(),
            contract=get_contract(),
            note=form.note.data or "",
            engineer=engineer,
            waiting_for=form.waiting_for.data or "customer",
            expected_version=version,
        )
    except services.ConflictError:
        return action_failed(
            ticket,
            _(
                "Someone else changed this ticket meanwhile. "
                "Nothing was saved; here is the current state."
            ),
            409,
        )
    except rules.TransitionError:
        return action_failed(
            ticket,
            _("This action is not possible while the ticket is %(status)s.", status=ticket.status),
            409,
        )
    except services.TicketError as error:
        return action_failed(ticket, translate_error(error), 422)
    db.session.commit()
    flash(_("Done: %(action)s.", action=action_label_text(action)), "success")
    return after_change(ticket)


def action_label_text(action: str) -> str:
    from app.tickets.labels import ACTION_LABELS

    return str(ACTION_LABELS.get(action, action))


def translate_error(error: services.TicketError) -> str:
    messages = {
        "note": _("Please write a reason or note."),
        "engineer": _("Choose an onsite engineer."),
        "vendor": _("Name the vendor."),
        "other": _("Give another ticket's number."),
    }
    for field in error.fields:
        if field in messages:
            return messages[field]
    return _("Please check the form.")


def after_change(ticket):
    """htmx requests get the refreshed ticket region; plain posts a redirect (no resubmits)."""
    if request.htmx and not request.htmx.boosted:
        return render("tickets/detail.html", "main", **detail_context(ticket))
    return redirect(url_for("tickets.detail", number=ticket.number))


@bp.post("/tickets/<number>/reply")
@allow(EVERYONE)
def reply(number: str):
    """A public reply or an internal note, with attachments."""
    ticket = visible_or_404(number)
    form = forms.ReplyForm()
    if not form.validate_on_submit():
        return action_failed(ticket, _("Write a reply first."), 422)
    internal = bool(form.internal.data) and policy.can_see_internal(current_user)
    version = int(form.version.data) if (form.version.data or "").isdigit() else None
    try:
        services.act(
            ticket,
            "comment",
            actor=current_user,
            now=utcnow(),
            contract=get_contract(),
            note=form.note.data,
            public=not internal,
            expected_version=version,
        )
        store_files(ticket, uploaded_files(form.files), public=not internal)
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
    db.session.commit()
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
        services.act(
            ticket,
            "confirm",
            actor=ticket.requester,
            now=utcnow(),
            contract=get_contract(),
            note=_("Confirmed from the e-mail link."),
        )
        db.session.commit()
        return render("tickets/confirm.html", ticket=ticket, valid=True, done=True)
    return render("tickets/confirm.html", ticket=ticket, valid=True, done=False)
