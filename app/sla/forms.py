"""Calendar, override, holiday-year and escalation forms, and the text formats they accept."""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.clocks.calendar import DayHours, Override, validate_intervals
from app.web.forms import InCalendarYears, options

KIND_LABELS = {
    "workday": _l("Workday"),
    "weekend": _l("Weekend"),
    "holiday": _l("Holiday"),
    "adjusted_workday": _l("Adjusted working day"),
}
SOURCE_LABELS = {
    "cn": _l("China's statutory holidays and adjusted working days"),
    "none": _l("No holidays: every week the same"),
}
WEEKDAY_LABELS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
WEEKDAY_SHORT = (_l("Mon"), _l("Tue"), _l("Wed"), _l("Thu"), _l("Fri"), _l("Sat"), _l("Sun"))
RECIPIENT_LABELS = {
    "assignee": _l("Assignee"),
    "customer_service_manager": _l("Customer service manager (desk lead)"),
    "vendor_project_manager": _l("Vendor project manager"),
    "client_it_contact": _l("Client IT technical contact"),
    "client_management_contact": _l("Client management contact"),
    "client_project_lead": _l("Client project lead"),
}
NAME_RE = r"^[a-z][a-z0-9_-]{1,31}$"

_DASHES = "-–—~～"
_INTERVAL = re.compile(rf"^(\d{{1,2}}:\d{{2}})\s*[{_DASHES}]\s*(\d{{1,2}}:\d{{2}})$")
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_RANGE = re.compile(r"\s*(?:\.\.|~|～|–|至)\s*")
_YEAR_KINDS = {
    "holiday": "holiday",
    "休": "holiday",
    "adjusted_workday": "adjusted_workday",
    "workday": "adjusted_workday",
    "班": "adjusted_workday",
}


def parse_hours(text: str) -> DayHours:
    """ "09:00-12:00, 13:00-18:00" → intervals; ValueError with every problem named."""
    pairs, errors = [], []
    text = re.sub(rf"\s*([{_DASHES}])\s*", r"\1", (text or "").strip())
    for part in re.split(r"[,，;；\s]+", text):
        if not part:
            continue
        match = _INTERVAL.match(part.strip())
        if match is None:
            errors.append(f"{part.strip()!r} is not a time range like 09:00-18:00")
            continue
        start, end = (value.zfill(5) for value in match.groups())
        pairs.append((start, end))
    errors += validate_intervals(pairs)
    if errors:
        raise ValueError("; ".join(errors))
    return tuple(sorted(pairs))


def format_hours(hours) -> str:
    """Intervals as the form shows them."""
    return ", ".join(f"{start}-{end}" for start, end in hours or ())


def _date(text: str) -> date:
    match = _DATE.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a date YYYY-MM-DD")
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError(f"{text!r} is not a date on the calendar") from None


def parse_year(text: str, year: int) -> tuple[list[Override], list[str]]:
    """The year-schedule text, one line per date or range, into (days, errors).

    A line: `2027-02-06..2027-02-12 holiday Spring Festival` (kind `holiday`/`休` or
    `adjusted_workday`/`班`; the name is optional); blank lines and `#` comments are skipped.
    """
    days: dict[date, Override] = {}
    errors: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"line {number}"
        head, *rest = re.split(r"\s+", _RANGE.sub("..", line), maxsplit=2)
        if not rest:
            errors.append(f"{where}: expected a date, a kind and an optional name")
            continue
        kind = _YEAR_KINDS.get(rest[0].lower())
        if kind is None:
            errors.append(f"{where}: {rest[0]!r} is not holiday (休) or adjusted_workday (班)")
            continue
        name = rest[1].strip() if len(rest) > 1 else ""
        try:
            first, _, last = head.partition("..")
            start = _date(first)
            end = _date(last) if last else start
        except ValueError as error:
            errors.append(f"{where}: {error}")
            continue
        if end < start:
            errors.append(f"{where}: the range ends before it starts")
            continue
        if start.year != year or end.year != year:
            errors.append(f"{where}: {head} is not in {year}")
            continue
        day = start
        while day <= end:
            if day in days:
                errors.append(f"{where}: {day} is listed twice")
            days[day] = (day, kind, name or None)
            day += timedelta(days=1)
    return sorted(days.values()), errors


