"""The desk's queue: its views (filters, sort, saved views), bulk actions and exports."""

from urllib.parse import parse_qsl, urlencode

import sqlalchemy as sa
from flask import abort, current_app, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.roles import AGENT, ENGINEER, SERVICE_DESK
from app.audit.services import record, record_export
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.mail import queries as mail_queries
from app.tickets import actions, bp, forms, labels, policy, queries, rules, services
from app.tickets.models import SavedView, Ticket
from app.tickets.routes.ticket import translate_error
from app.web import hooks, spreadsheets
from app.web.access import allow
from app.web.i18n import SHANGHAI, current_lang
from app.web.render import render
from app.web.unit_of_work import keep_writes

# the view's filters, in the order the queue's address carries them
FILTERS = (
    "status",
    "priority",
    "group",
    "channel",
    "assignee",
    "q",
    "triage",
    "due",
    "clock",
    "location",
    "sort",
    "dir",
)
PAGE_SIZE = 50
EXPORT_FORMATS = ("csv", "xlsx")


def queue_filters(values=None) -> dict:
    """The view's filters from the address (or a saved view), each a plain string."""
    values = request.args if values is None else values
    return {name: str(values.get(name, "") or "")[:100] for name in FILTERS}


def filters_query(filters: dict) -> str:
    """The view as a query string, without its empty filters (the saved view's link)."""
    return urlencode({name: value for name, value in filters.items() if value})


@bp.get("/desk")
@allow(SERVICE_DESK)
def queue():
    """The desk's queue by priority and SLA due; polls itself without losing the filters;
    `format=csv|xlsx` gives the same view as a file."""
    filters = queue_filters()
    now = utcnow()
    fmt = request.args.get("format", "")
    if fmt:
        if fmt not in EXPORT_FORMATS:
            abort(400)
        return export(queries.queue(current_user, filters, now), fmt)
    page = max(request.args.get("page", 1, type=int), 1)
    stamp = queries.open_stamp()
    if filters["due"]:  # time alone moves tickets into these views
        stamp += now.strftime("-%H%M")
    if request.args.get("stamp") == stamp:
        return "", 204  # the poll found nothing new: the rows stay as they are
    tickets = queries.Page(queries.queue(current_user, filters, now), page, PAGE_SIZE)
    # the due column: each ticket's most urgent clock, as its SLA timeline reads it
    readings = services.queue_readings(tickets.items, now=now, contract=get_contract())
    return render(
        "tickets/queue.html",
        "rows",
        tickets=tickets,
        parked_mail=parked_mail() if filters["triage"] else [],
        filters=filters,
        agents=staff_choices(),
        view_address=filters_query(filters),
        locations=queries.locations(),
        statuses=rules.STATUSES,
        views=my_views(),
        view_form=forms.SavedViewForm(formdata=None, filters=filters_query(filters)),
        bulk_form=bulk_form(),
        bulk_actions=bulk_choices(),
        now=now,
        readings=readings,
        stamp=stamp,
    )


def parked_mail() -> list:
    """Mail that failed every try: it needs the desk as much as a ticket without a requester."""
    return db.session.scalars(mail_queries.parked().limit(PAGE_SIZE)).all()


def staff_choices() -> list[User]:
    """Whom the assignee filter names: the desk and the engineers."""
    return db.session.scalars(
        sa.select(User).where(User.role.in_([AGENT, ENGINEER]), User.active).order_by(User.name)
    ).all()


def desk_people() -> list[User]:
    """Whom a ticket may be given to from the queue."""
    return db.session.scalars(
        sa.select(User)
        .where(User.active, User.role.in_(sorted(policy.ASSIGNEE_ROLES)))
        .order_by(User.name)
    ).all()


def my_views() -> list[SavedView]:
    return db.session.scalars(
        sa.select(SavedView).where(SavedView.user_id == current_user.id).order_by(SavedView.name)
    ).all()


def bulk_choices() -> list[tuple[str, str]]:
    names = list(rules.BULK_ACTIONS)
    if hooks.ticket_problems().available:
        names.append("link_problem")
    return [(name, str(labels.BULK_LABELS[name])) for name in names]


