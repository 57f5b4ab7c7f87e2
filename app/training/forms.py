"""Training forms: a plan, a session, one person's attendance and feedback."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.training.labels import KIND_LABELS
from app.web.forms import InCalendarYears, options


class PlanForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=options(KIND_LABELS.items()))
    audience = StringField(_l("Audience"), validators=[Length(max=200)])
    starts_on = DateField(_l("From"), validators=[InCalendarYears(), DataRequired()])
    ends_on = DateField(_l("To"), validators=[InCalendarYears(), DataRequired()])
    trainer = SelectField(_l("Trainer"), coerce=str)
    materials = SelectMultipleField(_l("Materials (documents)"), coerce=str)


class SessionForm(FlaskForm):
    held_on = DateField(_l("Date"), validators=[InCalendarYears(), DataRequired()])
    topic = StringField(_l("Topic"), validators=[Length(max=200)])


class AttendanceForm(FlaskForm):
    person = SelectField(_l("Person"), coerce=str, validators=[DataRequired()])
    attended = BooleanField(_l("Attended"), default=True)
    rating = SelectField(
        _l("Rating"), choices=options([("", "—"), *((str(n), str(n)) for n in range(1, 6))])
    )
    feedback = TextAreaField(_l("Feedback"), validators=[Optional(), Length(max=2000)])
