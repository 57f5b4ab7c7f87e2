"""The contract page's service-level section: targets, the priority matrix, metric calendars."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.roles import MANAGERS
from app.clocks import store
from app.contracts.models import Contract
from app.contracts.routes import edit_page
from app.contracts.services import get_contract
from app.extensions import utcnow
from app.sla import bp
from app.sla.contract_forms import CALENDAR_FIELDS, TARGETS, UNIT_LABELS, ServiceLevelsForm
from app.sla.labels import calendar_label, target
from app.sla.rules import LEVELS
from app.sla.services import SettingsError, day_minutes, save_service_levels
from app.web.access import allow

SECTION = "sla/_partials/contract_service_levels.html"


def section_values(contract: Contract, form: ServiceLevelsForm | None = None) -> dict:
    """What the section's partial shows: its form and each target in plain terms."""
    if form is None:
        form = ServiceLevelsForm(formdata=None)
        form.offer_calendars(calendar_choices())
        form.fill(contract, day_minutes)
    shown = {
        name: target(getattr(contract, column), day_minutes(form.metric_calendar(metric)))
        for name, (column, metric) in TARGETS.items()
    }
    return {
        "form": form,
        "shown": shown,
        "levels": LEVELS,
        "unit_labels": UNIT_LABELS,
        "calendar_fields": CALENDAR_FIELDS,
        # "9 hours (540 min)": what one working day of the office calendar is
        "office_day": target(day_minutes(contract.office_calendar), 10**9),
    }


def calendar_choices() -> list[tuple[str, str]]:
    return [(name, str(calendar_label(name))) for name in store.definitions()]


@bp.post("/contract/service-levels")
@allow(MANAGERS)
def contract_service_levels():
    """Save the service-level targets, the priority matrix and the metrics' calendars."""
    contract = get_contract()
    form = ServiceLevelsForm()
    form.offer_calendars(calendar_choices())
    if form.validate_on_submit():
        try:
            update = save_service_levels(
                contract,
                form.values(day_minutes, contract.office_calendar),
                actor=current_user,
                now=utcnow(),
            )
        except SettingsError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Service levels saved (%(count)d changed).", count=len(update.diff)), "success")
            for notice in update.notices:
                flash(notice, "info")
            return redirect(url_for("contracts.edit", _anchor="service-levels"))
    return edit_page(contract, None, 422, service_levels=section_values(contract, form))
