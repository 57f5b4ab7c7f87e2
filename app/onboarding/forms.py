"""Checklist forms: an item's progress and evidence, a new item, the sign-off."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.onboarding.labels import PAGE_LABELS, SIDE_LABELS, STATUS_LABELS
from app.web.forms import InCalendarYears, options


class ItemForm(FlaskForm):
    status = SelectField(_l("Status"), choices=options(STATUS_LABELS.items()))
    owner = SelectField(_l("Owner"), coerce=str)
    due_on = DateField(_l("Due"), validators=[InCalendarYears(), Optional()])
    evidence_document = SelectField(_l("Evidence: document"), coerce=str)
    evidence_page = SelectField(
        _l("Evidence: page"), choices=options([("", "—"), *PAGE_LABELS.items()])
    )
    evidence_note = TextAreaField(
        _l("Evidence: note"), validators=[Length(max=2000)], render_kw={"rows": 2}
    )


class NewItemForm(FlaskForm):
    title = StringField(_l("Item"), validators=[DataRequired(), Length(max=200)])
    side = SelectField(_l("Side"), choices=options(SIDE_LABELS.items()))


class SignOffForm(FlaskForm):
    """The button is the signature; the form carries the CSRF token."""
