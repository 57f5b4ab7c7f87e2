"""Calendar, override, holiday-year and escalation forms, and the text formats they accept."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    URLField,
    widgets,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from app.clocks.calendar import DayHours, Override, validate_intervals
from app.sla.rules import YearRow, expand_rows
from app.web.forms import InCalendarYears, Storable, options

MAX_YEAR_ROWS = 60

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


YEAR_KIND_CHOICES = (("holiday", _l("Holiday")), ("adjusted_workday", _l("Adjusted working day")))
# what a row's problem (app.sla.rules.expand_rows) means to the person entering it
YEAR_ROW_PROBLEMS = {
    "start": _l("Give the first date."),
    "order": _l("The range ends before it starts."),
    "year": _l("These dates are not in this year."),
    "kind": _l("Choose holiday or adjusted working day."),
    "overlap": _l("A date in this range is already in an earlier row."),
    "empty": _l("Enter at least one row."),
}


class YearRowForm(Form):
    """One range of the State Council's notice: from, to, kind and the holiday's name."""

    start = DateField(_l("From"), validators=[Optional(), InCalendarYears()])
    end = DateField(_l("To"), validators=[Optional(), InCalendarYears()])
    kind = SelectField(_l("Kind"), choices=options(YEAR_KIND_CHOICES))
    name = StringField(_l("Name of the day"), validators=[Length(max=100), Storable()])


class YearForm(FlaskForm):
    """A whole year's State Council schedule in rows, with the notice it comes from; reviewed
    on a calendar before it is confirmed."""

    rows = FieldList(FormField(YearRowForm), min_entries=1, max_entries=MAX_YEAR_ROWS)
    source = StringField(
        _l("Official notice"),
        validators=[
            DataRequired(message=_l("Name the notice the dates come from.")),
            Length(max=300),
            Storable(),
        ],
    )
    source_url = URLField(
        _l("Address of the notice"),
        validators=[
            Optional(),
            Length(max=500),
            URL(message=_l("An address starting with https://")),
        ],
    )

    def year_rows(self) -> list[YearRow]:
        return [
            YearRow(entry.start.data, entry.end.data, entry.kind.data, entry["name"].data or "")
            for entry in (row.form for row in self.rows)
        ]

    def fill_rows(self, rows: list[YearRow], blank: int) -> None:
        """Show stored rows, then `blank` empty ones to type into."""
        while len(self.rows.entries):
            self.rows.pop_entry()
        for row in [*rows, *[YearRow(None, None, "holiday")] * blank][:MAX_YEAR_ROWS]:
            entry = self.rows.append_entry()
            entry.start.data, entry.end.data = row.start, row.end
            entry.kind.data, entry.form.name.data = row.kind, row.name

    def check_rows(self, year: int) -> list[tuple] | None:
        """The year's days, or None with each row's problem put on its fields."""
        days, problems = expand_rows(self.year_rows(), year)
        for index, code in problems.items():
            message = YEAR_ROW_PROBLEMS[code]
            if index < 0:
                self.form_errors.append(message)
            else:
                entry = self.rows[index].form
                target = entry.kind if code == "kind" else entry.start
                target.errors = [*target.errors, message]
        return None if problems else days


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


class BreachReasonForm(FlaskForm):
    """Why a service level was missed: one of a short list, and a few words."""

    reason = SelectField(
        _l("Reason"),
        validators=[DataRequired(message=_l("Choose a reason."))],
    )
    note = StringField(_l("In a few words"), validators=[Length(max=500), Storable()])

    def offer(self, labels) -> None:
        self.reason.choices = options([("", "—"), *labels.items()])

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.reason.data == "other" and not (self.note.data or "").strip():
            self.note.errors = [_l("Say in a few words what the other reason was.")]
            return False
        return True
