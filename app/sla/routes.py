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
from app.clocks.countdown import Stretch, stretches
from app.contracts.services import get_contract
from app.extensions import CALENDAR_YEARS, db, utcnow
from app.sla import bp, policy, upcoming_years
from app.sla.forms import (
    MAX_YEAR_ROWS,
    SOURCE_LABELS,
    WEEKDAY_LABELS,
    WEEKDAY_SHORT,
    BreachReasonForm,
    CalendarForm,
    OverrideForm,
    YearForm,
    runs,
)
from app.sla.labels import BREACH_REASON_LABELS, calendar_label
from app.sla.rules import rows_of
from app.sla.scan import RECOMPUTING, touch_open
from app.sla.services import breach_reasons, set_breach_reason
from app.tickets import policy as ticket_policy
from app.tickets import queries, services
from app.tickets.labels import METRIC_LABELS
from app.web.access import allow
from app.web.render import render, wants_fragment


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
            if year in CALENDAR_YEARS and 1 <= month <= 12:
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
    today = utcnow().astimezone(store.calendars()[store.OFFICE].tz).date()
    years = [
        (year, store.year_status(year), store.holiday_year(year))
        for year in range(today.year - 1, today.year + 3)
    ]
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
    """Enter a year's State Council schedule in rows with its official notice, review it on the
    calendar, then confirm it: only a confirmed year moves the clocks."""
    if year not in CALENDAR_YEARS:
        abort(404)
    form = YearForm()
    status = store.year_status(year)
    context = {"form": form, "year": year, "year_status": status}
    if request.method == "GET":
        fill_year(form, year, status)
        return render("sla/year.html", "year", **context)
    step = request.form.get("step", "edit")
    if step == "add_row":
        if len(form.rows.entries) < MAX_YEAR_ROWS:
            form.rows.append_entry()
        return render("sla/year.html", "year", **context)
    valid = form.validate_on_submit()
    days = form.check_rows(year)
    if not valid or days is None:
        return render("sla/year.html", "year", 422, **context)
    if step == "confirm":
        store.confirm_year(
            year, days, actor=current_user, source=form.source.data, source_url=form.source_url.data
        )
        touch_open(utcnow())
        flash(_("The %(year)d holiday schedule is confirmed.", year=year), "success")
        flash(RECOMPUTING, "info")
        return redirect(url_for("sla.calendars"))
    if step == "review":
        return render("sla/year.html", "year", **review_context(year, days), **context)
    return render("sla/year.html", "year", **context)


def fill_year(form: YearForm, year: int, status: str) -> None:
    """The rows a manager confirmed, else the built-in ones, then empty rows to type into."""
    known = store.confirmed_schedule(year) if status == "confirmed" else None
    form.fill_rows(rows_of(known if known is not None else store.package_schedule(year)), 3)
    stored = store.holiday_year(year)
    form.source.data = stored.source if stored else ""
    form.source_url.data = stored.source_url if stored else ""


def review_context(year: int, days: list) -> dict:
    """The year as it would be: the runs it lists and its twelve months on the calendar."""
    preview = store.preview(year, days)
    holidays = sum(1 for day in days if day[1] == "holiday")
    return {
        "review": [store.month_days(preview, year, month) for month in range(1, 13)],
        "runs": runs(days),
        "holidays": holidays,
        "workdays": len(days) - holidays,
        "weekday_short": WEEKDAY_SHORT,
    }


@bp.get("/tickets/<number>/sla")
@allow(EVERYONE)
def timeline(number: str):
    """The ticket's SLA clocks, replayed from its history; the ticket page polls it."""
    return timeline_fragment(visible_ticket_or_404(number))


def visible_ticket_or_404(number: str):
    ticket = db.session.scalar(queries.get_by_number(number))
    if ticket is None or not ticket_policy.can_view(current_user, ticket):
        abort(404)
    return ticket


def timeline_fragment(ticket, status: int = 200, form: BreachReasonForm | None = None, metric=None):
    contract = get_contract()
    now = utcnow()
    clocks = services.sla_clocks(ticket, now=now, contract=contract)
    explain = policy.can_explain_breach(current_user)
    reasons = (
        {metric: row for (_id, metric), row in breach_reasons([ticket.id]).items()}
        if explain
        else {}
    )
    forms = {}
    if explain:
        for clock in clocks:
            if clock.state != "breached":
                continue
            if metric == clock.metric and form is not None:
                forms[clock.metric] = form
                continue
            blank = BreachReasonForm(formdata=None, prefix=clock.metric)
            blank.offer(BREACH_REASON_LABELS)
            if clock.metric in reasons:
                blank.reason.data = reasons[clock.metric].reason
                blank.note.data = reasons[clock.metric].note
            forms[clock.metric] = blank
    return render(
        "sla/_timeline.html",
        None,
        status,
        ticket=ticket,
        rows=timeline_rows(clocks, now),
        now=now,
        warning_percent=contract.sla_warning_percent,
        reasons=reasons,
        reason_forms=forms,
    )


@bp.post("/tickets/<number>/sla/<metric>/reason")
@allow(EVERYONE)
def breach_reason(number: str, metric: str):
    """Record why one of the ticket's service levels was missed (the report groups by it)."""
    ticket = visible_ticket_or_404(number)
    if not policy.can_explain_breach(current_user):
        abort(403)
    now = utcnow()
    breached = {
        clock.metric
        for clock in services.sla_clocks(ticket, now=now, contract=get_contract())
        if clock.state == "breached"
    }
    if metric not in breached:
        abort(404)
    form = BreachReasonForm(prefix=metric)
    form.offer(BREACH_REASON_LABELS)
    if not form.validate_on_submit():
        return timeline_fragment(ticket, 422, form, metric)
    set_breach_reason(
        ticket, metric, form.reason.data, form.note.data or "", actor=current_user, now=now
    )
    if not wants_fragment():
        flash(_("The reason is recorded."), "success")
        return redirect(url_for("tickets.detail", number=ticket.number))
    return timeline_fragment(ticket)


def timeline_rows(clocks, now) -> list[tuple[services.ClockReading, list[Stretch]]]:
    """Each clock's reading and its stretches, where the hours it did not count (nights,
    weekends, holidays) show as paused."""
    calendars = store.calendars()
    return [
        (reading, stretches(reading.clock, calendars[reading.clock.calendar], now))
        for reading in services.readings(clocks, now=now)
    ]
