"""Problem forms: opening one, editing it, the root-cause analysis, parties, links, steps."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length

from app.problems.labels import SEVERITY_LABELS, SIDE_LABELS
from app.web.forms import options

SEVERITY_OPTIONS = options(list(SEVERITY_LABELS.items()))
SIDE_OPTIONS = options(list(SIDE_LABELS.items()))
WHY_FIELDS = 5  # the five whys: more may be stored, five are offered


def split(text: str | None) -> list[str]:
    """'A, B C' → ['A', 'B', 'C'] for number and tag lists."""
    return [part for part in (text or "").replace(",", " ").split() if part]


class ProblemForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What is seen"), validators=[Length(max=20000)])
    severity = SelectField(_l("Severity"), choices=SEVERITY_OPTIONS, default="major")
    owner_id = SelectField(_l("Owner"), coerce=int)
    catalog_items = SelectMultipleField(_l("Catalog items"))
    asset_tags = StringField(_l("Related assets (tags)"), validators=[Length(max=2000)])
    incident_numbers = TextAreaField(_l("Incidents"), validators=[Length(max=5000)])


class EditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What is seen"), validators=[Length(max=20000)])
    severity = SelectField(_l("Severity"), choices=SEVERITY_OPTIONS)
    owner_id = SelectField(_l("Owner"), coerce=int)
    catalog_items = SelectMultipleField(_l("Catalog items"))
    cause_number = StringField(_l("Underlying problem"), validators=[Length(max=20)])
    version = HiddenField()


class AnalysisForm(FlaskForm):
    what_happened = TextAreaField(_l("What happened"), validators=[Length(max=20000)])
    whys = FieldList(StringField(_l("Why?"), validators=[Length(max=500)]), min_entries=WHY_FIELDS)
    fix = TextAreaField(_l("The fix"), validators=[Length(max=20000)])
    workaround = TextAreaField(_l("Known workaround"), validators=[Length(max=20000)])
    prevention = TextAreaField(_l("How recurrence is prevented"), validators=[Length(max=20000)])


class PartyForm(FlaskForm):
    name = StringField(_l("Who agreed"), validators=[DataRequired(), Length(max=120)])
    side = SelectField(_l("Side"), choices=SIDE_OPTIONS, default="client")


class LinkForm(FlaskForm):
    kind = HiddenField(validators=[DataRequired()])
    values = StringField(_l("Numbers or tags"), validators=[DataRequired(), Length(max=2000)])


class UnlinkForm(FlaskForm):
    kind = HiddenField(validators=[DataRequired()])
    value = HiddenField(validators=[DataRequired()])


class ActionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])
    version = HiddenField()


class DismissForm(FlaskForm):
    note = StringField(_l("Why it is not a problem"), validators=[Length(max=500)])
