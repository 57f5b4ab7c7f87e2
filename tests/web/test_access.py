"""Every route as every role and as an anonymous visitor: deny by default, no surprises.

EXPECTED names each endpoint's audience; a new endpoint that is not listed fails here, so
adding a route means deciding who may call it.
"""

import pytest
from werkzeug.routing import IntegerConverter, Rule

from app.accounts.roles import CLIENT, EVERYONE, MANAGERS, ROLES, STAFF
from app.accounts.services import issue_token, user_by_email
from app.contracts.services import get_contract
from app.extensions import db
from app.web.access import PUBLIC, SIGNED_IN
from tests.conftest import ROLE_EMAILS

ADMIN = frozenset({"admin"})
QUEUE = frozenset({"agent", "manager", "admin"})
ONSITE = frozenset({"engineer", "agent", "manager"})
EXPECTED: dict[str, frozenset[str] | str] = {
    "web.home": SIGNED_IN,
    "jobs.show": SIGNED_IN,
    "jobs.cancel": SIGNED_IN,
    "jobs.result": SIGNED_IN,
    "web.set_language": PUBLIC,
    "web.healthz": PUBLIC,
    "web.favicon": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.logout": EVERYONE,
    "accounts.profile": EVERYONE,
    "accounts.change_password": EVERYONE,
    "accounts.create_token": EVERYONE,
    "accounts.revoke_token": EVERYONE,
    "accounts.end_session": EVERYONE,
    "accounts.end_other_sessions": EVERYONE,
    "accounts.users": ADMIN,
    "accounts.new_user": ADMIN,
    "accounts.edit_user": ADMIN,
    "accounts.forgot_password": PUBLIC,
    "accounts.reset_password": PUBLIC,
    "accounts.second_factor": PUBLIC,
    "accounts.two_factor": STAFF,
    "accounts.renew_recovery_codes": STAFF,
    "accounts.disable_two_factor": STAFF,
    "contracts.edit": MANAGERS,
    "chat.robots": MANAGERS,
    "chat.edit_robot": MANAGERS,
    "chat.delete_robot": MANAGERS,
    "chat.test_robot": MANAGERS,
    "notifications.edit": EVERYONE,
    "notifications.inbox_list": EVERYONE,
    "notifications.open_notice": EVERYONE,
    "notifications.mark_all_read": EVERYONE,
    "audit.index": MANAGERS,
    "api.openapi": PUBLIC,
    "tickets.new": EVERYONE,
    "tickets.catalog_options": EVERYONE,
    "tickets.mine": CLIENT,
    "tickets.detail": EVERYONE,
    "tickets.act": EVERYONE,
    "tickets.reply": EVERYONE,
    "tickets.attachment": EVERYONE,
    "tickets.confirm_by_link": PUBLIC,
    "tickets.queue": QUEUE,
    "tickets.callers": QUEUE,
    "tickets.dismiss_mail": QUEUE,
    "tickets.add_watcher": QUEUE,
    "tickets.remove_watcher": QUEUE,
    "tickets.bulk": QUEUE,
    "tickets.save_view": QUEUE,
    "tickets.delete_view": QUEUE,
    "tickets.devices": QUEUE,
    "tickets.phone": frozenset({"agent", "manager"}),
    "tickets.dispatches": frozenset({"engineer"}),
    "tickets.change_fields": QUEUE,
    "tickets.fixed_in_passing": ONSITE,
    "tickets.vendor_case": ONSITE,
    "tickets.link": QUEUE,
    "tickets.catalog": MANAGERS,
    "tickets.edit_catalog_item": MANAGERS,
    "api.create_ticket": EVERYONE,
    "api.list_tickets": EVERYONE,
    "api.get_ticket": EVERYONE,
    "api.ticket_action": EVERYONE,
    "surveys.mine": CLIENT,
    "surveys.answer": CLIENT,
    "surveys.answer_by_link": PUBLIC,
    "surveys.record_by_link": PUBLIC,
    "surveys.results": MANAGERS,
    "surveys.questionnaires": MANAGERS,
    "surveys.preview": MANAGERS,
    "surveys.edit_questionnaire": MANAGERS,
    "surveys.campaigns": MANAGERS,
    "surveys.new_campaign": MANAGERS,
    "surveys.campaign": MANAGERS,
    "surveys.remind_campaign": MANAGERS,
    "surveys.close_campaign": MANAGERS,
    "api.survey_results": MANAGERS,
    "complaints.index": CLIENT | QUEUE,
    "complaints.new": CLIENT | QUEUE,
    "complaints.detail": CLIENT | QUEUE,
    "complaints.act": CLIENT | QUEUE,
    "complaints.edit": MANAGERS,
    "problems.index": STAFF,
    "problems.new": MANAGERS,
    "problems.detail": STAFF,
    "problems.act": MANAGERS,
    "problems.edit": MANAGERS,
    "problems.analysis": MANAGERS,
    "problems.add_party": MANAGERS,
    "problems.remove_party": MANAGERS,
    "problems.link": QUEUE,
    "problems.unlink": QUEUE,
    "problems.candidates": MANAGERS,
    "problems.dismiss": MANAGERS,
    "api.list_problems": STAFF,
    "api.get_problem": STAFF,
    "api.create_problem": MANAGERS,
    "api.problem_action": MANAGERS,
    "api.problem_candidates": MANAGERS,
    "knowledge.index": EVERYONE,
    "knowledge.detail": EVERYONE,
    "knowledge.new": STAFF,
    "knowledge.edit": STAFF,
    "knowledge.move": STAFF,
    "knowledge.versions": STAFF,
    "knowledge.review": STAFF,
    "knowledge.suggest": EVERYONE,
    "knowledge.peek": EVERYONE,
    "knowledge.solved": CLIENT,
    "knowledge.feedback": EVERYONE,
    "knowledge.pick": STAFF,
    "knowledge.link": STAFF,
    "knowledge.fill": STAFF,
    "knowledge.canned_index": STAFF,
    "knowledge.canned_edit": STAFF,
    "knowledge.canned_delete": STAFF,
    "knowledge.publish_workaround": MANAGERS,
    "api.list_articles": EVERYONE,
    "api.get_article": EVERYONE,
    "api.create_article": STAFF,
    "api.list_complaints": CLIENT | QUEUE,
    "api.get_complaint": CLIENT | QUEUE,
    "assets.index": STAFF,
    "assets.mine": EVERYONE,
    "assets.detail": EVERYONE,
    "assets.new": STAFF,
    "assets.parameter_fields": STAFF,
    "assets.edit": STAFF,
    "assets.add_relation": STAFF,
    "assets.remove_relation": STAFF,
    "assets.open_rma": STAFF,
    "assets.return_rma": STAFF,
    "assets.rma_list": STAFF,
    "assets.security_overdue": STAFF,
    "assets.raise_security_ticket": STAFF,
    "assets.import_assets": MANAGERS,
    "assets.export": STAFF,
    "assets.label": STAFF,
    "assets.labels": STAFF,
    "assets.types": MANAGERS,
    "assets.edit_type": MANAGERS,
    "assets.audit_list": STAFF,
    "assets.open_audit": MANAGERS,
    "assets.audit_walk": STAFF,
    "assets.audit_find": STAFF,
    "assets.audit_check": STAFF,
    "assets.audit_report": STAFF,
    "assets.audit_close": MANAGERS,
    "assets.audit_tickets": MANAGERS,
    "api.create_asset": STAFF,
    "api.list_assets": EVERYONE,
    "api.get_asset": EVERYONE,
    "api.update_asset": STAFF,
    "api.add_asset_relation": STAFF,
    "changes.index": STAFF | {"approver"},
    "changes.new": STAFF,
    "changes.detail": STAFF | {"approver"},
    "changes.edit": STAFF,
    "changes.act": STAFF,
    "changes.decide": frozenset({"approver"}),
    "changes.approvals": frozenset({"approver"}),
    "changes.month": STAFF | {"approver"},
    "changes.approvers": MANAGERS,
    "changes.remove_approver": MANAGERS,
    "changes.templates": MANAGERS,
    "changes.decide_by_link": PUBLIC,
    "installations.confirm_by_link": PUBLIC,
    "installations.decide_by_link": PUBLIC,
    "installations.index": STAFF | {"approver"},
    "installations.detail": EVERYONE,
    "installations.approve": frozenset({"approver"}),
    "installations.reject": frozenset({"approver"}),
    "installations.schedule": STAFF,
    "installations.install": STAFF,
    "installations.sign": EVERYONE,
    "installations.request_confirmation": STAFF,
    "installations.batch_signoff": frozenset({"approver"}),
    "installations.signature": EVERYONE,
    "installations.sheet": EVERYONE,
    "api.create_change": STAFF,
    "api.list_changes": STAFF | {"approver"},
    "api.get_change": STAFF | {"approver"},
    "api.change_action": STAFF | {"approver"},
    "api.ticket_installation": EVERYONE,
    "sla.calendars": MANAGERS,
    "sla.month": EVERYONE,
    "sla.add_override": MANAGERS,
    "sla.remove_override": MANAGERS,
    "sla.new_calendar": MANAGERS,
    "sla.edit_calendar": MANAGERS,
    "sla.year": MANAGERS,
    "sla.escalations": MANAGERS,
    "sla.delete_escalation": MANAGERS,
    "sla.timeline": EVERYONE,
    "sla.breach_reason": EVERYONE,
    "sla.contract_service_levels": MANAGERS,
    "api.list_calendars": EVERYONE,
    "api.calendar_days": EVERYONE,
    "api.calendar_due": EVERYONE,
    "api.calendar_elapsed": EVERYONE,
    "settlements.index": MANAGERS | {"approver"},
    "settlements.detail": MANAGERS | {"approver"},
    "settlements.adjust": MANAGERS,
    "settlements.act": MANAGERS | {"approver"},
    "settlements.download": MANAGERS | {"approver"},
    "settlements.by_link": PUBLIC,
    "settlements.plan_page": MANAGERS,
    "settlements.add_price_list": MANAGERS,
    "settlements.add_assignment": MANAGERS,
    "api.get_settlement": MANAGERS | {"approver"},
    "api.settlement_pdf": MANAGERS | {"approver"},
    "api.settlement_xlsx": MANAGERS | {"approver"},
    "api.settlement_adjustment": MANAGERS | {"approver"},
    "api.settlement_action": MANAGERS | {"approver"},
    "escalations.index": MANAGERS,
    "escalations.detail": EVERYONE,
    "escalations.open_escalation": ONSITE,
    "escalations.act": EVERYONE,
    "escalations.confirm_by_link": PUBLIC,
    "escalations.matrix_page": MANAGERS,
    "escalations.save_level": MANAGERS,
    "escalations.delete_level": MANAGERS,
    "escalations.save_triggers": MANAGERS,
    "api.list_escalations": ONSITE,
    "api.create_escalation": ONSITE,
    "api.get_escalation": ONSITE,
    "api.escalation_action": EVERYONE,
    "reports.index": MANAGERS,
    "reports.generate": MANAGERS,
    "reports.detail": MANAGERS,
    "reports.download": MANAGERS,
    "reports.act": MANAGERS,
    "reports.comment": MANAGERS,
    "reports.dashboard": MANAGERS,
    "reports.tickets": MANAGERS,
    "reports.export_tickets": MANAGERS,
    "reports.breach_reason": MANAGERS,
    "reports.acknowledge_by_link": PUBLIC,
    "api.monthly_report": MANAGERS,
    "api.monthly_report_pdf": MANAGERS,
    "api.quarterly_report": MANAGERS,
    "api.quarterly_report_pdf": MANAGERS,
    "meetings.index": STAFF | {"approver"},
    "meetings.new": MANAGERS,
    "meetings.edit": MANAGERS,
    "meetings.detail": STAFF | {"approver"},
    "meetings.add_item": MANAGERS,
    "meetings.item_status": STAFF | {"approver"},
    "meetings.send_minutes": MANAGERS,
    "meetings.minutes_pdf": STAFF | {"approver"},
    "meetings.schedule": MANAGERS,
    "api.list_meetings": STAFF,
    "notices.index": STAFF,
    "notices.new": QUEUE,
    "notices.edit": QUEUE,
    "notices.mail": QUEUE,
    "notices.dismiss": EVERYONE,
    "notices.client_notices": STAFF | {"approver"},
    "notices.record_client_notice": MANAGERS | {"approver"},
    "notices.acknowledge_client_notice": MANAGERS,
    "improvements.index": STAFF,
    "improvements.new": MANAGERS,
    "improvements.edit": MANAGERS,
    "documents.index": EVERYONE,
    "documents.new": MANAGERS,
    "documents.edit": MANAGERS,
    "documents.detail": EVERYONE,
    "documents.add_version": STAFF,
    "documents.version": EVERYONE,
    "documents.review": STAFF,
    "api.list_documents": EVERYONE,
    "api.get_document": EVERYONE,
    "onboarding.index": STAFF | CLIENT,
    "onboarding.start": MANAGERS,
    "onboarding.detail": STAFF | CLIENT,
    "onboarding.update_item": STAFF | CLIENT,
    "onboarding.add_item": MANAGERS,
    "onboarding.sign_off": STAFF | CLIENT,
    "onboarding.edit_template": MANAGERS,
    "onboarding.remove_template_item": MANAGERS,
    "api.get_onboarding": STAFF | CLIENT,
    "access.index": STAFF,
    "access.grant": MANAGERS,
    "access.revoke": MANAGERS,
    "access.person": STAFF,
    "access.revoke_all": MANAGERS,
    "access.security_needs": STAFF,
    "access.add_measure": MANAGERS,
    "access.remove_measure": MANAGERS,
    "api.list_access_grants": STAFF,
    "training.index": STAFF,
    "training.new_plan": MANAGERS,
    "training.edit_plan": MANAGERS,
    "training.plan": STAFF,
    "training.add_session": STAFF,
    "training.attendance": STAFF,
    "training.person": STAFF,
}
SAMPLE_ARGS = {"int": 999999, "default": "X-0"}


