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
    from app.contracts import sections
    from app.contracts import services as contract_services
    from app.contracts.services import get_contract
    from app.extensions import db

    # autoclose and scan register the auto_close and sla_scan jobs
    from app.sla import (  # noqa: F401
        api,
        autoclose,
        cli,
        labels,
        routes,
        routes_contract,
        routes_escalation,
        scan,
        services,
    )
    from app.web import dashboards, navigation

    navigation.register("sla.calendars", _l("Calendars"), MANAGERS, order=81)
    sections.register(
        "service_levels",
        routes_contract.SECTION,
        lambda contract: routes_contract.section_values(contract),
        order=10,
    )
    dashboards.register(
        "sla/_missing_years.html",
        MANAGERS,
        lambda user: {"missing": store.missing_years(upcoming_years(shanghai_today()))},
        order=5,
    )
    app.jinja_env.globals.update(
        breach_reason_label=labels.breach_reason_label,
        calendar_label=labels.calendar_label,
        day_kind_label=labels.kind_label,
        holiday_name=labels.holiday_name,
        sla_colour=labels.colour,
        sla_minutes=labels.duration,
        # a target in plain terms on the calendar that counts it: "3 working days (1,620 min)"
        sla_target=lambda minutes, calendar: labels.target(
            round(minutes), services.day_minutes(calendar)
        ),
        sla_warning_percent=lambda: get_contract().sla_warning_percent,
        sla_timeline_rows=routes.timeline_rows,
    )
    contract_services.on_update(scan.recompute_after_contract_update)
    if not sa.event.contains(db.session, "after_flush", scan.mark_changed):
        sa.event.listen(db.session, "after_flush", scan.mark_changed)
    app.register_blueprint(bp)
    app.cli.add_command(cli.sla)


def upcoming_years(today: date) -> list[int]:
    """This year, and from 1 November the next: the State Council publishes next year's days
    in the autumn, and a year nobody entered counts as plain weekdays."""
    from app.sla.rules import years_to_enter

    return years_to_enter(today)


def shanghai_today() -> date:
    """Today on the office calendar's clock: 1 November starts at midnight in Shanghai."""
    from app.clocks import store
    from app.extensions import utcnow

    return utcnow().astimezone(store.calendars()[store.OFFICE].tz).date()
