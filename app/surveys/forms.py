"""Survey forms: answering (questions are data, so only the CSRF token is a field), the
questionnaire editor and the campaign planner."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.surveys.labels import KIND_LABELS
from app.surveys.rules import KINDS
from app.web.forms import InCalendarYears, options


class AnswerForm(FlaskForm):
    """The answers are read from `q<question id>` fields; see rules.check_answers."""


class QuestionForm(Form):
    code = StringField(_l("Code"), validators=[Length(max=32)])
    kind = SelectField(
        _l("Kind"), choices=options([(k, KIND_LABELS[k]) for k in KINDS]), default="rating"
    )
    text_zh = StringField(_l("Question (中文)"), validators=[Length(max=300)])
    text_en = StringField(_l("Question (English)"), validators=[Length(max=300)])
    required = BooleanField(_l("Required"))
    choices = TextAreaField(_l("Options, one per line: 中文 | English"))
    remove = BooleanField(_l("Remove"))


class QuestionnaireForm(FlaskForm):
    title_zh = StringField(_l("Title (中文)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=200)])
    questions = FieldList(FormField(QuestionForm), min_entries=1, max_entries=21)
    add_question = SubmitField(_l("Add a question"))
    save = SubmitField(_l("Save as a new version"))


class CampaignForm(FlaskForm):
    title_zh = StringField(_l("Title (中文)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=200)])
    audience = SelectField(
        _l("Who is asked"),
        choices=options(
            [("all", _l("All employees")), ("sample", _l("A random sample of one department"))]
        ),
    )
    department_id = SelectField(_l("Department"), coerce=int, validate_choice=False)
    sample_size = IntegerField(
        _l("Sample size"), validators=[Optional(), NumberRange(min=1, max=10000)]
    )
    anonymous = BooleanField(_l("Anonymous: answers are never linked to the person"))
    opens_on = DateField(_l("Opens on"), validators=[InCalendarYears(), DataRequired()])
    closes_on = DateField(
        _l("Closes on (last day)"), validators=[InCalendarYears(), DataRequired()]
    )
    remind_days_before_close = IntegerField(
        _l("Remind this many days before closing"), default=3, validators=[NumberRange(0, 60)]
    )