def runs(days: list[Override]) -> list[list[Override]]:
    """Consecutive dates of the same kind and name, grouped: the ranges a schedule lists."""
    grouped: list[list[Override]] = []
    for item in sorted(days):
        last = grouped[-1][-1] if grouped else None
        if last and item[0] - last[0] == timedelta(days=1) and item[1:] == last[1:]:
            grouped[-1].append(item)
        else:
            grouped.append([item])
    return grouped


def format_year(days: list[Override]) -> str:
    """A year's schedule as text, consecutive equal days joined into ranges."""
    lines = []
    for run in runs(days):
        first, last = run[0][0], run[-1][0]
        span = first.isoformat() if first == last else f"{first}..{last}"
        lines.append(" ".join(part for part in (span, run[0][1], run[0][2] or "") if part))
    return "\n".join(lines)


class HoursField(StringField):
    """Working intervals of one day as text; `.hours` holds the parsed value."""

    hours: DayHours = ()

    def pre_validate(self, form) -> None:
        try:
            self.hours = parse_hours(self.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None


def _timezone(form, field) -> None:
    if field.data not in available_timezones():
        raise ValidationError(_l("Unknown time zone, e.g. Asia/Shanghai."))


class CalendarForm(FlaskForm):
    """A calendar's settings; `name` only when it is created."""

    name = StringField(
        _l("Calendar name"),
        validators=[
            DataRequired(),
            Regexp(NAME_RE, message=_l("Lower-case letters, digits, - and _ (2–32).")),
        ],
    )
    timezone = StringField(_l("Time zone"), validators=[DataRequired(), _timezone])
    source = SelectField(_l("Holidays"), choices=options(SOURCE_LABELS.items()))
    day0 = HoursField(WEEKDAY_LABELS[0])
    day1 = HoursField(WEEKDAY_LABELS[1])
    day2 = HoursField(WEEKDAY_LABELS[2])
    day3 = HoursField(WEEKDAY_LABELS[3])
    day4 = HoursField(WEEKDAY_LABELS[4])
    day5 = HoursField(WEEKDAY_LABELS[5])
    day6 = HoursField(WEEKDAY_LABELS[6])
    adjusted_workday_hours = HoursField(_l("Adjusted working days (调休)"))

    DAY_FIELDS = ("day0", "day1", "day2", "day3", "day4", "day5", "day6")

    def fill(self, definition) -> None:
        """Show a stored (or built-in) definition."""
        self.name.data = definition.name
        self.timezone.data = definition.timezone
        self.source.data = definition.source
        for day, name in enumerate(self.DAY_FIELDS):
            self[name].data = format_hours(definition.weekly_hours[day])
        self.adjusted_workday_hours.data = format_hours(definition.adjusted_workday_hours)

    def values(self) -> dict:
        """The parsed settings, as app.clocks.store.save_definition takes them."""
        adjusted = self.adjusted_workday_hours.hours
        return {
            "timezone": self.timezone.data.strip(),
            "source": self.source.data,
            "weekly_hours": tuple(self[name].hours for name in self.DAY_FIELDS),
            "adjusted_workday_hours": adjusted or None,
        }


class OverrideForm(FlaskForm):
    """Turn one date into a holiday or a working day."""

    day = DateField(
        _l("Date"), validators=[InCalendarYears(), DataRequired(message=_l("A date YYYY-MM-DD."))]
    )
    kind = SelectField(
        _l("Make it"), choices=options([("holiday", _l("Holiday")), ("working", _l("Working day"))])
    )
    name = StringField(_l("Name of the day"), validators=[Optional(), Length(max=100)])


class YearForm(FlaskForm):
    """A whole year's State Council schedule, reviewed before it is confirmed."""

    text = TextAreaField(_l("Holidays and adjusted working days"), validators=[Length(max=20000)])


class EscalationForm(FlaskForm):
    """A further notification level for one metric or all."""

    metric = SelectField(_l("Metric"))
    percent = IntegerField(
        _l("When this share of the target is used (%)"),
        validators=[DataRequired(), NumberRange(1, 1000)],
    )
    recipients = SelectMultipleField(
        _l("Notify"),
        choices=options(RECIPIENT_LABELS.items()),
        validators=[DataRequired(message=_l("Choose at least one recipient."))],
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )
    any_time = BooleanField(_l("Also outside service time"))
