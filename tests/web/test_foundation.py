"""Migrations, contract settings, language switch, error pages and escaping."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.contracts.services import get_contract
from app.extensions import db


# SQLite's reflection cannot read an index on an expression (the queue's "no due time last")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_migrations_match_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": app.extensions["migrate"].configure_args["include_name"],
            },
        )
        assert compare_metadata(context, db.metadata) == []


def test_sqlite_pragmas(app):
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            return
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def contract_form(**overrides) -> dict:
    data = {
        "client_name": "Client Co",
        "vendor_name": "Vendor Co",
        "support_phone": "021-1",
        "staff_office_hours": "4",
        "staff_outside_hours": "1",
        "vendor_wait_pauses": ["resolution"],
        "satisfaction_target_percent": "85",
        "survey_link_days": "14",
        "survey_min_interval_days": "7",
        "emergency_approval_hours": "24",
        "monthly_report_due_day": "5",
        "settlement_compute_day": "3",
        "settlement_send_day": "5",
        "settlement_confirm_day": "10",
        "max_attachment_mb": "10",
        "vendor_project_manager_id": "0",
        "customer_service_manager_id": "0",
        "client_project_lead_id": "0",
        "client_management_contact_id": "0",
        "client_it_contact_id": "0",
    }
    data.update(overrides)
    return data


def test_contract_defaults_come_from_the_spec(ctx):
    contract = get_contract()
    assert (contract.response_email_minutes, contract.onsite_arrival_minutes) == (5, 10)
    assert (contract.remote_limit_hw_minutes, contract.remote_limit_sys_minutes) == (5, 10)
    assert contract.resolution_minutes("P1") == 240
    assert (contract.settlement_compute_day, contract.settlement_send_day) == (3, 5)
    assert contract.satisfaction_target_percent == 85


def test_manager_edits_contract_and_bad_input_saves_nothing(app, login_as, users):
    client = login_as("manager")
    assert "Service levels" in client.get("/contract/").get_data(as_text=True)
    bad = client.form("/contract/", contract_form(complaint_due_days="-3", settlement_send_day="2"))
    assert bad.status_code == 422
    with app.app_context():
        assert get_contract().complaint_due_days == 5
    unordered = client.form("/contract/", contract_form(settlement_send_day="12"))
    assert "X ≤ Y ≤ Z" in unordered.get_data(as_text=True)
    ok = client.form(
        "/contract/",
        contract_form(complaint_due_days="7", client_it_contact_id=str(users["approver"])),
    )
    assert ok.status_code == 302
    with app.app_context():
        contract = get_contract()
        assert contract.complaint_due_days == 7 and contract.onsite_arrival_minutes == 10
        assert contract.client_it_contact_id == users["approver"]


def test_language_switch_and_chinese_pages(login_as):
    client = login_as("agent")
    assert "Sign out" in client.get("/").get_data(as_text=True)
    client.form("/language/zh", {"next": "/"})
    assert "退出" in client.get("/").get_data(as_text=True)


def test_error_pages_in_both_languages(client, users):
    client.login("emp@client.test")
    assert "Not found" in client.get("/nope").get_data(as_text=True)
    client.form("/language/zh")
    page = client.get("/nope")
    assert page.status_code == 404 and "未找到" in page.get_data(as_text=True)
    forbidden = client.get("/contract/")
    assert forbidden.status_code == 403 and "无权" in forbidden.get_data(as_text=True)


def test_fragment_for_htmx_full_page_when_boosted(login_as):
    client = login_as("admin")
    fragment = client.get("/admin/users", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]
    boosted = client.get("/admin/users", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.get_data(as_text=True)


def test_client_address_behind_a_trusted_proxy(app):
    from flask import request

    from app import create_app
    from app.web.access import public

    def address():
        return request.remote_addr or ""

    for proxies, expected in ((0, "10.0.0.5"), (1, "203.0.113.7")):
        config = {**app.config, "TRUSTED_PROXIES": proxies}
        portal = create_app(config)
        portal.add_url_rule("/address", view_func=public(address))
        answer = portal.test_client().get(
            "/address",
            headers={"X-Forwarded-For": "203.0.113.7"},
            environ_base={"REMOTE_ADDR": "10.0.0.5"},
        )
        assert answer.get_data(as_text=True) == expected
