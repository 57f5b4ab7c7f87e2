"""Calendar pages for managers, the month view, escalation levels and the ticket's SLA timeline."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.accounts.roles import EVERYONE, MANAGERS
from app.clocks import store
from app.clocks.calendar import WorkCalendar
from app.clocks.clock import resumes_at
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.sla import bp, policy, upcoming_years
from app.sla.forms import (
    SOURCE_LABELS,
    WEEKDAY_LABELS,
    WEEKDAY_SHORT,
    CalendarForm,
    OverrideForm,
    YearForm,
    format_year,
    parse_year,
    runs,
)
from app.sla.labels import calendar_label
from app.sla.scan import RECOMPUTING, touch_open
from app.tickets import policy as ticket_policy
from app.tickets import queries, services
from app.tickets.labels import METRIC_LABELS
from app.web.access import allow
from app.web.render import render


def calendar_or_404(name: str) -> WorkCalendar:
    found = store.calendars().get(name)
    if found is None:
        abort(404)
    return found


def month_arg(value: str | None) -> tuple[int, int]:
    """?month=YYYY-MM, else the current month in Shanghai."""
    if value:
        try:
            year, month = (int(part) for part in value.split("-"))
            if 1900 <= year <= 2999 and 1 <= month <= 12:
                return year, month
        except ValueError:
            pass
    today = utcnow().astimezone(store.calendars()[store.OFFICE].tz).date()
    return today.year, today.month


def shifted(year: int, month: int, by: int) -> str:
    index = year * 12 + month - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@bp.get("/sla/calendars")
@allow(MANAGERS)
def calendars():
    """The calendars, the holiday schedule of recent years and what is missing."""
    today = utcnow().date()
    years = [(year, store.year_status(year)) for year in range(today.year - 1, today.year + 3)]
    definitions = store.definitions()
    return render(
        "sla/calendars.html",
        definitions=definitions,
        years=years,
        missing=store.missing_years(upcoming_years(today)),
        summaries={name: weekly_summary(d.weekly_hours) for name, d in definitions.items()},
        uses=calendar_uses(get_contract()),
        source_labels=SOURCE_LABELS,
    )


def weekly_summary(weekly) -> list[str]:
    """ "Mon–Fri 09:00–18:00": runs of weekdays with the same hours."""
    lines, day = [], 0
    while day < 7:
        last = day
        while last + 1 < 7 and weekly[last + 1] == weekly[day]:
            last += 1
        if weekly[day]:
            days = (
                WEEKDAY_SHORT[day] if last == day else f"{WEEKDAY_SHORT[day]}–{WEEKDAY_SHORT[last]}"
            )
            hours = ", ".join(f"{start}–{end}" for start, end in weekly[day])
            lines.append(f"{days} {hours}")
        day = last + 1
    return lines


def calendar_uses(contract) -> dict[str, list[str]]:
    """Which metrics (and priorities) of the contract run on each calendar."""
    uses: dict[str, list[str]] = {contract.office_calendar: [str(_l("Office hours"))]}
    for metric, choice in (contract.sla_calendars or {}).items():
        label = str(METRIC_LABELS.get(metric, metric))
        if isinstance(choice, str):
            uses.setdefault(choice, []).append(label)
        elif isinstance(choice, dict):
            for priority, name in sorted(choice.items()):
                uses.setdefault(str(name), []).append(f"{label} {priority}")
    return uses


@bp.get("/sla/calendars/<name>")
@allow(EVERYONE)
def month(name: str):
    """A month of one calendar: workdays, weekends, holidays and adjusted working days."""
    return month_page(name, OverrideForm(), 200)


def month_page(name: str, form: OverrideForm, status: int):
    found = calendar_or_404(name)
    year, number = month_arg(request.args.get("month"))
    manage = policy.can_manage(current_user)
    return render(
        "sla/month.html",
        "month",
        status,
        calendar=found,
        year=year,
        month=number,
        month_name=f"{year}-{number:02d}",
        weeks=store.month_days(found, year, number),
        previous=shifted(year, number, -1),
        following=shifted(year, number, 1),
        missing=found.missing_years([year]),
        overrides=store.overrides_of(name) if manage else [],
        can_manage=manage,
        form=form,
        weekday_labels=WEEKDAY_LABELS,
        weekday_short=WEEKDAY_SHORT,
    )


@bp.post("/sla/calendars/<name>/overrides")
@allow(MANAGERS)
def add_override(name: str):
    """Make one date a holiday or a working day on this calendar."""
    calendar_or_404(name)
    form = OverrideForm()
    if not form.validate_on_submit():
        return month_page(name, form, 422)
    try:
        store.set_override(
            name,
            form.day.data,
            form.kind.data == "working",
            form.name.data or "",
            actor=current_user,
        )
    except store.CalendarError as error:
        form.day.errors = [str(error)]
        return month_page(name, form, 422)
    touch_open(utcnow())
    flash(
        _("%(day)s is now a %(kind)s.", day=form.day.data.isoformat(), kind=_override_word(form)),
        "success",
    )
    flash(RECOMPUTING, "info")
    return redirect(url_for("sla.month", name=name, month=form.day.data.strftime("%Y-%m")))


def _override_word(form: OverrideForm) -> str:
    return _("working day") if form.kind.data == "working" else _("holiday")


@bp.post("/sla/calendars/<name>/overrides/<day>/delete")
@allow(MANAGERS)
def remove_override(name: str, day: str):
    """Drop an override: the date follows the statutory schedule again."""
    calendar_or_404(name)
    try:
        when = date.fromisoformat(day)
    except ValueError:
        abort(404)
    if not store.remove_override(name, when, actor=current_user):
        abort(404)
    touch_open(utcnow())
    flash(_("The override of %(day)s was removed.", day=when.isoformat()), "success")
    flash(RECOMPUTING, "info")
    return redirect(url_for("sla.month", name=name, month=when.strftime("%Y-%m")))


@bp.route("/sla/calendars/new", methods=["GET", "POST"])
@allow(MANAGERS)
def new_calendar():
    """Define another calendar, e.g. the extended hours outside the office (S2)."""
    form = CalendarForm()
    if request.method == "GET":
        form.fill(store.DEFAULTS[store.OFFICE])
        form.name.data = ""
    if form.validate_on_submit():
        if form.name.data in store.definitions() or form.name.data == "new":
            form.name.errors.append(_l("A calendar with this name exists."))
        else:
            return save_calendar(form, form.name.data)
    return render("sla/calendar_form.html", "form", 422 if form.errors else 200, form=form)


@bp.route("/sla/calendars/<name>/settings", methods=["GET", "POST"])
@allow(MANAGERS)
def edit_calendar(name: str):
    """Change a calendar's time zone, weekly hours and holiday source."""
    definition = store.definitions().get(name)
    if definition is None:
        abort(404)
    form = CalendarForm()
    if request.method == "GET":
        form.fill(definition)
    form.name.data = name  # fixed: tickets and contract settings refer to it
    if form.validate_on_submit():
        return save_calendar(form, name)
    return render(
        "sla/calendar_form.html", "form", 422 if form.errors else 200, form=form, name=name
    )


