"""Register forms: the shape of input only; the services clean and check the values."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.assets.labels import (
    CATEGORY_LABELS,
    FIELD_LABELS,
    PASSWORD_LABELS,
    RELATION_LABELS,
    STATUS_LABELS,
)
from app.assets.rules import REGISTER_FIELDS
from app.web.forms import options

DATE = {"type": "date"}


def text(name: str, limit: int = 100, **kwargs) -> StringField:
    return StringField(FIELD_LABELS[name], validators=[Length(max=limit)], **kwargs)


class AssetForm(FlaskForm):
    """A CI's fields; the type's parameter fields are added by the template (param:<key>)."""

    tag = text("tag", 40)
    type = SelectField(FIELD_LABELS["type"])
    model = text("model")
    serial = text("serial")
    manufacturer = text("manufacturer")
    supplier = text("supplier")
    status = SelectField(FIELD_LABELS["status"], choices=options(STATUS_LABELS.items()))
    owner = StringField(
        FIELD_LABELS["owner"], validators=[Length(max=254)], render_kw={"type": "email"}
    )
    department = SelectField(FIELD_LABELS["department"])
    location = text("location")
    hostname = text("hostname")
    purchase_date = text("purchase_date", 20, render_kw=DATE)
    purchase_cost = text("purchase_cost", 20, render_kw={"inputmode": "decimal"})
    warranty_end = text("warranty_end", 20, render_kw=DATE)
    notes = TextAreaField(FIELD_LABELS["notes"], validators=[Length(max=5000)])
    default_password_changed = SelectField(
        FIELD_LABELS["default_password_changed"], choices=options(PASSWORD_LABELS.items())
    )
    password_rotated_on = text("password_rotated_on", 20, render_kw=DATE)
    password_rotation_days = text("password_rotation_days", 10, render_kw={"inputmode": "numeric"})
    antivirus_date = text("antivirus_date", 20, render_kw=DATE)
    patch_level = text("patch_level", 60)
    patches_missing = text("patches_missing", 10, render_kw={"inputmode": "numeric"})

    FIELDS = REGISTER_FIELDS
    authorized_by = StringField(
        _l("Authorised by (ticket or change number)"), validators=[Length(max=24)]
    )
    found_in_audit = BooleanField(_l("Record an unauthorised change found in an audit"))
    note = StringField(_l("Reason for the change"), validators=[Length(max=500)])
    version = HiddenField()


class RelationForm(FlaskForm):
    kind = SelectField(_l("Relation"), choices=options(RELATION_LABELS.items()))
    target = StringField(_l("Other asset's tag"), validators=[DataRequired(), Length(max=40)])
    authorized_by = StringField(
        _l("Authorised by (ticket or change number)"), validators=[Length(max=24)]
    )


class RemoveRelationForm(FlaskForm):
    authorized_by = StringField(
        _l("Authorised by (ticket or change number)"), validators=[Length(max=24)]
    )


class RmaForm(FlaskForm):
    ticket = StringField(
        _l("Ticket number"),
        validators=[DataRequired(), Length(max=24)],
        render_kw={"placeholder": "INC-2026-000001"},
    )
    vendor = StringField(_l("Vendor"), validators=[DataRequired(), Length(max=100)])
    rma_number = StringField(_l("RMA / case number"), validators=[Length(max=60)])
    sent_on = StringField(_l("Sent on"), validators=[Length(max=20)], render_kw=DATE)
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])


class RmaReturnForm(FlaskForm):
    returned_on = StringField(
        _l("Returned on"), validators=[DataRequired(), Length(max=20)], render_kw=DATE
    )
    replacement_serial = StringField(_l("Replacement serial"), validators=[Length(max=100)])
    cost = StringField(
        _l("Repair cost (RMB)"), validators=[Length(max=20)], render_kw={"inputmode": "decimal"}
    )
    paid_by_client = BooleanField(_l("Paid by the client (out of warranty)"))
    status = SelectField(
        _l("Status after the return"),
        choices=options([(s, STATUS_LABELS[s]) for s in ("in_use", "in_stock", "retired")]),
    )
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file or Excel workbook (.xlsx)"))
    mode = SelectField(
        _l("When some rows are bad"),
        choices=options(
            [
                ("all", _l("Import nothing (one transaction for the whole file)")),
                ("per_row", _l("Import the good rows, report the bad ones")),
            ]
        ),
    )


class AuditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Length(max=200)])
    location = StringField(_l("Location"), validators=[Length(max=100)])
    department = SelectField(_l("Department"))


class CheckForm(FlaskForm):
    tag = StringField(_l("Asset tag"), validators=[DataRequired(), Length(max=40)])
    found_location = StringField(
        _l("Found at (if not where expected)"), validators=[Length(max=100)]
    )
    note = StringField(_l("Differences"), validators=[Length(max=500)])


class TypeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[Length(max=32)])
    name_zh = StringField(_l("Name (Chinese)"), validators=[DataRequired(), Length(max=100)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=100)])
    category = SelectField(_l("Category"), choices=options(CATEGORY_LABELS.items()))
    parameters = TextAreaField(
        _l("Parameter fields, one per line: key | 中文名 | English name | kind"),
        validators=[Length(max=5000)],
    )
    active = BooleanField(_l("In use"), default=True)
