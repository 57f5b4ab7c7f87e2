"""Ticket forms: the request form, phone intake, actions, replies, desk edits."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.tickets.labels import LEVEL_LABELS
from app.web.forms import options

LEVEL_OPTIONS = [
    ("high", LEVEL_LABELS["high"]),
    ("medium", LEVEL_LABELS["medium"]),
    ("low", LEVEL_LABELS["low"]),
]


class RequestForm(FlaskForm):
    """What an employee (or the desk on their behalf) fills in."""

    # the desk only: the person the request is for, chosen with phone intake's caller lookup
    requester_id = HiddenField()
    caller_query = StringField(_l("For whom? (name, phone or email)"))
    group = SelectField(_l("Area"), validate_choice=False)
    catalog_code = SelectField(_l("What is it about?"), validators=[DataRequired()])
    title = StringField(_l("Short title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Describe the problem"), validators=[Length(max=20000)])
    urgency = SelectField(_l("How urgent is it?"), choices=options(LEVEL_OPTIONS), default="medium")
    impact = SelectField(
        _l("Who is affected?"),
        default="low",
        choices=options(
            [
                ("high", _l("Many people or a whole department")),
                ("medium", _l("Several people")),
                ("low", _l("Only me")),
            ]
        ),
    )
    asset_tags = SelectField(_l("My devices"), validate_choice=False)
    devices_note = StringField(_l("Device (if not listed)"), validators=[Length(max=200)])
    files = MultipleFileField(_l("Screenshots or files"))
    another = SubmitField(_l("Submit and file another for someone else"))


class PhoneIntakeForm(RequestForm):
    """The desk logs a call: the caller, the rings before answering, the pick-up time."""

    requester_id = HiddenField()
    caller_query = StringField(_l("Caller (name, phone or email)"))
    rings = IntegerField(_l("Rings before answering"), validators=[Optional(), NumberRange(0, 50)])
    call_started_at = HiddenField()


class ActionForm(FlaskForm):
    action = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])
    engineer = SelectField(_l("Engineer"), validate_choice=False)
    waiting_for = SelectField(
        _l("Waiting for"),
        default="customer",
        choices=options([("customer", _l("the user")), ("vendor", _l("a vendor or third party"))]),
    )
    version = HiddenField()


class ReplyForm(FlaskForm):
    note = TextAreaField(_l("Reply"), validators=[DataRequired(), Length(max=5000)])
    internal = BooleanField(_l("Internal note (vendor staff only)"))
    files = MultipleFileField(_l("Attach files"))
    version = HiddenField()


class FieldsForm(FlaskForm):
    catalog_code = SelectField(_l("Catalog item"))
    urgency = SelectField(_l("Urgency"), choices=options(LEVEL_OPTIONS))
    impact = SelectField(_l("Impact"), choices=options(LEVEL_OPTIONS))
    version = HiddenField()


class FixedForm(FlaskForm):
    note = StringField(_l("Also fixed on the spot"), validators=[DataRequired(), Length(max=2000)])


class VendorCaseForm(FlaskForm):
    vendor = StringField(_l("Vendor or third party"), validators=[DataRequired(), Length(max=100)])
    case_number = StringField(_l("Case number"), validators=[Length(max=60)])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])


class LinkForm(FlaskForm):
    other = StringField(_l("Other ticket number"), validators=[DataRequired(), Length(max=20)])
    kind = SelectField(
        _l("Link"),
        choices=options(
            [
                ("related", _l("Related")),
                ("child", _l("Child of this ticket")),
                ("merge", _l("Merge this ticket into the other (duplicate)")),
            ]
        ),
    )


class CatalogItemForm(FlaskForm):
    name_zh = StringField(_l("Name (Chinese)"), validators=[DataRequired(), Length(max=100)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=100)])
    default_urgency = SelectField(_l("Default urgency"), choices=options(LEVEL_OPTIONS))
    active = BooleanField(_l("Offered"))
