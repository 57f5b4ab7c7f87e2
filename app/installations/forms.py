"""Installation forms: the shape of input only."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.changes.forms import when_field
from app.web.forms import options


class ItemForm(Form):
    tag = StringField(_l("Asset tag"), validators=[Length(max=40)])
    type = SelectField(_l("Type"), validate_choice=False)
    model = StringField(_l("Model"), validators=[Length(max=120)])
    serial = StringField(_l("Serial number"), validators=[Length(max=80)])


class InstallForm(FlaskForm):
    """The engineer records the installed set; a replacement names the old device's fate."""

    items = FieldList(FormField(ItemForm), min_entries=4, max_entries=12)
    replaced_tag = StringField(_l("Replaced device (tag)"), validators=[Length(max=40)])
    # shown only for a replacement: a new installation's form does not send it
    replaced_outcome = SelectField(
        _l("The replaced device is"),
        choices=options([("retired", _l("retired")), ("in_stock", _l("returned to stock"))]),
        default="retired",
    )
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])


class ScheduleForm(FlaskForm):
    scheduled_for = when_field(_l("Installation date"), required=True)
    engineer = SelectField(_l("Engineer"), coerce=int, validate_choice=False)


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for rejecting"), validators=[DataRequired(), Length(max=2000)]
    )


class SignForm(FlaskForm):
    signature = HiddenField(validators=[DataRequired()])
    signer_name = StringField(_l("Name of the person signing"), validators=[Length(max=100)])
