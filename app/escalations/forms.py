"""Escalation forms: escalating a record, a step's confirm/raise/close, the matrix."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.escalations import rules
from app.escalations.labels import KIND_LABELS, TITLE_LABELS, TRIGGER_LABELS
from app.web.forms import options

KIND_OPTIONS = options(list(KIND_LABELS.items()))


class EscalateForm(FlaskForm):
    subject = HiddenField(validators=[DataRequired(), Length(max=20)])
    kind = SelectField(_l("Kind"), choices=KIND_OPTIONS, default="service")
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=rules.MAX_REASON)])
    owner_id = SelectField(_l("Owner of the solution"), coerce=int)


class StepForm(FlaskForm):
    """Confirm, raise or close: the note is the outcome when closing."""

    note = TextAreaField(_l("Note"), validators=[Length(max=rules.MAX_REASON)])
    version = HiddenField()


class LevelForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=KIND_OPTIONS)
    level = IntegerField(_l("Level"), validators=[DataRequired(), NumberRange(1, rules.MAX_LEVELS)])
    title = SelectField(_l("Part played"), choices=options(list(TITLE_LABELS.items())))
    contact_id = SelectField(_l("Person called"), coerce=int)
    climb_after_hours = DecimalField(
        _l("Next level after (hours of service time without confirmation)"),
        places=1,
        validators=[Optional(), NumberRange(0.1, rules.MAX_CLIMB_MINUTES / 60)],
    )


class TriggersForm(FlaskForm):
    """One select per trigger: the kind of escalation it opens, or none."""


for _trigger in rules.TRIGGERS:
    setattr(
        TriggersForm,
        _trigger,
        SelectField(
            TRIGGER_LABELS[_trigger],
            choices=options([("", _l("Opens no escalation")), *KIND_LABELS.items()]),
            default="",
        ),
    )