def bulk_form() -> forms.BulkForm:
    form = forms.BulkForm(formdata=None)
    form.action.choices = bulk_choices()
    form.assignee.choices = [("", "—")] + [(str(p.id), p.name) for p in desk_people()]
    return form


def export(query: sa.Select, fmt: str):
    """The view's tickets as a file: every matching row, in the view's order."""
    lang = current_lang()
    head = [
        _("Number"),
        _("Priority"),
        _("Title"),
        _("Requester"),
        _("Status"),
        _("Assignee"),
        _("Area"),
        _("Catalog item"),
        _("Location"),
        _("Channel"),
        _("Opened"),
        _("SLA due"),
    ]
    groups = dict(labels.catalog_groups(lang))

    def local(moment) -> str:
        return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if moment else ""

    table = [
        [
            ticket.number,
            ticket.priority,
            ticket.title,
            ticket.requester.name if ticket.requester else ticket.requester_contact,
            str(labels.STATUS_LABELS.get(ticket.status, ticket.status)),
            ticket.assignee.name if ticket.assignee else "",
            str(groups.get(ticket.catalog_item.group, ticket.catalog_item.group)),
            ticket.catalog_item.name(lang),
            ticket.location,
            str(labels.CHANNEL_LABELS.get(ticket.channel, ticket.channel)),
            local(ticket.created_at),
            local(ticket.due_at),
        ]
        for ticket in db.session.scalars(query.execution_options(yield_per=1000))
    ]
    body = spreadsheets.render(fmt, head, table, _("Queue"))
    record_export(current_user, "queue", fmt, filters=request.args.to_dict(), rows=len(table))
    response = make_response(body)
    response.headers["Content-Type"] = spreadsheets.FORMATS[fmt]
    stamp = utcnow().astimezone(SHANGHAI).strftime("%Y%m%d-%H%M")
    response.headers["Content-Disposition"] = f'attachment; filename="queue-{stamp}.{fmt}"'
    return response


@bp.post("/desk/bulk")
@allow(SERVICE_DESK)
def bulk():
    """One action on the ticked tickets, each through the same service as on its own page
    (policy, status machine, history, audit); a ticket that cannot take it keeps its state
    and is named with the reason, while the others are done."""
    form = forms.BulkForm()
    form.action.choices = bulk_choices()
    numbers = list(dict.fromkeys(n.strip().upper() for n in request.form.getlist("ticket")))[
        : rules.BULK_LIMIT
    ]
    choice = form.action.data or ""
    back = back_to_queue()
    if request.form.get("to_problem") and "problems.new" in current_app.view_functions:
        # the problem form reads the ticked incidents from its address
        return redirect(url_for("problems.new", ticket=numbers)), 303
    refusal = bulk_refusal(form, choice, numbers)
    if refusal:
        flash(refusal, "error")
        return redirect(back), 303
    value = form.assignee.data or ""
    assignee = db.session.get(User, int(value)) if value.isdigit() else None
    problem = (form.problem.data or "").strip()
    tickets = {
        t.number: t for t in db.session.scalars(sa.select(Ticket).where(Ticket.number.in_(numbers)))
    }
    done, refused = [], []
    for number in numbers:
        ticket = tickets.get(number)
        if ticket is None or not policy.can_view(current_user, ticket):
            refused.append((number, _("No ticket with that number.")))
            continue
        reason = bulk_one(ticket, choice, assignee, problem, form.note.data or "")
        if reason:
            refused.append((number, reason))
        else:
            done.append(number)
    keep_writes()  # the tickets that took the action keep it, whatever the others said
    flash_outcome(choice, done, refused)
    return redirect(back), 303


