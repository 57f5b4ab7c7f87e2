"""Document forms: a new document, a new version, the review confirmation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.documents import rules
from app.documents.labels import KIND_LABELS, VISIBILITY_LABELS
from app.web.forms import options


class DocumentForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=rules.MAX_TITLE)])
    kind = SelectField(_l("Kind"), choices=options(list(KIND_LABELS.items())))
    visibility = SelectField(_l("Who may read it"), choices=options(VISIBILITY_LABELS.items()))
    owner = SelectField(_l("Owner"), coerce=str)
    review_months = IntegerField(
        _l("Review every (months)"),
        default=12,
        validators=[DataRequired(), NumberRange(1, rules.MAX_REVIEW_MONTHS)],
    )
    assets = StringField(_l("Asset tags (comma separated)"), validators=[Length(max=500)])
    catalog_items = SelectMultipleField(_l("Catalog items"), coerce=str)
    problems = StringField(_l("Problem numbers (comma separated)"), validators=[Length(max=500)])


class VersionForm(FlaskForm):
    body_markdown = TextAreaField(
        _l("Text (Markdown)"), validators=[Length(max=rules.MAX_BODY)], render_kw={"rows": 12}
    )
    file = FileField(_l("Or upload a file"))
    note = StringField(_l("What changed"), validators=[DataRequired(), Length(max=rules.MAX_NOTE)])


class ReviewForm(FlaskForm):
    note = StringField(_l("Note"), validators=[Optional(), Length(max=rules.MAX_NOTE)])
