"""The contract settings form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange


def minutes(label, maximum=60 * 24 * 30):
    return IntegerField(label, validators=[DataRequired(), NumberRange(min=1, max=maximum)])


def day_of_month(label):
    return IntegerField(label, validators=[DataRequired(), NumberRange(min=1, max=28)])


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
    response_email_minutes = minutes(_l("Email response (minutes)"))
    response_web_minutes = minutes(_l("Web response (minutes)"))
    phone_ring_limit = IntegerField(
        _l("Phone answered within (rings)"), validators=[DataRequired(), NumberRange(1, 20)]
    )
    onsite_arrival_minutes = minutes(_l("Onsite arrival (minutes)"))
    remote_limit_hw_minutes = minutes(_l("Hardware remote limit (minutes)"))
    remote_limit_sys_minutes = minutes(_l("System remote limit (minutes)"))
    resolution_p1_minutes = minutes(_l("P1 resolution (minutes)"))
    resolution_p2_minutes = minutes(_l("P2 resolution (minutes)"))
    resolution_p3_minutes = minutes(_l("P3 resolution (minutes)"))
    resolution_p4_minutes = minutes(_l("P4 resolution (minutes)"))
    sla_warning_percent = IntegerField(
        _l("Warn when this share of a target is used (%)"),
        validators=[DataRequired(), NumberRange(1, 99)],
    )
    auto_close_business_days = IntegerField(
        _l("Close resolved tickets after (business days)"),
        validators=[DataRequired(), NumberRange(1, 30)],
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
        return data
