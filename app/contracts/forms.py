"""The contract settings form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.contracts.models import WAIT_PAUSABLE
from app.web.forms import options

# the clocks a wait may pause, as the SLA pages name them
PAUSABLE_LABELS = {
    "remote_limit": _l("Remote handling limit"),
    "onsite_arrival": _l("Onsite arrival"),
    "resolution": _l("Resolution"),
}


def minutes(label, maximum=60 * 24 * 30):
    return IntegerField(label, validators=[DataRequired(), NumberRange(min=1, max=maximum)])


def day_of_month(label):
    return IntegerField(label, validators=[DataRequired(), NumberRange(min=1, max=28)])


def allowance(label):
    """A rate limit; left empty, the deployment's default applies."""
    return IntegerField(label, validators=[Optional(), NumberRange(min=1, max=100_000)])


def repeats(label):
    return IntegerField(label, validators=[NumberRange(min=0, max=999)])


class ContractForm(FlaskForm):
    client_name = StringField(_l("Client"), validators=[DataRequired(), Length(max=200)])
    vendor_name = StringField(_l("Vendor"), validators=[DataRequired(), Length(max=200)])
    support_phone = StringField(_l("Support phone line"), validators=[Length(max=40)])
    staff_office_hours = IntegerField(
        _l("Staff in office hours"), validators=[NumberRange(min=0, max=500)]
    )
    staff_outside_hours = IntegerField(
        _l("Staff outside office hours"), validators=[NumberRange(min=0, max=500)]
    )
    vendor_wait_pauses = SelectMultipleField(
        _l("Waiting for a third party pauses"),
        choices=options((code, PAUSABLE_LABELS[code]) for code in WAIT_PAUSABLE),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    satisfaction_target_percent = IntegerField(
        _l("Satisfaction target (%)"), validators=[DataRequired(), NumberRange(1, 100)]
    )
    survey_link_days = IntegerField(
        _l("Survey links valid for (days)"), validators=[DataRequired(), NumberRange(1, 90)]
    )
    survey_min_interval_days = IntegerField(
        _l("Ask one person at most once per (days)"), validators=[NumberRange(0, 365)]
    )
    satisfaction_good_rating = IntegerField(
        _l("Satisfied means a rating of at least"), validators=[DataRequired(), NumberRange(1, 5)]
    )
    survey_complaint_rating = IntegerField(
        _l("A rating at most this opens a complaint"), validators=[NumberRange(0, 5)]
    )
    complaint_due_days = IntegerField(
        _l("Complaints handled within (days)"), validators=[DataRequired(), NumberRange(1, 90)]
    )
    emergency_approval_hours = IntegerField(
        _l("Emergency change approved within (hours)"),
        validators=[DataRequired(), NumberRange(1, 720)],
    )
    monthly_report_due_day = day_of_month(_l("Monthly report due on day"))
    quarterly_report_due_day = day_of_month(_l("Quarterly report due on day"))
    settlement_compute_day = day_of_month(_l("Fees computed by day (X)"))
    settlement_send_day = day_of_month(_l("Settlement sheet sent by day (Y)"))
    settlement_confirm_day = day_of_month(_l("Client confirms by day (Z)"))
    max_attachment_mb = IntegerField(
        _l("Largest attachment (MB)"), validators=[DataRequired(), NumberRange(1, 20)]
    )
    warranty_warning_days = minutes(_l("Warn before warranty ends (days)"), 365)
    antivirus_max_age_days = minutes(_l("Antivirus signatures overdue after (days)"), 90)
    password_rotation_days = minutes(_l("Rotate passwords every (days)"), 730)
    two_factor_for_managers = BooleanField(
        _l("Managers and administrators must use two-factor sign-in")
    )
    sign_ins_per_minute = allowance(_l("Sign-in attempts per minute from one address"))
    password_resets_per_hour = allowance(_l("Password-reset requests per hour from one address"))
    link_opens_per_minute = allowance(_l("Mail link pages per minute from one address"))
    api_calls_per_minute = allowance(_l("API calls per minute per token"))
    recurrence_window_days = minutes(_l("Look for repeated incidents within (days)"), 365)
    recurrence_asset_incidents = repeats(_l("Repeats on one asset (incidents, 0 = off)"))
    recurrence_model_incidents = repeats(_l("Repeats on one model (incidents, 0 = off)"))
    recurrence_item_incidents = repeats(_l("Repeats on one catalog item (incidents, 0 = off)"))
    vendor_project_manager_id = SelectField(_l("Vendor project manager"), coerce=int)
    customer_service_manager_id = SelectField(_l("Customer service manager"), coerce=int)
    client_project_lead_id = SelectField(_l("Client project lead"), coerce=int)
    client_management_contact_id = SelectField(_l("Client management contact"), coerce=int)
    client_it_contact_id = SelectField(_l("Client IT technical contact"), coerce=int)

    CONTACT_FIELDS = (
        "vendor_project_manager_id",
        "customer_service_manager_id",
        "client_project_lead_id",
        "client_management_contact_id",
        "client_it_contact_id",
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        days = (
            self.settlement_compute_day.data,
            self.settlement_send_day.data,
            self.settlement_confirm_day.data,
        )
        if not days[0] <= days[1] <= days[2]:
            self.settlement_confirm_day.errors.append(
                _l("Settlement days must be in order: X ≤ Y ≤ Z.")
            )
            return False
        return True

    def values(self) -> dict:
        """The submitted settings, contacts as user ids or None."""
        data = {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
        for name in self.CONTACT_FIELDS:
            data[name] = data[name] or None
        chosen = set(data["vendor_wait_pauses"] or ())
        data["vendor_wait_pauses"] = [code for code in WAIT_PAUSABLE if code in chosen]
        return data
