"""The contract page's service-level section: targets in plain terms, the priority matrix with
its VIP raise and the metrics' calendars, audited, validated, for new tickets only."""

import sqlalchemy as sa
import time_machine

from app.audit.models import AuditEvent
from app.contracts.services import get_contract
from app.extensions import db
from app.tickets import services
from tests.factories import open_ticket, person
from tests.sla.helpers import service_levels_form, sh

URL = "/contract/service-levels"


def test_the_contract_page_shows_targets_in_plain_terms(login_as):
    page = login_as("manager").get("/contract/").get_data(as_text=True)
    assert 'data-testid="service-levels"' in page
    assert "3 working days (1,620 min)" in page and "4 hours (240 min)" in page
    assert "5 min" in page and "one working day of office hours is 9 hours (540 min)" in page
    assert "apply to tickets opened after you save" in page
    chinese = login_as("manager")
    chinese.form("/language/zh")
    text = chinese.get("/contract/").get_data(as_text=True)
    assert "3 个工作日（1,620 分钟）" in text and "4 小时（240 分钟）" in text


def test_saving_the_section_converts_units_and_audits_the_change(app, login_as):
    manager = login_as("manager")
    data = service_levels_form(
        resolution_p3=(2, "working_days"),
        resolution_p2=(6, "hours"),
        matrix_low_low="P3",
        vip_raises_priority=None,
        calendar_resolution_P1="extended",
    )
    saved = manager.form(URL, data, follow_redirects=True)
    assert saved.status_code == 200
    assert "Service levels saved (5 changed)." in saved.get_data(as_text=True)
    with app.app_context():
        contract = get_contract()
        assert contract.resolution_p3_minutes == 1080 and contract.resolution_p2_minutes == 360
        assert contract.priority_matrix["low"]["low"] == "P3"
        assert contract.vip_raises_priority is False
        assert contract.sla_calendars == {"resolution": {"P1": "extended"}}
        assert contract.sla_calendars_before[0]["choice"] == {}
        event = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "contract.update")
        ).one()
        assert set(event.details) - {"source"} == {
            "resolution_p2_minutes",
            "resolution_p3_minutes",
            "priority_matrix",
            "vip_raises_priority",
            "sla_calendars",
        }
    # P1 now runs on the 7×24 calendar: 4 hours there are 4 hours, a day is 24 hours
    page = manager.get("/contract/").get_data(as_text=True)
    assert "2 working days (1,080 min)" in page


def test_every_matrix_cell_and_a_real_priority_and_calendar_are_required(app, login_as):
    manager = login_as("manager")
    for data, message in (
        (service_levels_form(matrix_high_low=""), "Choose a priority for every cell."),
        (service_levels_form(matrix_high_low=None), "Choose a priority for every cell."),
        (service_levels_form(matrix_high_low="P9"), "Not a valid choice"),
        (service_levels_form(calendar_response="nowhere"), "Not a valid choice"),
        (service_levels_form(resolution_p3=(0, "working_days")), "Number must be between 1 and"),
        (service_levels_form(resolution_p3=(40, "working_days")), "At most 30 days."),
        (service_levels_form(resolution_p3=("three", "working_days")), "Not a valid integer"),
        (service_levels_form(resolution_p3=("", "working_days")), "Enter a whole number."),
        (service_levels_form(resolution_p3=(3, "weeks")), "Not a valid choice"),
    ):
        refused = manager.form(URL, data)
        assert refused.status_code == 422, message
        text = refused.get_data(as_text=True)
        assert message in text and 'data-testid="service-levels"' in text
        assert "Contract settings" in text  # the whole contract page, the section's errors in it
    with app.app_context():
        contract = get_contract()
        assert contract.priority_matrix["high"]["low"] == "P3"
        assert contract.resolution_p3_minutes == 1620
        updates = sa.select(sa.func.count(AuditEvent.id)).where(
            AuditEvent.action == "contract.update"
        )
        assert db.session.scalar(updates) == 0
    assert login_as("agent").form(URL, service_levels_form()).status_code == 403


def test_matrix_and_calendars_apply_to_tickets_opened_after_the_change(app, login_as):
    with time_machine.travel(sh(2026, 11, 23, 10, 0), tick=False):
        with app.app_context():
            before = open_ticket(now=sh(2026, 11, 23, 9, 0), urgency="low", impact="low")
            vip = person("employee")
            vip.vip = True
            db.session.commit()
            before_number = before.number
        data = service_levels_form(
            matrix_low_low="P3",
            vip_raises_priority=None,
            calendar_response="extended",
        )
        assert login_as("manager").form(URL, data).status_code == 302
        with app.app_context():
            contract = get_contract()
            after = open_ticket(now=sh(2026, 11, 23, 10, 30), urgency="low", impact="low")
            old = db.session.scalar(sa.select(type(after)).filter_by(number=before_number))
            assert old.priority == "P4"  # opened under the old matrix, kept
            # the new matrix's P3, not raised to P2 although the requester is a VIP now
            assert after.priority == "P3"
            calendars = {
                number: {
                    clock.metric: clock.calendar
                    for clock in services.sla_clocks(
                        ticket, now=sh(2026, 11, 23, 11), contract=contract
                    )
                }
                for number, ticket in ((old.number, old), (after.number, after))
            }
    assert calendars[before_number]["response"] == "office"
    assert calendars[after.number]["response"] == "extended"
