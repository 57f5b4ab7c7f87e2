"""Report forms: generate a period, the manager's comment, send, record an acknowledgement."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.web.forms import options

KIND_OPTIONS = [("monthly", _l("Monthly report")), ("quarterly", _l("Quarterly report"))]
LANGUAGE_OPTIONS = [("zh", "中文"), ("en", "English")]


class GenerateForm(FlaskForm):
    kind = SelectField(_l("Report"), choices=options(KIND_OPTIONS), default="monthly")
    period = StringField(
        _l("Period (2026-10 or 2026-Q4)"), validators=[DataRequired(), Length(max=8)]
    )


class ActionForm(FlaskForm):
    """review, send or acknowledge; the fields each action needs."""

    action = HiddenField(validators=[DataRequired()])
    lang = SelectField(_l("Edition"), choices=options(LANGUAGE_OPTIONS), default="zh")
    acknowledged_by = StringField(_l("Acknowledged by"), validators=[Length(max=254)])
    note = TextAreaField(_l("Note"), validators=[Length(max=4000)])


class CommentForm(FlaskForm):
    comment = TextAreaField(_l("Project manager's comment"), validators=[Length(max=4000)])


class LinkAcknowledgeForm(FlaskForm):
    note = TextAreaField(_l("Remarks (optional)"), validators=[Length(max=4000)])
