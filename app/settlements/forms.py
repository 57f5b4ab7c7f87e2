"""Settlement forms: the shape of input only (amounts are checked exactly by rules)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.settlements.labels import FEE_KIND_LABELS, ITEM_LABELS, POSITION_LABELS
from app.web.forms import InCalendarYears, options


class AdjustmentForm(FlaskForm):
    """A separate, explained line: the client's confirmation reference goes in the note."""

    item = SelectField(_l("Item"), choices=options(ITEM_LABELS.items()), default="other")
    note = TextAreaField(_l("Explanation"), validators=[Length(max=2000)])
    quantity = StringField(_l("Quantity"), default="1", validators=[Length(max=40)])
    unit_price = StringField(_l("Unit price (RMB)"), validators=[Length(max=40)])
    refers_to = SelectField(_l("Corrects the locked month"), default="", validate_choice=False)


class ActionForm(FlaskForm):
    note = TextAreaField(_l("Comment"), validators=[Length(max=2000)])


class PriceListForm(FlaskForm):
    valid_from = DateField(_l("Valid from"), validators=[InCalendarYears(), DataRequired()])
    valid_to = DateField(_l("Valid until"), validators=[InCalendarYears(), Optional()])
    resident_engineer = StringField(_l("Resident desktop engineer, per person-month (RMB)"))
    desk_staff = StringField(_l("Service desk staff, per person-month (RMB)"))
    replacement = StringField(_l("Hardware replacement, per item (RMB)"))
    handling_fee_kind = SelectField(
        _l("Handling fee on out-of-warranty replacements"),
        choices=options(FEE_KIND_LABELS.items()),
    )
    handling_fee_value = StringField(_l("Handling fee (percent or RMB)"))


class AssignmentForm(FlaskForm):
    position = SelectField(_l("Serves as"), choices=options(POSITION_LABELS.items()))
    person_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    starts_on = DateField(_l("From"), validators=[InCalendarYears(), DataRequired()])
    ends_on = DateField(_l("Until"), validators=[InCalendarYears(), Optional()])
