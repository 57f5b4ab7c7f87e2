"""Complaint forms: filing one, the handling actions, the manager's field edits."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.complaints.labels import KIND_LABELS
from app.tickets.labels import LEVEL_LABELS
from app.web.forms import InCalendarYears, options

KIND_OPTIONS = options(list(KIND_LABELS.items()))
SEVERITY_OPTIONS = options(list(LEVEL_LABELS.items()))


class ComplaintForm(FlaskForm):
    title = StringField(
        _l("What is the complaint about?"), validators=[DataRequired(), Length(max=200)]
    )
    description = TextAreaField(_l("What happened?"), validators=[Length(max=20000)])
    ticket_number = StringField(_l("Ticket number (if any)"), validators=[Length(max=20)])
    # the desk only: for whom, what kind, how severe
    complainant = StringField(_l("Caller's email"), validators=[Optional(), Length(max=254)])
    kind = SelectField(_l("Kind"), choices=KIND_OPTIONS, default="complaint")
    severity = SelectField(_l("Severity"), choices=SEVERITY_OPTIONS, default="medium")


class ComplaintActionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])
    step_id = HiddenField()
    version = HiddenField()


class ComplaintEditForm(FlaskForm):
    owner_id = SelectField(_l("Owner"), coerce=int)
    severity = SelectField(_l("Severity"), choices=SEVERITY_OPTIONS)
    kind = SelectField(_l("Kind"), choices=KIND_OPTIONS)
    due_on = DateField(_l("Due on"), validators=[InCalendarYears(), DataRequired()])
