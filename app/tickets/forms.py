"""Ticket forms: the request form, phone intake, actions, replies, desk edits."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.tickets import rules
from app.tickets.labels import LEVEL_LABELS
from app.web.forms import Storable, options

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
    asset_tags = SelectMultipleField(_l("My devices"), validate_choice=False)
    devices_note = StringField(_l("Device (if not listed)"), validators=[Length(max=200)])
    files = MultipleFileField(_l("Screenshots or files"))
    copy_to = StringField(
        _l("Copy colleagues (their mail addresses)"), validators=[Length(max=2000), Storable()]
    )
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
    note = TextAreaField(_l("Reply"), validators=[DataRequired(), Length(max=rules.NOTE_LIMIT)])
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


class WatcherForm(FlaskForm):
    """The desk copies someone with an account on a ticket."""

    address = StringField(
        _l("Copy someone (mail address)"),
        validators=[DataRequired(), Length(max=254), Storable()],
    )


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


class BulkForm(FlaskForm):
    """The queue's ticked tickets and what to do with all of them."""

    action = SelectField(_l("With the ticked tickets"), validate_choice=False)
    assignee = SelectField(_l("Assign to"), validate_choice=False)
    problem = StringField(_l("Problem number"), validators=[Length(max=20)])
    note = StringField(_l("Note"), validators=[Length(max=500)])


class SavedViewForm(FlaskForm):
    """Keep the queue's current filters under a name."""

    name = StringField(_l("Name of this view"), validators=[DataRequired(), Length(max=60)])
    filters = HiddenField()
