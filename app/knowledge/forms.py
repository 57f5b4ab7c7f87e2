"""Knowledge forms: writing an article, moving it on, feedback, canned responses."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.knowledge import rules
from app.knowledge.labels import LANGUAGE_LABELS, VISIBILITY_LABELS
from app.web.forms import options

LANGUAGE_OPTIONS = options(list(LANGUAGE_LABELS.items()))
VISIBILITY_OPTIONS = options(list(VISIBILITY_LABELS.items()))


class ArticleForm(FlaskForm):
    lang = SelectField(_l("Language"), choices=LANGUAGE_OPTIONS, default="zh")
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=rules.MAX_TITLE)])
    body_markdown = TextAreaField(
        _l("Text (Markdown)"), validators=[Length(max=rules.MAX_BODY)], render_kw={"rows": 16}
    )
    visibility = SelectField(_l("Who may read it"), choices=VISIBILITY_OPTIONS)
    category = SelectField(_l("Catalog area"))
    version = HiddenField()


class MoveForm(FlaskForm):
    """Publish, retire, take back: the button names the action."""

    version = HiddenField()


class WorkaroundForm(FlaskForm):
    visibility = SelectField(_l("Who may read it"), choices=VISIBILITY_OPTIONS, default="employees")


class CannedForm(FlaskForm):
    title = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    body_zh = TextAreaField(_l("Text in Chinese"), validators=[Length(max=20000)])
    body_en = TextAreaField(_l("Text in English"), validators=[Length(max=20000)])
    shared = BooleanField(_l("Share with the whole desk"))
    version = HiddenField()