def routes(app) -> list[tuple[Rule, str]]:
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule, method))
    return out


def build_url(rule: Rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        number = isinstance(converter, IntegerConverter)
        values[name] = SAMPLE_ARGS["int"] if number else SAMPLE_ARGS["default"]
    return rule.build(values)[1]


def test_every_endpoint_declares_its_audience(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        assert hasattr(view, "access_roles"), f"{rule.endpoint} has no access rule"
        assert rule.endpoint in EXPECTED, f"{rule.endpoint} missing from EXPECTED"
        assert view.access_roles == EXPECTED[rule.endpoint], rule.endpoint


def test_expected_table_has_no_stale_entries(app):
    assert set(EXPECTED) <= {rule.endpoint for rule in app.url_map.iter_rules()}


@pytest.mark.parametrize("role", [None, *ROLES])
def test_each_role_reaches_exactly_its_routes(app, users, role):
    if role == "approver":  # the walk's approver is the client lead the contract names
        with app.app_context():
            get_contract().client_project_lead_id = users["approver"]
            db.session.commit()
    client = app.test_client()
    if role:
        client.login(ROLE_EMAILS[role])
    token = _token(app, role) if role else None
    csrf = client.csrf_token()
    # signing out last, so one signed-in client serves every other route
    for rule, method in sorted(routes(app), key=lambda r: r[0].endpoint == "accounts.logout"):
        url = build_url(rule)
        api = rule.endpoint.startswith("api.")
        headers = {"Authorization": f"Bearer {token}"} if api and role else {}
        if method == "GET":
            response = client.get(url, headers=headers)
        else:
            data = {"csrf_token": csrf} if not api else None
            response = client.open(url, method=method, data=data, headers=headers)
        audience = EXPECTED[rule.endpoint]
        where = f"{method} {url} as {role or 'anonymous'} → {response.status_code}"
        if audience == PUBLIC:
            assert response.status_code not in (401, 403), where
        elif role is None:
            if api:
                assert response.status_code == 401, where
                assert response.is_json, where
            else:
                assert response.status_code == 302, where
                assert "/login" in response.headers["Location"], where
        elif audience == SIGNED_IN or role in audience:
            assert response.status_code not in (401, 403), where
        else:
            assert response.status_code == 403, where


def _token(app, role):
    with app.app_context():
        token = issue_token(user_by_email(ROLE_EMAILS[role]), actor=None, label="walk")
        db.session.commit()
    return token


def test_routes_take_role_groups_not_names():
    from app.web.access import allow

    with pytest.raises(TypeError):
        allow("manager")


def test_every_role_group_is_made_of_known_roles():
    from app.accounts import roles

    groups = [v for v in vars(roles).values() if isinstance(v, frozenset)]
    assert groups and all(group <= set(ROLES) for group in groups)


def test_desk_constant_is_vendor_side():
    assert "employee" not in STAFF


def test_the_api_ignores_a_signed_in_browser_session(app, users):
    """The API is exempt from CSRF, so only a bearer token may authenticate it."""
    client = app.test_client()
    client.login(ROLE_EMAILS["manager"])
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/tickets").status_code == 401
    token = _token(app, "manager")
    assert (
        client.get("/api/v1/tickets", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
