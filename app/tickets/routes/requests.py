"""Filing a request: the web form of employees and the desk, its catalog choices, and the
requester's own list of requests."""

import re

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.roles import CLIENT, EVERYONE
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.tickets import attachments, bp, forms, policy, queries, rules, services, watching
from app.tickets.catalog import GROUPS, group_of
from app.tickets.models import CatalogItem, Ticket
from app.web.access import allow
from app.web.forms import options
from app.web.i18n import current_lang
from app.web.render import render
from app.web.unit_of_work import on_rollback


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
    """The requester's devices (tag, the words they know it by); the asset register fills
    this once it exists. Several may be chosen; none means "not listed"."""
    return options(owned_asset_tags(user))


def owned_asset_tags(user) -> list[tuple[str, str]]:
    from app.web import hooks

    return hooks.owned_asset_tags(user)


def prepare_request_form(form, user):
    group = form.group.data or request.args.get("group") or None
    form.group.choices = group_options()
    form.catalog_code.choices = item_options(group)
    form.asset_tags.choices = device_options(user)
    return form


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
    if valid and (ticket := file_request(form, requester)):
        return after_filing(form, ticket, desk)
    return render(
        "tickets/new.html",
        "form",
        422 if form.errors else 200,
        form=form,
        desk=desk,
        chosen=requester if chosen else None,
    )


def chosen_devices(form) -> list[str]:
    """The ticked devices that are among the offered ones (a forged tag is dropped)."""
    offered = {choice.value for choice in form.asset_tags.choices or []}
    return [tag for tag in dict.fromkeys(form.asset_tags.data or []) if tag in offered]


def ticket_data(form: forms.RequestForm, requester: User | None, channel: str = "web", **call):
    """The request form's answers as a ticket to open; phone intake adds the call's facts."""
    return services.NewTicket(
        title=form.title.data,
        description=form.description.data or "",
        catalog_code=form.catalog_code.data,
        channel=channel,
        requester=requester,
        urgency=form.urgency.data,
        impact=form.impact.data,
        asset_tags=chosen_devices(form),
        devices_note=form.devices_note.data or "",
        **call,
    )


def file_request(form: forms.RequestForm, requester: User) -> Ticket | None:
    """Open the request with its files; None when the form says why it could not be."""
    contract = get_contract()
    data = ticket_data(form, requester)
    data.watchers, refused = watching.people_to_copy(split_addresses(form.copy_to.data))
    if refused:
        form.copy_to.errors.append(
            _("Nobody in the portal has the address %(address)s.", address=", ".join(refused))
        )
        return None
    try:
        ticket = services.open_ticket(data, actor=current_user, now=utcnow(), contract=contract)
        stored = attachments.store_uploads(
            ticket, form.files.data, actor=current_user, public=True, contract=contract
        )
    except services.TicketError as error:
        for name, message in error.fields.items():
            getattr(
                form, {"catalog_item": "catalog_code"}.get(name, name), form.title
            ).errors.append(message)
        return None
    except attachments.AttachmentError as error:
        form.files.errors.append(str(error))
        return None
    on_rollback(lambda: attachments.discard(stored))
    return ticket


def split_addresses(text: str | None) -> list[str]:
    """Addresses typed one after another, separated by commas, semicolons or spaces."""
    return [part for part in re.split(r"[\s,;，；]+", text or "") if part]


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


@bp.get("/tickets/mine")
@allow(CLIENT)
def mine():
    """My requests, with their live status."""
    tickets = db.session.scalars(queries.my_requests(current_user).limit(100)).all()
    return render("tickets/mine.html", "rows", tickets=tickets)


@bp.get("/tickets/catalog-options")
@allow(EVERYONE)
def catalog_options():
    """The items of one catalog area, for the request form's second list."""
    return render(
        "tickets/_partials/item_options.html", items=item_options(request.args.get("group"))
    )