def bulk_refusal(form: forms.BulkForm, choice: str, numbers: list[str]) -> str | None:
    """Why the bulk form as sent cannot be applied to any ticket, if it cannot."""
    if not form.validate_on_submit() or choice not in dict(bulk_choices()):
        return _("Choose what to do with the ticked tickets.")
    if not numbers:
        return _("Tick at least one ticket first.")
    if choice == "assign":
        value = form.assignee.data or ""
        assignee = db.session.get(User, int(value)) if value.isdigit() else None
        if not policy.takes_assignments(assignee):
            return _("Choose someone on the service desk to assign to.")
    if choice == "link_problem" and not (form.problem.data or "").strip():
        return _("Give the problem's number.")
    return None


def flash_outcome(choice: str, done: list[str], refused: list[tuple[str, str]]) -> None:
    """One line for the tickets done, one per ticket refused with its reason."""
    if done:
        flash(
            _(
                "%(action)s: done for %(numbers)s.",
                action=str(labels.BULK_LABELS[choice]).rstrip("…"),
                numbers=", ".join(done),
            ),
            "success",
        )
    for number, reason in refused:
        flash(_("%(number)s was not changed: %(reason)s", number=number, reason=reason), "error")


def bulk_one(ticket: Ticket, choice: str, assignee, problem: str, note: str) -> str | None:
    """Apply the bulk choice to one ticket in its own savepoint; None when done, else why not
    (and the ticket is left exactly as it was)."""
    action, waiting_for = rules.BULK_ACTIONS.get(choice, (choice, None))
    if not policy.can_act(current_user, ticket, action):
        return _("You may not do this on this ticket.")
    context = {"actor": current_user, "now": utcnow(), "contract": get_contract()}
    savepoint = db.session.begin_nested()
    try:
        if choice == "link_problem":
            reason = hooks.ticket_problems().link(problem, ticket, **context)
            if reason:
                savepoint.rollback()
                return reason
        elif action == "assign":
            services.assign(ticket, assignee, actor=current_user, now=context["now"])
        elif action == "pend":
            actions.pend(ticket, waiting_for, note=note, **context)
        else:
            actions.NOTE_ONLY[action](ticket, note=note, **context)
        db.session.flush()
    except rules.TransitionError:
        savepoint.rollback()
        return _(
            "this is not possible while the ticket is %(status)s.",
            status=labels.STATUS_LABELS.get(ticket.status, ticket.status),
        )
    except services.TicketError as error:
        savepoint.rollback()
        return translate_error(error)
    savepoint.commit()
    return None


def back_to_queue() -> str:
    """The queue's view the form was sent from (only our own queue's address)."""
    view = request.form.get("view", "")
    return url_for("tickets.queue") + ("?" + view if view and "//" not in view else "")


@bp.post("/desk/views")
@allow(SERVICE_DESK)
def save_view():
    """Keep the current filters under a name (one's own views; the same name replaces)."""
    form = forms.SavedViewForm()
    filters = queue_filters(dict(parse_qsl(form.filters.data or "")))
    view_address = filters_query(filters)
    if not form.validate_on_submit():
        flash(_("Give the view a name."), "error")
        return redirect(url_for("tickets.queue") + "?" + view_address), 303
    name = form.name.data.strip()
    view = db.session.scalar(
        sa.select(SavedView).where(SavedView.user_id == current_user.id, SavedView.name == name)
    )
    if view is None:
        view = SavedView(user_id=current_user.id, name=name)
        db.session.add(view)
    view.filters = {key: value for key, value in filters.items() if value}
    db.session.flush()
    record(current_user, "queue_view.save", view, {"name": name, "filters": view.filters})
    flash(_("View %(name)s saved.", name=name), "success")
    return redirect(url_for("tickets.queue") + "?" + view_address), 303


@bp.post("/desk/views/<int:view_id>/delete")
@allow(SERVICE_DESK)
def delete_view(view_id: int):
    """Remove one of one's own views; another person's is not found."""
    view = db.session.get(SavedView, view_id)
    if view is None or view.user_id != current_user.id:
        abort(404)
    record(current_user, "queue_view.delete", view, {"name": view.name})
    db.session.delete(view)
    flash(_("View %(name)s removed.", name=view.name), "success")
    return redirect(url_for("tickets.queue")), 303
