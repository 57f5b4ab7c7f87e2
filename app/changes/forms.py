"""Change forms: the shape of input only."""

from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.changes import labels, rules
from app.tickets.labels import LEVEL_LABELS
from app.web.forms import InCalendarYears, options

SHANGHAI = ZoneInfo("Asia/Shanghai")


def choices(keys, table):
    return options([(key, table[key]) for key in keys])


def split(text: str | None) -> list[str]:
    """'A, B C' → ['A', 'B', 'C'] for tag and number lists."""
    return [part for part in (text or "").replace(",", " ").split() if part]


def local(value):
    """A datetime-local value is Asia/Shanghai wall time."""
    return value.replace(tzinfo=SHANGHAI) if value else None


# browsers send and show datetime-local values as 2026-11-28T22:00
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


def when_field(label, required: bool = False):
    return DateTimeLocalField(
        label,
        format=LOCAL_FORMATS,
        validators=[InCalendarYears(), DataRequired() if required else Optional()],
    )


def level_field(label, default="low"):
    return SelectField(
        label, default=default, choices=choices(reversed(rules.LEVELS), LEVEL_LABELS)
    )


class ChangeForm(FlaskForm):
    kind = SelectField(
        _l("Kind"), default="normal", choices=choices(rules.KINDS, labels.KIND_LABELS)
    )
    template_id = SelectField(_l("Pre-approved template (standard changes)"), coerce=int)
    category = SelectField(
        _l("Category"), choices=choices(rules.CATEGORIES, labels.CATEGORY_LABELS)
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What changes"), validators=[Length(max=20000)])
    reason = TextAreaField(_l("Why"), validators=[Length(max=20000)])
    initiator = SelectField(
        _l("Made by"), choices=choices(rules.INITIATORS, labels.INITIATOR_LABELS)
    )
    department_id = SelectField(_l("Department affected"), coerce=int)
    risk_likelihood = level_field(_l("Risk: likelihood of trouble"))
    risk_impact = level_field(_l("Risk: impact if it goes wrong"))
    urgency = level_field(_l("Urgency"), default="medium")
    implementation_plan = TextAreaField(_l("Implementation plan"), validators=[Length(max=20000)])
    backout_plan = TextAreaField(_l("Backout plan"), validators=[Length(max=20000)])
    test_plan = TextAreaField(_l("Test plan"), validators=[Length(max=20000)])
    planned_start = when_field(_l("Window starts"))
    planned_end = when_field(_l("Window ends"))
    asset_tags = StringField(_l("Affected assets (tags)"), validators=[Length(max=2000)])
    asset_updates = TextAreaField(
        _l("Asset register updates on completion"), validators=[Length(max=5000)]
    )
    ticket_numbers = StringField(_l("Linked tickets"), validators=[Length(max=500)])
    problem_numbers = StringField(_l("Linked problems"), validators=[Length(max=500)])
    version = HiddenField()


# a history line names an edited field as this form does (labels.field_label)
labels.FIELD_LABELS.update(
    {name: field.args[0] for name, field in vars(ChangeForm).items() if getattr(field, "args", ())}
)
labels.FIELD_LABELS["problems"] = labels.FIELD_LABELS["problem_numbers"]


class ActionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])
    version = HiddenField()


class DecisionForm(FlaskForm):
    decision = HiddenField(validators=[DataRequired()])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=5000)])


class TemplateForm(FlaskForm):
    name_zh = StringField(_l("Name (Chinese)"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=120)])
    category = SelectField(
        _l("Category"), choices=choices(rules.CATEGORIES, labels.CATEGORY_LABELS)
    )
    description = TextAreaField(_l("What changes"), validators=[Length(max=20000)])
    implementation_plan = TextAreaField(_l("Implementation plan"), validators=[Length(max=20000)])
    backout_plan = TextAreaField(_l("Backout plan"), validators=[Length(max=20000)])
    test_plan = TextAreaField(_l("Test plan"), validators=[Length(max=20000)])
    risk_likelihood = level_field(_l("Risk: likelihood of trouble"))
    risk_impact = level_field(_l("Risk: impact if it goes wrong"))


class ApproverForm(FlaskForm):
    user_id = SelectField(_l("Approver"), coerce=int)
    department_id = SelectField(_l("Department"), coerce=int)
