"""Improvement forms: the shape of input only."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.improvements import rules
from app.improvements.labels import SOURCE_LABELS, STATUS_LABELS
from app.web.forms import InCalendarYears, options


class ImprovementForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=rules.MAX_TITLE)])
    source = SelectField(
        _l("Source"), choices=options([(s, SOURCE_LABELS[s]) for s in rules.SOURCES])
    )
    source_reference = StringField(_l("Number of the source"), validators=[Length(max=40)])
    owner_id = SelectField(_l("Owner"), coerce=int, default=0)
    status = SelectField(
        _l("Status"), choices=options([(s, STATUS_LABELS[s]) for s in rules.STATUSES])
    )
    target_on = DateField(_l("Target date"), validators=[InCalendarYears(), Optional()])
    effect = TextAreaField(_l("Measured effect"), validators=[Length(max=rules.MAX_TEXT)])
