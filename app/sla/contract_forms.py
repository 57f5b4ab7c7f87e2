"""The contract page's service-level section: targets in minutes, hours or working days, the
priority matrix with the VIP raise, and which calendar each metric runs on."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, FormField, IntegerField, SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from app.sla.rules import LEVELS, PRIORITIES, split_target, to_minutes
from app.web.forms import options

# the largest target a contract may set: thirty days of minutes
MAX_TARGET_MINUTES = 60 * 24 * 30
UNIT_LABELS = {
    "minutes": _l("minutes"),
    "hours": _l("hours"),
    "working_days": _l("working days"),
}
# target field → (contract column, the metric whose calendar counts it)
TARGETS = {
    "response_email": ("response_email_minutes", "response"),
    "response_web": ("response_web_minutes", "response"),
    "remote_limit_hw": ("remote_limit_hw_minutes", "remote_limit"),
    "remote_limit_sys": ("remote_limit_sys_minutes", "remote_limit"),
    "onsite_arrival": ("onsite_arrival_minutes", "onsite_arrival"),
    "resolution_p1": ("resolution_p1_minutes", "resolution_P1"),
    "resolution_p2": ("resolution_p2_minutes", "resolution_P2"),
    "resolution_p3": ("resolution_p3_minutes", "resolution_P3"),
    "resolution_p4": ("resolution_p4_minutes", "resolution_P4"),
}
TARGET_LABELS = {
    "response_email": _l("Email response"),
    "response_web": _l("Web response"),
    "remote_limit_hw": _l("Hardware remote limit"),
    "remote_limit_sys": _l("System remote limit"),
    "onsite_arrival": _l("Onsite arrival"),
    "resolution_p1": _l("P1 resolution"),
    "resolution_p2": _l("P2 resolution"),
    "resolution_p3": _l("P3 resolution"),
    "resolution_p4": _l("P4 resolution"),
}
# calendar field → where the choice is kept in Contract.sla_calendars
CALENDAR_FIELDS = {
    "calendar_response": ("response", None),
    "calendar_remote_limit": ("remote_limit", None),
    "calendar_onsite_arrival": ("onsite_arrival", None),
    **{f"calendar_resolution_P{n}": ("resolution", f"P{n}") for n in range(1, 5)},
}
PRIORITY_CHOICES = options([("", "—"), *((p, p) for p in PRIORITIES)])


class TargetForm(Form):
    """One target: an amount and its unit."""

    amount = IntegerField(
        validators=[
            InputRequired(message=_l("Enter a whole number.")),
            NumberRange(min=1, max=MAX_TARGET_MINUTES),
        ]
    )
    unit = SelectField(choices=options(UNIT_LABELS.items()))


def _target(name: str) -> FormField:
    return FormField(TargetForm, TARGET_LABELS[name])


def _cell() -> SelectField:
    return SelectField(
        choices=PRIORITY_CHOICES,
        validators=[DataRequired(message=_l("Choose a priority for every cell."))],
    )


class ServiceLevelsForm(FlaskForm):
    """Posted on its own from the contract page."""

    response_email = _target("response_email")
    response_web = _target("response_web")
    remote_limit_hw = _target("remote_limit_hw")
    remote_limit_sys = _target("remote_limit_sys")
    onsite_arrival = _target("onsite_arrival")
    resolution_p1 = _target("resolution_p1")
    resolution_p2 = _target("resolution_p2")
    resolution_p3 = _target("resolution_p3")
    resolution_p4 = _target("resolution_p4")
    phone_ring_limit = IntegerField(
        _l("Phone answered within (rings)"), validators=[DataRequired(), NumberRange(1, 20)]
    )
    sla_warning_percent = IntegerField(
        _l("Warn when this share of a target is used (%)"),
        validators=[DataRequired(), NumberRange(1, 99)],
    )
    auto_close_business_days = IntegerField(
        _l("Close resolved tickets after (business days)"),
        validators=[DataRequired(), NumberRange(1, 30)],
    )
    vip_raises_priority = BooleanField(_l("A VIP requester raises the priority one level"))

    # urgency × impact
    matrix_high_high = _cell()
    matrix_high_medium = _cell()
    matrix_high_low = _cell()
    matrix_medium_high = _cell()
    matrix_medium_medium = _cell()
    matrix_medium_low = _cell()
    matrix_low_high = _cell()
    matrix_low_medium = _cell()
    matrix_low_low = _cell()

    calendar_response = SelectField(_l("Desk response"))
    calendar_remote_limit = SelectField(_l("Remote handling limit"))
    calendar_onsite_arrival = SelectField(_l("Onsite arrival"))
    calendar_resolution_P1 = SelectField(_l("P1 resolution"))
    calendar_resolution_P2 = SelectField(_l("P2 resolution"))
    calendar_resolution_P3 = SelectField(_l("P3 resolution"))
    calendar_resolution_P4 = SelectField(_l("P4 resolution"))

    TARGET_FIELDS = tuple(TARGETS)
    CALENDAR_FIELDS = tuple(CALENDAR_FIELDS)

    def offer_calendars(self, choices: list[tuple[str, str]]) -> None:
        for name in self.CALENDAR_FIELDS:
            self[name].choices = options(choices)

    def fill(self, contract, day_minutes: Callable[[str], int]) -> None:
        """Show the contract's settings, each target in its largest whole unit of the calendar
        its metric runs on (`day_minutes`: calendar name → minutes of a working day)."""
        for name in ("phone_ring_limit", "sla_warning_percent", "auto_close_business_days"):
            self[name].data = getattr(contract, name)
        self.vip_raises_priority.data = contract.vip_raises_priority
        matrix = contract.priority_matrix or {}
        for urgency in LEVELS:
            for impact in LEVELS:
                cell = (matrix.get(urgency) or {}).get(impact, "")
                self[f"matrix_{urgency}_{impact}"].data = cell
        chosen = contract.sla_calendars or {}
        for name, (metric, priority) in CALENDAR_FIELDS.items():
            choice = chosen.get(metric)
            if priority is not None:
                choice = choice.get(priority) if isinstance(choice, dict) else None
            elif not isinstance(choice, str):
                choice = None
            self[name].data = choice or contract.office_calendar
        for name, (column, metric) in TARGETS.items():
            days = day_minutes(self.metric_calendar(metric))
            amount, unit = split_target(getattr(contract, column), days)
            self[name].amount.data, self[name].unit.data = amount, unit

    def metric_calendar(self, metric: str) -> str:
        """The calendar the form gives a target's metric ("resolution_P3" for a priority)."""
        return self[f"calendar_{metric}"].data

    def values(self, day_minutes: Callable[[str], int], office: str) -> dict:
        """The contract columns this section sets; targets in minutes on their calendar."""
        values = {}
        for name, (column, metric) in TARGETS.items():
            days = day_minutes(self.metric_calendar(metric))
            values[column] = to_minutes(self[name].amount.data, self[name].unit.data, days)
        for name in ("phone_ring_limit", "sla_warning_percent", "auto_close_business_days"):
            values[name] = self[name].data
        values["vip_raises_priority"] = bool(self.vip_raises_priority.data)
        values["priority_matrix"] = {
            urgency: {impact: self[f"matrix_{urgency}_{impact}"].data for impact in LEVELS}
            for urgency in LEVELS
        }
        calendars: dict = {}
        for name, (metric, priority) in CALENDAR_FIELDS.items():
            choice = self[name].data
            if choice == office:
                continue  # the office calendar is the default: only departures are kept
            if priority is None:
                calendars[metric] = choice
            else:
                calendars.setdefault(metric, {})[priority] = choice
        values["sla_calendars"] = calendars
        return values

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        for name in self.TARGET_FIELDS:
            target = self[name]
            unit = target.unit.data
            if unit != "minutes" and target.amount.data > {"hours": 720, "working_days": 30}[unit]:
                target.amount.errors = [_l("At most 30 days.")]
                return False
        return True
