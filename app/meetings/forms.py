"""Meeting forms: the shape of input only."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.meetings import rules
from app.meetings.labels import (
    CADENCE_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    WEEK_LABELS,
    WEEKDAY_LABELS,
)
from app.web.forms import InCalendarYears, options

# browsers send and show datetime-local values as 2026-11-28T22:00
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
KIND_OPTIONS = options([(k, KIND_LABELS[k]) for k in rules.KINDS])


class MeetingForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=KIND_OPTIONS)
    title = StringField(_l("Title"), validators=[Length(max=200)])
    starts_at = DateTimeLocalField(
        _l("Starts"), format=LOCAL_FORMATS, validators=[InCalendarYears(), InputRequired()]
    )
    ends_at = DateTimeLocalField(
        _l("Ends"), format=LOCAL_FORMATS, validators=[InCalendarYears(), Optional()]
    )
    location = StringField(_l("Venue"), validators=[Length(max=200)])
    attendee_ids = SelectMultipleField(_l("Attendees (portal users)"), coerce=int)
    external = TextAreaField(_l("Other attendees (one name per line)"))
    agenda = TextAreaField(_l("Agenda"))
    minutes_markdown = TextAreaField(_l("Minutes (Markdown)"))
    decisions = TextAreaField(_l("Decisions (one per line)"))
    report_id = SelectField(_l("Monthly service report"), coerce=int, default=0)
    version = HiddenField()


class ActionItemForm(FlaskForm):
    title = StringField(_l("Action item"), validators=[Length(max=300)])
    owner_id = SelectField(_l("Owner"), coerce=int, default=0)
    due_on = DateField(_l("Due on"), validators=[InCalendarYears(), Optional()])


class ItemStatusForm(FlaskForm):
    status = SelectField(
        _l("Status"), choices=options([(s, STATUS_LABELS[s]) for s in rules.ACTION_STATUSES])
    )


class ScheduleForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=KIND_OPTIONS)
    cadence = SelectField(
        _l("Cadence"), choices=options([(c, CADENCE_LABELS[c]) for c in rules.CADENCES])
    )
    week = SelectField(
        _l("Week of the month"), coerce=int, choices=options(list(WEEK_LABELS.items())), default=2
    )
    weekday = SelectField(
        _l("Weekday"), coerce=int, choices=options(list(enumerate(WEEKDAY_LABELS))), default=1
    )
    start_time = StringField(_l("Usual time"), default="10:00", validators=[Length(max=5)])
    duration_minutes = IntegerField(
        _l("Length (minutes)"), default=90, validators=[DataRequired(), NumberRange(15, 600)]
    )
    location = StringField(_l("Venue"), validators=[Length(max=200)])
    active = BooleanField(_l("Propose the next meetings"), default=True)
