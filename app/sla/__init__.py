"""Service levels: working calendars (S2), per-ticket clocks (S6, S7), warnings and escalations
(S17, S19)."""

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

# Pages live under /sla; the ticket's timeline fragment sits beside the ticket, at /tickets/….
bp = Blueprint("sla", __name__)


def init_app(app: Flask) -> None:
    from app.accounts.roles import MANAGERS
    from app.clocks import store
    from app.contracts import services as contract_services
    from app.contracts.services import get_contract
    from app.extensions import db, utcnow

    # autoclose and scan register the auto_close and sla_scan jobs
    from app.sla import (  # noqa: F401
        api,
        autoclose,
        cli,
        labels,
        routes,
        routes_escalation,
        scan,
    )
    from app.web import dashboards, navigation

    navigation.register("sla.calendars", _l("Calendars"), MANAGERS, order=81)
    dashboards.register(
        "sla/_missing_years.html",
        MANAGERS,
        lambda user: {"missing": store.missing_years(upcoming_years(utcnow().date()))},
        order=5,
    )
    app.jinja_env.globals.update(
        calendar_label=labels.calendar_label,
        day_kind_label=labels.kind_label,
        holiday_name=labels.holiday_name,
        sla_colour=labels.colour,
        sla_minutes=labels.duration,
        sla_warning_percent=lambda: get_contract().sla_warning_percent,
    )
    contract_services.on_update(scan.recompute_after_contract_update)
    if not sa.event.contains(db.session, "after_flush", scan.mark_changed):
        sa.event.listen(db.session, "after_flush", scan.mark_changed)
    app.register_blueprint(bp)
    app.cli.add_command(cli.sla)


def upcoming_years(today: date) -> list[int]:
    """This year and the next: the State Council publishes next year's days in the autumn."""
    return [today.year, today.year + 1]
