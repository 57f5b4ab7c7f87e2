"""Access register forms: a grant, a revoke, a department's security measure."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.access.labels import KIND_LABELS
from app.web.forms import InCalendarYears, options


class GrantForm(FlaskForm):
    person = SelectField(_l("Vendor person"), coerce=str, validators=[DataRequired()])
    asset = StringField(
        _l("System or machine (asset tag)"), validators=[DataRequired(), Length(max=40)]
    )
    kind = SelectField(_l("Kind of access"), choices=options(KIND_LABELS.items()))
    authorised_by = SelectField(
        _l("Authorised by (client)"), coerce=str, validators=[DataRequired()]
    )
    until = DateField(_l("Valid until"), validators=[InCalendarYears(), DataRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])


class RevokeForm(FlaskForm):
    """The button revokes; the form carries the CSRF token."""


class MeasureForm(FlaskForm):
    department = SelectField(_l("Department"), coerce=str, validators=[DataRequired()])
    measure = StringField(_l("Security measure"), validators=[DataRequired(), Length(max=300)])
    owner = SelectField(_l("Owner"), coerce=str)
    review_on = DateField(_l("Review on"), validators=[InCalendarYears(), Optional()])
