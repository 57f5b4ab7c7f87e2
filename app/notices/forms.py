"""Notice forms: the shape of input only."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.notices import rules
from app.notices.labels import CLIENT_KIND_LABELS, KIND_LABELS
from app.web.forms import InCalendarYears, options

LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


class NoticeForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=options([(k, KIND_LABELS[k]) for k in rules.KINDS]))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=rules.MAX_TITLE)])
    body = TextAreaField(_l("Text"), validators=[Length(max=rules.MAX_TEXT)])
    starts_at = DateTimeLocalField(
        _l("Shown from"), format=LOCAL_FORMATS, validators=[InCalendarYears(), InputRequired()]
    )
    ends_at = DateTimeLocalField(
        _l("Shown until"), format=LOCAL_FORMATS, validators=[InCalendarYears(), InputRequired()]
    )
    department_ids = SelectMultipleField(_l("Only these departments"), coerce=int)
    locations = TextAreaField(
        _l("Only these locations (one per line, e.g. 3F)"), validators=[Length(max=2000)]
    )


class ClientNoticeForm(FlaskForm):
    kind = SelectField(
        _l("Kind"), choices=options([(k, CLIENT_KIND_LABELS[k]) for k in rules.CLIENT_KINDS])
    )
    effective_on = DateField(_l("Effective on"), validators=[InCalendarYears(), InputRequired()])
    description = TextAreaField(
        _l("What changes"), validators=[DataRequired(), Length(max=rules.MAX_TEXT)]
    )


class AcknowledgeForm(FlaskForm):
    follow_up = StringField(
        _l("Follow-up (change number, note, link or record number)"),
        validators=[Optional(), Length(max=2000)],
    )