def save_calendar(form: CalendarForm, name: str):
    try:
        store.save_definition(name, form.values(), actor=current_user)
    except store.CalendarError as error:
        form.day0.errors = [*form.day0.errors, str(error)]
        return render("sla/calendar_form.html", "form", 422, form=form, name=name)
    touch_open(utcnow())
    flash(_("Calendar %(name)s saved.", name=calendar_label(name)), "success")
    flash(RECOMPUTING, "info")
    return redirect(url_for("sla.month", name=name))


@bp.route("/sla/years/<int:year>", methods=["GET", "POST"])
@allow(MANAGERS)
def year(year: int):
    """Enter a year's State Council schedule on one page, review it, then confirm it."""
    if not 1900 <= year <= 2999:
        abort(404)
    form = YearForm()
    status = store.year_status(year)
    if request.method == "GET":
        known = store.confirmed_schedule(year) if status == "confirmed" else None
        form.text.data = format_year(known if known is not None else store.package_schedule(year))
    step = request.form.get("step", "edit")
    days, errors = parse_year(form.text.data or "", year)
    context = {"form": form, "year": year, "year_status": status, "days": days}
    if request.method == "POST" and form.validate_on_submit() and not errors:
        if step == "confirm":
            store.confirm_year(year, days, actor=current_user)
            touch_open(utcnow())
            flash(_("The %(year)d holiday schedule is confirmed.", year=year), "success")
            flash(RECOMPUTING, "info")
            return redirect(url_for("sla.calendars"))
        if step == "review":
            preview = store.preview(year, days)
            reviewed = [store.month_days(preview, year, month) for month in range(1, 13)]
            return render(
                "sla/year.html",
                "year",
                review=reviewed,
                runs=runs(days),
                holidays=sum(1 for day in days if day[1] == "holiday"),
                weekday_short=WEEKDAY_SHORT,
                **context,
            )
    failed = request.method == "POST" and step != "edit" and bool(errors or form.errors)
    return render(
        "sla/year.html",
        "year",
        422 if failed else 200,
        errors=errors if request.method == "POST" else [],
        **context,
    )


@bp.get("/tickets/<number>/sla")
@allow(EVERYONE)
def timeline(number: str):
    """The ticket's SLA clocks, replayed from its history; the ticket page polls it."""
    ticket = db.session.scalar(queries.get_by_number(number))
    if ticket is None or not ticket_policy.can_view(current_user, ticket):
        abort(404)
    contract = get_contract()
    now = utcnow()
    clocks = services.sla_clocks(ticket, now=now, contract=contract)
    calendars = store.calendars()
    # a running clock does not count outside its calendar's hours: say so, not a countdown
    resumes = {
        clock.metric: resumes_at(calendars[clock.calendar], now)
        for clock in clocks
        if clock.stopped_at is None and clock.calendar in calendars
    }
    return render(
        "sla/_timeline.html",
        clocks=clocks,
        now=now,
        resumes=resumes,
        warning_percent=contract.sla_warning_percent,
    )
